// /messages/:id — one conversation: its history (scrolls upward), live messages, my own sent at once
// and confirmed by the server, photos with upload progress, read receipts ("Seen"), who is typing,
// deleting my messages, Translate under foreign ones, and a request's accept / decline.
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ChatItem, ConversationList, ConversationView } from '../../../shared/api/messages.ts';
import { uploadMedia } from '../../api/media.ts';
import { chatKeys, deleteMessage, useAnswerRequest, useConversation } from '../../api/messages.ts';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Avatar } from '../../components/avatar.tsx';
import { Button } from '../../components/button.tsx';
import { ChatComposer } from '../../components/chat/chat-composer.tsx';
import { ChatThread } from '../../components/chat/chat-thread.tsx';
import { ConnectionBar } from '../../components/chat/connection-bar.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { SettingsIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useReporter } from '../../components/report-sheet.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { noteIdOf } from '../../lib/chat-links.ts';
import { markRead, seenUpTo } from '../../lib/chat-merge.ts';
import { type ChatTarget, chatStore, useChatStore, useThread } from '../../lib/chat-store.ts';
import { describeError } from '../../lib/errors.ts';
import { useLivePhase } from '../../lib/realtime.ts';
import '../../components/chat/chat.css';

export function ChatPage() {
  const { id = '' } = useParams();
  return <RequireAuth>{(me) => <ChatView key={id} id={id} myHandle={me.handle} />}</RequireAuth>;
}

/** Marks read what is on screen while the tab is in front and the connection ready; the list's badge follows at once. */
function useAcknowledge(c: ConversationView | undefined, lastSeq: number) {
  const queryClient = useQueryClient();
  const phase = useLivePhase();
  const acked = useRef(0);
  useEffect(() => {
    const active = c?.viewer.state === 'active';
    if (!c || !active || phase !== 'ready' || lastSeq <= acked.current) return;
    acked.current = lastSeq;
    chatStore().ack(c.id, lastSeq);
    const read = (page: ConversationList) => ({ ...page, items: page.items.map((x) => (x.id === c.id ? { ...x, unread: 0 } : x)) });
    queryClient.setQueryData<ConversationList>(chatKeys.list('inbox'), (old) => (old ? read(old) : old));
    queryClient.setQueryData<InfiniteData<ConversationList>>(chatKeys.pages('inbox'), (old) => (old ? { ...old, pages: old.pages.map(read) } : old));
  }, [c, lastSeq, phase, queryClient]);
}

function Typing({ id, names }: { id: string; names: Record<string, string> }) {
  const { t } = useTranslation();
  const store = useChatStore();
  const [now, setNow] = useState(() => Date.now());
  const typers = store.typers(id, now);
  useEffect(() => {
    if (typers.length === 0) return;
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  });
  if (typers.length === 0) return null;
  const who = typers.map((h) => names[h] ?? h).join(', ');
  return (
    <p className="chat-typing" data-testid="chat-typing">
      {t('chat.typing', { name: who })}
    </p>
  );
}

