// Conversations (direct messages and groups): query keys and hooks for the REST side — lists,
// members, requests, invite links. The messages themselves live in the chat store (lib/chat-store.ts),
// fed by the stream.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberPage, NoteGroups } from '../../shared/api/conversations.ts';
import type { ChatItem, ConversationList, ConversationView, HistoryPage, InvitePreview, InviteView } from '../../shared/api/messages.ts';
import { apiFetch } from './client.ts';

export type Box = 'inbox' | 'requests';

export const chatKeys = {
  all: ['chat'] as const,
  list: (box: Box) => [...chatKeys.all, 'list', box] as const,
  /** the list page by page (the Messages tab, the share sheet); under list(box), so invalidating the list refreshes it */
  pages: (box: Box) => [...chatKeys.all, 'list', box, 'pages'] as const,
  conversation: (id: string) => [...chatKeys.all, 'conversation', id] as const,
  members: (id: string) => [...chatKeys.all, 'members', id] as const,
  invites: (id: string) => [...chatKeys.all, 'invites', id] as const,
  invite: (token: string) => [...chatKeys.all, 'invite', token] as const,
  noteGroups: (noteId: string) => [...chatKeys.all, 'note-groups', noteId] as const,
};

const c = (id: string) => `/conversations/${encodeURIComponent(id)}`;

export function useConversations(box: Box, enabled = true) {
  return useQuery({
    queryKey: chatKeys.list(box),
    queryFn: ({ signal }) => apiFetch<ConversationList>('/conversations', { query: { box, limit: 50 }, signal }),
    enabled,
    staleTime: 30_000,
  });
}

const PAGE_SIZE = 30;

/** The list page by page, each page asked for with the last one's `nextCursor`. */
export function useConversationPages(box: Box, enabled = true) {
  return useInfiniteQuery({
    queryKey: chatKeys.pages(box),
    queryFn: ({ pageParam, signal }) => apiFetch<ConversationList>('/conversations', { query: { box, cursor: pageParam, limit: PAGE_SIZE }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
    staleTime: 30_000,
  });
}

/** Unread messages across the inbox (muted conversations don't count), for the Messages tab's badge. */
export function useChatUnread(enabled: boolean): number {
  const list = useConversations('inbox', enabled).data;
  if (!list) return 0;
  return list.items.reduce((n, c) => n + (c.viewer.muted ? 0 : c.unread), 0) + list.requests;
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: chatKeys.conversation(id),
    queryFn: ({ signal }) => apiFetch<ConversationView>(c(id), { signal }),
  });
}

export function fetchHistory(id: string, query: { before?: number; after?: number }, signal?: AbortSignal) {
  return apiFetch<HistoryPage>(`${c(id)}/messages`, { query, signal });
}

/** Opens the DM with someone (the existing one if any), or starts a group. */
export function useStartConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { members: string[]; name?: string }) => apiFetch<ConversationView>('/conversations', { method: 'POST', body }),
    onSuccess: (conversation) => {
      queryClient.setQueryData(chatKeys.conversation(conversation.id), conversation);
      void queryClient.invalidateQueries({ queryKey: chatKeys.all });
    },
  });
}

function useConversationMutation<V>(call: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.all }),
  });
}

export function useUpdateConversation(id: string) {
  return useConversationMutation((body: { name?: string; avatar?: string | null }) => apiFetch<ConversationView>(c(id), { method: 'PATCH', body }));
}

export function useMySettings(id: string) {
  return useConversationMutation((body: { muted?: boolean; autoTranslate?: boolean }) => apiFetch<unknown>(`${c(id)}/me`, { method: 'PATCH', body }));
}

export function useAnswerRequest(id: string) {
  return useConversationMutation((answer: 'accept' | 'decline') => apiFetch<unknown>(`${c(id)}/${answer}`, { method: 'POST' }));
}

