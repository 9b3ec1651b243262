// The learner aids: pinyin over a text's words and a dictionary card for a word. Both answers
// depend only on the text, so they are cached for the session (and by the browser for a day).
import { useQueries, useQuery } from '@tanstack/react-query';
import { type Dictionary, PINYIN_MAX_CHARS, type Pinyin, type PinyinSegment } from '../../shared/api/language.ts';
import { apiFetch } from './client.ts';

export const languageKeys = {
  all: ['language'] as const,
  pinyin: (text: string) => [...languageKeys.all, 'pinyin', text] as const,
  word: (q: string) => [...languageKeys.all, 'word', q] as const,
};

/** Cuts text into pieces of at most `max` characters, at a line or sentence end where one is near. */
export function pieces(text: string, max = PINYIN_MAX_CHARS): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const head = rest.slice(0, max);
    const cut = Math.max(head.lastIndexOf('\n'), head.search(/[。！？!?.](?=[^。！？!?.]*$)/));
    // Never split a surrogate pair (an emoji, a rare character).
    let at = cut > max / 2 ? cut + 1 : max;
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at -= 1;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

/** The words of `text` with their pinyin (asked for only when `enabled`); null until every piece has come. */
export function usePinyin(text: string, enabled: boolean): { segments: PinyinSegment[] | null; error: Error | null } {
  const results = useQueries({
    queries: pieces(text).map((piece) => ({
      queryKey: languageKeys.pinyin(piece),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<Pinyin>('/pinyin', { query: { text: piece }, signal }),
      enabled,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  });
  const error = results.find((r) => r.error)?.error ?? null;
  if (!enabled || results.some((r) => !r.data)) return { segments: null, error };
  return { segments: results.flatMap((r) => r.data?.segments ?? []), error };
}

/** The dictionary's entries for a word (null: no word chosen). */
export function useWord(q: string | null) {
  return useQuery({
    queryKey: languageKeys.word(q ?? ''),
    queryFn: ({ signal }) => apiFetch<Dictionary>('/dictionary', { query: { q: q ?? '' }, signal }),
    enabled: q !== null && q.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
