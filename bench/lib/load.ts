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

/**
 * Requests each signed in as a different person: request i carries the i-th token of `tokensFile`
 * (one a line). For writes that must come from many people (likes). Either exactly `amount`
 * requests (each token at most once), or as many as fit in `durationSeconds` (tokens reused: for a
 * baseline that ignores them but should cost the load generator the same).
 */
export interface TokenJob {
  kind: 'tokens';
  url: string;
  method: 'PUT' | 'POST' | 'DELETE';
  tokensFile: string;
  connections: number;
  amount?: number;
  durationSeconds?: number;
}

/**
 * Readers paging a feed: each connection is a reader who reads `pages` pages, each page with the
 * previous page's nextCursor, then the next reader takes over (the i-th session carries the i-th
 * token of `tokensFile`, so no reader starts two sessions while tokens last; without a file the
 * readers are visitors). Warm-up and measurement use different readers.
 */
export interface PagesJob {
  kind: 'pages';
  /** the feed's URL, without a query */
  url: string;
  pages: number;
  limit: number;
  tokensFile?: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

/**
 * GETs of many different URLs: request i takes the i-th path of `urlsFile` (one a line, each starting
 * with '/', on the server `url` names), warm-up first, then the measured run going on down the list,
 * so no path is asked twice while the list lasts (a cache would make a repeated one meaningless).
 */
export interface UrlsJob {
  kind: 'urls';
  /** the server's base URL */
  url: string;
  urlsFile: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export type LoadJob = HttpJob | SignUpJob | TokenJob | PagesJob | UrlsJob;

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

export interface TokenResult extends HttpResult {
  /** 2xx answers: for likes, the likes that were accepted */
  ok: number;
  /** how many distinct tokens the requests carried (equals amount when none was used twice) */
  tokensUsed: number;
}

export interface PagesResult extends HttpResult {
  /** reader sessions started (first pages requested), warm-up included */
  sessions: number;
  /** tokens in the file: fewer than sessions means some readers started a second session */
  tokens: number;
  /** pages that came back without a nextCursor (the next reader started early) */
  ended: number;
  /** requests by page number (1-based) in the measured run */
  byPage: number[];
}

export interface UrlsResult extends HttpResult {
  /** the 95th percentile of the measured responses' times (autocannon's own table has none) */
  p95Ms: number;
  /** paths in the file, and how many requests were made in all (warm-up included): more requests than paths means the list wrapped */
  paths: number;
  requested: number;
}

export type LoadResult<J extends LoadJob> = J extends HttpJob
  ? HttpResult
  : J extends TokenJob
    ? TokenResult
    : J extends PagesJob
      ? PagesResult
      : J extends UrlsJob
        ? UrlsResult
        : SignUpResult;

/** Rounds of one route, as one figure: throughput over all of them, the worse round's latencies. */
/** The shape every HTTP measurement shares: the same connections, warm-up and duration. */
export const HTTP_SHAPE = { connections: 10, warmupSeconds: 1, durationSeconds: 4 } as const;

export const httpJob = (url: string, headers?: Record<string, string>): HttpJob => ({
  kind: 'http',
  url,
  ...HTTP_SHAPE,
  ...(headers ? { headers } : {}),
});

/** A run whose requests failed measured the error path: say so beside the figure. */
export const health = (r: HttpResult): string => {
  const bad = r.non2xx + r.errors;
  return bad === 0 ? 'ok' : `${bad} of ${r.total} failed`;
};

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
