// Notifications: query keys and hooks, and what a live message does to the cache.
import { type InfiniteData, type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { LiveMessage, NotificationItem, NotificationPage, UnreadCount } from '../../shared/api/notify.ts';
import { apiFetch } from './client.ts';

export const notifyKeys = {
  all: ['notify'] as const,
  unread: () => [...notifyKeys.all, 'unread'] as const,
  list: () => [...notifyKeys.all, 'list'] as const,
};

const PAGE_SIZE = 20;

type ListData = InfiniteData<NotificationPage, string | undefined>;

/** The number on the Messages tab. Live updates keep it fresh; this is the first answer and the fallback. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notifyKeys.unread(),
    queryFn: ({ signal }) => apiFetch<UnreadCount>('/notifications/unread-count', { signal }),
    select: (data) => data.unread,
    enabled,
    staleTime: 60_000,
  });
}

export function useNotifications() {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: notifyKeys.list(),
    queryFn: async ({ pageParam, signal }) => {
      const page = await apiFetch<NotificationPage>('/notifications', { query: { cursor: pageParam, limit: PAGE_SIZE }, signal });
      // Every page carries the current count: the badge agrees with the list it sits above.
      queryClient.setQueryData<UnreadCount>(notifyKeys.unread(), { unread: page.unread });
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

function markItems(queryClient: QueryClient, which: (item: NotificationItem) => boolean): number {
  let changed = 0;
  queryClient.setQueryData<ListData>(notifyKeys.list(), (old) =>
    old
      ? {
          ...old,
          pages: old.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => {
              if (item.read || !which(item)) return item;
              changed += 1;
              return { ...item, read: true };
            }),
          })),
        }
      : old,
  );
  return changed;
}

function setUnread(queryClient: QueryClient, update: (n: number) => number) {
  queryClient.setQueryData<UnreadCount>(notifyKeys.unread(), (old) => (old ? { unread: Math.max(0, update(old.unread)) } : old));
}

/** Marks one item (its whole group) read, optimistically; the server's live "read" message confirms the count. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => apiFetch<void>('/notifications/read', { method: 'POST', body: { ids } }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: notifyKeys.list() });
      const set = new Set(ids);
      const changed = markItems(queryClient, (item) => set.has(item.id));
      setUnread(queryClient, (n) => n - changed);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notifyKeys.unread() }),
  });
}

/**
 * Opening the list: every event up to the newest item shown is read (older pages too), nothing that
 * came after. The rows keep their tint for the visit; that is the page's business, not the cache's.
 */
export function useMarkSeen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upTo: string) => apiFetch<void>('/notifications/read', { method: 'POST', body: { upTo } }),
    onMutate: async (upTo) => {
      await queryClient.cancelQueries({ queryKey: notifyKeys.list() });
      // Ids are time-ordered: an item newer than `upTo` has news the reader hasn't seen.
      markItems(queryClient, (item) => item.id <= upTo);
      const newer = (queryClient.getQueryData<ListData>(notifyKeys.list())?.pages ?? []).flatMap((p) => p.items).filter((i) => !i.read && i.id > upTo);
      queryClient.setQueryData<UnreadCount>(notifyKeys.unread(), { unread: newer.length });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notifyKeys.unread() }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/notifications/read', { method: 'POST', body: { all: true } }),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: notifyKeys.list() });
      markItems(queryClient, () => true);
      queryClient.setQueryData<UnreadCount>(notifyKeys.unread(), { unread: 0 });
    },
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: notifyKeys.unread() }), queryClient.invalidateQueries({ queryKey: notifyKeys.list() })]),
  });
}

/**
 * New activity: how many "notification" messages arrived since the page loaded. A new event that
 * joins an unread group ("Bo and 2 others liked…") leaves the unread count as it was, so the badge
 * watches this instead to pulse and to tell screen readers.
 */
const activity = { count: 0, listeners: new Set<() => void>() };

export function notificationActivity(): number {
  return activity.count;
}

function subscribeActivity(listener: () => void): () => void {
  activity.listeners.add(listener);
  return () => void activity.listeners.delete(listener);
}

/** The activity counter, for components (0 on the server, where nothing arrives). */
export function useNotificationActivity(): number {
  return useSyncExternalStore(subscribeActivity, notificationActivity, () => 0);
}

/**
 * A message from the live stream: the count is authoritative, so it goes straight into the cache;
 * the list is refetched (only if someone is looking at it — inactive queries just go stale).
 */
export function applyLiveMessage(queryClient: QueryClient, message: LiveMessage) {
  const before = queryClient.getQueryData<UnreadCount>(notifyKeys.unread())?.unread;
  queryClient.setQueryData<UnreadCount>(notifyKeys.unread(), { unread: message.unread });
  if (message.type === 'notification') {
    activity.count += 1;
    for (const listener of activity.listeners) listener();
  }
  // hello after a reconnect: refetch only if something happened while we were away.
  if (message.type === 'hello' && before === message.unread) return;
  void queryClient.invalidateQueries({ queryKey: notifyKeys.list() });
}
