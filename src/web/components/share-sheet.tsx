// A note's share sheet for signed-in readers: "Send to chat" — my recent conversations (filtered as I
// type; a handle I have no DM with starts one), an optional message to go with the note, one tap on a
// person or group sends it — beside "Copy link" and the system's own share (where there is one).

import type { TFunction } from 'i18next';
import { type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../shared/api/messages.ts';
import { isApiError } from '../api/client.ts';
import { ShareError, type ShareTo, useConversationPages, useShareNote } from '../api/messages.ts';
import { describeError } from '../lib/errors.ts';
import { filterConversations, handleToStart } from '../lib/share-targets.ts';
import { AlertIcon, LinkIcon, ShareIcon } from './action-bar-icons.tsx';
import { Avatar } from './avatar.tsx';
import { Button } from './button.tsx';
import { UsersIcon } from './chat/chat-icons.tsx';
import { PlusIcon, SearchIcon } from './icons.tsx';
import { Sheet, SheetHead } from './sheet.tsx';
import './share-sheet.css';

const COMMENT_MAX = 200;

export type ShareSheetProps = {
  open: boolean;
  onClose: () => void;
  noteId: string;
  myHandle: string;
  /** The note went to this conversation (the sheet is closed by the page). */
  onSent: (conversation: { id: string; name: string }) => void;
  onCopyLink: () => void;
  /** The system share sheet, where the browser has one. */
  onNativeShare?: () => void;
  /** Report the note (someone else's). */
  onReport?: () => void;
};

export function ShareSheet(props: ShareSheetProps) {
  const titleId = useId();
  return (
    <Sheet open={props.open} onClose={props.onClose} labelledBy={titleId} className="share-sheet">
      <ShareBody {...props} titleId={titleId} />
    </Sheet>
  );
}

/** Why a share failed, in the reader's words (the server's codes that matter here). */
function shareErrorText(t: TFunction, error: unknown, handle: string | null): string {
  const stage = error instanceof ShareError ? error.stage : 'send';
  const cause = error instanceof ShareError ? error.error : error;
  if (stage === 'start' && isApiError(cause) && cause.status === 404) return t('shareChat.noOne', { handle: handle ?? '' });
  if (isApiError(cause, 'self_target')) return t('shareChat.self');
  if (stage === 'start' && isApiError(cause, 'rate_limited')) return t('shareChat.strangerQuota');
  if (isApiError(cause, 'rate_limited')) return t('chat.errors.rate_limited');
  if (isApiError(cause, 'blocked')) return t('chat.errors.blocked');
  if (isApiError(cause, 'request_pending')) return t('chat.errors.request_pending');
  if (isApiError(cause, 'conversation_ended')) return t('chat.endedNotice');
  return describeError(t, cause);
}

function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `s${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

function ShareBody({ titleId, onClose, noteId, myHandle, onSent, onCopyLink, onNativeShare, onReport }: ShareSheetProps & { titleId: string }) {
  const { t } = useTranslation();
  const list = useConversationPages('inbox');
  const share = useShareNote();
  const [query, setQuery] = useState('');
  const [comment, setComment] = useState('');
  // One id per (target, comment) attempt: tapping again after a failure retries the same message.
  const attempt = useRef<{ key: string; clientId: string } | null>(null);
  const all = (list.data?.pages ?? []).flatMap((p) => p.items);
  const shown = filterConversations(all, query);
  const handle = handleToStart(all, query, myHandle);
  const busy = share.isPending;
  const targetOf = (to: ShareTo) => ('conversation' in to ? to.conversation.id : `@${to.handle.toLowerCase()}`);
  const pendingKey = share.isPending && share.variables ? targetOf(share.variables.to) : null;
  const failedHandle = share.variables && 'handle' in share.variables.to ? share.variables.to.handle : null;

  const send = (to: ShareTo) => {
    if (busy) return;
    const key = `${targetOf(to)}\n${comment.trim()}`;
    if (attempt.current?.key !== key) attempt.current = { key, clientId: newClientId() };
    share.mutate(
      { to, note: noteId, comment, clientId: attempt.current.clientId },
      { onSuccess: ({ conversation }) => onSent({ id: conversation.id, name: conversation.name }) },
    );
  };

  let rows: ReactNode;
  if (list.isPending) rows = <p className="sheet__status muted">{t('common.loading')}</p>;
  else if (list.isError) rows = <p className="sheet__status sheet__error">{describeError(t, list.error)}</p>;
  else if (shown.length === 0 && !handle) rows = <p className="sheet__status muted">{query.trim() ? t('shareChat.noMatch') : t('shareChat.none')}</p>;
  else
    rows = (
      <ul className="sheet__list" aria-label={t('shareChat.recent')}>
        {shown.map((c) => (
          <TargetRow
            key={c.id}
            face={<Avatar user={faceOf(c)} size="md" />}
            name={c.name}
            sub={c.kind === 'group' ? t('chat.members', { count: c.memberCount }) : `@${c.peer?.handle ?? ''}`}
            group={c.kind === 'group'}
            sending={pendingKey === c.id}
            disabled={busy}
            onSend={() => send({ conversation: c })}
          />
        ))}
        {handle ? (
          <TargetRow
            face={<PlusIcon size={20} />}
            name={t('shareChat.newDm', { handle })}
            sub={t('shareChat.newDmHint')}
            sending={pendingKey === `@${handle.toLowerCase()}`}
            disabled={busy}
            onSend={() => send({ handle })}
          />
        ) : null}
      </ul>
    );

  return (
    <div className="sheet__panel share-sheet__panel">
      <SheetHead titleId={titleId} title={t('shareChat.title')} closeLabel={t('common.cancel')} onClose={onClose} />
      <h3 className="share-sheet__section">{t('shareChat.sendTo')}</h3>
      <label className="share-sheet__search">
        <SearchIcon size={18} aria-hidden="true" />
        <input
          type="search"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            // A failure was about the last target: a new search starts clean.
            if (share.isError) share.reset();
          }}
          placeholder={t('shareChat.filter')}
          aria-label={t('shareChat.filterLabel')}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="send"
          onKeyDown={(e) => {
            // Enter sends to the one match (or the new DM), as a tap on it would.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            if (handle && shown.length === 0) send({ handle });
            else if (shown.length === 1 && !handle && shown[0]) send({ conversation: shown[0] });
          }}
        />
      </label>
      <div className="share-sheet__scroll">
        {rows}
        {list.hasNextPage ? (
          <Button variant="ghost" size="sm" block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('shareChat.loadMore')}
          </Button>
        ) : null}
      </div>
      <label className="share-sheet__comment">
        <span className="visually-hidden">{t('shareChat.comment')}</span>
        <input type="text" value={comment} maxLength={COMMENT_MAX} onChange={(e) => setComment(e.target.value)} placeholder={t('shareChat.comment')} />
      </label>
      {share.isError ? (
        <p className="sheet__error" role="alert">
          {shareErrorText(t, share.error, failedHandle)}
        </p>
      ) : null}
      <div className="share-sheet__actions">
        <button type="button" className="share-sheet__action" onClick={onCopyLink}>
          <span className="icon-circle icon-circle--lg share-sheet__action-icon">
            <LinkIcon size={20} />
          </span>
          {t('shareChat.copyLink')}
        </button>
        {onNativeShare ? (
          <button type="button" className="share-sheet__action" onClick={onNativeShare}>
            <span className="icon-circle icon-circle--lg share-sheet__action-icon">
              <ShareIcon size={20} />
            </span>
            {t('shareChat.more')}
          </button>
        ) : null}
        {onReport ? (
          <button type="button" className="share-sheet__action" onClick={onReport} data-testid="share-report">
            <span className="icon-circle icon-circle--lg share-sheet__action-icon">
              <AlertIcon size={20} />
            </span>
            {t('report.action')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function faceOf(c: ConversationView) {
  return c.peer ?? { handle: c.id, displayName: c.name, avatar: c.avatar };
}

function TargetRow(props: { face: ReactNode; name: string; sub: string; group?: boolean; sending: boolean; disabled: boolean; onSend: () => void }) {
  const { t } = useTranslation();
  return (
    <li>
      <button
        type="button"
        className="share-target"
        data-testid="share-target"
        disabled={props.disabled}
        aria-busy={props.sending || undefined}
        onClick={props.onSend}
      >
        <span className="icon-circle icon-circle--lg share-target__face">{props.face}</span>
        <span className="sheet__row-text">
          <span className="sheet__row-name">
            {props.name}
            {props.group ? <UsersIcon size={14} aria-hidden="true" className="share-target__kind" /> : null}
          </span>
          <span className="share-target__sub">{props.sub}</span>
        </span>
        <span className="share-target__send">{props.sending ? <span className="btn__spinner" aria-hidden="true" /> : t('shareChat.send')}</span>
      </button>
    </li>
  );
}
