// The messages on screen, kept live: one Thread (chat-merge.ts) per conversation or room, fed by
// history pages and by the stream. It sends my messages (optimistic, with a clientId the `sent` frame
// answers; unsent ones go again after a reconnect, which the server deduplicates by clientId), asks
// for what it missed after a reconnect or a hole (`resume` from the last seq it holds), and tracks
// typing, read receipts and a room's live state.
import { useSyncExternalStore } from 'react';
import type { ChatItem } from '../../shared/api/messages.ts';
import type { ServerFrame, StreamErrorCode } from '../../shared/api/stream.ts';
import { fetchHistory } from '../api/messages.ts';
import { fetchRoomHistory } from '../api/rooms.ts';
import {
  addPending,
  confirmSent,
  emptyThread,
  loadPage,
  markDeleted,
  markRead,
  type PendingMessage,
  prependPage,
  receive,
  type Thread,
  updatePending,
} from './chat-merge.ts';
import { type LiveConnection, liveConnection } from './realtime.ts';

export type ChatTarget = { kind: 'conversation' | 'room'; id: string };
export const keyOf = (t: ChatTarget) => `${t.kind}:${t.id}`;
/** The target's field of a frame: `{conversation: id}` or `{room: id}`. */
const fieldOf = (t: ChatTarget): { conversation: string } | { room: string } => (t.kind === 'conversation' ? { conversation: t.id } : { room: t.id });

export type RoomLive = { members: number; pinned: ChatItem | null; slowModeS: number };
export type ChatError = { code: StreamErrorCode; key: string; retryAfterMs?: number; at: number };

/** A `sent` that doesn't come within this long marks the message failed (retry is offered). */
const SEND_TIMEOUT_MS = 10_000;
const TYPING_SHOWN_MS = 5_000;

