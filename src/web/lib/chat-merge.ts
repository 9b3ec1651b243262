// What a chat screen holds for one conversation or room — the messages it has, the last seq it holds
// with no gap before it, and its own messages still on their way — and the pure steps that change it.
// Frames can come twice (a resume after a reconnect overlaps what arrived live) and out of order (a
// live frame before the history page): everything is keyed by seq, so nothing shows twice, and a gap
// is noticed so the store can ask for exactly what is missing.
import type { ChatItem } from '../../shared/api/messages.ts';

export type PendingStatus = 'sending' | 'sent' | 'failed';

/** One of my own messages before the server's copy of it has arrived. */
export type PendingMessage = {
  clientId: string;
  body: string;
  status: PendingStatus;
  /** the seq the server gave it (`sent`) */
  seq?: number;
  createdAt: string;
  /** a photo still uploading (0–1) or its local preview */
  progress?: number;
  previewUrl?: string;
  media?: string;
  note?: string;
  noteTitle?: string;
  /** why it failed (an error code of the stream or the API) */
  error?: string;
  /** the server's words for it (a refused text: which words, which limit) */
  detail?: string;
};

export type Thread = {
  items: ChatItem[];
  /** the highest seq held with every seq after the first one held (resume from here) */
  lastSeq: number;
  /** older messages exist before items[0] */
  hasMore: boolean;
  loaded: boolean;
  pending: PendingMessage[];
  /** read receipts: handle → the seq they have read up to */
  readBy: Record<string, number>;
};

export const emptyThread = (): Thread => ({ items: [], lastSeq: 0, hasMore: false, loaded: false, pending: [], readBy: {} });

/** Items by seq, oldest first, each seq once; a later copy wins (it may be a tombstone). */
export function mergeItems(items: readonly ChatItem[], incoming: readonly ChatItem[]): ChatItem[] {
  if (incoming.length === 0) return items as ChatItem[];
  const bySeq = new Map<number, ChatItem>();
  for (const item of items) bySeq.set(item.seq, item);
  for (const item of incoming) {
    const had = bySeq.get(item.seq);
    // A tombstone is never undone by an older copy arriving late.
    if (had?.deleted && !item.deleted) continue;
    bySeq.set(item.seq, item);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The last seq reachable from `from` without a hole in `items`. */
export function contiguousFrom(from: number, items: readonly ChatItem[]): number {
  let last = from;
  for (const item of items) {
    if (item.seq <= last) continue;
    if (item.seq !== last + 1) break;
    last = item.seq;
  }
  return last;
}

/** My pending messages the server has now handed back as items are done with. */
function settlePending(pending: readonly PendingMessage[], items: readonly ChatItem[]): PendingMessage[] {
  if (pending.length === 0) return pending as PendingMessage[];
  const ids = new Set(items.map((i) => i.clientId).filter(Boolean));
  const seqs = new Set(items.map((i) => i.seq));
  const left = pending.filter((p) => !ids.has(p.clientId) && !(p.seq !== undefined && seqs.has(p.seq)));
  return left.length === pending.length ? (pending as PendingMessage[]) : left;
}

/**
 * A first page (or a fresh window, e.g. a room's hello to a screen that held nothing): replaces
 * what was held. `lastSeq` is the newest seq the page reaches (the conversation's or room's own).
 */
export function loadPage(thread: Thread, page: readonly ChatItem[], hasMore: boolean, lastSeq?: number): Thread {
  const items = mergeItems(thread.loaded ? thread.items.filter((i) => i.seq > (page[page.length - 1]?.seq ?? 0)) : [], page);
  const newest = page[page.length - 1]?.seq ?? 0;
  return {
    ...thread,
    items,
    loaded: true,
    hasMore,
    lastSeq: contiguousFrom(Math.max(lastSeq ?? newest, newest), items),
    pending: settlePending(thread.pending, items),
  };
}

/** An older page, for scrolling up. */
export function prependPage(thread: Thread, page: readonly ChatItem[], hasMore: boolean): Thread {
  return { ...thread, items: mergeItems(thread.items, page), hasMore };
}

export type Received = {
  thread: Thread;
  /** there is a hole: ask for what came after this seq */
  resumeAfter: number | null;
  /** how many items were new */
  added: number;
};

/** New messages from the stream (live, or a resume's answer): merged, deduplicated, holes noticed. */
export function receive(thread: Thread, incoming: readonly ChatItem[]): Received {
  const before = new Set(thread.items.map((i) => i.seq));
  const added = incoming.filter((i) => !before.has(i.seq)).length;
  const items = mergeItems(thread.items, incoming);
  const lastSeq = contiguousFrom(thread.lastSeq, items);
  const newest = items[items.length - 1]?.seq ?? 0;
  const next: Thread = { ...thread, items, lastSeq, pending: settlePending(thread.pending, items) };
  return { thread: next, resumeAfter: newest > lastSeq ? lastSeq : null, added };
}

export function addPending(thread: Thread, message: PendingMessage): Thread {
  return { ...thread, pending: [...thread.pending.filter((p) => p.clientId !== message.clientId), message] };
}

export function updatePending(thread: Thread, clientId: string, change: Partial<PendingMessage>): Thread {
  if (!thread.pending.some((p) => p.clientId === clientId)) return thread;
  return { ...thread, pending: thread.pending.map((p) => (p.clientId === clientId ? { ...p, ...change } : p)) };
}

/** The server's `sent`: the message is posted as `seq`; its item may already be here. */
export function confirmSent(thread: Thread, clientId: string, seq: number): Thread {
  const next = updatePending(thread, clientId, { status: 'sent', seq, error: undefined });
  return { ...next, pending: settlePending(next.pending, next.items) };
}

/** A message became a tombstone. */
export function markDeleted(thread: Thread, seq: number): Thread {
  if (!thread.items.some((i) => i.seq === seq && !i.deleted)) return thread;
  return { ...thread, items: thread.items.map((i) => (i.seq === seq ? { ...i, deleted: true, body: '', photo: null, note: null } : i)) };
}

export function markRead(thread: Thread, handle: string, seq: number): Thread {
  if ((thread.readBy[handle] ?? 0) >= seq) return thread;
  return { ...thread, readBy: { ...thread.readBy, [handle]: seq } };
}

/** The seq of my newest message that `handle` has read, or null — where "Seen" goes. */
export function seenUpTo(thread: Thread, myHandle: string, handle: string): number | null {
  const read = thread.readBy[handle] ?? 0;
  const mine = thread.items.filter((i) => i.author?.handle === myHandle && i.seq <= read);
  return mine.length > 0 ? mine[mine.length - 1]!.seq : null;
}
