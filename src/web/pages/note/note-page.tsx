// /n/:id — a note: media carousel beside (desktop) or above (phone) the text, comments below, and
// the like / collect / comment / share bar. Signed-out readers are sent to log in when they act.
import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import type { Reply } from '../../../shared/api/comments.ts';
import type { Note } from '../../../shared/api/notes.ts';
import { NOTE_PAGE_PHOTO_SIZES } from '../../../shared/photo-sources.ts';
import { useMe } from '../../api/accounts.ts';
import { useCollectNote } from '../../api/boards.ts';
import { isApiError } from '../../api/client.ts';
import { commentContextKeys } from '../../api/comment-context.ts';
import { useDeleteNote, useLikeNote, useNote, useRetryNote, useUpdateNote } from '../../api/notes.ts';
import { ActionBar } from '../../components/action-bar.tsx';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Carousel, frameRatio } from '../../components/carousel.tsx';
import { CollectSheet } from '../../components/collect-sheet.tsx';
import { Comments } from '../../components/comments.tsx';
import { CommentComposer, type ReplyTarget } from '../../components/comments-composer.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { NoteIcon } from '../../components/icons.tsx';
import { NoteGroupCard } from '../../components/note-group-card.tsx';
import { useReporter } from '../../components/report-sheet.tsx';
import { loginPath } from '../../components/require-auth.tsx';
import { SensitiveCover } from '../../components/sensitive-cover.tsx';
import { ShareSheet } from '../../components/share-sheet.tsx';
import { describeError } from '../../lib/errors.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { useDwell } from '../../lib/use-signals.ts';
import { NoteHeader } from './note-header.tsx';
import { NoteModerationBanner, NoteRemoved } from './note-moderation.tsx';
import { NoteSubtitlesEditor } from './note-subtitles.tsx';
import { NoteEditForm, NoteText } from './note-text.tsx';
import './note-page.css';

export function NotePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const note = useNote(id);
  const me = useMe();
  // The note arrives as a store update, rendered in one piece; its deferred copy renders the page as
  // a transition, in slices that leave the main thread free (no long task on a slow phone).
  const data = useDeferredValue(note.data);
  usePageTitle(note.data ? note.data.title || excerpt(note.data.body) : null);

  if (note.isPending || me.isPending) return <Spinner label={t('common.loading')} />;
  if (note.isError) {
    // Moderators removed it: its author learns why (and may appeal); everyone else gets the 404.
    if (isApiError(note.error, 'removed')) return <NoteRemoved noteId={id} error={note.error} />;
    if (isApiError(note.error) && (note.error.status === 404 || note.error.status === 400)) {
      return (
        <EmptyState
          icon={<NoteIcon size={32} />}
          title={t('note.notFoundTitle')}
          body={t('note.notFoundBody')}
          actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
        />
      );
    }
    return <EmptyState tone="error" title={describeError(t, note.error)} actions={<Button onClick={() => void note.refetch()}>{t('common.retry')}</Button>} />;
  }
  if (!data) return <Spinner label={t('common.loading')} />;
  // Keyed by id: moving to another note starts with fresh state (no half-written reply carried over).
  return <NoteView key={data.id} note={data} me={me.data ?? null} />;
}

