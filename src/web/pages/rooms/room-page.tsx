// /rooms/:id — a live room: while it is on screen its topic is subscribed (the hello brings the last
// messages, the live member count, the pinned message and slow mode); messages arrive in batches;
// after I send, slow mode counts down on the send button; refusals (too fast, slow mode, not a member)
// show as a toast. Someone who hasn't joined reads along and gets a join button.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ChatItem } from '../../../shared/api/messages.ts';
import type { StreamErrorCode } from '../../../shared/api/stream.ts';
import { deleteRoomMessage, pinMessage, roomKeys, useJoinRoom, useRoom } from '../../api/rooms.ts';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Button } from '../../components/button.tsx';
import { ChatComposer } from '../../components/chat/chat-composer.tsx';
import { ChatThread } from '../../components/chat/chat-thread.tsx';
import { ConnectionBar } from '../../components/chat/connection-bar.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { PinIcon } from '../../components/icons.tsx';
import type { MenuItem } from '../../components/menu.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useReporter } from '../../components/report-sheet.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { type ChatTarget, chatStore, useChatStore } from '../../lib/chat-store.ts';
import { describeError } from '../../lib/errors.ts';
import { formatCount } from '../../lib/format.ts';
import { liveConnection } from '../../lib/realtime.ts';
import '../../components/chat/chat.css';

export function RoomPage() {
  const { id = '' } = useParams();
  return <RequireAuth>{(me) => <RoomView key={id} id={id} myHandle={me.handle} />}</RequireAuth>;
}

const TOAST_CODES: StreamErrorCode[] = ['rate_limited', 'slow_mode', 'not_member'];

function RoomView({ id, myHandle }: { id: string; myHandle: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const queryClient = useQueryClient();
  const room = useRoom(id);
  const join = useJoinRoom(id);
  const store = useChatStore();
  const live = store.room(id);
  const { toast, show, dismiss } = useToast();
  const [cooldownUntil, setCooldownUntil] = useState(0);
  const reporter = useReporter(show);
  const [draft, setDraft] = useState<{ text: string; key: number } | undefined>(undefined);
  const target: ChatTarget = { kind: 'room', id };
  const joined = room.data?.viewer?.joined ?? false;

  // The room's topic while it is on screen (again after joining: a reader may have been refused).
  // biome-ignore lint/correctness/useExhaustiveDependencies: joining re-subscribes (the topic is for members only)
  useEffect(() => {
    const release = liveConnection().holdTopic(`room:${id}`);
    return () => {
      release();
      chatStore().leaveRoom(id);
    };
  }, [id, joined]);

  useEffect(
    () =>
      chatStore().onError((e) => {
        if (e.key !== `room:${id}` || !TOAST_CODES.includes(e.code)) return;
        show(t(`chat.errors.${e.code}` as 'chat.errors.slow_mode'));
        if (e.retryAfterMs) setCooldownUntil(Date.now() + e.retryAfterMs);
        if (e.code === 'not_member') void queryClient.invalidateQueries({ queryKey: roomKeys.room(id) });
      }),
    [id, show, t, queryClient],
  );

  if (room.isPending) return <Spinner label={t('common.loading')} />;
  if (room.isError)
    return (
      <>
        <PageHeader backTo="/rooms" title={t('rooms.title')} />
        <EmptyState tone="error" title={describeError(t, room.error)} actions={<Button onClick={() => void room.refetch()}>{t('common.retry')}</Button>} />
      </>
    );
  const r = room.data;
  const members = live?.members ?? r.liveMembers;
  const pinned = live ? live.pinned : r.pinned;
  const slowModeS = live?.slowModeS ?? r.slowModeS;
  const moderator = r.viewer?.moderator ?? false;

  const menuFor = (item: ChatItem, mine: boolean): MenuItem[] => {
    const items: MenuItem[] = [];
    if (moderator && item.id !== pinned?.id)
      items.push({ key: 'pin', label: t('rooms.pin'), onSelect: () => void pinMessage(id, item.id).catch((e: unknown) => show(describeError(t, e))) });
    if (moderator && item.id === pinned?.id)
      items.push({ key: 'unpin', label: t('rooms.unpin'), onSelect: () => void pinMessage(id, null).catch((e: unknown) => show(describeError(t, e))) });
    if (mine || moderator)
      items.push({
        key: 'delete',
        label: t('chat.deleteMessage'),
        danger: true,
        onSelect: () => {
          if (window.confirm(t('chat.deleteConfirm')))
            void deleteRoomMessage(id, item.id)
              .then(() => store.tombstone(target, item.seq))
              .catch((e: unknown) => show(describeError(t, e)));
        },
      });
    if (!mine) items.push({ key: 'report', label: t('report.action'), danger: true, onSelect: () => reporter.open({ type: 'room_message', id: item.id }) });
    return items;
  };

  const send = (body: string) => {
    store.post(target, { body });
    if (slowModeS > 0 && !moderator) setCooldownUntil(Date.now() + slowModeS * 1000);
  };

  return (
    <section className="chat chat--room" aria-label={r.name}>
      <PageHeader
        backTo="/rooms"
        title={
          <span className="chat__title">
            <span className="chat__name">{r.name}</span>
            <span className="chat__sub" data-testid="room-live-count">
              <span className="live-dot" aria-hidden="true" />
              {t('rooms.live', { count: members, formatted: formatCount(members, lang) })}
              {slowModeS > 0 ? ` · ${t('rooms.slowModeOn', { seconds: slowModeS })}` : ''}
            </span>
          </span>
        }
      />
      <ConnectionBar />
      {pinned && !pinned.deleted ? (
        <div className="chat-pinned" data-testid="room-pinned">
          <PinIcon size={16} aria-hidden="true" />
          <span className="chat-pinned__label">{t('rooms.pinned')}</span>
          <span className="chat-pinned__text">
            {pinned.author ? `${pinned.author.displayName}: ` : ''}
            {pinned.body}
          </span>
        </div>
      ) : null}
      <ChatThread
        target={target}
        myHandle={myHandle}
        showAuthors
        menuFor={menuFor}
        onEditPending={(text) => setDraft((d) => ({ text, key: (d?.key ?? 0) + 1 }))}
      />
      {joined ? (
        <ChatComposer onSend={send} cooldownUntil={cooldownUntil} draft={draft} />
      ) : (
        <div className="chat-join">
          <p>{t('rooms.joinToSend')}</p>
          <Button loading={join.isPending} onClick={() => join.mutate()} data-testid="room-join">
            {t('rooms.join')}
          </Button>
          {join.isError ? <p role="alert">{describeError(t, join.error)}</p> : null}
        </div>
      )}
      {reporter.sheet}
      <Toast toast={toast} onDismiss={dismiss} />
    </section>
  );
}
