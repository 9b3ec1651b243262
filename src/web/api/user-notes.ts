// A person's notes, and the notes they collected or liked: cursor pages for the profile's waterfall.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { PageOf } from '../../shared/api/common.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { apiFetch } from './client.ts';
import { noteKeys } from './notes.ts';

export type UserNotesKind = 'notes' | 'collects' | 'likes';

const PAGE_SIZE = 20;
const norm = (handle: string) => handle.toLowerCase();

export const userNotesKeys = {
  // Under the notes lists, so posting, liking, collecting or deleting refreshes these too.
  all: () => [...noteKeys.lists(), 'user'] as const,
  ofUser: (handle: string) => [...userNotesKeys.all(), norm(handle)] as const,
  list: (handle: string, kind: UserNotesKind) => [...userNotesKeys.ofUser(handle), kind] as const,
};

export function useUserNotes(handle: string, kind: UserNotesKind) {
  return useInfiniteQuery({
    queryKey: userNotesKeys.list(handle, kind),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PageOf<NoteCard>>(`/users/${encodeURIComponent(handle)}/${kind}`, { query: { cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
