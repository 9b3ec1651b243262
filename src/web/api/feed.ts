// Discovery: the Explore and Following feeds, "not interested", topics (#tag pages) and trending.
//
// The feeds are not under noteKeys.lists(): a feed is a scroll session (its cursor carries it), so a
// like or a post elsewhere must not refetch it and reshuffle what the reader is scrolling through.
// They stay as they are until the reader refreshes (the active tab again) or the people they follow change.
import { type InfiniteData, type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeedPage, Topic, Trending } from '../../shared/api/feed.ts';
import { apiFetch, isApiError } from './client.ts';
import { isTag, normalizeTag } from './note-lists.ts';
import { noteKeys } from './notes.ts';

export const FEED_PAGE_SIZE = 20;

export type FeedKind = 'explore' | 'following';
export type TopicSort = 'hot' | 'new';

export const feedKeys = {
  all: ['feed'] as const,
  feed: (kind: FeedKind) => [...feedKeys.all, kind] as const,
  trending: () => [...feedKeys.all, 'trending'] as const,
};

export const topicKeys = {
  all: ['topics'] as const,
  topic: (tag: string) => [...topicKeys.all, normalizeTag(tag)] as const,
  /** Under the note lists: a new note with the tag, a like or a deletion refreshes them. */
  notesOf: (tag: string) => [...noteKeys.lists(), 'topic', normalizeTag(tag)] as const,
  notes: (tag: string, sort: TopicSort) => [...topicKeys.notesOf(tag), sort] as const,
};

export type FeedData = InfiniteData<FeedPage, string | undefined>;

// A 4xx (signed out, a bad tag) won't change by asking again; network trouble and 5xx may.
const retry = (count: number, error: Error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2;

export function useFeed(kind: FeedKind) {
  return useInfiniteQuery({
    queryKey: feedKeys.feed(kind),
    queryFn: ({ pageParam, signal }) => apiFetch<FeedPage>(`/feed/${kind}`, { query: { cursor: pageParam, limit: FEED_PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry,
    // Kept for the visit: back from a note, the reader finds the feed as they left it.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Starts a feed over (a new session): the reader asked for fresh notes. */
export function restartFeed(queryClient: QueryClient, kind: FeedKind) {
  return queryClient.resetQueries({ queryKey: feedKeys.feed(kind), exact: true });
}

/** Whom the reader follows (or blocks, or mutes) changed: the Following feed (and, for blocks, Explore) is out of date. */
export function invalidateFeeds(queryClient: QueryClient, which: 'following' | 'all') {
  return queryClient.invalidateQueries({ queryKey: which === 'all' ? feedKeys.all : feedKeys.feed('following') });
}

export function useTrending() {
  return useQuery({
    queryKey: feedKeys.trending(),
    queryFn: ({ signal }) => apiFetch<Trending>('/trending', { signal }),
    // The server recomputes it every minute.
    staleTime: 60_000,
    retry,
  });
}

/** Takes a note out of a cached feed (its pages keep their cursors). */
export function withoutNote(data: FeedData | undefined, noteId: string): FeedData | undefined {
  if (!data?.pages.some((page) => page.items.some((item) => item.id === noteId))) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== noteId) })) };
}

/**
 * "Not interested" (Explore's, as on RedNote: the server takes the note out of the reader's Explore
 * and weighs notes like it less): the card leaves the list at once; put back if the server says no.
 */
export function useNotInterested() {
  const queryClient = useQueryClient();
  const key = feedKeys.feed('explore');
  return useMutation({
    mutationFn: (noteId: string) => apiFetch<void>(`/notes/${encodeURIComponent(noteId)}/not-interested`, { method: 'POST' }),
    onMutate: async (noteId) => {
      // A page arriving now would put the card back: it is cancelled (and asked again by the scroll).
      await queryClient.cancelQueries({ queryKey: key, exact: true });
      const previous = queryClient.getQueryData<FeedData>(key);
      queryClient.setQueryData<FeedData>(key, (data) => withoutNote(data, noteId));
      return { previous };
    },
    onError: (_error, _noteId, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
  });
}

// --- topics ----------------------------------------------------------------------------------

const topicPath = (tag: string) => `/topics/${encodeURIComponent(tag)}`;

export function useTopic(tag: string) {
  return useQuery({
    queryKey: topicKeys.topic(tag),
    queryFn: ({ signal }) => apiFetch<Topic>(topicPath(tag), { signal }),
    enabled: isTag(tag),
    retry,
  });
}

export function useTopicNotes(tag: string, sort: TopicSort) {
  return useInfiniteQuery({
    queryKey: topicKeys.notes(tag, sort),
    queryFn: ({ pageParam, signal }) => apiFetch<FeedPage>(`${topicPath(tag)}/notes`, { query: { sort, cursor: pageParam, limit: FEED_PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: isTag(tag),
    retry,
  });
}

/** Follow (on) or unfollow (off) a topic, shown at once; rolled back if the server says no. */
export function useFollowTopic(tag: string) {
  const queryClient = useQueryClient();
  const key = topicKeys.topic(tag);
  const mutationKey = [...key, 'follow'];
  return useMutation({
    mutationKey,
    mutationFn: (on: boolean) => apiFetch<void>(`${topicPath(tag)}/follow`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: async (on) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Topic>(key);
      if (previous) queryClient.setQueryData<Topic>(key, { ...previous, following: on });
      return { previous };
    },
    onError: (_error, _on, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => {
      // Only the last of several quick taps refreshes, so the button doesn't flicker in between.
      if (queryClient.isMutating({ mutationKey }) === 1) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
