// The moderation queue: cases by status, one case in full, claiming and releasing it, acting on it.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseActionBody, CaseDetail, CasePage, ModerationCase, ReportTargetType } from '../../shared/api/moderation.ts';
import { apiFetch, isApiError } from './client.ts';

export type QueueStatus = 'open' | 'appealed' | 'claimed' | 'resolved';

export const caseKeys = {
  all: ['cases'] as const,
  lists: () => [...caseKeys.all, 'list'] as const,
  list: (status: QueueStatus, targetType: ReportTargetType | null) => [...caseKeys.lists(), status, targetType ?? 'all'] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
};

const PAGE_SIZE = 20;
const casePath = (id: string) => `/moderation/cases/${encodeURIComponent(id)}`;
const noRetryOn4xx = (count: number, error: unknown) => !(isApiError(error) && error.status < 500) && count < 2;

export function useCases(status: QueueStatus, targetType: ReportTargetType | null) {
  return useInfiniteQuery({
    queryKey: caseKeys.list(status, targetType),
    queryFn: ({ pageParam, signal }) => apiFetch<CasePage>('/moderation/cases', { query: { status, targetType, cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: noRetryOn4xx,
    staleTime: 0,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<CaseDetail>(casePath(id), { signal }),
    retry: noRetryOn4xx,
  });
}

/** A changed case: the detail keeps its reports and history, takes the new state; every list is stale. */
function useCaseChange() {
  const queryClient = useQueryClient();
  return (updated: ModerationCase) => {
    queryClient.setQueryData<CaseDetail>(caseKeys.detail(updated.id), (old) => (old ? { ...old, ...updated } : old));
    void queryClient.invalidateQueries({ queryKey: caseKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: caseKeys.detail(updated.id) });
  };
}

/** Claim (on) or release (off) a case. */
export function useClaimCase(id: string) {
  const changed = useCaseChange();
  return useMutation({
    mutationFn: (on: boolean) => apiFetch<ModerationCase>(`${casePath(id)}/claim`, { method: on ? 'POST' : 'DELETE' }),
    onSuccess: changed,
  });
}

export function useActOnCase(id: string) {
  const changed = useCaseChange();
  return useMutation({
    mutationFn: (body: CaseActionBody) => apiFetch<ModerationCase>(`${casePath(id)}/actions`, { method: 'POST', body }),
    onSuccess: changed,
  });
}
