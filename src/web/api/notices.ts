// What moderators did to my content or account, and how my reports ended (GET /me/moderation); appeals.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppealBody, ModerationNotice } from '../../shared/api/moderation.ts';
import { apiFetch } from './client.ts';

export type NoticePage = { items: ModerationNotice[]; nextCursor: string | null };

export const noticeKeys = { all: ['notices'] as const };

export function useNotices(enabled = true) {
  return useInfiniteQuery({
    queryKey: noticeKeys.all,
    queryFn: ({ pageParam, signal }) => apiFetch<NoticePage>('/me/moderation', { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    staleTime: 0,
  });
}

export function useAppeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AppealBody) => apiFetch<ModerationNotice>('/appeals', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
