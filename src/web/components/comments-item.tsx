// One comment or reply: who, what (from entities), when, and its like / reply / delete actions.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Reply } from '../../shared/api/comments.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { formatCount, formatDateTime } from '../lib/format.ts';
import { HeartIcon } from './action-bar-icons.tsx';
import { Avatar } from './avatar.tsx';
import { formatAgo } from './comments-time.ts';
import { RichText } from './rich-text.tsx';
import { TranslateBar, TranslatedText, useTranslatable } from './translate.tsx';

export type CommentItemProps = {
  comment: Reply;
  /** The note's author's handle: their comments carry an "Author" mark. */
  noteAuthor: string;
  /** For a reply: whom it answers (the reply-to-reply target, else the thread's head). */
  answers?: string | null;
  /** False while the note's comments are off. */
  canReply: boolean;
  onReply: (comment: Reply) => void;
  onLike: (comment: Reply) => void;
  onDelete: (comment: Reply) => void;
  /** Report it: offered on others' comments only (`me`: the signed-in reader's handle). */
  onReport?: (comment: Reply) => void;
  me?: string | null;
  /** The comment a link pointed at: this one is highlighted when its id matches. */
  highlightId?: string | null;
};

export function CommentItem({ comment, noteAuthor, answers, canReply, onReply, onLike, onDelete, onReport, me, highlightId }: CommentItemProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const translation = useTranslatable({ kind: 'comment', id: comment.id }, comment.langs, comment.body);
  const tr = translation.mode !== 'original' ? translation.data : undefined;
  const reply = comment.parentId !== null;
  const author = comment.author;
  const highlighted = highlightId === comment.id;
  // Focusable only when a link pointed here, so the reader's keyboard starts at it.
  const linked = highlighted ? { tabIndex: -1, 'data-highlighted': 'true' } : {};
  const classes = (...names: string[]) =>
    ['comment', reply ? 'comment--reply' : '', highlighted ? 'comment--highlight' : '', ...names].filter(Boolean).join(' ');

  if (comment.deleted || !author) {
    return (
      <div className={classes('comment--deleted')} data-comment-id={comment.id} {...linked}>
        <span className="comment__avatar-gap" aria-hidden="true" />
        <p className="comment__deleted">{t('comments.deleted')}</p>
      </div>
    );
  }

  const isNoteAuthor = author.handle.toLowerCase() === noteAuthor.toLowerCase();
  return (
    <div className={classes()} data-comment-id={comment.id} {...linked}>
      <Link to={`/u/${author.handle}`} className="comment__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar user={author} size="sm" />
      </Link>
      <div className="comment__main">
        <p className="comment__head">
          <Link to={`/u/${author.handle}`} className="comment__name">
            {author.displayName || author.handle}
          </Link>
          {isNoteAuthor ? <span className="comment__badge">{t('comments.author')}</span> : null}
        </p>
        {reply && answers ? (
          <p className="comment__replying" data-testid="replying-to">
            {t('comments.replyingTo', { handle: answers })}
          </p>
        ) : null}
        {tr ? (
          <TranslatedText
            className="comment__body"
            text={tr.body}
            segments={tr.segments.body}
            mode={translation.mode === 'both' ? 'both' : 'translated'}
            target={translation.target}
          />
        ) : (
          <RichText className="comment__body" text={comment.body} entities={comment.entities} lang={comment.lang} />
        )}
        <TranslateBar state={translation} />
        <p className="comment__meta">
          <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt, lang)}>
            {formatAgo(comment.createdAt, lang)}
          </time>
          {canReply ? (
            <button type="button" className="comment__action" onClick={() => onReply(comment)}>
              {t('comments.reply')}
            </button>
          ) : null}
          {comment.viewer.canDelete ? (
            <button type="button" className="comment__action" onClick={() => onDelete(comment)}>
              {t('comments.delete')}
            </button>
          ) : null}
          {onReport && me && author.handle.toLowerCase() !== me.toLowerCase() ? (
            <button type="button" className="comment__action comment__action--quiet" onClick={() => onReport(comment)}>
              {t('report.action')}
            </button>
          ) : null}
        </p>
      </div>
      <button
        type="button"
        className={`comment__like ${comment.viewer.liked ? 'comment__like--on' : ''}`}
        aria-pressed={comment.viewer.liked}
        aria-label={t('comments.like')}
        onClick={() => onLike(comment)}
      >
        <HeartIcon size={16} filled={comment.viewer.liked} />
        <span>{comment.likeCount > 0 ? formatCount(comment.likeCount, lang) : ''}</span>
      </button>
    </div>
  );
}
