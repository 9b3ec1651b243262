// The load-generating process. Takes one JSON job as its argument, prints one JSON result line.
// HTTP throughput uses autocannon (as a library), also for writes signed in as many people (one
// token a request); sign-ups use fetch with a fixed concurrency, because each needs a unique body
// and we want the same scheduler as the raw-hash baseline.
import fs from 'node:fs';
import autocannon from 'autocannon';
import type { HttpJob, HttpResult, LoadJob, SignUpJob, SignUpResult, TokenJob, TokenResult } from '../lib/load.ts';
import { runPool, strongPassword } from '../lib/pool.ts';

async function http(job: HttpJob): Promise<HttpResult> {
  const base = { url: job.url, connections: job.connections, headers: job.headers ?? {} };
  // A separate warm-up run: JIT, connection setup and SQLite's page cache settle before we count.
  if (job.warmupSeconds > 0) await autocannon({ ...base, duration: job.warmupSeconds });
  const r = await autocannon({ ...base, duration: job.durationSeconds });
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
    requestsPerSec: r.requests.total / r.duration,
    total: r.requests.total,
    seconds: r.duration,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    ok: r['2xx'],
    tokensUsed: used.size,
  };
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
const result = job.kind === 'http' ? await http(job) : job.kind === 'tokens' ? await withTokens(job) : await signUps(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
