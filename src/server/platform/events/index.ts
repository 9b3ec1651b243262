// Domain events, written in the same transaction as the change that caused them (a transactional
// outbox on the durable job queue). A module that changes something emits a typed event; other
// modules subscribe to it — notifications, caches, later feeds, search and translation — and the
// module that emits never knows them.
//
// Delivery: emitting inserts one job a subscriber, due a moment later. Right after the commit the
// emitting process claims those jobs and runs them (so a like's notification, or a cache
// invalidation, is done by the time the request answers). Had the process died in between, the jobs
// fall due and any process's job loop runs them: every handler runs at least once and must be
// idempotent (it is keyed by the event id where it writes).
import type { Kysely, Transaction } from 'kysely';
import { type AnyDb, insideTransaction } from '../db/index.ts';
import { newId } from '../ids.ts';
import type { DbJobQueue } from '../jobs/queue.ts';

/** The catalogue: each module adds its events by declaration merging, e.g.
 *   declare module '../../platform/events/index.ts' { interface DomainEvents { 'note.liked': {…} } } */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module
export interface DomainEvents {}
export type EventName = keyof DomainEvents & string;

export interface EventMeta {
  /** unique and time-ordered: handlers that write use it to stay idempotent */
  id: string;
  name: EventName;
  /** when the change committed (ISO-8601 UTC) */
  at: string;
}

export type EventHandler<N extends EventName> = (payload: DomainEvents[N], meta: EventMeta) => Promise<void>;

/** Records an event in the running transaction. */
export type Emit = <N extends EventName>(name: N, payload: DomainEvents[N]) => Promise<void>;

/** A unit of work: the transaction, and the way to emit events that commit with it. */
export interface Tx<DB> {
  db: Transaction<DB>;
  emit: Emit;
}

interface Delivery {
  subscriber: string;
  event: EventMeta & { payload: unknown };
}

declare module '../jobs/types.ts' {
  interface JobTypes {
    /** One domain event for one subscriber. */
    'events.deliver': Delivery;
  }
}

interface Subscription {
  subscriber: string;
  handler: (payload: unknown, meta: EventMeta) => Promise<void>;
}

export interface EventLog {
  warn(obj: object, msg?: string): void;
}

/** How long a freshly emitted event waits for its own process before any job loop may take it. */
const OWN_PROCESS_GRACE_MS = 2_000;

export class EventBus {
  private readonly subs = new Map<string, Subscription[]>();

  constructor(
    private readonly queue: DbJobQueue,
    private readonly log: EventLog = { warn() {} },
  ) {
    queue.register('events.deliver', (d) => this.dispatch(d), { keepDone: false });
  }

  /** Subscribes a handler; `subscriber` names it in the job table (one job an event a subscriber). */
  on<N extends EventName>(name: N, subscriber: string, handler: EventHandler<N>): void {
    const list = this.subs.get(name) ?? [];
    if (list.some((s) => s.subscriber === subscriber)) throw new Error(`events: ${subscriber} already subscribes to ${name}`);
    list.push({ subscriber, handler: handler as Subscription['handler'] });
    this.subs.set(name, list);
  }

  /**
   * Runs `fn` in a transaction of `db`; the events it emits commit with it and are delivered right
   * after. Inside another unit of work (a `Tx` passed down), use that one's `emit` instead.
   */
  async transaction<DB, T>(db: Kysely<DB>, fn: (tx: Tx<DB>) => Promise<T>): Promise<T> {
    const jobs: string[] = [];
    const result = await db.transaction().execute((trx) => insideTransaction(() => fn({ db: trx, emit: this.emitter(trx as unknown as AnyDb, jobs) })));
    await this.deliver(jobs);
    return result;
  }

  /** An `emit` for a transaction the caller runs itself; call `deliver(jobs)` after it commits. */
  emitter(trx: AnyDb, jobs: string[]): Emit {
    return async (name, payload) => {
      const subs = this.subs.get(name);
      if (!subs || subs.length === 0) return;
      const event = { id: newId(), name, at: new Date().toISOString(), payload };
      const runAt = new Date(Date.now() + OWN_PROCESS_GRACE_MS);
      const ids = await this.queue.enqueueMany(
        trx,
        subs.map((s) => ({ name: 'events.deliver' as const, payload: { subscriber: s.subscriber, event } satisfies Delivery, runAt })),
      );
      jobs.push(...ids);
    };
  }

  /** Runs the handlers of committed events now, in this process. Failures are retried by the queue. */
  async deliver(jobs: readonly string[]): Promise<void> {
    if (jobs.length === 0) return;
    try {
      await this.queue.runNow(jobs);
    } catch (err) {
      // The database did not answer: the jobs stay queued and fall due for any process.
      this.log.warn({ err, jobs: jobs.length }, 'events: immediate delivery failed; the job loop will deliver');
    }
  }

  /** The subscribers of an event, in subscription order (for tests and diagnostics). */
  subscribers(name: EventName): string[] {
    return (this.subs.get(name) ?? []).map((s) => s.subscriber);
  }

  private async dispatch(d: Delivery): Promise<void> {
    const sub = this.subs.get(d.event.name)?.find((s) => s.subscriber === d.subscriber);
    // A subscriber that no longer exists (renamed in a newer version) has nothing to do.
    if (!sub) {
      this.log.warn({ subscriber: d.subscriber, event: d.event.name }, 'events: no such subscriber; event dropped');
      return;
    }
    const { payload, ...meta } = d.event;
    await sub.handler(payload, meta);
  }
}
