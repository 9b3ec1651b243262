// Search: results (notes, people or topics, page by page), suggestions as the reader types, their
// history and what is trending. The state of a search is its address (lib/search-state.ts).
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchHistory, SearchResult, Suggestions, TrendingSearches } from '../../shared/api/search.ts';
import { type SearchState, searchRequest } from '../lib/search-state.ts';
import { apiFetch, isApiError } from './client.ts';

export const SEARCH_PAGE_SIZE = 20;
/** How long the reader pauses typing before suggestions are asked for. */
export const SUGGEST_DEBOUNCE_MS = 120;

export const searchKeys = {
  all: ['search'] as const,
  results: (state: SearchState) => [...searchKeys.all, 'results', searchRequest(state)] as const,
  suggest: (q: string) => [...searchKeys.all, 'suggest', q] as const,
  history: () => [...searchKeys.all, 'history'] as const,
  trending: () => [...searchKeys.all, 'trending'] as const,
};

// A 4xx (an empty or over-long query, signed out) won't change by asking again; network trouble and 5xx may.
const retry = (count: number, error: Error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2;

export function useSearchResults(state: SearchState) {
  const request = searchRequest(state);
  return useInfiniteQuery({
    queryKey: searchKeys.results(state),
    queryFn: ({ pageParam, signal }) => apiFetch<SearchResult>('/search', { query: { ...request, cursor: pageParam, limit: SEARCH_PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: request.q !== '',
    retry,
    // Back from a note: the results as they were (the page puts the scroll back).
    staleTime: 5 * 60_000,
    refetchOnWindowFocus: false,
  });
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Suggestions for what has been typed, asked once typing pauses. A request whose text has been typed
 * past is cancelled (its query loses its last observer); the last answer stays up until the next comes.
 */
export function useSuggestions(text: string) {
  const q = useDebounced(text.trim(), SUGGEST_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: searchKeys.suggest(q),
    queryFn: ({ signal }) => apiFetch<Suggestions>('/search/suggest', { query: { q }, signal }),
    enabled: q !== '',
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  return { ...query, forText: q };
}

/** The signed-in reader's recent searches (the server adds each search). */
export function useSearchHistory(enabled: boolean) {
  return useQuery({
    queryKey: searchKeys.history(),
    queryFn: ({ signal }) => apiFetch<SearchHistory>('/search/history', { signal }),
    enabled,
    // Each search since changes it: asked again each time it is shown.
    staleTime: 0,
    retry,
  });
}

/** Forgets one search (`q`), or the whole history (no `q`); gone from the list at once, back if the server says no. */
export function useForgetSearch() {
  const queryClient = useQueryClient();
  const key = searchKeys.history();
  return useMutation({
    mutationFn: (q: string | undefined) => apiFetch<void>('/search/history', { method: 'DELETE', query: { q } }),
    onMutate: async (q) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<SearchHistory>(key);
      queryClient.setQueryData<SearchHistory>(key, (data) => (data ? { items: q === undefined ? [] : data.items.filter((item) => item.q !== q) } : data));
      return { previous };
    },
    onError: (_error, _q, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
  });
}

export function useTrendingSearches() {
  return useQuery({
    queryKey: searchKeys.trending(),
    queryFn: ({ signal }) => apiFetch<TrendingSearches>('/search/trending', { signal }),
    staleTime: 60_000,
    retry,
  });
}
