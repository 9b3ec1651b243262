// The durable job queue: rows in the `jobs` table, claimed by any number of workers (processes).
// A job is at-least-once: a worker that dies mid-job leaves it `running` with a lock that expires,
// and another worker takes it again. So every handler must be idempotent — safe to run twice.

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { AnyDb, Db } from '../db/index.ts';
import { newId } from '../ids.ts';
import type { EnqueueOptions, JobHandler, JobInfo, JobName, JobQueue, JobStatus, JobTypes, RegisterOptions } from './types.ts';

interface JobsTable {
  id: string;
  name: string;
  payload: string; // JSON
  status: JobStatus;
  attempts: number; // attempts started, counted when a worker claims the job
  max_attempts: number;
  run_at: string; // ISO-8601 UTC: text compares in time order
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
type JobsDb = { jobs: JobsTable };

export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DbJobQueueOptions {
  log?: JobLog;
  /** How often start() looks for due jobs (default 500 ms). */
  pollIntervalMs?: number;
  /** Handlers running at once in this process (default 2). */
  concurrency?: number;
  /** How long a claim lasts without a heartbeat; a dead worker's jobs are retaken after it (default 60 s). */
  lockMs?: number;
  workerId?: string;
  /** First retry delay; doubles each attempt, capped at an hour (default 5 s). */
  backoffBaseMs?: number;
  /** How long stop() waits for running handlers (default 10 s); unfinished jobs are retaken later. */
  stopTimeoutMs?: number;
  /** The clock (ms since epoch); tests move it instead of sleeping. */
  now?: () => number;
}

const DAY_MS = 24 * 3600 * 1000;
const MAX_BACKOFF_MS = 3600 * 1000;
const MAX_ERROR_CHARS = 2000;
const silent: JobLog = { info() {}, warn() {}, error() {} };

const toInfo = (r: JobsTable): JobInfo => ({
  id: r.id,
  name: r.name,
  status: r.status,
  attempts: Number(r.attempts),
  maxAttempts: Number(r.max_attempts),
  runAt: r.run_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const describeError = (err: unknown): string => {
  const s = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS - 1)}…` : s;
};

export class DbJobQueue implements JobQueue {
  private readonly k: Kysely<JobsDb>;
  private readonly log: JobLog;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly lockMs: number;
  private readonly workerId: string;
  private readonly backoffBaseMs: number;
  private readonly stopTimeoutMs: number;
  private readonly now: () => number;
  // Handlers are stored untyped; enqueue/register keep the name→payload pairing typed at the edges.
  private readonly handlers = new Map<string, (payload: unknown, job: JobInfo) => Promise<void>>();
  /** Job names whose rows are deleted once they succeed (high-volume work nobody inspects when it went well). */
  private readonly forgetDone = new Set<string>();
  private readonly active = new Map<string, { done: Promise<void>; heartbeat: NodeJS.Timeout }>();
  private readonly periodic: Array<{ name: JobName; everyMs: number; payload: unknown; ensuredSlot: number }> = [];
  private polling = false;
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> | null = null;
  private lastPurge = 0;

  constructor(
    private readonly db: Db,
    opts: DbJobQueueOptions = {},
  ) {
    this.k = db.kysely as Kysely<JobsDb>;
    this.log = opts.log ?? silent;
    this.pollIntervalMs = opts.pollIntervalMs ?? 500;
    this.concurrency = Math.max(1, opts.concurrency ?? 2);
    this.lockMs = opts.lockMs ?? 60_000;
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.backoffBaseMs = opts.backoffBaseMs ?? 5_000;
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  async enqueue<N extends JobName>(name: N, payload: JobTypes[N], opts: EnqueueOptions = {}): Promise<string> {
    const maxAttempts = opts.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer (got ${maxAttempts})`);
    const json = JSON.stringify(payload);
    if (json === undefined) throw new TypeError(`job ${name}: the payload is not JSON-serialisable`);
    const now = new Date(this.now()).toISOString();
    const id = newId();
    await ((opts.trx as Kysely<JobsDb> | undefined) ?? this.k)
      .insertInto('jobs')
      .values({
        id,
        name,
        payload: json,
        status: 'queued',
        attempts: 0,
        max_attempts: maxAttempts,
        run_at: (opts.runAt ?? new Date(this.now())).toISOString(),
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>, opts: RegisterOptions = {}): void {
    if (this.handlers.has(name)) throw new Error(`job ${name}: a handler is already registered`);
    this.handlers.set(name, handler as (payload: unknown, job: JobInfo) => Promise<void>);
    if (opts.keepDone === false) this.forgetDone.add(name);
  }

  /**
   * Runs a job every `everyMs` (clean-ups, sweeps): exactly one run a period however many processes
   * there are — each tries to insert the period's row under an id made from the period, and the
   * primary key lets one win. Due at the start of its period; the job loop runs it.
   */
  every<N extends JobName>(name: N, everyMs: number, payload: JobTypes[N]): void {
    if (!Number.isInteger(everyMs) || everyMs < 1000) throw new RangeError(`job ${name}: a period of at least a second, please`);
    this.periodic.push({ name, everyMs, payload, ensuredSlot: -1 });
  }

  /** Makes sure this period's row of every periodic job exists; returns how many rows this call added. */
  async ensurePeriodic(): Promise<number> {
    let added = 0;
    for (const p of this.periodic) {
      const slot = Math.floor(this.now() / p.everyMs) * p.everyMs;
      if (slot === p.ensuredSlot) continue;
      const at = new Date(slot).toISOString();
      const res = await this.k
        .insertInto('jobs')
        .values({
          id: `every:${p.name}:${at}`,
          name: p.name,
          payload: JSON.stringify(p.payload),
          status: 'queued',
          attempts: 0,
          max_attempts: 3,
          run_at: at,
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      added += Number(res.numInsertedOrUpdatedRows ?? 0);
      p.ensuredSlot = slot;
    }
    return added;
  }

  /**
   * Several jobs in one insert, inside the caller's transaction: they exist exactly when the change
   * they are about commits. Their ids, in the order given.
   */
  async enqueueMany(trx: AnyDb, jobs: ReadonlyArray<{ name: JobName; payload: unknown; runAt?: Date; maxAttempts?: number }>): Promise<string[]> {
    if (jobs.length === 0) return [];
    const now = new Date(this.now()).toISOString();
    const rows: JobsTable[] = jobs.map((j) => {
      const json = JSON.stringify(j.payload);
      if (json === undefined) throw new TypeError(`job ${j.name}: the payload is not JSON-serialisable`);
      return {
        id: newId(),
        name: j.name,
        payload: json,
        status: 'queued',
        attempts: 0,
        max_attempts: j.maxAttempts ?? 5,
        run_at: (j.runAt ?? new Date(this.now())).toISOString(),
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      };
    });
    await (trx as Kysely<JobsDb>).insertInto('jobs').values(rows).execute();
    return rows.map((r) => r.id);
  }

  /**
   * Claims these queued jobs and runs them now, one after another in the order given, in this
   * process (the caller awaits them). Jobs another worker already took are left to it. Never throws
   * for a handler's failure: that is recorded and retried like any other run.
   */
  async runNow(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const now = new Date(this.now()).toISOString();
    const rows = await this.k
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running' as const,
        locked_by: this.workerId,
        locked_until: new Date(this.now() + this.lockMs).toISOString(),
        updated_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', ids)
      .where('status', '=', 'queued')
      .returningAll()
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = byId.get(id);
      if (row) await this.launch(row);
    }
    return rows.length;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const row = await this.k.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toInfo(row) : undefined;
  }

  async runDue(limit = 100): Promise<number> {
    let taken = 0;
    while (taken < limit) {
      const jobs = await this.claim(Math.min(this.concurrency, limit - taken));
      if (jobs.length === 0) break;
      taken += jobs.length;
      await Promise.all(jobs.map((j) => this.launch(j)));
    }
    return taken;
  }

  async drain(maxRounds = 50): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const n = await this.runDue();
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  start(): void {
    if (this.polling) return;
    this.polling = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.polling = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tick;
    const running = [...this.active.values()];
    if (running.length === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(true), this.stopTimeoutMs);
    });
    const gaveUp = await Promise.race([Promise.all(running.map((r) => r.done)).then(() => false), timedOut]);
    clearTimeout(timeout);
    if (gaveUp) {
      // Stop renewing the locks: the jobs become due again once they expire, for another worker.
      for (const r of this.active.values()) clearInterval(r.heartbeat);
      this.log.warn({ worker: this.workerId, running: this.active.size }, 'job queue stopped with handlers still running');
    }
  }

