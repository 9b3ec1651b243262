// The comment box in the note's action bar: a "Say something…" pill that opens into a text box,
// showing whom a reply answers. Enter sends (Shift+Enter for a new line); Escape closes.
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_LIMITS } from '../../shared/rules/notes.ts';
import { weightedLength } from '../../shared/text/weighted-length.ts';
import { useCreateComment } from '../api/comments.ts';
import { describeError, fieldErrors } from '../lib/errors.ts';
import { CloseIcon } from './action-bar-icons.tsx';
import './comments.css';

const COMMENT_MAX = NOTE_LIMITS.commentUnits;

export type ReplyTarget = { id: string; handle: string };

export type CommentComposerProps = {
  noteId: string;
  enabled: boolean;
  open: boolean;
  /** Changes whenever the box should take focus again (e.g. "Reply" on another comment). */
  focusKey: number;
  replyTo: ReplyTarget | null;
  onOpen: () => void;
  onClose: () => void;
  onCancelReply: () => void;
  onPosted?: (id: string) => void;
};

export function CommentComposer({ noteId, enabled, open, focusKey, replyTo, onOpen, onClose, onCancelReply, onPosted }: CommentComposerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const create = useCreateComment(noteId);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const units = weightedLength(text);
  const over = units > COMMENT_MAX;
  const canSend = text.trim() !== '' && !over && !create.isPending;

  // Opening, and each new focusKey (e.g. "Reply" on another comment while the box is open), focuses it.
  useEffect(() => {
    if (open && focusKey >= 0) box.current?.focus();
  }, [open, focusKey]);

  if (!open) {
    return (
      <button type="button" className="comment-box__pill" onClick={onOpen} disabled={!enabled}>
        {enabled ? t('comments.placeholder') : t('comments.placeholderOff')}
      </button>
    );
  }

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    create.mutate(
      { body: text.trim(), ...(replyTo ? { replyTo: replyTo.id } : {}) },
      {
        onSuccess: (comment) => {
          setText('');
          onPosted?.(comment.id);
          onClose();
        },
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      // Chinese input methods confirm a word with Enter; only a bare Enter outside composition sends.
      event.preventDefault();
      send();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  const error = create.isError ? (fieldErrors(create.error, t).body ?? describeError(t, create.error)) : null;

  return (
    <form className="comment-box" onSubmit={send}>
      {replyTo ? (
        <p className="comment-box__replying">
          <span>{t('comments.replyingTo', { handle: replyTo.handle })}</span>
          <button type="button" className="comment-box__cancel" onClick={onCancelReply} aria-label={t('comments.cancelReply')}>
            <CloseIcon size={14} />
          </button>
        </p>
      ) : null}
      <div className="comment-box__row">
        <label htmlFor={id} className="visually-hidden">
          {replyTo ? t('comments.replyingTo', { handle: replyTo.handle }) : t('comments.label')}
        </label>
        <textarea
          id={id}
          ref={box}
          className="comment-box__input"
          value={text}
          rows={1}
          placeholder={replyTo ? t('comments.replyingTo', { handle: replyTo.handle }) : t('comments.placeholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-invalid={over || undefined}
          enterKeyHint="send"
        />
        <button type="button" className="comment-box__close" onClick={onClose} aria-label={t('common.cancel')}>
          <CloseIcon size={18} />
        </button>
        <button type="submit" className="comment-box__send" disabled={!canSend}>
          {create.isPending ? t('comments.sending') : t('comments.send')}
        </button>
      </div>
      {over ? <p className="comment-box__error">{t('comments.tooLong', { count: units, max: COMMENT_MAX })}</p> : null}
      {error ? (
        <p className="comment-box__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