function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export class ChatStore {
  private readonly threads = new Map<string, Thread>();
  private readonly rooms = new Map<string, RoomLive>();
  /** conversation id → handle → when they last typed */
  private readonly typing = new Map<string, Map<string, number>>();
  private readonly listeners = new Set<() => void>();
  private readonly errorListeners = new Set<(e: ChatError) => void>();
  private readonly conversationListeners = new Set<(frame: ServerFrame) => void>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly loading = new Set<string>();
  private version = 0;

  constructor(private readonly connection: LiveConnection) {
    connection.onFrame((frame) => this.onFrame(frame));
    connection.onReady(() => this.resumeAll());
  }

  getVersion = () => this.version;
  subscribe = (fn: () => void) => {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  };
  onError(fn: (e: ChatError) => void) {
    this.errorListeners.add(fn);
    return () => void this.errorListeners.delete(fn);
  }
  /** Frames about conversations (new message, created, changed): the list refreshes itself from these. */
  onConversationFrame(fn: (frame: ServerFrame) => void) {
    this.conversationListeners.add(fn);
    return () => void this.conversationListeners.delete(fn);
  }

  thread(key: string): Thread {
    return this.threads.get(key) ?? emptyThread();
  }
  room(id: string): RoomLive | null {
    return this.rooms.get(id) ?? null;
  }
  typers(conversationId: string, now: number): string[] {
    const map = this.typing.get(conversationId);
    return map ? [...map].filter(([, at]) => now - at < TYPING_SHOWN_MS).map(([h]) => h) : [];
  }

  private changed() {
    this.version += 1;
    for (const fn of this.listeners) fn();
  }
  private set(key: string, thread: Thread) {
    if (this.threads.get(key) === thread) return;
    this.threads.set(key, thread);
    this.changed();
  }

  /** The newest page of a conversation (again, after a resync). */
  async load(target: ChatTarget, lastSeq?: number): Promise<void> {
    const key = keyOf(target);
    if (target.kind !== 'conversation' || this.loading.has(key)) return;
    this.loading.add(key);
    try {
      const page = await fetchHistory(target.id, {});
      this.set(key, loadPage(this.thread(key), page.items, page.hasMore, lastSeq));
    } finally {
      this.loading.delete(key);
    }
  }

  async loadOlder(target: ChatTarget): Promise<void> {
    const key = keyOf(target);
    const thread = this.thread(key);
    const first = thread.items[0]?.seq;
    if (!thread.hasMore || first === undefined || first <= 1 || this.loading.has(`${key}:older`)) return;
    this.loading.add(`${key}:older`);
    try {
      const page = target.kind === 'conversation' ? await fetchHistory(target.id, { before: first }) : await fetchRoomHistory(target.id, first);
      this.set(key, prependPage(this.thread(key), page.items, page.hasMore));
    } finally {
      this.loading.delete(`${key}:older`);
    }
  }

  /** Adds my message at once and sends it; a photo may still be uploading (`hold`: don't send yet). */
  post(target: ChatTarget, draft: Omit<PendingMessage, 'clientId' | 'status' | 'createdAt'>, hold = false): string {
    const clientId = newClientId();
    const key = keyOf(target);
    this.set(key, addPending(this.thread(key), { ...draft, clientId, status: 'sending', createdAt: new Date().toISOString() }));
    if (!hold) this.transmit(target, clientId);
    return clientId;
  }

  /** Changes a pending message (upload progress, the uploaded media id). */
  patch(target: ChatTarget, clientId: string, change: Partial<PendingMessage>) {
    const key = keyOf(target);
    this.set(key, updatePending(this.thread(key), clientId, change));
  }

  /** Sends (or sends again, same clientId) a pending message. */
  transmit(target: ChatTarget, clientId: string) {
    const key = keyOf(target);
    const message = this.thread(key).pending.find((p) => p.clientId === clientId);
    if (!message) return;
    this.patch(target, clientId, { status: 'sending', error: undefined, detail: undefined });
    this.connection.send({
      type: 'send',
      ...fieldOf(target),
      clientId,
      body: message.body,
      ...(message.media ? { media: message.media } : {}),
      ...(message.note ? { note: message.note } : {}),
    });
    // Not connected: it goes out on the next connection; either way a silence ends as "failed".
    clearTimeout(this.timers.get(clientId));
    this.timers.set(
      clientId,
      setTimeout(() => {
        this.timers.delete(clientId);
        const still = this.thread(key).pending.find((p) => p.clientId === clientId);
        if (still?.status === 'sending') this.patch(target, clientId, { status: 'failed', error: 'timeout' });
      }, SEND_TIMEOUT_MS),
    );
  }

  fail(target: ChatTarget, clientId: string, error: string) {
    this.patch(target, clientId, { status: 'failed', error });
  }

  discard(target: ChatTarget, clientId: string) {
    const key = keyOf(target);
    const thread = this.thread(key);
    this.set(key, { ...thread, pending: thread.pending.filter((p) => p.clientId !== clientId) });
  }

  /** Everything up to the last seq held is read (a conversation's read receipt). */
  ack(conversationId: string, seq: number) {
    if (seq > 0) this.connection.send({ type: 'ack', conversation: conversationId, seq });
  }

  typingNow(conversationId: string) {
    this.connection.send({ type: 'typing', conversation: conversationId });
  }

  tombstone(target: ChatTarget, seq: number) {
    const key = keyOf(target);
    this.set(key, markDeleted(this.thread(key), seq));
  }

  /** Forgets a room when its screen closes (the next visit starts from its hello). */
  leaveRoom(id: string) {
    this.threads.delete(`room:${id}`);
    this.rooms.delete(id);
  }

  private resumeAll() {
    for (const [key, thread] of this.threads) {
      const [kind, id] = key.split(':') as ['conversation' | 'room', string];
      // A room's re-subscription brings its hello (recent messages); a conversation asks for what it missed.
      if (kind === 'conversation' && thread.loaded) this.connection.send({ type: 'resume', conversation: id, after: thread.lastSeq });
      for (const p of thread.pending) if (p.status === 'sending' && (p.media || !p.previewUrl)) this.transmit({ kind, id }, p.clientId);
    }
  }

  private targetOf(frame: { conversation?: string; room?: string }): ChatTarget | null {
    if (frame.conversation) return { kind: 'conversation', id: frame.conversation };
    if (frame.room) return { kind: 'room', id: frame.room };
    return null;
  }

  private onFrame(frame: ServerFrame) {
    if ('conversation' in frame && frame.conversation) for (const fn of this.conversationListeners) fn(frame);
    switch (frame.type) {
      case 'messages': {
        const target = this.targetOf(frame);
        if (!target) return;
        const key = keyOf(target);
        const thread = this.threads.get(key);
        if (!thread?.loaded) return;
        const got = receive(thread, frame.items);
        this.set(key, got.thread);
        if (got.resumeAfter !== null) this.connection.send({ type: 'resume', ...fieldOf(target), after: got.resumeAfter });
        if (target.kind === 'conversation') {
          // Whoever wrote has stopped typing.
          const map = this.typing.get(target.id);
          for (const item of frame.items) if (item.author) map?.delete(item.author.handle);
        }
        return;
      }
      case 'sent': {
        const target = this.targetOf(frame);
        if (!target) return;
        clearTimeout(this.timers.get(frame.clientId));
        this.timers.delete(frame.clientId);
        this.set(keyOf(target), confirmSent(this.thread(keyOf(target)), frame.clientId, frame.seq));
        return;
      }
      case 'deleted': {
        const target = this.targetOf(frame);
        if (target) this.tombstone(target, frame.seq);
        return;
      }
      case 'read': {
        const key = `conversation:${frame.conversation}`;
        if (this.threads.has(key)) this.set(key, markRead(this.thread(key), frame.handle, frame.seq));
        return;
      }
      case 'typing': {
        const map = this.typing.get(frame.conversation) ?? new Map<string, number>();
        this.typing.set(frame.conversation, map);
        map.set(frame.handle, Date.now());
        this.changed();
        return;
      }
      case 'room': {
        const before = this.rooms.get(frame.room);
        this.rooms.set(frame.room, {
          members: frame.members,
          pinned: frame.pinned === undefined ? (before?.pinned ?? null) : frame.pinned,
          slowModeS: frame.slowModeS ?? before?.slowModeS ?? 0,
        });
        if (frame.recent) {
          const key = `room:${frame.room}`;
          const thread = this.thread(key);
          if (!thread.loaded) this.threads.set(key, loadPage(thread, frame.recent, (frame.recent[0]?.seq ?? 1) > 1, frame.lastSeq));
          else {
            const got = receive(thread, frame.recent);
            this.threads.set(key, got.thread);
            if (got.resumeAfter !== null) this.connection.send({ type: 'resume', room: frame.room, after: got.resumeAfter });
          }
        }
        this.changed();
        return;
      }
      case 'error': {
        const target = this.targetOf(frame);
        if (target && frame.clientId) {
          clearTimeout(this.timers.get(frame.clientId));
          this.patch(target, frame.clientId, { status: 'failed', error: frame.code, detail: frame.detail || undefined });
        }
        const e: ChatError = { code: frame.code, key: target ? keyOf(target) : '', retryAfterMs: frame.retryAfterMs, at: Date.now() };
        for (const fn of this.errorListeners) fn(e);
        return;
      }
      case 'resync': {
        // Too far behind to catch up message by message: start again from the newest page (a
        // conversation) or from a fresh hello (a room).
        const target = this.targetOf(frame);
        if (!target || !this.threads.get(keyOf(target))?.loaded) return;
        if (target.kind === 'conversation') void this.load(target).catch(() => undefined);
        else {
          this.threads.delete(keyOf(target));
          this.connection.send({ type: 'unsubscribe', topic: `room:${target.id}` });
          this.connection.send({ type: 'subscribe', topic: `room:${target.id}` });
          this.changed();
        }
        return;
      }
      default:
        return;
    }
  }
}

let shared: ChatStore | null = null;

export function chatStore(): ChatStore {
  shared ??= new ChatStore(liveConnection());
  return shared;
}

/** Re-renders when anything in the store changes; returns the store. */
export function useChatStore(): ChatStore {
  const store = chatStore();
  useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  return store;
}

export function useThread(target: ChatTarget): Thread {
  return useChatStore().thread(keyOf(target));
}
