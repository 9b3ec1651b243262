// Public lists of notes: everyone's newest (the home page) and a #tag's (the tag page), as cursor
// pages for the waterfall. Keyed under the notes lists, so posting, liking or deleting refreshes them.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { PageOf } from '../../shared/api/common.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { apiFetch, isApiError } from './client.ts';
import { noteKeys } from './notes.ts';

const PAGE_SIZE = 20;

export const noteListKeys = {
  recent: () => [...noteKeys.lists(), 'recent'] as const,
  tag: (tag: string) => [...noteKeys.lists(), 'tag', normalizeTag(tag)] as const,
};

/** As the server stores tags: NFKC, lower-case ("#CatTax" and "#cattax" are one tag). */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

/** What the server accepts as a tag: 1–50 letters, marks, digits or _ of any script. */
export function isTag(tag: string): boolean {
  return /^[\p{L}\p{M}\p{N}_]{1,50}$/u.test(tag);
}

// A 4xx (a bad tag) won't change by asking again.
const retry = (count: number, error: Error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2;

export function useRecentNotes() {
  return useInfiniteQuery({
    queryKey: noteListKeys.recent(),
    // platform/web.ts preloads the first page (/notes/recent?limit=20) on the home page: keep the two in step.
    queryFn: ({ pageParam, signal }) => apiFetch<PageOf<NoteCard>>('/notes/recent', { query: { cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry,
  });
}

export function useTagNotes(tag: string) {
  return useInfiniteQuery({
    queryKey: noteListKeys.tag(tag),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PageOf<NoteCard>>(`/tags/${encodeURIComponent(tag)}/notes`, { query: { cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: isTag(tag),
    retry,
  });
}
