// The red count on the Messages tab (phone) and rail item (desktop): unread notifications, fetched
// once and then kept live by the realtime connection. New activity — even a like that joins a group
// already unread, which leaves the number as it was — makes the badge pulse and is announced.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/accounts.ts';
import { useChatUnread } from '../api/messages.ts';
import { useNotificationActivity, useUnreadCount } from '../api/notify.ts';
import './unread-badge.css';

export type UnreadBadgeProps = {
  count: number;
  /** Bumped on every new notification: each bump replays the pulse. */
  activity?: number;
  children: ReactNode;
};

export function UnreadBadge({ count, activity = 0, children }: UnreadBadgeProps) {
  const { t } = useTranslation();
  // Only activity after the badge appeared pulses (not a page load).
  const [since] = useState(activity);
  return (
    <span className="unread-anchor">
      {children}
      {count > 0 ? (
        <span
          key={activity}
          className={activity > since ? 'unread-badge unread-badge--pulse' : 'unread-badge'}
          data-testid="unread-badge-box"
          data-activity={activity - since}
        >
          <span aria-hidden="true" data-testid="unread-badge">
            {count > 99 ? '99+' : count}
          </span>
          <span className="visually-hidden">{t('notifications.unreadCount', { count })}</span>
        </span>
      ) : null}
    </span>
  );
}

const ANNOUNCER_ID = 'unread-announcer';
let announced = 0;

/**
 * One polite live region for the whole page, outside the navigation links (inside one it would
 * become part of the link's name), shared by the rail's badge and the tab bar's.
 */
function announcerRegion(): HTMLElement {
  let el = document.getElementById(ANNOUNCER_ID);
  if (!el) {
    el = document.createElement('div');
    el.id = ANNOUNCER_ID;
    el.className = 'visually-hidden';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    document.body.append(el);
  }
  return el;
}

/** Tells screen readers about new activity, once per arrival however many badges are mounted. */
function useAnnounceActivity(enabled: boolean, count: number, activity: number) {
  const { t } = useTranslation();
  const countRef = useRef(count);
  countRef.current = count;
  useEffect(() => {
    if (!enabled) return;
    const region = announcerRegion();
    if (activity <= announced) return;
    announced = activity;
    // Emptied first, so the same sentence twice in a row is still read out.
    region.textContent = '';
    const timer = window.setTimeout(() => {
      region.textContent = t('notificationsLive.newActivity', { count: countRef.current });
    }, 100);
    return () => window.clearTimeout(timer);
  }, [enabled, activity, t]);
}

/** An icon with the signed-in person's unread count (notifications and messages) on it (nothing extra when signed out). */
export function WithUnreadCount({ children }: { children: ReactNode }) {
  const signedIn = Boolean(useMe().data);
  const count = (useUnreadCount(signedIn).data ?? 0) + useChatUnread(signedIn);
  const activity = useNotificationActivity();
  useAnnounceActivity(signedIn, count, activity);
  return (
    <UnreadBadge count={signedIn ? count : 0} activity={activity}>
      {children}
    </UnreadBadge>
  );
}
