// The red count on the Messages tab (phone) and rail item (desktop): unread notifications, fetched
// once and then kept live by the realtime connection.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/accounts.ts';
import { useUnreadCount } from '../api/notify.ts';
import './unread-badge.css';

export function UnreadBadge({ count, children }: { count: number; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <span className="unread-anchor">
      {children}
      {count > 0 ? (
        <span className="unread-badge">
          <span aria-hidden="true" data-testid="unread-badge">
            {count > 99 ? '99+' : count}
          </span>
          <span className="visually-hidden">{t('notifications.unreadCount', { count })}</span>
        </span>
      ) : null}
    </span>
  );
}

/** An icon with the signed-in person's unread count on it (nothing extra when signed out). */
export function WithUnreadCount({ children }: { children: ReactNode }) {
  const signedIn = Boolean(useMe().data);
  const count = useUnreadCount(signedIn).data ?? 0;
  return <UnreadBadge count={signedIn ? count : 0}>{children}</UnreadBadge>;
}
