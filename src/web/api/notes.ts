// Notes: query keys and hooks for reading, posting, editing, deleting and liking a note.
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateNoteBody, Note, UpdateNoteBody } from '../../shared/api/notes.ts';
import { apiFetch, isApiError } from './client.ts';

export const noteKeys = {
  all: ['notes'] as const,
  details: () => [...noteKeys.all, 'detail'] as const,
  detail: (id: string) => [...noteKeys.details(), id] as const,
  /** Every list of notes (a person's notes, likes, collects, a board, feeds) lives under this prefix. */
  lists: () => [...noteKeys.all, 'list'] as const,
};

const notePath = (id: string) => `/notes/${encodeURIComponent(id)}`;
const PROCESSING_POLL_MS = 3_000;

/** Still being prepared: the note, or any of its media (a video's transcode). */
export const isProcessing = (note: Note) => note.status === 'processing' || note.media.some((m) => m.status === 'processing');

export function useNote(id: string) {
  return useQuery({
    queryKey: noteKeys.detail(id),
    // platform/web.ts preloads this very URL on the note's page: keep the two in step.
    queryFn: ({ signal }) => apiFetch<Note>(notePath(id), { signal }),
    // A 404 (deleted, not shared) or 400 (malformed id) won't change by asking again.
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
    // A video is converted in the background: look again until it can play (views aren't counted
    // while a note is processing, and a viewer's view counts once a day anyway).
    refetchInterval: (query) => (query.state.data && isProcessing(query.state.data) ? PROCESSING_POLL_MS : false),
  });
}

/** Changes the cached note in place (optimistic updates); no-op when it isn't cached. */
export function patchCachedNote(queryClient: QueryClient, id: string, change: (note: Note) => Note) {
  queryClient.setQueryData<Note>(noteKeys.detail(id), (old) => (old ? change(old) : old));
}

export function useCreateNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateNoteBody) => apiFetch<Note>('/notes', { method: 'POST', body }),
    onSuccess: (note) => {
      queryClient.setQueryData(noteKeys.detail(note.id), note);
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}

export function useUpdateNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNoteBody) => apiFetch<Note>(notePath(id), { method: 'PATCH', body }),
    onSuccess: (note) => {
      queryClient.setQueryData(noteKeys.detail(id), note);
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}

/** A failed video note, tried again: back to processing (the page polls until it is ready). */
export function useRetryNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<Note>(`${notePath(id)}/retry`, { method: 'POST' }),
    onSuccess: (note) => {
      queryClient.setQueryData(noteKeys.detail(id), note);
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}

export function useDeleteNote(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(notePath(id), { method: 'DELETE' }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: noteKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}

/** Like (on) or unlike (off), shown at once; rolled back if the server says no. */
export function useLikeNote(id: string) {
  const queryClient = useQueryClient();
  const mutationKey = [...noteKeys.detail(id), 'like'];
  return useMutation({
    mutationKey,
    mutationFn: (on: boolean) => apiFetch<void>(`${notePath(id)}/like`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: async (on) => {
      await queryClient.cancelQueries({ queryKey: noteKeys.detail(id) });
      const previous = queryClient.getQueryData<Note>(noteKeys.detail(id));
      patchCachedNote(queryClient, id, (note) =>
        note.viewer.liked === on
          ? note
          : { ...note, viewer: { ...note.viewer, liked: on }, counts: { ...note.counts, likes: Math.max(0, note.counts.likes + (on ? 1 : -1)) } },
      );
      return { previous };
    },
    onError: (_error, _on, context) => {
      if (context?.previous) queryClient.setQueryData(noteKeys.detail(id), context.previous);
    },
    onSettled: () => {
      // Only the last of several quick taps refreshes, so the heart doesn't flicker in between.
      if (queryClient.isMutating({ mutationKey }) === 1) void queryClient.invalidateQueries({ queryKey: noteKeys.detail(id) });
    },
  });
}
