// /notifications: grouped notifications, newest first, live (the realtime connection refetches the
// list when something arrives); opening one marks it read, and "Mark all read" clears the badge.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationItem } from '../../shared/api/notify.ts';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../api/notify.ts';
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

function NotificationsView({ myHandle }: { myHandle: string }) {
  const { t } = useTranslation();
  const list = useNotifications();
  const unread = useUnreadCount(true).data ?? 0;
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const live = useLiveState();
  const now = useMinuteClock();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const onOpen = useCallback(
    (item: NotificationItem) => {
      if (!item.read) markRead.mutate([item.id]);
    },
    [markRead],
  );

  const { fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError } = list;
  const pages = list.data?.pages.length ?? 0;
  const sentinel = useRef<HTMLDivElement>(null);
  const [nearEnd, setNearEnd] = useState(false);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setNearEnd(entries.some((e) => e.isIntersecting)), {
      rootMargin: '0px 0px 600px 0px',
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [items.length > 0]);
  useEffect(() => {
    if (nearEnd && hasNextPage && !isFetchingNextPage && !isFetchNextPageError && pages < AUTO_PAGES) void fetchNextPage();
  }, [nearEnd, hasNextPage, isFetchingNextPage, isFetchNextPageError, pages, fetchNextPage]);

  let body;
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
            <NotificationRow key={item.id} item={item} myHandle={myHandle} onOpen={onOpen} now={now} />
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
          <Button variant="ghost" size="sm" disabled={unread === 0 && !items.some((i) => !i.read)} loading={markAll.isPending} onClick={() => markAll.mutate()}>
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
