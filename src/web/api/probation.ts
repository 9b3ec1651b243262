// New accounts on probation (moderators): who they are, and approving them early.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ProbationPerson } from '../../shared/api/moderation.ts';
import { apiFetch, isApiError } from './client.ts';

export const probationKeys = { all: ['probation'] as const };

export function useProbation() {
  return useInfiniteQuery({
    queryKey: probationKeys.all,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<{ items: ProbationPerson[]; nextCursor: string | null }>('/moderation/probation', { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useApproveAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (handle: string) => apiFetch<void>(`/moderation/probation/${encodeURIComponent(handle)}/approve`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: probationKeys.all }),
  });
}
