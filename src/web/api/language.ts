// The language bridge's calls: pinyin over a text's words and a dictionary card for a word (both depend
// only on the text, so they are cached for the session and by the browser for a day), translations of
// notes, comments and bios, and the words a learner saved.
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type Dictionary,
  type MyWord,
  type MyWordsPage,
  PINYIN_MAX_CHARS,
  type Pinyin,
  type PinyinSegment,
  type SaveWordBody,
  type Translation,
  type TranslationLang,
} from '../../shared/api/language.ts';
import { apiFetch } from './client.ts';

/** What can be translated: a note (title and body), a comment, a person's bio (by handle), a chat message. */
export type TranslationSubject = { kind: 'note' | 'comment' | 'bio' | 'message'; id: string };

export const languageKeys = {
  all: ['language'] as const,
  pinyin: (text: string) => [...languageKeys.all, 'pinyin', text] as const,
  word: (q: string) => [...languageKeys.all, 'word', q] as const,
  translation: (s: TranslationSubject, target: string, version: string) => [...languageKeys.all, 'translation', s.kind, s.id, target, version] as const,
  myWords: () => [...languageKeys.all, 'my-words'] as const,
};

const translationPath = (s: TranslationSubject) =>
  s.kind === 'note'
    ? `/notes/${encodeURIComponent(s.id)}/translation`
    : s.kind === 'comment'
      ? `/comments/${encodeURIComponent(s.id)}/translation`
      : s.kind === 'message'
        ? `/messages/${encodeURIComponent(s.id)}/translation`
        : `/users/${encodeURIComponent(s.id)}/translation`;

/**
 * A text's translation into `target`, asked for only when `enabled`. `version` (the text itself, or its
 * edit time) keys the cache, so an edited note is translated again.
 */
export function useTranslationOf(subject: TranslationSubject, target: TranslationLang, version: string, enabled: boolean) {
  return useQuery({
    queryKey: languageKeys.translation(subject, target, version),
    queryFn: ({ signal }) => apiFetch<Translation>(translationPath(subject), { query: { target }, signal }),
    enabled,
    staleTime: 10 * 60_000,
    retry: 1,
  });
}

/** The words I saved, newest first, page by page. */
export function useMyWords() {
  return useInfiniteQuery({
    queryKey: languageKeys.myWords(),
    queryFn: ({ pageParam, signal }) => apiFetch<MyWordsPage>('/me/words', { query: { cursor: pageParam, limit: 30 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSaveWord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveWordBody) => apiFetch<MyWord>('/me/words', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: languageKeys.myWords() }),
  });
}

export function useRemoveWord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (word: string) => apiFetch<null>(`/me/words/${encodeURIComponent(word)}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: languageKeys.myWords() }),
  });
}

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
