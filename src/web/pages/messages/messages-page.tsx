// /messages: the Messages tab. Notifications on top (as on RedNote), then the conversations, newest
// first, with unread counts and the last message; message requests in their own box to accept or
// decline; a new message or group; and the way to the live rooms.

import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ChatItem, ConversationView } from '../../../shared/api/messages.ts';
import { type Box, useAnswerRequest, useConversationPages, useConversations } from '../../api/messages.ts';
import { useUnreadCount } from '../../api/notify.ts';
import { Avatar } from '../../components/avatar.tsx';
import { Button } from '../../components/button.tsx';
import { LiveIcon, UsersIcon } from '../../components/chat/chat-icons.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { MessageIcon, PlusIcon } from '../../components/icons.tsx';
import { BellIcon } from '../../components/note-card-icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { UnreadBadge } from '../../components/unread-badge.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useNearEnd } from '../../lib/use-near-end.ts';
import { NewConversation } from './new-conversation.tsx';
import './messages.css';

export function MessagesPage() {
  return <RequireAuth>{(me) => <MessagesView myHandle={me.handle} />}</RequireAuth>;
}

function previewOf(t: TFunction, item: ChatItem | null, myHandle: string): string {
  if (!item) return t('chat.noMessages');
  if (item.deleted) return t('chat.deletedPreview');
  const text =
    item.kind === 'photo' && !item.body ? t('chat.photo') : item.kind === 'note' && item.note ? t('chat.sharedNote', { title: item.note.title }) : item.body;
  return item.author?.handle === myHandle ? t('chat.you', { text }) : text;
}

function when(iso: string, lang: 'en' | 'zh'): string {
  const d = new Date(iso);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return d.toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit' });
  return formatDate(iso, lang, { month: 'short', day: 'numeric' });
}

function ConversationRow({ c, myHandle, box }: { c: ConversationView; myHandle: string; box: Box }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const answer = useAnswerRequest(c.id);
  const face = c.peer ?? { handle: c.id, displayName: c.name, avatar: c.avatar };
  return (
    <li className="convo" data-testid="conversation-row">
      <Link to={`/messages/${c.id}`} className="convo__link">
        <span className="convo__face">
          <UnreadBadge count={c.viewer.muted ? 0 : c.unread}>
            <Avatar user={face} size="md" />
          </UnreadBadge>
        </span>
        <span className="convo__main">
          <span className="convo__top">
            <span className="convo__name">{c.name}</span>
            {c.kind === 'group' ? <UsersIcon size={14} aria-hidden="true" className="convo__kind" /> : null}
            <span className="convo__time">{when(c.lastMessage?.createdAt ?? c.updatedAt, lang)}</span>
          </span>
          <span className={`convo__preview ${c.unread > 0 ? 'convo__preview--unread' : ''}`}>
            {c.viewer.muted ? <span className="convo__muted">{t('chat.muted')} · </span> : null}
            {previewOf(t, c.lastMessage, myHandle)}
          </span>
        </span>
      </Link>
      {box === 'requests' ? (
        <div className="convo__answer">
          <Button size="sm" loading={answer.isPending && answer.variables === 'accept'} onClick={() => answer.mutate('accept')}>
            {t('chat.accept')}
          </Button>
          <Button size="sm" variant="secondary" loading={answer.isPending && answer.variables === 'decline'} onClick={() => answer.mutate('decline')}>
            {t('chat.decline')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

function MessagesView({ myHandle }: { myHandle: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const box: Box = params.get('box') === 'requests' ? 'requests' : 'inbox';
  const [composing, setComposing] = useState<'dm' | 'group' | null>(null);
  const list = useConversationPages(box);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const { fetchNextPage, hasNextPage, isFetchingNextPage, isFetchNextPageError } = list;
  const sentinel = useNearEnd({
    ready: hasNextPage && !isFetchingNextPage && !isFetchNextPageError,
    // no rows, no sentinel: nothing to watch until the first row is drawn
    pages: items.length > 0 ? (list.data?.pages.length ?? 0) : 0,
    onNearEnd: () => void fetchNextPage(),
  });
  const inbox = useConversations('inbox');
  const requests = inbox.data?.requests ?? 0;
  const notifications = useUnreadCount(true).data ?? 0;

  return (
    <>
      <PageHeader
        title={t('messages.title')}
        actions={
          <>
            <Button size="sm" variant="ghost" icon={<PlusIcon size={18} />} onClick={() => setComposing('dm')}>
              <span className="messages-action__label">{t('chat.newMessage')}</span>
            </Button>
            <Button size="sm" variant="ghost" icon={<UsersIcon size={18} />} onClick={() => setComposing('group')}>
              <span className="messages-action__label">{t('chat.newGroup')}</span>
            </Button>
          </>
        }
      />
      {composing ? <NewConversation kind={composing} onClose={() => setComposing(null)} /> : null}
      <nav className="messages-shortcuts">
        <Link to="/notifications" className="messages-shortcut">
          <UnreadBadge count={notifications}>
            <span className="icon-circle messages-shortcut__icon messages-shortcut__icon--bell">
              <BellIcon />
            </span>
          </UnreadBadge>
          <span className="messages-shortcut__label">{t('chat.notifications')}</span>
        </Link>
        <Link to="/rooms" className="messages-shortcut">
          <span className="icon-circle messages-shortcut__icon messages-shortcut__icon--live">
            <LiveIcon />
          </span>
          <span className="messages-shortcut__label">{t('chat.rooms')}</span>
        </Link>
      </nav>
      <div className="messages-boxes" role="tablist" aria-label={t('chat.boxes')}>
        {(['inbox', 'requests'] as const).map((b) => (
          <button
            key={b}
            type="button"
            role="tab"
            aria-selected={box === b}
            className={`messages-box ${box === b ? 'messages-box--active' : ''}`}
            onClick={() => setParams(b === 'inbox' ? {} : { box: b }, { replace: true })}
          >
            {b === 'inbox' ? t('chat.inbox') : t('chat.requests')}
            {b === 'requests' && requests > 0 ? <span className="messages-box__count">{requests}</span> : null}
          </button>
        ))}
      </div>
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError && items.length === 0 ? (
        <EmptyState tone="error" title={describeError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<MessageIcon size={32} />}
          title={box === 'inbox' ? t('chat.empty') : t('chat.emptyRequests')}
          body={box === 'inbox' ? t('chat.emptyBody') : undefined}
        />
      ) : (
        <>
          <ul className="convo-list">
            {items.map((c) => (
              <ConversationRow key={c.id} c={c} myHandle={myHandle} box={box} />
            ))}
          </ul>
          <div ref={sentinel} aria-hidden="true" />
          {hasNextPage || isFetchNextPageError ? (
            <div className="convo-list__foot">
              <Button variant="secondary" size="sm" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                {isFetchNextPageError ? t('common.retry') : t('common.loadMore')}
              </Button>
              {isFetchNextPageError ? (
                <p className="field__error" role="alert">
                  {describeError(t, list.error)}
                </p>
              ) : null}
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
