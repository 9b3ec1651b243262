// The load generator lives in its own process (workers/load.ts) so it never competes with the
// server under test for an event loop; this module is how a benchmark asks it for a run.
import path from 'node:path';
import { firstJsonLine, REPO_ROOT, spawnTs } from './children.ts';

export interface HttpJob {
  kind: 'http';
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

export interface SignUpJob {
  kind: 'signups';
  /** the server's base URL */
  url: string;
  n: number;
  concurrency: number;
  /** sign-ups done (and not counted) before the measured ones, to warm the server's paths */
  warmup: number;
  handlePrefix: string;
}

export type LoadJob = HttpJob | SignUpJob;

export interface HttpResult {
  requestsPerSec: number;
  total: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface SignUpResult {
  perSec: number;
  ok: number;
  seconds: number;
  failures: number;
  firstFailure: string | null;
}

export type LoadResult<J extends LoadJob> = J extends HttpJob ? HttpResult : SignUpResult;

/** Rounds of one route, as one figure: throughput over all of them, the worse round's latencies. */
export function combineHttp(rounds: readonly HttpResult[]): HttpResult {
  const sum = (f: (r: HttpResult) => number) => rounds.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: HttpResult) => number) => Math.max(...rounds.map(f));
  const total = sum((r) => r.total);
  const seconds = sum((r) => r.seconds);
  return {
    requestsPerSec: seconds > 0 ? total / seconds : 0,
    total,
    seconds,
    p50Ms: max((r) => r.p50Ms),
    p99Ms: max((r) => r.p99Ms),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

/** Bounded: the worker is killed if it has not answered well after its job should have ended. */
export function runLoad<J extends LoadJob>(job: J, timeoutMs: number): Promise<LoadResult<J>> {
  const child = spawnTs(path.join(REPO_ROOT, 'bench/workers/load.ts'), [JSON.stringify(job)]);
  return firstJsonLine<LoadResult<J>>(child, timeoutMs, `load worker (${job.kind})`);
}