function NoteView({ note, me }: { note: Note; me: Me | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  // A notification's link to one comment: `/n/:id?comment=<commentId>`.
  const focusCommentId = new URLSearchParams(location.search).get('comment');
  const like = useLikeNote(note.id);
  const collect = useCollectNote(note.id);
  const update = useUpdateNote(note.id);
  const remove = useDeleteNote(note.id);
  const retry = useRetryNote(note.id);
  const { toast, show, dismiss } = useToast();
  const reporter = useReporter(show);
  const [editing, setEditing] = useState(false);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [shareOpen, setShareOpen] = useState(false);
  const [composing, setComposing] = useState(false);
  const [replyTo, setReplyTo] = useState<ReplyTarget | null>(null);
  const [focusKey, setFocusKey] = useState(0);
  // How long the note is read (the document visible), for the feeds to learn from.
  useDwell(note.status === 'published' ? note.id : null);

  /** Signed out? Off to log in (and back here after). Returns true when it sent them. */
  const requireLogin = () => {
    if (me) return false;
    void navigate(loginPath(location.pathname));
    return true;
  };

  const openComposer = (target: ReplyTarget | null) => {
    if (requireLogin()) return;
    if (!note.commentsEnabled) {
      show(t('comments.off'));
      return;
    }
    setReplyTo(target);
    setComposing(true);
    setFocusKey((k) => k + 1);
  };

  const onCollect = () => {
    if (requireLogin()) return;
    const on = !note.viewer.collected;
    collect.mutate(on, {
      onSuccess: () => {
        if (on) show(t('note.collected'), { label: t('note.addToBoard'), onClick: () => setSheetOpen(true) });
      },
      onError: (error) => show(describeError(t, error)),
    });
  };

  const shareUrl = () => new URL(`/n/${note.id}`, window.location.origin).href;
  const nativeShare = typeof navigator.share === 'function';

  const copyLink = async () => {
    const url = shareUrl();
    try {
      await navigator.clipboard.writeText(url);
      show(t('note.linkCopied'));
    } catch {
      show(t('note.copyFailed', { url }));
    }
  };

  /** The system's share sheet where there is one (phones), else copy the link. */
  const systemShare = async () => {
    const url = shareUrl();
    const title = note.title || note.body.slice(0, 40);
    if (nativeShare) {
      try {
        await navigator.share({ title, url });
        return;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'AbortError') return; // the person closed the sheet
      }
    }
    await copyLink();
  };

  /** Signed in: the share sheet (send to a chat, copy link). Signed out: the system's share, or copy the link. */
  const onShare = async () => {
    if (me) {
      setShareOpen(true);
      return;
    }
    await systemShare();
  };

  const onDelete = () => {
    if (!window.confirm(t('note.deleteConfirm'))) return;
    remove.mutate(undefined, {
      onSuccess: () => void navigate(me ? `/u/${me.handle}` : '/', { replace: true }),
      onError: (error) => show(describeError(t, error)),
    });
  };

  const onReply = (comment: Reply) => {
    if (comment.author) openComposer({ id: comment.id, handle: comment.author.handle });
  };

  const ratio = frameRatio(note.media[0]);

  return (
    <article className="note-page" data-note-id={note.id}>
      <NoteHeader
        note={note}
        signedIn={me !== null}
        menu={{
          onEdit: () => setEditing(true),
          onToggleComments: () => update.mutate({ commentsEnabled: !note.commentsEnabled }, { onError: (error) => show(describeError(t, error)) }),
          onDelete,
          onReport: () => reporter.open({ type: 'note', id: note.id }),
        }}
      />
      <div className="note-page__media" style={{ ['--frame-ratio' as string]: String(ratio) }}>
        <SensitiveCover noteId={note.id} sensitive={note.moderation?.sensitive === true && !note.viewer.isAuthor}>
          <Carousel media={note.media} label={note.title || note.body.slice(0, 60)} sizes={NOTE_PAGE_PHOTO_SIZES} globalKeys />
        </SensitiveCover>
      </div>
      <div className="note-page__side">
        <NoteModerationBanner note={note} />
        {note.status === 'processing' ? <p className="note-page__notice">{t('note.processingNote')}</p> : null}
        {note.status === 'failed' ? (
          <div className="note-page__notice note-page__notice--failed" role="alert" data-testid="note-failed">
            <p>{t('note.failedNote')}</p>
            <div className="note-page__notice-actions">
              <Button
                variant="primary"
                size="sm"
                disabled={retry.isPending}
                onClick={() => retry.mutate(undefined, { onError: (error) => show(describeError(t, error)) })}
              >
                {t('note.retryVideo')}
              </Button>
              <Button variant="secondary" size="sm" onClick={onDelete}>
                {t('note.delete')}
              </Button>
            </div>
          </div>
        ) : null}
        {editing ? <NoteEditForm note={note} onDone={() => setEditing(false)} /> : <NoteText note={note} />}
        {editing && note.kind === 'video' ? <NoteSubtitlesEditor noteId={note.id} noteLang={note.lang} /> : null}
        {editing ? null : <NoteGroupCard noteId={note.id} signedIn={me !== null} />}
        <Comments
          noteId={note.id}
          noteAuthor={note.author.handle}
          count={note.counts.comments}
          enabled={note.commentsEnabled}
          requireLogin={requireLogin}
          onReply={onReply}
          onReport={me ? (c) => reporter.open({ type: 'comment', id: c.id }) : undefined}
          me={me?.handle ?? null}
          focusId={focusCommentId}
        />
        <div className="note-page__bar">
          <ActionBar
            liked={note.viewer.liked}
            likes={note.counts.likes}
            onLike={() => {
              if (!requireLogin()) like.mutate(!note.viewer.liked, { onError: (error) => show(describeError(t, error)) });
            }}
            collected={note.viewer.collected}
            collects={note.counts.collects}
            onCollect={onCollect}
            onChooseBoard={() => {
              if (!requireLogin()) setSheetOpen(true);
            }}
            comments={note.counts.comments}
            onComment={() => openComposer(null)}
            onShare={() => void onShare()}
            composing={composing}
            composer={
              me ? (
                <CommentComposer
                  noteId={note.id}
                  enabled={note.commentsEnabled}
                  open={composing}
                  focusKey={focusKey}
                  replyTo={replyTo}
                  onOpen={() => openComposer(null)}
                  onClose={() => {
                    setComposing(false);
                    setReplyTo(null);
                  }}
                  onCancelReply={() => {
                    setReplyTo(null);
                    setFocusKey((k) => k + 1);
                  }}
                  onPosted={(id) => {
                    // A reply in a pinned thread (a link to one comment) shows there too.
                    if (focusCommentId) void queryClient.invalidateQueries({ queryKey: commentContextKeys.all() });
                    // Show what was just written, wherever in the list it landed.
                    requestAnimationFrame(() => document.querySelector(`[data-comment-id="${id}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
                  }}
                />
              ) : (
                <button type="button" className="comment-box__pill" onClick={requireLogin}>
                  {t('comments.logInToComment')}
                </button>
              )
            }
          />
        </div>
      </div>
      {me ? <CollectSheet open={sheetOpen} onClose={() => setSheetOpen(false)} noteId={note.id} me={me.handle} /> : null}
      {me ? (
        <ShareSheet
          open={shareOpen}
          onClose={() => setShareOpen(false)}
          noteId={note.id}
          myHandle={me.handle}
          onSent={(conversation) => {
            setShareOpen(false);
            show(t('shareChat.sentTo', { name: conversation.name }), { label: t('chat.open'), onClick: () => void navigate(`/messages/${conversation.id}`) });
          }}
          onCopyLink={() => {
            setShareOpen(false);
            void copyLink();
          }}
          onReport={
            note.viewer.isAuthor
              ? undefined
              : () => {
                  setShareOpen(false);
                  reporter.open({ type: 'note', id: note.id });
                }
          }
          onNativeShare={
            nativeShare
              ? () => {
                  setShareOpen(false);
                  void systemShare();
                }
              : undefined
          }
        />
      ) : null}
      {me ? reporter.sheet : null}
      <Toast toast={toast} onDismiss={dismiss} />
    </article>
  );
}

/** A note without a title is named by the start of its text in the tab. */
function excerpt(body: string): string {
  const line =
    body
      .split('\n')
      .find((l) => l.trim().length > 0)
      ?.trim() ?? '';
  const chars = Array.from(line);
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : line;
}