function ChatView({ id, myHandle }: { id: string; myHandle: string }) {
  const { t } = useTranslation();
  const conversation = useConversation(id);
  const target: ChatTarget = { kind: 'conversation', id };
  const thread = useThread(target);
  const answer = useAnswerRequest(id);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { toast, show, dismiss } = useToast();
  const reporter = useReporter(show);
  // A refused message's text, back in the box to edit (bumping `key` refills it).
  const [draft, setDraft] = useState<{ text: string; key: number } | undefined>(undefined);
  const c = conversation.data;

  // The history's newest page, once the conversation's last seq is known (the base for resuming
  // when the page is empty, e.g. for someone who just joined a group).
  const known = c !== undefined;
  const lastSeqRef = useRef(0);
  lastSeqRef.current = c?.lastSeq ?? 0;
  useEffect(() => {
    if (!known) return;
    setLoadError(null);
    chatStore()
      .load({ kind: 'conversation', id }, lastSeqRef.current)
      .catch((error: unknown) => setLoadError(error));
  }, [id, known]);
  useAcknowledge(c, thread.lastSeq);

  if (conversation.isPending) return <Spinner label={t('common.loading')} />;
  if (conversation.isError)
    return (
      <>
        <PageHeader backTo="/messages" title={t('messages.title')} />
        <EmptyState
          tone="error"
          title={describeError(t, conversation.error)}
          actions={<Button onClick={() => void conversation.refetch()}>{t('common.retry')}</Button>}
        />
      </>
    );
  const conv = conversation.data;
  const peer = conv.kind === 'dm' ? conv.peer : null;
  // How far they had read when the conversation was loaded, raised by live receipts since.
  const seen = peer ? seenUpTo(markRead(thread, peer.handle, conv.peerReadSeq), myHandle, peer.handle) : null;
  const names: Record<string, string> = peer ? { [peer.handle]: peer.displayName } : {};
  for (const item of thread.items) if (item.author) names[item.author.handle] = item.author.displayName;
  const canWrite = !conv.ended && conv.viewer.state !== 'request';

  const store = chatStore();
  // A note's link on its own is shared as the note (a card), as on RedNote.
  const send = (body: string) => {
    const note = noteIdOf(body);
    store.post(target, note ? { body: '', note, noteTitle: body } : { body });
  };
  const sendPhoto = (file: File) => {
    const previewUrl = URL.createObjectURL(file);
    const clientId = store.post(target, { body: '', previewUrl, progress: 0 }, true);
    uploadMedia(file, { onProgress: (progress) => store.patch(target, clientId, { progress }) })
      .then((media) => {
        store.patch(target, clientId, { media: media.id, progress: 1 });
        store.transmit(target, clientId);
      })
      .catch(() => store.fail(target, clientId, 'upload'));
  };
  const onDelete = (item: ChatItem) => {
    if (!window.confirm(t('chat.deleteConfirm'))) return;
    void deleteMessage(id, item.id).then(() => store.tombstone(target, item.seq));
  };

  return (
    <section className="chat" aria-label={conv.name}>
      <PageHeader
        backTo="/messages"
        title={
          <span className="chat__head">
            <Avatar user={peer ?? { handle: conv.id, displayName: conv.name, avatar: conv.avatar }} size="sm" />
            <span className="chat__title">
              <span className="chat__name">{conv.name}</span>
              {conv.kind === 'group' ? <span className="chat__sub">{t('chat.members', { count: conv.memberCount })}</span> : null}
            </span>
          </span>
        }
        actions={
          <Link to={`/messages/${id}/settings`} className="chat__settings" aria-label={t('chat.settings')} title={t('chat.settings')}>
            <SettingsIcon />
          </Link>
        }
      />
      <ConnectionBar />
      {conv.viewer.state === 'request' ? (
        <div className="chat-notice" role="status">
          <p>{t('chat.requestNotice', { name: conv.name })}</p>
          <div className="chat-notice__actions">
            <Button size="sm" loading={answer.isPending} onClick={() => answer.mutate('accept')}>
              {t('chat.accept')}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => answer.mutate('decline')}>
              {t('chat.decline')}
            </Button>
          </div>
        </div>
      ) : conv.viewer.state === 'pending' ? (
        <p className="chat-notice">{t('chat.pendingNotice')}</p>
      ) : null}
      {loadError && !thread.loaded ? (
        <EmptyState tone="error" title={describeError(t, loadError)} />
      ) : (
        <ChatThread
          target={target}
          myHandle={myHandle}
          showAuthors={conv.kind === 'group'}
          autoTranslate={conv.viewer.autoTranslate ? true : undefined}
          seenSeq={seen}
          menuFor={(item, mine) =>
            mine
              ? [{ key: 'delete', label: t('chat.deleteMessage'), danger: true, onSelect: () => onDelete(item) }]
              : [{ key: 'report', label: t('report.action'), danger: true, onSelect: () => reporter.open({ type: 'message', id: item.id }) }]
          }
          onEditPending={(text) => setDraft((d) => ({ text, key: (d?.key ?? 0) + 1 }))}
          footer={<Typing id={id} names={names} />}
        />
      )}
      {canWrite ? (
        <ChatComposer onSend={send} onPhoto={sendPhoto} onTyping={() => store.typingNow(id)} draft={draft} />
      ) : conv.ended ? (
        <p className="chat-notice">{t('chat.endedNotice')}</p>
      ) : null}
      {reporter.sheet}
      <Toast toast={toast} onDismiss={dismiss} />
    </section>
  );
}
