// View counting, batched: a read never waits for a write. Views are remembered in memory and
// written together about once a second in one transaction; the database's (note, viewer, day) key
// makes each viewer count once a day however many processes saw them, and a graceful stop writes
// what is pending, so views survive a restart. (A process killed outright loses at most the last
// second of views — never a count that disagrees with its rows.)
import { boundedLru } from '../../platform/cache/lru.ts';
import { sha256 } from '../../platform/ids.ts';

export interface Viewer {
  userId: string | null;
  /** for anonymous view counting: address and user agent, hashed with a secret salt */
  ip?: string | null;
  userAgent?: string | null;
}

export interface ViewRow {
  note_id: string;
  viewer_key: string;
  day: string;
}

export interface ViewCounterOptions {
  /** the per-instance secret that makes anonymous viewer keys unguessable */
  salt: string;
  /** how often pending views are written (default 1 s) */
  flushMs?: number;
  /** pending views that trigger a write at once (default 500) */
  maxPending?: number;
  log?: { warn(obj: object, msg?: string): void };
}

/** Views kept in memory while the database does not answer; past this the oldest are dropped. */
const MAX_BACKLOG = 50_000;
/** Viewer-days already written, remembered so a repeat view costs nothing. */
const SEEN_MAX = 100_000;
/** Anonymous viewers' keys of today, remembered so a reader's next page costs a lookup, not a SHA-256. */
const ANON_KEYS_MAX = 10_000;
const DAY_MS = 86_400_000;

export class ViewCounter {
  private pending = new Map<string, ViewRow>();
  private readonly seen = boundedLru<string, true>(SEEN_MAX);
  /** address + user agent → today's key; emptied when the day turns (the key changes with it) */
  private readonly anonKeys = boundedLru<string, string>(ANON_KEYS_MAX);
  private day = '';
  private dayEnds = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly flushMs: number;
  private readonly maxPending: number;

  constructor(
    /** writes a batch in one transaction; resolves with the ids of notes whose count moved */
    private readonly write: (rows: ViewRow[]) => Promise<string[]>,
    private readonly opts: ViewCounterOptions,
  ) {
    this.flushMs = opts.flushMs ?? 1_000;
    this.maxPending = opts.maxPending ?? 500;
  }

  /** Counts a view of a published note (once per viewer per day). Never waits and never throws. */
  record(noteId: string, viewer: Viewer, now = Date.now()): void {
    const day = this.dayOf(now);
    const key = viewer.userId ?? this.anonKey(day, viewer.ip ?? '', viewer.userAgent ?? '');
    const id = `${noteId}|${key}|${day}`;
    if (this.seen.has(id) || this.pending.has(id)) return;
    this.pending.set(id, { note_id: noteId, viewer_key: key, day });
    if (this.pending.size >= this.maxPending) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** The UTC day of a time, as YYYY-MM-DD (worked out again only when the day turns). */
  private dayOf(now: number): string {
    if (now >= this.dayEnds || now < this.dayEnds - DAY_MS) {
      this.day = new Date(now).toISOString().slice(0, 10);
      this.dayEnds = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
      this.anonKeys.clear();
    }
    return this.day;
  }

  /** An anonymous viewer's key for the day: unguessable without the salt, the same all day. */
  private anonKey(day: string, ip: string, userAgent: string): string {
    const who = `${ip}|${userAgent}`;
    let key = this.anonKeys.get(who);
    if (key === undefined) {
      key = `anon:${sha256(`${this.opts.salt}|${day}|${who}`).slice(0, 32)}`;
      this.anonKeys.set(who, key);
    }
    return key;
  }

  /** Writes what is pending now (awaiting any write already under way). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.writeBatch(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private async writeBatch(batch: Map<string, ViewRow>): Promise<void> {
    try {
      await this.write([...batch.values()]);
      for (const id of batch.keys()) this.seen.set(id, true);
    } catch (err) {
      // Keep them for the next try (older first); when the backlog overflows, the oldest go.
      this.pending = new Map([...batch, ...this.pending]);
      while (this.pending.size > MAX_BACKLOG) this.pending.delete(this.pending.keys().next().value as string);
      this.opts.log?.warn({ err, pending: this.pending.size }, 'views: could not write; will retry');
      this.timer ??= setTimeout(() => void this.flush(), this.flushMs * 5).unref();
    }
  }
}