export function useMembers(id: string, enabled = true) {
  return useQuery({
    queryKey: chatKeys.members(id),
    queryFn: ({ signal }) => apiFetch<MemberPage>(`${c(id)}/members`, { query: { limit: 200 }, signal }),
    enabled,
  });
}

export function useAddMembers(id: string) {
  return useConversationMutation((handles: string[]) => apiFetch<unknown>(`${c(id)}/members`, { method: 'POST', body: { members: handles } }));
}

/** Removes someone, or — my own handle — leaves. */
export function useRemoveMember(id: string) {
  return useConversationMutation((handle: string) => apiFetch<unknown>(`${c(id)}/members/${encodeURIComponent(handle)}`, { method: 'DELETE' }));
}

export function deleteMessage(conversationId: string, messageId: string) {
  return apiFetch<unknown>(`${c(conversationId)}/messages/${encodeURIComponent(messageId)}`, { method: 'DELETE' });
}

/** Shows (a note id) or stops showing (null) the group's join card under one of my notes. */
export function useLinkNote(id: string) {
  return useConversationMutation((note: string | null) =>
    note ? apiFetch<unknown>(`${c(id)}/note`, { method: 'PUT', body: { note } }) : apiFetch<unknown>(`${c(id)}/note`, { method: 'DELETE' }),
  );
}

export function useInvites(id: string, enabled: boolean) {
  return useQuery({
    queryKey: chatKeys.invites(id),
    queryFn: ({ signal }) => apiFetch<{ items: InviteView[] }>(`${c(id)}/invites`, { signal }),
    enabled,
  });
}

export function useCreateInvite(id: string) {
  return useConversationMutation((body: { expiresInHours?: number }) => apiFetch<InviteView>(`${c(id)}/invites`, { method: 'POST', body }));
}

export function useRevokeInvite(id: string) {
  return useConversationMutation((token: string) => apiFetch<unknown>(`${c(id)}/invites/${encodeURIComponent(token)}`, { method: 'DELETE' }));
}

export function useInvitePreview(token: string) {
  return useQuery({
    queryKey: chatKeys.invite(token),
    queryFn: ({ signal }) => apiFetch<InvitePreview>(`/invites/${encodeURIComponent(token)}`, { signal }),
    retry: false,
  });
}

export function useJoinInvite(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<ConversationView>(`/invites/${encodeURIComponent(token)}/join`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: chatKeys.all }),
  });
}

/** The group chats a note carries a join link for ("join the group chat" under it). */
export function useNoteGroups(noteId: string, enabled: boolean) {
  return useQuery({
    queryKey: chatKeys.noteGroups(noteId),
    queryFn: ({ signal }) => apiFetch<NoteGroups>(`/notes/${encodeURIComponent(noteId)}/groups`, { signal }),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

/** Where a shared note goes: a conversation I am in, or a DM with someone by handle (opened, or started, first). */
export type ShareTo = { conversation: ConversationView } | { handle: string };
export type ShareNote = { to: ShareTo; note: string; comment: string; clientId: string };
/** The stage that failed: starting the DM or posting the message (they mean different things to the person). */
export class ShareError extends Error {
  constructor(
    readonly stage: 'start' | 'send',
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : 'share failed');
    this.name = 'ShareError';
  }
}

/** Sends a note (with an optional comment) as a message; answers the conversation it went to. */
export function useShareNote() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ to, note, comment, clientId }: ShareNote): Promise<{ conversation: ConversationView; item: ChatItem }> => {
      const conversation =
        'conversation' in to
          ? to.conversation
          : await apiFetch<ConversationView>('/conversations', { method: 'POST', body: { members: [to.handle] } }).catch((error: unknown) => {
              throw new ShareError('start', error);
            });
      // The clientId makes a retry of the same share one message, not two.
      const item = await apiFetch<ChatItem>(`${c(conversation.id)}/messages`, {
        method: 'POST',
        body: { body: comment.trim(), note, clientId },
      }).catch((error: unknown) => {
        throw new ShareError('send', error);
      });
      return { conversation, item };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.all }),
  });
}
