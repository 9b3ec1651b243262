// What the board page adds to boards.ts (which reads, creates, edits and deletes boards, and
// collects): taking notes out of a board from its grid, shown at once.
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Board } from '../../shared/api/boards.ts';
import type { PageOf } from '../../shared/api/common.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { boardKeys } from './boards.ts';
import { apiFetch } from './client.ts';
import { noteKeys } from './notes.ts';

type NotesData = InfiniteData<PageOf<NoteCard>, string | undefined>;

/** Takes a note out of the board: gone from the grid at once, back if the server says no. */
export function useRemoveFromBoard(boardId: string) {
  const queryClient = useQueryClient();
  const key = boardKeys.notes(boardId);
  return useMutation({
    mutationFn: (noteId: string) => apiFetch<void>(`/boards/${encodeURIComponent(boardId)}/notes/${encodeURIComponent(noteId)}`, { method: 'DELETE' }),
    onMutate: async (noteId) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<NotesData>(key);
      if (previous) {
        queryClient.setQueryData<NotesData>(key, {
          ...previous,
          pages: previous.pages.map((page) => ({ ...page, items: page.items.filter((n) => n.id !== noteId) })),
        });
      }
      const board = queryClient.getQueryData<Board>(boardKeys.detail(boardId));
      if (board) queryClient.setQueryData<Board>(boardKeys.detail(boardId), { ...board, noteCount: Math.max(0, board.noteCount - 1) });
      return { previous, board };
    },
    onError: (_error, _noteId, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      if (context?.board) queryClient.setQueryData(boardKeys.detail(boardId), context.board);
    },
    onSettled: (_void, _error, noteId) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: boardKeys.detail(boardId) }),
        queryClient.invalidateQueries({ queryKey: [...boardKeys.all, 'user'] }),
        queryClient.invalidateQueries({ queryKey: boardKeys.holding(noteId) }),
        // The note may have left my last board: its "collected" and the Collects tab change.
        queryClient.invalidateQueries({ queryKey: noteKeys.detail(noteId) }),
        queryClient.invalidateQueries({ queryKey: noteKeys.lists() }),
      ]),
  });
}
