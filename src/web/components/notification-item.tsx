// One row of the notifications list: who (stacked avatars, "Ana and 12 others"), what, when, and the
// note it is about on the right. Unread rows are tinted; opening one marks its group read.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UiLanguage } from '../../shared/api/accounts.ts';
import type { NotificationItem as Item } from '../../shared/api/notify.ts';
import { localeOf, useUiLanguage } from '../i18n/index.ts';
import { formatDate } from '../lib/format.ts';
import { placeholderStyle } from '../lib/thumbhash-image.ts';
import { Avatar } from './avatar.tsx';
import './notification-item.css';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min. ago", "3 hr. ago", "2 days ago", then a date ("Mar 4"; with the year if not this one). */
export function relativeTime(iso: string, lang: UiLanguage, t: TFunction, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const diff = Math.max(0, now - at);
  if (diff < MINUTE) return t('notifications.justNow');
  const rtf = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto', style: 'short' });
  if (diff < HOUR) return rtf.format(-Math.floor(diff / MINUTE), 'minute');
  if (diff < DAY) return rtf.format(-Math.floor(diff / HOUR), 'hour');
  if (diff < 7 * DAY) return rtf.format(-Math.floor(diff / DAY), 'day');
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return formatDate(iso, lang, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Ana", "Ana and Bo", "Ana and 1 other", "Ana and 12 others" — from actors[0] and actorCount. */
export function whoText(item: Pick<Item, 'actors' | 'actorCount'>, t: TFunction): string {
  const first = item.actors[0]?.displayName ?? '';
  const count = Math.max(item.actorCount, item.actors.length);
  if (count <= 1) return t('notifications.one', { name: first });
  const second = item.actors[1];
  if (count === 2 && second) return t('notifications.two', { a: first, b: second.displayName });
  if (count === 2) return t('notifications.oneOther', { name: first });
  return t('notifications.others', { name: first, count: count - 1 });
}

export function whatText(item: Pick<Item, 'kind' | 'commentId'>, t: TFunction): string {
  switch (item.kind) {
    case 'like':
      return t('notifications.like');
    case 'collect':
      return t('notifications.collect');
    case 'comment':
      return t('notifications.comment');
    case 'reply':
      return t('notifications.reply');
    case 'mention':
      return item.commentId ? t('notifications.mentionInComment') : t('notifications.mention');
    case 'follow':
      return t('notifications.follow');
    case 'comment_like':
      return t('notifications.comment_like');
  }
}

/**
 * Where tapping the row goes: the note it is about (with the comment, for comment kinds), or for
 * follows the follower — or my followers list when several people followed.
 */
export function targetOf(item: Item, myHandle: string): string {
  if (item.kind !== 'follow' && item.subject) {
    const note = `/n/${item.subject.id}`;
    return item.commentId ? `${note}?comment=${encodeURIComponent(item.commentId)}` : note;
  }
  if (item.actorCount > 1) return `/u/${myHandle}/followers`;
  return `/u/${item.actors[0]?.handle ?? myHandle}`;
}

export type NotificationRowProps = { item: Item; myHandle: string; onOpen: (item: Item) => void; now: number };

export function NotificationRow({ item, myHandle, onOpen, now }: NotificationRowProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const who = whoText(item, t);
  const what = whatText(item, t);
  const cover = item.subject?.cover ?? null;
  const shown = item.actors.slice(0, 3);
  return (
    <li className={`notification ${item.read ? '' : 'notification--unread'}`} data-testid="notification" data-kind={item.kind}>
      <Link to={targetOf(item, myHandle)} className="notification__link" onClick={() => onOpen(item)}>
        <span className={`notification__faces notification__faces--${shown.length}`} aria-hidden="true">
          {shown.map((actor) => (
            <Avatar key={actor.handle} user={actor} size={shown.length > 1 ? 'sm' : 'md'} />
          ))}
        </span>
        <span className="notification__text">
          <span className="notification__who" data-testid="notification-who">
            {who}
          </span>
          <span className="notification__what">
            <span data-testid="notification-what">{what}</span>
            <span aria-hidden="true"> · </span>
            <time dateTime={item.createdAt}>{relativeTime(item.createdAt, lang, t, now)}</time>
          </span>
        </span>
        {!item.read ? (
          <span className="notification__dot">
            <span className="visually-hidden">{t('notifications.unread')}</span>
          </span>
        ) : null}
        {cover ? (
          <span className="notification__thumb" style={placeholderStyle(cover.placeholder)}>
            <img src={cover.url} alt="" loading="lazy" decoding="async" />
          </span>
        ) : null}
      </Link>
    </li>
  );
}
