// Per-tick delivery: a room of 50,000 people cannot take one frame per message per member, so each
// process gathers the messages it posted into a room and, one tick after the first of them, publishes
// them all as ONE `messages` frame to `room:<id>` — one pub/sub publish per room per tick, serialised
// once per process by the gateway and handed as the same bytes to every socket. The tick starts with
// the first message (a quiet room costs nothing and a lone message waits at most one tick).
//
// The tick adapts to the room's size: what a busy room costs is frames × members, so a room of tens
// of thousands gets fewer, fuller frames (up to MAX_TICK_MS apart) — a few hundred milliseconds more
// latency instead of a server and clients that fall behind.
import type { ChatItem } from '../../../shared/api/messages.ts';

export type PublishRoomFrame = (roomId: string, frame: Record<string, unknown>) => Promise<void>;

export interface OutboxLog {
  warn(obj: object, msg?: string): void;
}

interface Pending {
  items: ChatItem[];
  deleted: Array<{ id: string; seq: number }>;
  timer: NodeJS.Timeout | null;
}

/** The longest a room's messages wait for their frame, however big the room. */
export const MAX_TICK_MS = 500;
/** Members per tick length: up to this many, the configured tick; twice as many, twice as long… */
const MEMBERS_PER_TICK = 5_000;

/** How long a room's messages gather: the setting, stretched for big rooms, never past MAX_TICK_MS. */
export function tickFor(baseMs: number, members: number): number {
  return Math.round(Math.min(Math.max(baseMs, MAX_TICK_MS), Math.max(baseMs, (baseMs * members) / MEMBERS_PER_TICK)));
}

export class RoomOutbox {
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(
    private readonly publish: PublishRoomFrame,
    private readonly tickMs: number,
    private readonly log: OutboxLog = { warn() {} },
    /** people in the room across processes (the tick stretches with it) */
    private readonly members: (roomId: string) => number = () => 0,
  ) {}

  /** A message posted through this process, to go out with the next tick. */
  add(roomId: string, item: ChatItem): void {
    this.slot(roomId).items.push(item);
    this.schedule(roomId);
  }

  /** A message became a tombstone; if it has not gone out yet it goes out as one, and `deleted` follows it. */
  deleted(roomId: string, id: string, seq: number): void {
    const p = this.slot(roomId);
    const waiting = p.items.find((i) => i.id === id);
    if (waiting) {
      waiting.body = '';
      waiting.deleted = true;
      waiting.lang = null;
    }
    p.deleted.push({ id, seq });
    this.schedule(roomId);
  }

  /** Sends whatever waits now (shutdown; tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((roomId) => this.flushRoom(roomId)));
  }

  private async flushRoom(roomId: string): Promise<void> {
    const p = this.pending.get(roomId);
    if (!p) return;
    this.pending.delete(roomId);
    if (p.timer) clearTimeout(p.timer);
    const sends: Array<Promise<void>> = [];
    // Items from concurrent transactions may have committed out of order: a frame is in seq order.
    if (p.items.length > 0) sends.push(this.send(roomId, { type: 'messages', room: roomId, items: p.items.sort((a, b) => a.seq - b.seq) }));
    for (const d of p.deleted) sends.push(this.send(roomId, { type: 'deleted', room: roomId, id: d.id, seq: d.seq }));
    await Promise.all(sends);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private slot(roomId: string): Pending {
    let p = this.pending.get(roomId);
    if (!p) {
      p = { items: [], deleted: [], timer: null };
      this.pending.set(roomId, p);
    }
    return p;
  }

  private schedule(roomId: string): void {
    const p = this.pending.get(roomId);
    if (!p || p.timer) return;
    if (this.closed) {
      void this.flushRoom(roomId);
      return;
    }
    // On the clock's tick boundaries: every process of a scaled room flushes at the same instants, so
    // a member's frames from several processes arrive together (one wake-up, not several).
    const tick = tickFor(this.tickMs, this.members(roomId));
    p.timer = setTimeout(() => void this.flushRoom(roomId), tick - (Date.now() % tick));
  }

  private async send(roomId: string, frame: Record<string, unknown>): Promise<void> {
    try {
      await this.publish(roomId, frame);
    } catch (err) {
      // Lost to the members of other processes; they see the gap in seqs and resume.
      this.log.warn({ err, roomId }, 'rooms: a batch could not be published');
    }
  }
}
