// The audit log (admins): every moderator action, newest first, filtered by actor, action, case or target type.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditPage } from '../../shared/api/moderation.ts';
import { apiFetch, isApiError } from './client.ts';

export type AuditFilter = { actor?: string; action?: string; caseId?: string; targetType?: string };

export const auditKeys = {
  all: ['audit'] as const,
  list: (filter: AuditFilter) => [...auditKeys.all, filter] as const,
};

export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filter),
    queryFn: ({ pageParam, signal }) => apiFetch<AuditPage>('/moderation/audit', { query: { ...filter, cursor: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}
