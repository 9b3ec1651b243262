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
import { ShieldIcon } from './icons.tsx';
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
  return whoParts(item, t, (name) => name).join('');
}

// Marks a name's place in a translated sentence: a character no name or translation contains.
const SLOT = '\u0000';

/**
 * The same sentence in pieces, each person's name passed through `name` (the row keeps a name on
 * one line: "小雨的日常" must not break in the middle while "and 2 others" may wrap).
 */
export function whoParts<T>(item: Pick<Item, 'actors' | 'actorCount'>, t: TFunction, name: (displayName: string, index: number) => T): Array<string | T> {
  const names = item.actors.map((a) => a.displayName);
  const slot = (i: number) => `${SLOT}${i}${SLOT}`;
  const count = Math.max(item.actorCount, item.actors.length);
  let text: string;
  if (count <= 1) text = t('notifications.one', { name: slot(0) });
  else if (count === 2 && names[1] !== undefined) text = t('notifications.two', { a: slot(0), b: slot(1) });
  else if (count === 2) text = t('notifications.oneOther', { name: slot(0) });
  else text = t('notifications.others', { name: slot(0), count: count - 1 });
  // "\0" "0" "\0" around each name: split on the marks, the odd pieces are name indices.
  return text.split(SLOT).flatMap((piece, i): Array<string | T> => (i % 2 === 1 ? [name(names[Number(piece)] ?? '', Number(piece))] : piece ? [piece] : []));
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
    case 'note_failed':
      return t('notifications.note_failed');
    case 'moderation':
      return t('notify.moderation');
    case 'report_outcome':
      return t('notify.report_outcome');
    case 'tiktok_friend_joined':
      return t('notifications.tiktok_friend_joined');
  }
}

/** Moderators' notices come from no person: "Biji moderators", a shield instead of faces. */
export const isModerationKind = (kind: Item['kind']) => kind === 'moderation' || kind === 'report_outcome';

/**
 * Where tapping the row goes: the note it is about (with the comment, for comment kinds), or for
 * follows the follower — or my followers list when several people followed.
 */
export function targetOf(item: Item, myHandle: string): string {
  if (isModerationKind(item.kind)) return item.moderation ? `/me/moderation?case=${encodeURIComponent(item.moderation.caseId)}` : '/me/moderation';
  if (item.kind !== 'follow' && item.subject) {
    const note = `/n/${item.subject.id}`;
    return item.commentId ? `${note}?comment=${encodeURIComponent(item.commentId)}` : note;
  }
  if (item.actorCount > 1) return `/u/${myHandle}/followers`;
  return `/u/${item.actors[0]?.handle ?? myHandle}`;
}

export type NotificationRowProps = {
  item: Item;
  myHandle: string;
  onOpen: (item: Item) => void;
  now: number;
  /** Tinted as new: unread, or read only because this visit showed it. */
  highlight?: boolean;
  /** Arrived while the list was open: flashes once. */
  fresh?: boolean;
};

export function NotificationRow({ item, myHandle, onOpen, now, highlight = !item.read, fresh = false }: NotificationRowProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const what = whatText(item, t);
  const official = isModerationKind(item.kind);
  // A removed note's picture is not shown again in the list.
  const cover = official ? null : (item.subject?.cover ?? null);
  const shown = official ? [] : item.actors.slice(0, 3);
  const className = ['notification', highlight ? 'notification--unread' : '', fresh ? 'notification--fresh' : ''].filter(Boolean).join(' ');
  return (
    <li className={className} data-testid="notification" data-kind={item.kind}>
      <Link to={targetOf(item, myHandle)} className="notification__link" onClick={() => onOpen(item)}>
        {highlight ? (
          <span className="notification__dot">
            <span className="visually-hidden">{t('notifications.unread')}</span>
          </span>
        ) : null}
        {official ? (
          <span className="notification__faces notification__faces--1 notification__shield" aria-hidden="true">
            <ShieldIcon size={22} />
          </span>
        ) : (
          <span className={`notification__faces notification__faces--${shown.length}`} aria-hidden="true">
            {shown.map((actor) => (
              <Avatar key={actor.handle} user={actor} size={shown.length > 1 ? 'sm' : 'md'} />
            ))}
          </span>
        )}
        <span className="notification__text">
          <span className="notification__who" data-testid="notification-who">
            {item.kind === 'note_failed'
              ? t('notifications.yourVideo')
              : official
                ? t('notify.moderators')
                : whoParts(item, t, (name, i) => (
                    <bdi key={`name-${i}`} className="notification__name">
                      {name}
                    </bdi>
                  ))}
          </span>
          {/* The time is its own item: when it wraps it starts a line cleanly, with no " · " left hanging. */}
          <span className="notification__what">
            <span data-testid="notification-what">{what}</span>
            <time dateTime={item.createdAt}>{relativeTime(item.createdAt, lang, t, now)}</time>
          </span>
          {item.comment ? (
            <span className={`notification__comment ${item.comment.body ? '' : 'notification__comment--deleted'}`} data-testid="notification-comment">
              {item.comment.body || t('notificationsLive.commentDeleted')}
            </span>
          ) : null}
        </span>
        {cover ? (
          <span className="notification__thumb" style={placeholderStyle(cover.placeholder)}>
            <img src={cover.url} alt="" loading="lazy" decoding="async" />
          </span>
        ) : null}
      </Link>
    </li>
  );
}
