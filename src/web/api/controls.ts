// My personal controls: who may comment on my notes, who may message me, muted words and #topics.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Controls, UpdateControlsBody } from '../../shared/api/moderation.ts';
import { apiFetch } from './client.ts';
import { invalidateFeeds } from './feed.ts';
import { noteKeys } from './notes.ts';

export const controlKeys = { all: ['controls'] as const };

export function useControls() {
  return useQuery({ queryKey: controlKeys.all, queryFn: ({ signal }) => apiFetch<Controls>('/me/controls', { signal }) });
}

export function useUpdateControls() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateControlsBody) => apiFetch<Controls>('/me/controls', { method: 'PATCH', body }),
    onSuccess: (controls, body) => {
      queryClient.setQueryData(controlKeys.all, controls);
      // Muted words change what my lists and feeds show.
      if (!body.mutedWords) return;
      void invalidateFeeds(queryClient, 'all');
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}
