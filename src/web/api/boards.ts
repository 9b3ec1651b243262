// Boards and collecting: query keys and hooks. Everyone has a default board "Saved" (收藏);
// collecting a note puts it there, and the collect sheet moves it in and out of any board.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board, CreateBoardBody, NoteBoards, UpdateBoardBody } from '../../shared/api/boards.ts';
import type { PageOf } from '../../shared/api/common.ts';
import type { Note, NoteCard } from '../../shared/api/notes.ts';
import { apiFetch, isApiError } from './client.ts';
import { noteKeys, patchCachedNote } from './notes.ts';

const norm = (handle: string) => handle.toLowerCase();

export const boardKeys = {
  all: ['boards'] as const,
  ofUser: (handle: string) => [...boardKeys.all, 'user', norm(handle)] as const,
  detail: (id: string) => [...boardKeys.all, 'detail', id] as const,
  notes: (id: string) => [...noteKeys.lists(), 'board', id] as const,
  /** Which of my boards hold a note (the collect sheet's ticks). */
  holding: (noteId: string) => [...boardKeys.all, 'holding', noteId] as const,
};

const BOARD_PAGE_SIZE = 50;
const boardPath = (id: string) => `/boards/${encodeURIComponent(id)}`;

/** A person's boards, default first (all of them for the owner, public ones for everyone else). */
export function useUserBoards(handle: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    queryKey: boardKeys.ofUser(handle),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PageOf<Board>>(`/users/${encodeURIComponent(handle)}/boards`, {
        query: { cursor: pageParam, limit: BOARD_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useBoard(id: string) {
  return useQuery({
    queryKey: boardKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<Board>(boardPath(id), { signal }),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useBoardNotes(id: string) {
  return useInfiniteQuery({
    queryKey: boardKeys.notes(id),
    queryFn: ({ pageParam, signal }) => apiFetch<PageOf<NoteCard>>(`${boardPath(id)}/notes`, { query: { cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useNoteBoards(noteId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: boardKeys.holding(noteId),
    queryFn: ({ signal }) => apiFetch<NoteBoards>(`/notes/${encodeURIComponent(noteId)}/boards`, { signal }),
    select: (data) => new Set(data.boardIds),
    enabled,
  });
}

export function useCreateBoard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBoardBody) => apiFetch<Board>('/boards', { method: 'POST', body }),
    onSuccess: (board) => {
      queryClient.setQueryData(boardKeys.detail(board.id), board);
      void queryClient.invalidateQueries({ queryKey: boardKeys.ofUser(board.owner.handle) });
    },
  });
}

export function useUpdateBoard(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBoardBody) => apiFetch<Board>(boardPath(id), { method: 'PATCH', body }),
    onSuccess: (board) => {
      queryClient.setQueryData(boardKeys.detail(id), board);
      void queryClient.invalidateQueries({ queryKey: boardKeys.ofUser(board.owner.handle) });
    },
  });
}

export function useDeleteBoard(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(boardPath(id), { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: boardKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: boardKeys.all });
      void queryClient.invalidateQueries({ queryKey: noteKeys.all });
    },
  });
}

/** Collect into "Saved" (on) or take the note out of all my boards (off), shown at once. */
export function useCollectNote(noteId: string) {
  const queryClient = useQueryClient();
  const key = noteKeys.detail(noteId);
  const mutationKey = [...key, 'collect'];
  return useMutation({
    mutationKey,
    mutationFn: (on: boolean) => apiFetch<void>(`/notes/${encodeURIComponent(noteId)}/collect`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: async (on) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Note>(key);
      patchCachedNote(queryClient, noteId, (note) =>
        note.viewer.collected === on
          ? note
          : {
              ...note,
              viewer: { ...note.viewer, collected: on },
              counts: { ...note.counts, collects: Math.max(0, note.counts.collects + (on ? 1 : -1)) },
            },
      );
      return { previous };
    },
    onError: (_error, _on, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: boardKeys.holding(noteId) });
      void queryClient.invalidateQueries({ queryKey: [...boardKeys.all, 'user'] });
      if (queryClient.isMutating({ mutationKey }) === 1) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

type BoardNoteChange = { boardId: string; on: boolean };

/** Puts the note into one of my boards or takes it out (the collect sheet's checkboxes). */
export function useBoardNote(noteId: string) {
  const queryClient = useQueryClient();
  const holding = boardKeys.holding(noteId);
  return useMutation({
    mutationFn: ({ boardId, on }: BoardNoteChange) =>
      apiFetch<void>(`${boardPath(boardId)}/notes/${encodeURIComponent(noteId)}`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: async ({ boardId, on }) => {
      await queryClient.cancelQueries({ queryKey: holding });
      const previous = queryClient.getQueryData<NoteBoards>(holding);
      if (previous) {
        const ids = new Set(previous.boardIds);
        if (on) ids.add(boardId);
        else ids.delete(boardId);
        queryClient.setQueryData<NoteBoards>(holding, { boardIds: [...ids] });
        // The note counts as collected while any of my boards holds it.
        patchCachedNote(queryClient, noteId, (note) => {
          const collected = ids.size > 0;
          if (note.viewer.collected === collected) return note;
          const collects = Math.max(0, note.counts.collects + (collected ? 1 : -1));
          return { ...note, viewer: { ...note.viewer, collected }, counts: { ...note.counts, collects } };
        });
      }
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(holding, context.previous);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: holding }),
        queryClient.invalidateQueries({ queryKey: noteKeys.detail(noteId) }),
        queryClient.invalidateQueries({ queryKey: [...boardKeys.all, 'user'] }),
        queryClient.invalidateQueries({ queryKey: noteKeys.lists() }),
      ]),
  });
}
