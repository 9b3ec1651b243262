// The load-generating process. Takes one JSON job as its argument, prints one JSON result line.
// HTTP throughput uses autocannon (as a library), also for writes signed in as many people (one
// token a request); sign-ups use fetch with a fixed concurrency, because each needs a unique body
// and we want the same scheduler as the raw-hash baseline.
import fs from 'node:fs';
import autocannon from 'autocannon';
import type { HttpJob, HttpResult, LoadJob, PagesJob, PagesResult, SignUpJob, SignUpResult, TokenJob, TokenResult, UrlsJob, UrlsResult } from '../lib/load.ts';
import { runPool, strongPassword } from '../lib/pool.ts';

/** The figures every HTTP run reports, from autocannon's result. */
function figures(r: autocannon.Result): HttpResult {
  return {
    requestsPerSec: r.requests.total / r.duration,
    total: r.requests.total,
    seconds: r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

async function http(job: HttpJob): Promise<HttpResult> {
  const base = { url: job.url, connections: job.connections, headers: job.headers ?? {} };
  // A separate warm-up run: JIT, connection setup and SQLite's page cache settle before we count.
  if (job.warmupSeconds > 0) await autocannon({ ...base, duration: job.warmupSeconds });
  const r = await autocannon({ ...base, duration: job.durationSeconds });
  return figures(r);
}

async function withTokens(job: TokenJob): Promise<TokenResult> {
  const tokens = fs
    .readFileSync(job.tokensFile, 'utf8')
    .split('\n')
    .filter((t) => t.length > 0);
  if (job.amount !== undefined && job.amount > tokens.length) throw new Error(`${job.amount} requests need as many tokens; the file has ${tokens.length}`);
  // autocannon builds each request with setupRequest (one call a request, across all connections),
  // so a shared counter hands every request the next person's token.
  let next = 0;
  const used = new Set<number>();
  const r = await autocannon({
    url: job.url,
    connections: job.connections,
    ...(job.amount !== undefined ? { amount: job.amount } : { duration: job.durationSeconds ?? 1 }),
    requests: [
      {
        method: job.method,
        setupRequest: (req) => {
          const i = next++ % tokens.length;
          used.add(i);
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[i]}` } };
        },
      },
    ],
  });
  return {
    ...figures(r),
    ok: r['2xx'],
    tokensUsed: used.size,
  };
}

async function pages(job: PagesJob): Promise<PagesResult> {
  const tokens = job.tokensFile
    ? fs
        .readFileSync(job.tokensFile, 'utf8')
        .split('\n')
        .filter((t) => t.length > 0)
    : [];
  // One session a reader: page 1 takes the next token, pages 2… carry it and the previous page's cursor.
  let sessions = 0;
  let ended = 0;
  let counting = false;
  const byPage = Array.from({ length: job.pages }, () => 0);
  type Ctx = { token?: string; cursor?: string };
  const first = `${new URL(job.url).pathname}?limit=${job.limit}`;
  const cursorOf = (body: string): string | undefined => /"nextCursor":"([A-Za-z0-9_-]+)"/.exec(body.slice(-400))?.[1];
  const requests: autocannon.Request[] = Array.from({ length: job.pages }, (_, page) => ({
    method: 'GET' as const,
    path: first,
    setupRequest: (req: autocannon.Request, ctx: object) => {
      const context = ctx as Ctx;
      if (page === 0) {
        const i = sessions++;
        if (tokens.length > 0) context.token = tokens[i % tokens.length];
      } else if (!context.cursor) {
        return undefined as unknown as autocannon.Request; // the previous page ended the session: the next reader starts
      }
      if (counting) byPage[page]! += 1;
      const headers = context.token ? { ...req.headers, authorization: `Bearer ${context.token}` } : req.headers;
      return { ...req, path: page === 0 ? first : `${first}&cursor=${context.cursor}`, headers };
    },
    onResponse: (status: number, body: string, ctx: object) => {
      const context = ctx as Ctx;
      context.cursor = status === 200 ? cursorOf(body) : undefined;
      if (!context.cursor) ended += 1;
    },
  }));
  const base = { url: job.url, connections: job.connections, requests };
  if (job.warmupSeconds > 0) await autocannon({ ...base, duration: job.warmupSeconds });
  counting = true;
  ended = 0;
  const r = await autocannon({ ...base, duration: job.durationSeconds });
  return {
    ...figures(r),
    sessions,
    tokens: tokens.length,
    ended,
    byPage,
  };
}

async function urls(job: UrlsJob): Promise<UrlsResult> {
  const paths = fs
    .readFileSync(job.urlsFile, 'utf8')
    .split('\n')
    .filter((p) => p.startsWith('/'));
  if (paths.length === 0) throw new Error(`${job.urlsFile} has no paths`);
  // setupRequest is called once a request, across all connections: a shared counter walks the list.
  let next = 0;
  const requests: autocannon.Request[] = [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length]! }) }];
  const base = { url: job.url, connections: job.connections, requests };
  if (job.warmupSeconds > 0) await autocannon({ ...base, duration: job.warmupSeconds });
  // autocannon's latencies come as percentiles without a 95th: each response's time is kept instead.
  const times: number[] = [];
  const run = autocannon({ ...base, duration: job.durationSeconds }) as unknown as Promise<autocannon.Result> & NodeJS.EventEmitter;
  run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms);
  });
  const r = await run;
  const sorted = Float64Array.from(times).sort();
  const p95Ms = sorted.length > 0 ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]! : 0;
  return { ...figures(r), p95Ms, paths: paths.length, requested: next };
}

async function signUps(job: SignUpJob): Promise<SignUpResult> {
  // Passwords are made before the clock starts, so the measurement is the server's work only.
  const bodies = Array.from({ length: job.warmup + job.n }, (_, i) =>
    JSON.stringify({ handle: `${job.handlePrefix}${i}`, password: strongPassword(), displayName: `Bench ${i}` }),
  );
  let ok = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const post = async (i: number) => {
    try {
      const res = await fetch(`${job.url}/api/v1/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[i],
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      if (res.status === 201) ok += 1;
      else {
        failures += 1;
        firstFailure ??= `${res.status} ${text.slice(0, 200)}`;
      }
    } catch (err) {
      failures += 1;
      firstFailure ??= String(err);
    }
  };
  await runPool(job.warmup, job.concurrency, post);
  ok = 0;
  failures = 0;
  const ms = await runPool(job.n, job.concurrency, (i) => post(job.warmup + i));
  return { perSec: ok / (ms / 1000), ok, seconds: ms / 1000, failures, firstFailure };
}

const raw = process.argv[2];
if (!raw) {
  process.stderr.write('usage: load.ts <json job>\n');
  process.exit(2);
}
const job = JSON.parse(raw) as LoadJob;
const result =
  job.kind === 'http'
    ? await http(job)
    : job.kind === 'tokens'
      ? await withTokens(job)
      : job.kind === 'pages'
        ? await pages(job)
        : job.kind === 'urls'
          ? await urls(job)
          : await signUps(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
