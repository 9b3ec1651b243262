// /notifications: grouped notifications, newest first, live (the realtime connection refetches the
// list when something arrives, and the group with news moves to the top with its new face).
// Opening the page marks what it shows read — the badge clears, other tabs follow through the live
// "read" message — while those rows stay tinted for this visit so the reader still sees what was new.
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationItem, NotificationPage } from '../../shared/api/notify.ts';
import { useMarkAllRead, useMarkRead, useMarkSeen, useNotifications, useUnreadCount } from '../api/notify.ts';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { BellIcon } from '../components/note-card-icons.tsx';
import { NotificationRow } from '../components/notification-item.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { describeError } from '../lib/errors.ts';
import { useLiveState } from '../lib/realtime.ts';
import './notifications-page.css';

const AUTO_PAGES = 10;

export function NotificationsPage() {
  return <RequireAuth>{(me) => <NotificationsView myHandle={me.handle} />}</RequireAuth>;
}

/** A clock for relative times that moves on every minute (not every render). */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** Whether the tab is in front: nothing counts as shown to a reader who isn't looking. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}

/**
 * Marks read what opening the page shows: every event up to the newest item on it (so the badge
 * clears, older pages included). Items that arrive live while the list is open stay unread (tinted,
 * counted on the badge) until opened, marked all read, or shown on a later visit. Returns the ids
 * that were unread, to keep them tinted for this visit.
 */
function useMarkShownRead(pages: ReadonlyArray<NotificationPage> | undefined, visible: boolean) {
  const { mutate } = useMarkSeen();
  const done = useRef(false);
  const [shown, setShown] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    const first = pages?.[0];
    if (done.current || !visible || !first) return;
    done.current = true;
    const items = pages.flatMap((page) => page.items);
    const newest = items[0];
    if (!newest || (first.unread === 0 && items.every((item) => item.read))) return;
    setShown(new Set(items.filter((item) => !item.read).map((item) => item.id)));
    mutate(newest.id);
  }, [pages, visible, mutate]);
  const forget = useCallback(() => setShown(new Set()), []);
  return { shown, forget };
}

/**
 * Ids that came in live while the list was open (a refetch brought them, not a scroll to another
 * page): they flash once. A group with news has a new id (its newest event), so it counts too.
 */
function useArrivals(pages: ReadonlyArray<{ items: NotificationItem[] }> | undefined): ReadonlySet<string> {
  const known = useRef<{ ids: Set<string>; pages: number } | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    if (!pages) return;
    const ids = pages.flatMap((page) => page.items.map((item) => item.id));
    const before = known.current;
    known.current = { ids: new Set([...(before?.ids ?? []), ...ids]), pages: pages.length };
    if (!before || pages.length !== before.pages) return;
    const arrived = ids.filter((id) => !before.ids.has(id));
    if (arrived.length > 0) setFresh(new Set(arrived));
  }, [pages]);
  return fresh;
}

function NotificationsView({ myHandle }: { myHandle: string }) {
  const { t } = useTranslation();
  const list = useNotifications();
  const unread = useUnreadCount(true).data ?? 0;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const live = useLiveState();
  const now = useMinuteClock();
  const visible = usePageVisible();
  const pagesData = list.data?.pages;
  const items = pagesData?.flatMap((page) => page.items) ?? [];
  const { shown, forget } = useMarkShownRead(pagesData, visible);
  const fresh = useArrivals(pagesData);

  const onOpen = useCallback(
    (item: NotificationItem) => {
      if (!item.read) markRead.mutate([item.id]);
    },
    [markRead],
  );

  const { fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError } = list;
  const pages = pagesData?.length ?? 0;
  const sentinel = useRef<HTMLDivElement>(null);
  const [nearEnd, setNearEnd] = useState(false);
  const hasItems = items.length > 0;
  useEffect(() => {
    // The sentinel exists only once there are items: observe it then.
    const el = hasItems ? sentinel.current : null;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setNearEnd(entries.some((e) => e.isIntersecting)), {
      rootMargin: '0px 0px 600px 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasItems]);
  useEffect(() => {
    if (nearEnd && hasNextPage && !isFetchingNextPage && !isFetchNextPageError && pages < AUTO_PAGES) void fetchNextPage();
  }, [nearEnd, hasNextPage, isFetchingNextPage, isFetchNextPageError, pages, fetchNextPage]);

  let body: ReactNode;
  if (list.isPending) body = <Spinner label={t('common.loading')} />;
  else if (list.isError && items.length === 0) {
    body = <EmptyState tone="error" title={describeError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />;
  } else if (items.length === 0) {
    body = <EmptyState icon={<BellIcon size={32} />} title={t('notifications.emptyTitle')} body={t('notifications.emptyBody')} />;
  } else {
    body = (
      <>
        <ul className="notifications__list" aria-label={t('notifications.title')}>
          {items.map((item) => (
            <NotificationRow
              key={item.id}
              item={item}
              myHandle={myHandle}
              onOpen={onOpen}
              now={now}
              highlight={!item.read || shown.has(item.id)}
              fresh={fresh.has(item.id)}
            />
          ))}
        </ul>
        <div ref={sentinel} aria-hidden="true" />
        <div className="notifications__foot">
          {hasNextPage ? (
            <Button variant="secondary" size="sm" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          ) : (
            <p className="muted">{t('notifications.endOfList')}</p>
          )}
          {isFetchNextPageError ? (
            <p className="field__error" role="alert">
              {describeError(t, list.error)}
            </p>
          ) : null}
        </div>
      </>
    );
  }

  return (
    <section className="notifications">
      <PageHeader
        title={t('notifications.title')}
        actions={
          <Button
            variant="ghost"
            size="sm"
            disabled={unread === 0 && !items.some((i) => !i.read)}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onSuccess: forget })}
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      {live.kind === 'backoff' ? (
        <p className="notifications__status" role="status">
          {t('notifications.reconnecting')}
        </p>
      ) : null}
      {markAll.isError ? (
        <p className="field__error notifications__status" role="alert">
          {describeError(t, markAll.error)}
        </p>
      ) : null}
      {body}
    </section>
  );
}
