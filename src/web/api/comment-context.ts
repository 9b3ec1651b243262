// A comment in its thread, for links to one comment (`/n/:id?comment=`): the thread's head with its
// first replies, and the linked reply itself. Under the comments keys, so a delete refreshes it.
import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { CommentContext, Reply } from '../../shared/api/comments.ts';
import { apiFetch, isApiError } from './client.ts';
import { commentKeys } from './comments.ts';

export const commentContextKeys = {
  all: () => [...commentKeys.all, 'context'] as const,
  of: (id: string) => [...commentContextKeys.all(), id] as const,
};

export function useCommentContext(id: string | null) {
  return useQuery({
    queryKey: commentContextKeys.of(id ?? ''),
    queryFn: ({ signal }) => apiFetch<CommentContext>(`/comments/${encodeURIComponent(id ?? '')}/context`, { signal }),
    enabled: id !== null,
    // Gone (404) or malformed (400) stays so.
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

/** Applies `change` to a comment wherever a cached context holds it (likes, optimistically). */
export function patchCommentContexts(queryClient: QueryClient, id: string, change: (c: Reply) => Reply) {
  for (const [key, data] of queryClient.getQueriesData<CommentContext>({ queryKey: commentContextKeys.all() })) {
    if (!data) continue;
    const head = data.head.id === id ? { ...data.head, ...change(data.head) } : data.head;
    queryClient.setQueryData<CommentContext>(key, {
      head: { ...head, replies: head.replies?.map((r) => (r.id === id ? change(r) : r)) },
      reply: data.reply?.id === id ? change(data.reply) : data.reply,
    });
  }
}
