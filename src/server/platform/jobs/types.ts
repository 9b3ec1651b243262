// The typed job catalogue: each module adds its jobs to JobTypes by declaration merging, e.g.
//   declare module '../../platform/jobs/types.ts' { interface JobTypes { 'media.transcode': { mediaId: string } } }
// and registers one idempotent handler per name.
import type { AnyDb } from '../db/index.ts';

// Empty here: modules add their jobs by declaration merging, which only an interface allows.
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each module
export interface JobTypes {}

export type JobName = keyof JobTypes & string;
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobInfo {
  id: string;
  name: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EnqueueOptions {
  /** Run no earlier than this. */
  runAt?: Date;
  /** Retries with exponential backoff until this many attempts have failed (default 5). */
  maxAttempts?: number;
  /** Enqueue inside this transaction, so the job exists exactly when the data it is about commits. */
  trx?: AnyDb;
}

export interface RegisterOptions {
  /** false: a job that succeeds is deleted at once instead of kept as `done` for a week (default true). */
  keepDone?: boolean;
}

export type JobHandler<N extends JobName> = (payload: JobTypes[N], job: JobInfo) => Promise<void>;

export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobTypes[N], opts?: EnqueueOptions): Promise<string>;
  register<N extends JobName>(name: N, handler: JobHandler<N>, opts?: RegisterOptions): void;
  /** Runs the job once every `everyMs`, across every process together (clean-ups, sweeps). */
  every<N extends JobName>(name: N, everyMs: number, payload: JobTypes[N]): void;
  /** Start polling for due jobs in the background (the server calls this; tests may call runDue instead). */
  start(): void;
  /** Stop polling and wait for running handlers to finish. */
  stop(): Promise<void>;
  /** Claim and run due jobs now, up to `limit`; resolves with how many ran. For tests and scripts. */
  runDue(limit?: number): Promise<number>;
  /** Run due jobs until none are due (bounded by maxRounds); for tests. */
  drain(maxRounds?: number): Promise<number>;
  get(id: string): Promise<JobInfo | undefined>;
}