  /** Deletes `done` jobs last touched more than `olderThanMs` ago; failed ones stay for inspection. */
  async purgeFinished(olderThanMs = 7 * DAY_MS): Promise<number> {
    const cutoff = new Date(this.now() - olderThanMs).toISOString();
    const res = await this.k.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', cutoff).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  // ---- the background loop: one tick at a time, filling free handler slots

  private schedule(delayMs: number): void {
    if (!this.polling || this.timer || this.tick) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick = this.pollOnce().finally(() => {
        this.tick = null;
        this.schedule(this.pollIntervalMs);
      });
    }, delayMs);
  }

  private async pollOnce(): Promise<void> {
    try {
      await this.ensurePeriodic();
      const free = this.concurrency - this.active.size;
      if (free > 0) {
        for (const job of await this.claim(free)) {
          // Not awaited: the handler runs in the background; when it ends, look for more work at once.
          void this.launch(job).then(() => {
            if (this.polling && !this.tick && this.timer) {
              clearTimeout(this.timer);
              this.timer = null;
              this.schedule(0);
            }
          });
        }
      }
      // Many processes may do this; it is an idempotent delete, once an hour each.
      if (this.now() - this.lastPurge > 3600_000) {
        this.lastPurge = this.now();
        const purged = await this.purgeFinished();
        if (purged > 0) this.log.info({ purged }, 'purged finished jobs');
      }
    } catch (err) {
      // A database hiccup must not end the loop: log it and try again next tick.
      this.log.error({ err, worker: this.workerId }, 'job queue poll failed');
    }
  }

  // ---- claiming

  /** Marks up to `n` due jobs as running under this worker and returns them. */
  private async claim(n: number): Promise<JobsTable[]> {
    const now = new Date(this.now()).toISOString();
    const lockedUntil = new Date(this.now() + this.lockMs).toISOString();
    const update = { status: 'running' as const, locked_by: this.workerId, locked_until: lockedUntil, updated_at: now };
    let rows: JobsTable[];
    if (this.db.kind === 'postgres') {
      // SKIP LOCKED: concurrent workers each take different rows instead of queueing on the same ones.
      rows = await this.k.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('jobs')
          .select('id')
          .where((eb) =>
            eb.or([eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)])]),
          )
          .orderBy('run_at')
          .limit(n)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return [];
        return trx
          .updateTable('jobs')
          .set((eb) => ({ ...update, attempts: eb('attempts', '+', 1) }))
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .returningAll()
          .execute();
      });
    } else {
      // SQLite has one writer at a time: a single UPDATE … WHERE id IN (SELECT … LIMIT n) is atomic.
      rows = await this.k
        .updateTable('jobs')
        .set((eb) => ({ ...update, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where((w) =>
              w.or([w.and([w('status', '=', 'queued'), w('run_at', '<=', now)]), w.and([w('status', '=', 'running'), w('locked_until', '<', now)])]),
            )
            .orderBy('run_at')
            .limit(n),
        )
        .returningAll()
        .execute();
    }
    return rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0));
  }

  // ---- running one claimed job

  private launch(row: JobsTable): Promise<void> {
    // Renew the lock while the handler runs, so a long job (a video transcode) is not taken twice.
    const heartbeat = setInterval(
      () => {
        this.k
          .updateTable('jobs')
          .set({ locked_until: new Date(this.now() + this.lockMs).toISOString() })
          .where('id', '=', row.id)
          .where('locked_by', '=', this.workerId)
          .where('status', '=', 'running')
          .execute()
          .catch((err: unknown) => this.log.warn({ err, jobId: row.id }, 'job lock renewal failed'));
      },
      Math.max(10, Math.floor(this.lockMs / 3)),
    );
    heartbeat.unref();
    const done = this.execute(row).finally(() => {
      clearInterval(heartbeat);
      this.active.delete(row.id);
    });
    this.active.set(row.id, { done, heartbeat });
    return done;
  }

  /** Runs the handler and records the outcome; never throws, so a bad job cannot crash the process. */
  private async execute(row: JobsTable): Promise<void> {
    const job = toInfo(row);
    try {
      if (job.attempts > job.maxAttempts) {
        // Only a job whose worker kept dying gets here: its last attempt never reported back.
        await this.finish(row, 'failed', `abandoned: the worker running attempt ${job.maxAttempts} stopped before it finished`);
        this.log.error({ jobId: job.id, job: job.name }, 'job abandoned after its workers stopped');
        return;
      }
      let error: unknown = null;
      try {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler is registered for job "${job.name}" in this process`);
        await handler(JSON.parse(row.payload), job);
      } catch (err) {
        error = err ?? new Error('the handler threw a null error');
      }
      if (error === null) {
        if (this.forgetDone.has(job.name)) await this.forget(row);
        else await this.finish(row, 'done', null);
      } else if (job.attempts < job.maxAttempts) {
        const delay = Math.min(MAX_BACKOFF_MS, this.backoffBaseMs * 2 ** (job.attempts - 1));
        // Up to 10% jitter, so jobs that failed together (an outage) do not all retry together.
        const runAt = new Date(this.now() + delay + Math.floor(Math.random() * delay * 0.1)).toISOString();
        await this.finish(row, 'queued', describeError(error), runAt);
        this.log.warn({ err: error, jobId: job.id, job: job.name, attempt: job.attempts, retryAt: runAt }, 'job failed; will retry');
      } else {
        await this.finish(row, 'failed', describeError(error));
        this.log.error({ err: error, jobId: job.id, job: job.name, attempts: job.attempts }, 'job failed; giving up');
      }
    } catch (err) {
      // Recording the outcome failed (database down): the lock expires and the job is retried.
      this.log.error({ err, jobId: job.id, job: job.name }, 'could not record a job outcome');
    }
  }

  private async forget(row: JobsTable): Promise<void> {
    await this.k.deleteFrom('jobs').where('id', '=', row.id).where('locked_by', '=', this.workerId).execute();
  }

  private async finish(row: JobsTable, status: JobStatus, lastError: string | null, runAt?: string): Promise<void> {
    const res = await this.k
      .updateTable('jobs')
      .set({
        status,
        locked_by: null,
        locked_until: null,
        updated_at: new Date(this.now()).toISOString(),
        ...(lastError !== null ? { last_error: lastError } : {}),
        ...(runAt ? { run_at: runAt } : {}),
      })
      .where('id', '=', row.id)
      .where('locked_by', '=', this.workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      // Our lock expired and another worker took the job over; its outcome is the one that counts.
      this.log.warn({ jobId: row.id, job: row.name, status }, 'job lock was lost before its outcome was recorded');
    }
  }
}
