// One note in the waterfall: the cover at its aspect ratio (clamped like RedNote's, 3:4 to 4:3) over
// its blurred placeholder, a two-line title, the author and the like count.
import { type CSSProperties, type ReactNode, type PointerEvent as ReactPointerEvent, type RefObject, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MediaView } from '../../shared/api/media.ts';
import type { NoteCard as NoteCardView } from '../../shared/api/notes.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { formatCount } from '../lib/format.ts';
import { reveal, useHidden } from '../lib/revealed.ts';
import { placeholderStyle } from '../lib/thumbhash-image.ts';
import { Avatar } from './avatar.tsx';
import { CardTranslateBar, useCardTranslation } from './card-translate.tsx';
import { Highlighted } from './highlighted.tsx';
import { MoreIcon } from './icons.tsx';
import { Menu, type MenuItem } from './menu.tsx';
import { HeartFilledIcon, HeartOutlineIcon, PlayFilledIcon } from './note-card-icons.tsx';
import { SensitiveBadge } from './sensitive-cover.tsx';
import './note-card.css';

/** Height ÷ width of the cover box: the photo's own, but no taller than 4:3 portrait or flatter than 4:3 landscape. */
export const COVER_MIN = 3 / 4;
export const COVER_MAX = 4 / 3;

export function coverRatio(media: Pick<MediaView, 'width' | 'height'> | undefined): number {
  if (!media || media.width <= 0 || media.height <= 0) return 1;
  return Math.min(COVER_MAX, Math.max(COVER_MIN, media.height / media.width));
}

/** What the card shows as its title: the title, or the start of the body when there is none. */
export function cardTitle(note: Pick<NoteCardView, 'title' | 'excerpt'>): string {
  return note.title.trim() || note.excerpt;
}

function coverSrc(urls: MediaView['urls']) {
  const src = urls['360'] ?? urls['720'] ?? urls.poster ?? urls.original;
  const srcSet = (['360', '720'] as const).flatMap((w) => (urls[w] ? [`${urls[w]} ${w}w`] : [])).join(', ');
  return { src, srcSet: srcSet || undefined };
}

function Cover({ media, sizes, video, eager, hidden }: { media: MediaView; sizes: string; video: boolean; eager: boolean; hidden: boolean }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState(false);
  // From the memory cache an image can be complete before onLoad is attached.
  const ref = useCallback((img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) setLoaded(true);
  }, []);
  const { src, srcSet } = coverSrc(media.urls);
  return (
    <div
      className={`note-card__cover ${loaded ? 'note-card__cover--loaded' : ''} ${hidden ? 'note-card__cover--sensitive' : ''}`}
      style={{ aspectRatio: `1 / ${coverRatio(media)}`, ...placeholderStyle(media.placeholder, media.dominantColor) }}
      data-testid="note-cover"
    >
      {src ? (
        <img
          ref={ref}
          className="note-card__img"
          src={src}
          srcSet={srcSet}
          sizes={sizes}
          alt=""
          loading={eager ? 'eager' : 'lazy'}
          fetchPriority={eager ? 'high' : undefined}
          decoding="async"
          draggable={false}
          onLoad={() => setLoaded(true)}
        />
      ) : null}
      {hidden ? <SensitiveBadge /> : null}
      {video ? (
        <span className="note-card__badge note-card__badge--video">
          <PlayFilledIcon size={12} />
          <span className="visually-hidden">{t('noteCard.video')}</span>
        </span>
      ) : null}
    </div>
  );
}

/** The first covers of a list are on screen at once on any phone: fetched at once, first (they are the page's largest paint). */
const EAGER_COVERS = 4;

export type NoteCardProps = {
  note: NoteCardView;
  /** The `sizes` for the cover: how wide the column is. */
  sizes: string;
  /** Something to do with the card (e.g. "remove from board"), shown over its top corner. */
  action?: ReactNode;
  position?: number;
  setSize?: number;
  /** What the reader can do about the card ("Not interested"): a "⋯" menu, also opened by a long press. */
  menu?: MenuItem[];
  /** Words to mark in the title (a search's matches). */
  highlight?: readonly string[];
  /** Offer "Translate" when the note is in a language the reader doesn't read (search results). */
  translate?: boolean;
};

/** How long a finger rests on a card before its menu opens, and how far it may drift meanwhile. */
const LONG_PRESS_MS = 500;
const LONG_PRESS_SLOP_PX = 10;

