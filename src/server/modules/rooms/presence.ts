// Live member counts across processes. Each process counts the people holding each `room:<id>`
// topic in it and reports its counts on one pub/sub channel every period (Redis when scaled, in
// process when embedded); every process keeps the others' latest reports, so each knows every
// room's total — its own live count plus the others' reported ones — without asking anyone. A
// process that stops reporting (gone) drops out after three periods.
//
// The totals reach the room as `{type:"room", room, members}`, at most once a period and only when
// they changed: each process tells its own sockets (every process computes the same total, so a
// publish would arrive once per process).
import { randomUUID } from 'node:crypto';
import type { PubSub, Unsubscribe } from '../../platform/pubsub/types.ts';

export const PRESENCE_CHANNEL = 'rt-presence:rooms';

/** What presence needs of the gateway. */
export interface PresenceGateway {
  localTopics(prefix: string): string[];
  localPeople(topic: string): number;
  deliverLocal(topic: string, message: Record<string, unknown>): void;
}

interface Report {
  from: string;
  at: number;
  counts: Record<string, number>;
}

const roomOf = (topic: string) => topic.slice('room:'.length);

export class RoomPresence {
  private readonly id = randomUUID();
  private readonly others = new Map<string, { at: number; counts: Map<string, number> }>();
  private readonly pushed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: Unsubscribe | null = null;
  private reportedSomething = false;

  constructor(
    private readonly pubsub: PubSub,
    private readonly gateway: PresenceGateway,
    private readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(PRESENCE_CHANNEL, (m) => this.take(m));
    this.timer = setInterval(() => void this.beat(), this.periodMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Tell the others at once that this process holds no one any more.
    if (this.reportedSomething) await this.pubsub.publish(PRESENCE_CHANNEL, { from: this.id, at: this.now(), counts: {} }).catch(() => {});
    await this.unsubscribe?.().catch(() => {});
  }

  /** People with the room open right now, across processes. */
  total(roomId: string): number {
    let n = this.gateway.localPeople(`room:${roomId}`);
    const fresh = this.now() - this.periodMs * 3;
    for (const [from, r] of this.others) {
      if (r.at < fresh) this.others.delete(from);
      else n += r.counts.get(roomId) ?? 0;
    }
    return n;
  }

  /** One period: report this process's counts, then push changed totals to the local sockets. */
  async beat(): Promise<void> {
    const topics = this.gateway.localTopics('room');
    const counts: Record<string, number> = {};
    for (const t of topics) counts[roomOf(t)] = this.gateway.localPeople(t);
    if (topics.length > 0 || this.reportedSomething) {
      this.reportedSomething = topics.length > 0;
      await this.pubsub.publish(PRESENCE_CHANNEL, { from: this.id, at: this.now(), counts } satisfies Report).catch(() => {});
    }
    for (const t of topics) {
      const room = roomOf(t);
      const members = this.total(room);
      if (this.pushed.get(room) === members) continue;
      this.pushed.set(room, members);
      this.gateway.deliverLocal(t, { type: 'room', room, members });
    }
    for (const room of this.pushed.keys()) if (!counts[room]) this.pushed.delete(room);
  }

  private take(message: unknown): void {
    const r = message as Partial<Report> | null;
    if (!r || typeof r.from !== 'string' || r.from === this.id || typeof r.at !== 'number' || typeof r.counts !== 'object' || r.counts === null) return;
    const counts = new Map<string, number>();
    for (const [room, n] of Object.entries(r.counts)) if (typeof n === 'number' && n > 0) counts.set(room, n);
    // The receiver's clock decides freshness: the sender's may be skewed.
    this.others.set(r.from, { at: this.now(), counts });
  }
}
