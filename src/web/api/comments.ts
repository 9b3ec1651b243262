// Comments: a note's threads (newest first, each with its first replies), the rest of a thread's
// replies on demand, and writing, liking and deleting — with the cache updated in place.
import { type InfiniteData, type QueryClient, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Comment, CommentPage, CreateCommentBody, Reply } from '../../shared/api/comments.ts';
import type { PageOf } from '../../shared/api/common.ts';
import { apiFetch } from './client.ts';
import { noteKeys, patchCachedNote } from './notes.ts';

export const commentKeys = {
  all: ['comments'] as const,
  ofNote: (noteId: string) => [...commentKeys.all, 'note', noteId] as const,
  replies: (commentId: string) => [...commentKeys.all, 'replies', commentId] as const,
};

const COMMENT_PAGE_SIZE = 20;
const REPLY_PAGE_SIZE = 10;

type Threads = InfiniteData<CommentPage, string | undefined>;
type Replies = InfiniteData<PageOf<Reply>, string | null | undefined>;

export function useComments(noteId: string) {
  return useInfiniteQuery({
    queryKey: commentKeys.ofNote(noteId),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<CommentPage>(`/notes/${encodeURIComponent(noteId)}/comments`, {
        query: { cursor: pageParam, limit: COMMENT_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The replies after the inlined ones, starting at the thread's `repliesCursor`; fetched once asked for. */
export function useReplies(commentId: string, startCursor: string | null | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: commentKeys.replies(commentId),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PageOf<Reply>>(`/comments/${encodeURIComponent(commentId)}/replies`, {
        query: { cursor: pageParam, limit: REPLY_PAGE_SIZE },
        signal,
      }),
    initialPageParam: startCursor,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** Applies `change` to every cached copy of a comment or reply of the note. */
function patchComment(queryClient: QueryClient, noteId: string, id: string, change: (c: Reply) => Reply) {
  queryClient.setQueryData<Threads>(commentKeys.ofNote(noteId), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((c) => {
              const head: Comment = c.id === id ? { ...c, ...change(c) } : c;
              return head.replies?.some((r) => r.id === id) ? { ...head, replies: head.replies.map((r) => (r.id === id ? change(r) : r)) } : head;
            }),
          })),
        }
      : data,
  );
  for (const [key] of queryClient.getQueriesData<Replies>({ queryKey: [...commentKeys.all, 'replies'] })) {
    queryClient.setQueryData<Replies>(key, (data) =>
      data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((r) => (r.id === id ? change(r) : r)) })) } : data,
    );
  }
}

export function useCreateComment(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCommentBody) => apiFetch<Comment>(`/notes/${encodeURIComponent(noteId)}/comments`, { method: 'POST', body }),
    onSuccess: (comment) => {
      // Show it at once where it belongs: a new thread on top, or a reply at the end of its thread.
      queryClient.setQueryData<Threads>(commentKeys.ofNote(noteId), (data) => {
        if (!data) return data;
        if (comment.parentId === null) {
          const [first, ...rest] = data.pages;
          if (!first) return data;
          return { ...data, pages: [{ ...first, items: [{ ...comment, replies: [], repliesCursor: null }, ...first.items] }, ...rest] };
        }
        return {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((c) => (c.id === comment.parentId ? { ...c, replyCount: c.replyCount + 1, replies: [...(c.replies ?? []), comment] } : c)),
          })),
        };
      });
      patchCachedNote(queryClient, noteId, (note) => ({ ...note, counts: { ...note.counts, comments: note.counts.comments + 1 } }));
    },
  });
}

export function useDeleteComment(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/comments/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    // What a delete leaves (gone, or a "[deleted]" placeholder kept for its replies) is the server's rule: ask again.
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: commentKeys.all }), queryClient.invalidateQueries({ queryKey: noteKeys.detail(noteId) })]),
  });
}

type LikeChange = { id: string; on: boolean };

export function useLikeComment(noteId: string) {
  const queryClient = useQueryClient();
  const toggle =
    (on: boolean) =>
    (c: Reply): Reply =>
      c.viewer.liked === on ? c : { ...c, viewer: { ...c.viewer, liked: on }, likeCount: Math.max(0, c.likeCount + (on ? 1 : -1)) };
  return useMutation({
    mutationFn: ({ id, on }: LikeChange) => apiFetch<void>(`/comments/${encodeURIComponent(id)}/like`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: ({ id, on }) => patchComment(queryClient, noteId, id, toggle(on)),
    onError: (_error, { id, on }) => patchComment(queryClient, noteId, id, toggle(!on)),
  });
}
