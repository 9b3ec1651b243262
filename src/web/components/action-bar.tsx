// The note's like / collect / comment / share bar. Presentational: the note page wires the actions.
// Collect: a tap collects into "Saved"; a long press (or the chevron) opens the board picker.
import { type ReactNode, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useUiLanguage } from '../i18n/index.ts';
import { formatCount } from '../lib/format.ts';
import { ChevronDownIcon, CommentIcon, HeartIcon, ShareIcon, StarIcon } from './action-bar-icons.tsx';
import './action-bar.css';

const LONG_PRESS_MS = 500;

export type ActionBarProps = {
  liked: boolean;
  likes: number;
  onLike: () => void;
  collected: boolean;
  collects: number;
  onCollect: () => void;
  onChooseBoard: () => void;
  comments: number;
  onComment: () => void;
  onShare: () => void;
  /** The comment box, at the start of the bar. */
  composer: ReactNode;
  /** While writing a comment the box takes the whole bar. */
  composing: boolean;
};

export function ActionBar(props: ActionBarProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const pressTimer = useRef<number | null>(null);
  const longPressed = useRef(false);

  const startPress = () => {
    longPressed.current = false;
    pressTimer.current = window.setTimeout(() => {
      longPressed.current = true;
      props.onChooseBoard();
    }, LONG_PRESS_MS);
  };
  const endPress = () => {
    if (pressTimer.current !== null) window.clearTimeout(pressTimer.current);
    pressTimer.current = null;
  };

  return (
    <div className={`action-bar ${props.composing ? 'action-bar--composing' : ''}`}>
      <div className="action-bar__composer">{props.composer}</div>
      <div className="action-bar__buttons">
        <button
          type="button"
          className={`action-bar__button ${props.liked ? 'action-bar__button--on action-bar__button--like' : ''}`}
          aria-pressed={props.liked}
          aria-label={t('note.like')}
          onClick={props.onLike}
        >
          <HeartIcon filled={props.liked} />
          <span className="action-bar__count" data-testid="like-count">
            {formatCount(props.likes, lang)}
          </span>
        </button>
        <span className="action-bar__collect">
          <button
            type="button"
            className={`action-bar__button ${props.collected ? 'action-bar__button--on action-bar__button--collect' : ''}`}
            aria-pressed={props.collected}
            aria-label={t('note.collect')}
            onClick={() => {
              if (longPressed.current) longPressed.current = false;
              else props.onCollect();
            }}
            onPointerDown={(e) => {
              if (e.button === 0) startPress();
            }}
            onPointerUp={endPress}
            onPointerLeave={endPress}
            onPointerCancel={endPress}
            onContextMenu={(e) => {
              // A long press on a phone (or a right click): choose the board instead.
              e.preventDefault();
              endPress();
              if (!longPressed.current) props.onChooseBoard();
            }}
          >
            <StarIcon filled={props.collected} />
            <span className="action-bar__count" data-testid="collect-count">
              {formatCount(props.collects, lang)}
            </span>
          </button>
          <button type="button" className="action-bar__chevron" aria-label={t('note.chooseBoard')} aria-haspopup="dialog" onClick={props.onChooseBoard}>
            <ChevronDownIcon size={16} />
          </button>
        </span>
        <button type="button" className="action-bar__button" aria-label={t('note.comment')} onClick={props.onComment}>
          <CommentIcon />
          <span className="action-bar__count" data-testid="comment-count">
            {formatCount(props.comments, lang)}
          </span>
        </button>
        <button type="button" className="action-bar__button action-bar__button--share" aria-label={t('note.share')} onClick={props.onShare}>
          <ShareIcon />
        </button>
      </div>
    </div>
  );
}
