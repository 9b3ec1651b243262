// A note's comments: threads newest first, each with its replies one level in ("replying to @x"),
// "show N more replies" paging through the rest, and "More comments" at the end. A link to one
// comment (`?comment=`) pins its thread on top, highlighted and scrolled into view, wherever it sits.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Comment, Reply } from '../../shared/api/comments.ts';
import { patchCommentContexts, useCommentContext } from '../api/comment-context.ts';
import { useComments, useDeleteComment, useLikeComment, useReplies } from '../api/comments.ts';
import { describeError } from '../lib/errors.ts';
import { Button } from './button.tsx';
import { CommentItem } from './comments-item.tsx';
import './comments.css';

export type CommentsProps = {
  noteId: string;
  noteAuthor: string;
  count: number;
  enabled: boolean;
  /** Signed out: the action should send the person to log in instead. */
  requireLogin: () => boolean;
  onReply: (comment: Reply) => void;
  /** Report someone else's comment (signed-in readers; `me` is whose comments are their own). */
  onReport?: (comment: Reply) => void;
  me?: string | null;
  /** A comment or reply to show first, highlighted (from `?comment=` in a notification's link). */
  focusId?: string | null;
};

type Handlers = {
  noteAuthor: string;
  canReply: boolean;
  onReply: (c: Reply) => void;
  onLike: (c: Reply) => void;
  onDelete: (c: Reply) => void;
  onReport?: (c: Reply) => void;
  me?: string | null;
  /** The comment a link pointed at. */
  highlightId?: string | null;
};

function Thread({ head, pinned = false, ...handlers }: { head: Comment; pinned?: boolean } & Handlers) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const more = useReplies(head.id, head.repliesCursor, expanded && !!head.repliesCursor);
  // The inlined replies, then the fetched ones; a reply just written may be in both.
  const replies: Reply[] = [];
  const seen = new Set<string>();
  for (const r of [...(head.replies ?? []), ...(more.data?.pages ?? []).flatMap((p) => p.items)]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    replies.push(r);
  }
  const exhausted = expanded && !!more.data && !more.hasNextPage;
  const hidden = exhausted ? 0 : Math.max(0, head.replyCount - replies.length);
  const headHandle = head.author?.handle ?? null;

  const showMore = () => {
    if (!expanded) setExpanded(true);
    else void more.fetchNextPage();
  };

  return (
    <li className={pinned ? 'thread thread--pinned' : 'thread'}>
      <CommentItem comment={head} {...handlers} />
      {replies.length > 0 || hidden > 0 ? (
        <div className="thread__replies">
          {replies.length > 0 ? (
            <ul className="thread__list">
              {replies.map((r) => (
                <li key={r.id}>
                  <CommentItem comment={r} answers={r.replyTo?.handle ?? headHandle} {...handlers} />
                </li>
              ))}
            </ul>
          ) : null}
          {hidden > 0 && head.repliesCursor ? (
            <button type="button" className="thread__more" onClick={showMore} disabled={more.isFetching}>
              {more.isFetching ? t('common.loading') : t('comments.showMoreReplies', { count: hidden })}
            </button>
          ) : null}
          {more.isError ? <p className="comments__error">{describeError(t, more.error)}</p> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The linked comment's thread, with the linked reply after the inlined ones if it is further down. */
function pinnedThread(context: { head: Comment; reply: Reply | null } | undefined): Comment | null {
  if (!context) return null;
  const { head, reply } = context;
  const inline = head.replies ?? [];
  return reply && !inline.some((r) => r.id === reply.id) ? { ...head, replies: [...inline, reply] } : head;
}

const toggleLike =
  (on: boolean) =>
  (c: Reply): Reply =>
    c.viewer.liked === on ? c : { ...c, viewer: { ...c.viewer, liked: on }, likeCount: Math.max(0, c.likeCount + (on ? 1 : -1)) };

export function Comments({ noteId, noteAuthor, count, enabled, requireLogin, onReply, onReport, me = null, focusId = null }: CommentsProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const comments = useComments(noteId);
  const like = useLikeComment(noteId);
  const remove = useDeleteComment(noteId);
  const context = useCommentContext(focusId);
  const pinned = pinnedThread(context.data);
  // The pinned thread is not shown twice.
  const threads = (comments.data?.pages ?? []).flatMap((p) => p.items).filter((c) => c.id !== pinned?.id);

  // Once the linked comment is on the page, bring it into view (once per link).
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!focusId || !pinned || scrolledTo.current === focusId) return;
    const el = document.querySelector<HTMLElement>(`.thread--pinned [data-comment-id="${CSS.escape(focusId)}"]`);
    if (!el) return;
    scrolledTo.current = focusId;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [focusId, pinned]);

  const handlers: Handlers = {
    noteAuthor,
    canReply: enabled,
    onReply: (c) => {
      if (!requireLogin()) onReply(c);
    },
    onLike: (c) => {
      if (requireLogin()) return;
      const on = !c.viewer.liked;
      patchCommentContexts(queryClient, c.id, toggleLike(on));
      like.mutate({ id: c.id, on }, { onError: () => patchCommentContexts(queryClient, c.id, toggleLike(!on)) });
    },
    onDelete: (c) => {
      if (window.confirm(t('comments.deleteConfirm'))) remove.mutate(c.id);
    },
    onReport,
    me,
    highlightId: focusId,
  };

  return (
    <section className="comments" aria-labelledby={`comments-${noteId}`}>
      <h2 className="comments__title" id={`comments-${noteId}`}>
        {t('comments.count', { count })}
      </h2>
      {!enabled ? <p className="comments__off">{t('comments.off')}</p> : null}
      {focusId && context.isError ? (
        <p className="comments__off" role="status">
          {t('commentLink.gone')}
        </p>
      ) : null}
      {pinned ? (
        <ul className="comments__list" aria-label={t('commentLink.pinned')}>
          <Thread key={`pinned-${pinned.id}`} head={pinned} pinned {...handlers} />
        </ul>
      ) : null}
      {comments.isPending ? (
        <p className="comments__status muted">{t('common.loading')}</p>
      ) : comments.isError ? (
        <div className="comments__status">
          <p className="comments__error">{describeError(t, comments.error)}</p>
          <Button variant="secondary" size="sm" onClick={() => void comments.refetch()}>
            {t('common.retry')}
          </Button>
        </div>
      ) : threads.length === 0 ? (
        enabled && !pinned ? (
          <p className="comments__status muted">{t('comments.empty')}</p>
        ) : null
      ) : (
        <ul className="comments__list">
          {threads.map((c) => (
            <Thread key={c.id} head={c} {...handlers} />
          ))}
        </ul>
      )}
      {remove.isError || like.isError ? (
        <p className="comments__error" role="alert">
          {describeError(t, remove.error ?? like.error)}
        </p>
      ) : null}
      {comments.hasNextPage ? (
        <Button variant="secondary" size="sm" className="comments__more" onClick={() => void comments.fetchNextPage()} loading={comments.isFetchingNextPage}>
          {t('comments.loadMore')}
        </Button>
      ) : null}
    </section>
  );
}