/** Long press on touch: opens the menu, and swallows the tap (and the system's link menu) that would follow. */
function useLongPress(enabled: boolean, onLongPress: () => void) {
  const press = useRef<{ timer: number; x: number; y: number } | null>(null);
  const fired = useRef(false);
  const cancel = () => {
    if (press.current) window.clearTimeout(press.current.timer);
    press.current = null;
  };
  if (!enabled) return {};
  return {
    onPointerDown: (event: ReactPointerEvent) => {
      fired.current = false;
      if (event.pointerType !== 'touch' || !event.isPrimary) return;
      cancel();
      const timer = window.setTimeout(() => {
        press.current = null;
        fired.current = true;
        onLongPress();
      }, LONG_PRESS_MS);
      press.current = { timer, x: event.clientX, y: event.clientY };
    },
    onPointerMove: (event: ReactPointerEvent) => {
      const p = press.current;
      if (p && Math.hypot(event.clientX - p.x, event.clientY - p.y) > LONG_PRESS_SLOP_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onContextMenu: (event: { preventDefault: () => void }) => {
      if (press.current || fired.current) event.preventDefault();
    },
    onClickCapture: (event: { preventDefault: () => void; stopPropagation: () => void }) => {
      if (!fired.current) return;
      fired.current = false;
      event.preventDefault();
      event.stopPropagation();
    },
  };
}

type CardLinkProps = {
  note: NoteCardView;
  title: string;
  coverNode: ReactNode;
  titleRef?: RefObject<HTMLSpanElement | null>;
  titleStyle?: CSSProperties | undefined;
  /** sensitive and not yet revealed: the first tap reveals instead of opening */
  hidden?: boolean;
  children?: ReactNode;
};

/** The card's link to the note: the cover, and the title (`children`: how it is shown). */
function CardLink({ note, title, coverNode, titleRef, titleStyle, hidden = false, children }: CardLinkProps) {
  const { t } = useTranslation();
  const onClickCapture = (event: { preventDefault: () => void }) => {
    if (!hidden) return;
    event.preventDefault();
    reveal(note.id);
  };
  // A text-only sensitive note blurs its words instead of a cover.
  const blurTitle = hidden && !note.cover;
  return (
    <Link to={`/n/${note.id}`} className="note-card__link" onClickCapture={onClickCapture} aria-label={hidden ? t('sensitive.label') : undefined}>
      {coverNode}
      {blurTitle ? <SensitiveBadge /> : null}
      {title ? (
        <span
          ref={titleRef}
          className={`note-card__title ${note.cover ? '' : 'note-card__title--text-only'} ${blurTitle ? 'note-card__title--sensitive' : ''}`}
          style={titleStyle}
        >
          {children}
        </span>
      ) : null}
    </Link>
  );
}

/** The link, with a title that can be swapped for its translation; and, outside the link, the bar that swaps it. */
function TranslatableCardLink({ note, title, highlight, coverNode, hidden }: CardLinkProps & { highlight: readonly string[] | undefined }) {
  const translation = useCardTranslation(note, title, !note.cover);
  return (
    <>
      <CardLink note={note} title={title} coverNode={coverNode} titleRef={translation.ref} titleStyle={translation.style} hidden={hidden}>
        {translation.text !== null ? (
          // The translation, unmarked (the matches were the original's words).
          <span lang={translation.state.target} data-testid="translated-text">
            {translation.text}
          </span>
        ) : (
          <Highlighted text={title} words={highlight} />
        )}
      </CardLink>
      {translation.state.offered ? <CardTranslateBar state={translation.state} title={title} style={translation.barStyle} barRef={translation.barRef} /> : null}
    </>
  );
}

export function NoteCard({ note, sizes, action, position, setSize, menu, highlight, translate = false }: NoteCardProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [menuOpen, setMenuOpen] = useState(false);
  const hasMenu = Boolean(menu?.length);
  const longPress = useLongPress(hasMenu, () => setMenuOpen(true));
  const cover = note.cover ?? undefined;
  const title = cardTitle(note);
  // Its author sees their own note as it is (its page says it was marked).
  const hidden = useHidden(note.id, note.moderation?.sensitive === true && !note.viewer.isAuthor);
  const coverNode = cover ? (
    <Cover media={cover} sizes={sizes} video={note.kind === 'video'} eager={position !== undefined && position <= EAGER_COVERS} hidden={hidden} />
  ) : null;
  const visibility =
    note.viewer.isAuthor && note.visibility !== 'public' ? t(note.visibility === 'followers' ? 'noteCard.followersOnly' : 'noteCard.onlyMe') : null;
  return (
    <article
      className={`note-card ${hasMenu ? 'note-card--menu' : ''} ${menuOpen ? 'note-card--menu-open' : ''}`}
      aria-posinset={position}
      aria-setsize={setSize}
      data-note-id={note.id}
      {...longPress}
    >
      {translate ? (
        <TranslatableCardLink note={note} title={title} highlight={highlight} coverNode={coverNode} hidden={hidden} />
      ) : (
        <CardLink note={note} title={title} coverNode={coverNode} hidden={hidden}>
          <Highlighted text={title} words={highlight} />
        </CardLink>
      )}
      {visibility || note.status !== 'published' ? (
        <span className="note-card__tags">
          {visibility ? <span className="note-card__badge">{visibility}</span> : null}
          {note.status === 'processing' ? <span className="note-card__badge">{t('noteCard.processing')}</span> : null}
          {note.status === 'failed' ? <span className="note-card__badge note-card__badge--failed">{t('noteCard.failed')}</span> : null}
        </span>
      ) : null}
      {action ? <div className="note-card__action">{action}</div> : null}
      <div className="note-card__meta">
        <Link to={`/u/${note.author.handle}`} className="note-card__author">
          <Avatar user={note.author} size="sm" />
          <span className="note-card__name">{note.author.displayName}</span>
        </Link>
        <span className={`note-card__likes ${note.viewer.liked ? 'note-card__likes--on' : ''}`}>
          {note.viewer.liked ? <HeartFilledIcon size={14} /> : <HeartOutlineIcon size={14} />}
          <span className="visually-hidden">{note.viewer.liked ? t('noteCard.liked') : t('noteCard.likes')}: </span>
          <span data-testid="like-count">{formatCount(note.counts.likes, lang)}</span>
        </span>
        {hasMenu && menu ? (
          <Menu
            className="note-card__menu"
            triggerClassName="note-card__more"
            label={t('feed.cardMenu', { title: title.slice(0, 40) || note.author.displayName })}
            trigger={<MoreIcon size={16} />}
            items={menu}
            open={menuOpen}
            onOpenChange={setMenuOpen}
          />
        ) : null}
      </div>
    </article>
  );
}
