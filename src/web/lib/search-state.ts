// The search page's state lives in its address: /search?q=火锅&type=notes&sort=new&media=video&lang=zh&time=week.
// Back and forward move between searches, and a shared link shows the same search. Defaults are left
// out of the address (type=notes, sort=relevance, no filters), and anything unknown reads as its default.
import type { Expansion, SearchMedia, SearchSort, SearchTime, SearchType } from '../../shared/api/search.ts';

export type SearchLang = 'en' | 'zh';

export type SearchState = {
  q: string;
  type: SearchType;
  /** notes only, as are the filters below */
  sort: SearchSort;
  media: SearchMedia | null;
  lang: SearchLang | null;
  time: SearchTime | null;
};

export const SEARCH_TYPES = ['notes', 'users', 'topics'] as const satisfies readonly SearchType[];
export const SEARCH_SORTS = ['relevance', 'new', 'likes'] as const satisfies readonly SearchSort[];
export const SEARCH_MEDIA = ['photo', 'video'] as const satisfies readonly SearchMedia[];
export const SEARCH_LANGS = ['en', 'zh'] as const satisfies readonly SearchLang[];
export const SEARCH_TIMES = ['day', 'week', 'month', 'year'] as const satisfies readonly SearchTime[];

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function readSearchState(params: URLSearchParams): SearchState {
  return {
    q: params.get('q') ?? '',
    type: oneOf(params.get('type'), SEARCH_TYPES) ?? 'notes',
    sort: oneOf(params.get('sort'), SEARCH_SORTS) ?? 'relevance',
    media: oneOf(params.get('media'), SEARCH_MEDIA),
    lang: oneOf(params.get('lang'), SEARCH_LANGS),
    time: oneOf(params.get('time'), SEARCH_TIMES),
  };
}

/** The address of a search: the query trimmed; sort and filters only for notes, and only when not the default. */
export function searchHref(state: Partial<SearchState> & { q: string }): string {
  const params = new URLSearchParams();
  const q = state.q.trim();
  if (q) params.set('q', q);
  const type = state.type ?? 'notes';
  if (type !== 'notes') params.set('type', type);
  else {
    if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
    if (state.media) params.set('media', state.media);
    if (state.lang) params.set('lang', state.lang);
    if (state.time) params.set('time', state.time);
  }
  const qs = params.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** How many of the notes' filters (photo/video, language, time) are set. */
export function activeFilters(state: SearchState): number {
  return [state.media, state.lang, state.time].filter((v) => v !== null).length;
}

/** What the API is asked: the trimmed query, and for notes the sort and filters that are set. */
export function searchRequest(state: SearchState): Record<string, string> {
  const out: Record<string, string> = { q: state.q.trim(), type: state.type };
  if (state.type !== 'notes') return out;
  out.sort = state.sort;
  if (state.media) out.media = state.media;
  if (state.lang) out.lang = state.lang;
  if (state.time) out.time = state.time;
  return out;
}

/** Each widening term once (case aside), and none that is the query itself. */
export function distinctTerms(expansions: readonly Expansion[], q: string): Expansion[] {
  const seen = new Set([q.trim().toLocaleLowerCase()]);
  return expansions.filter((e) => {
    const key = e.term.trim().toLocaleLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
