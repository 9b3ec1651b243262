// Feed benchmark: are Explore and Following fast on a dataset of a realistic size? Explore for
// visitors and for many different signed-in readers, each reading three pages through nextCursor —
// readers back for another session (the list the feed.prepare job ranked after their last one is
// waiting) and readers opening Explore for the first time (their list ranked in the request) —
// and Following the same way (returning readers have their inbox built, as after an earlier read;
// first-time readers have none yet), against bare Fastify measured in the same run; nothing is asserted,
// the tables say PASS or BELOW. The work a round leaves for later (the job ranking each reader's
// next list, due five minutes after a session starts) is made due at once after the round and
// timed on its own, so no figure carries another route's deferred work.
//
// The dataset comes from the generator (scripts/gen.ts) and is kept for the next run: SQLite in
// ./data/bench-feed-<size>/, PostgreSQL (--pg) in the schema bench_feed_<size> of DATABASE_URL's
// database (else the local test one), its pictures in ./data/bench-feed-<size>-pg/. The default size
// (200k notes, 20k people, 2M interactions) is made in a few minutes; --full is 1M / 100k / 10M, and
// --small (20k / 2k / 200k) checks the benchmark itself in seconds.
// Readers get sessions written straight into the sessions table (no argon2 sign-ins); each run
// starts from the generated state (the feed's lists, inboxes, impressions and queued jobs of earlier runs go).
// `npm run bench -- feed [--pg] [--full | --small] [--fresh]`
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type GenSummary, generate } from '../scripts/gen.ts';
import { type Db, type DbTarget, openDb } from '../src/server/platform/db/index.ts';
import { newId, newToken, sha256 } from '../src/server/platform/ids.ts';
import '../src/server/modules/feed/events.ts';
import { DbJobQueue } from '../src/server/platform/jobs/queue.ts';
import { cleanup, makeTempDir, REPO_ROOT } from './lib/children.ts';
import { combineHttp, HTTP_SHAPE, type HttpResult, health, httpJob, type PagesJob, type PagesResult, runLoad } from './lib/load.ts';
import { keptPgSchema } from './lib/pg.ts';
import { interleave } from './lib/pool.ts';
import { fmtMs, fmtRate, ratioTable, table } from './lib/report.ts';
import { startBareFastify, startBiji } from './lib/servers.ts';

const { connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S } = HTTP_SHAPE;
const HTTP_ROUNDS = 2;
const PAGES = 3;
const PAGE_SIZE = 20;
/** Readers with a session of their own: enough that none starts a second session within a round. */
const READERS_PER_ROUND = 4_000;
/** Returning readers per round, each with a list prepared before the round. */
const RETURNING_PER_ROUND = 2_500;
const RATIO_TARGET = 0.25;
const P99_TARGET_MS = 50;
const HTTP_TIMEOUT_MS = (WARMUP_S + DURATION_S + 60) * 1000;
const AGENT = 'biji bench feed';
const BACKLOG_TIMEOUT_MS = 180_000;
/** Ranking every returning reader's list before the rounds: thousands of jobs. */
const PREPARE_TIMEOUT_MS = 1_200_000;

const SIZES = {
  small: { notes: 20_000, users: 2_000, interactions: 200_000 },
  default: { notes: 200_000, users: 20_000, interactions: 2_000_000 },
  full: { notes: 1_000_000, users: 100_000, interactions: 10_000_000 },
} as const;

interface Options {
  pg: boolean;
  full: boolean;
  small: boolean;
  fresh: boolean;
}

function parseArgs(args: string[]): Options {
  const known = ['--pg', '--full', '--small', '--fresh'];
  const unknown = args.filter((a) => !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the feed benchmark takes --pg, --full or --small, and --fresh)`);
  if (args.includes('--full') && args.includes('--small')) throw new Error('--full or --small, not both');
  return { pg: args.includes('--pg'), full: args.includes('--full'), small: args.includes('--small'), fresh: args.includes('--fresh') };
}

const short = (n: number): string => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

interface Dataset {
  target: DbTarget;
  /** DATA_DIR for the server: the SQLite file and the pictures, or the pictures alone */
  dataDir: string;
  /** DATABASE_URL for the server (PostgreSQL) */
  databaseUrl: string | null;
  label: string;
  summary: GenSummary;
  made: boolean;
}

/** The cached dataset of this size, made by the generator when it is missing (or --fresh). */
async function dataset(opts: Options): Promise<Dataset> {
  const size = opts.full ? SIZES.full : opts.small ? SIZES.small : SIZES.default;
  const tag = `${short(size.notes)}-${short(size.users)}-${short(size.interactions)}`;
  const dataDir = path.join(REPO_ROOT, 'data', `bench-feed-${tag}${opts.pg ? '-pg' : ''}`);
  const marker = path.join(dataDir, 'gen.json');
  let target: DbTarget;
  let databaseUrl: string | null = null;
  let label: string;
  if (opts.pg) {
    const schema = `bench_feed_${tag.replace(/-/g, '_')}`;
    const kept = await keptPgSchema(schema, opts.fresh || !fs.existsSync(marker));
    databaseUrl = kept.url;
    target = { kind: 'postgres', url: kept.base, schema };
    label = kept.label;
  } else {
    target = { kind: 'sqlite', file: path.join(dataDir, 'biji.sqlite') };
    label = `SQLite ${path.relative(REPO_ROOT, target.file)}`;
  }
  if (!opts.fresh && fs.existsSync(marker)) {
    return { target, dataDir, databaseUrl, label, summary: JSON.parse(fs.readFileSync(marker, 'utf8')) as GenSummary, made: false };
  }
  // Half-made or asked for again: start from nothing.
  if (opts.fresh || !opts.pg) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  console.log(`making the dataset (${short(size.notes)} notes, ${short(size.users)} people, ${short(size.interactions)} interactions) in ${label}:`);
  const summary = await generate({ db: target, dataDir, s3: null }, { ...size, progress: (line) => console.log(`  … ${line}`) });
  fs.writeFileSync(marker, JSON.stringify(summary, null, 2));
  return { target, dataDir, databaseUrl, label, summary, made: true };
}

/** Back to the generated state, and sessions for readers written straight into the table. */
async function prepare(db: Db, readers: number): Promise<{ tokens: string[]; userIds: string[]; people: number }> {
  const k = db.kysely;
  // What earlier runs left: their sessions, the feed's ranked lists and impression log, queued jobs.
  await k.deleteFrom('sessions').where('user_agent', '=', AGENT).execute();
  for (const t of ['feed_lists', 'feed_seen', 'feed_hidden', 'feed_inbox', 'feed_inbox_state']) await k.deleteFrom(t).execute();
  await k.deleteFrom('jobs').where('name', 'like', 'feed.%').where('status', 'in', ['queued', 'running']).execute();
  // Readers who follow a few people: a realistic Following, and Explore has something to go on.
  const people = (await k.selectFrom('users').select(k.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: number | string };
  const ids = (await k.selectFrom('users').select('id').where('following_count', '>=', 5).orderBy(k.fn('random')).limit(readers).execute()).map(
    (r) => r.id as string,
  );
  const now = new Date();
  const expires = new Date(now.getTime() + 30 * 86_400_000).toISOString();
  const tokens: string[] = [];
  const rows = ids.map((userId) => {
    const token = newToken();
    tokens.push(token);
    return {
      id: newId(),
      user_id: userId,
      token_hash: sha256(token),
      user_agent: AGENT,
      ip: null,
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      expires_at: expires,
    };
  });
  for (let i = 0; i < rows.length; i += 500)
    await k
      .insertInto('sessions')
      .values(rows.slice(i, i + 500))
      .execute();
  return { tokens, userIds: ids, people: Number(people.n) };
}

interface Page {
  items: Array<{ id: string }>;
  nextCursor: string | null;
}

async function getPage(url: string, token?: string): Promise<Page> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Page;
}

/** What is measured is what we say: full pages, three of them a session, no card twice. */
async function check(base: string, token: string): Promise<string> {
  const anon = await getPage(`${base}/api/v1/feed/explore?limit=${PAGE_SIZE}`);
  if (anon.items.length !== PAGE_SIZE || !anon.nextCursor) throw new Error(`a visitor's Explore has ${anon.items.length} cards`);
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (let p = 0; p < PAGES; p++) {
    const page: Page = await getPage(`${base}/api/v1/feed/explore?limit=${PAGE_SIZE}${cursor ? `&cursor=${cursor}` : ''}`, token);
    if (page.items.length !== PAGE_SIZE) throw new Error(`a reader's Explore page ${p + 1} has ${page.items.length} cards`);
    for (const c of page.items) {
      if (seen.has(c.id)) throw new Error(`Explore showed ${c.id} twice in one session`);
      seen.add(c.id);
    }
    cursor = page.nextCursor;
    if (!cursor) throw new Error(`a reader's Explore ended after page ${p + 1}`);
  }
  const following = await getPage(`${base}/api/v1/feed/following?limit=${PAGE_SIZE}`, token);
  return `checked: a visitor's Explore, a reader's ${PAGES} Explore pages (${seen.size} different cards), their Following (${following.items.length} cards on page 1)`;
}

export async function run(args: string[] = []): Promise<void> {
  const opts = parseArgs(args);
  const cpus = os.cpus().length;
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const ds = await dataset(opts);
    const r = ds.summary.rows;
    const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
    console.log(`feed benchmark · ${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · ${ds.label}`);
    console.log(
      `dataset: ${n(r.users)} people, ${n(r.notes)} notes, ${n((r.note_likes ?? 0) + (r.note_collects ?? 0) + (r.comments ?? 0))} likes, collects and comments, ${n(r.follows)} follows${ds.made ? ` (made now in ${ds.summary.seconds.total.toFixed(0)} s)` : ' (cached)'}`,
    );
    console.log(
      `HTTP: autocannon in its own process, ${CONNECTIONS} connections, per route ${HTTP_ROUNDS} interleaved rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s measured; signed-in readers each read ${PAGES} pages of ${PAGE_SIZE} through nextCursor, a different reader for each session\n`,
    );

    const db = await openDb(ds.target);
    let tokens: string[];
    let userIds: string[];
    try {
      ({ tokens, userIds } = await prepare(db, (READERS_PER_ROUND + RETURNING_PER_ROUND) * HTTP_ROUNDS + 1));
    } finally {
      await db.close();
    }
    if (tokens.length < 3) throw new Error('the dataset has no readers who follow five people or more');
    const work = makeTempDir('biji-bench-feed-');
    // One reader for the check; of the rest, a share returning readers, and each set split into one part for each
    // round, so no round meets a reader another has.
    const checker = tokens[0]!;
    const returningCount = Math.floor(((tokens.length - 1) * RETURNING_PER_ROUND) / (READERS_PER_ROUND + RETURNING_PER_ROUND));
    const split = (from: number, count: number, name: string) => {
      const perRound = Math.floor(count / HTTP_ROUNDS);
      return Array.from({ length: HTTP_ROUNDS }, (_, i) => {
        const at = from + i * perRound;
        const file = path.join(work, `${name}-${i}.txt`);
        fs.writeFileSync(file, `${tokens.slice(at, at + perRound).join('\n')}\n`);
        return { file, userIds: userIds.slice(at, at + perRound) };
      });
    };
    const returning = split(1, returningCount, 'returning');
    const newcomers = split(1 + returningCount, tokens.length - 1 - returningCount, 'readers');

    const [biji, bare] = await Promise.all([
      startBiji({ dataDir: ds.dataDir, ...(ds.databaseUrl ? { databaseUrl: ds.databaseUrl } : {}) }),
      startBareFastify(),
    ]);
    console.log(await check(biji.url, checker));

    const pagesJob = (route: string, round: number, readers: 'returning' | 'new' | null): PagesJob => ({
      kind: 'pages',
      url: `${biji.url}${route}`,
      pages: readers ? PAGES : 1,
      limit: PAGE_SIZE,
      ...(readers ? { tokensFile: (readers === 'returning' ? returning : newcomers)[round]!.file } : {}),
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_S,
      durationSeconds: DURATION_S,
    });
    const keys = ['bare', 'explore (visitor)', 'explore (returning)', 'explore (first visit)', 'following (returning)', 'following (first visit)'] as const;
    type Key = (typeof keys)[number];
    const results = Object.fromEntries(keys.map((k) => [k, []])) as unknown as Record<Key, HttpResult[]>;
    const paged: PagesResult[] = [];
    const backlog: Array<{ jobs: number; seconds: number }> = [];
    const watcher = await openDb(ds.target, { migrate: false });
    const feedJobs = ['feed.prepare', 'feed.inbox', 'feed.neighbours'];
    const pending = async () =>
      Number(
        (
          (await watcher.kysely
            .selectFrom('jobs')
            .select(watcher.kysely.fn.countAll().as('n'))
            .where('name', 'in', feedJobs)
            .where('status', 'in', ['queued', 'running'])
            .executeTakeFirstOrThrow()) as { n: number | string }
        ).n,
      );
    /** Makes the feed's queued jobs due now and waits until the server has run them: how long that took. */
    const settle = async (timeoutMs = BACKLOG_TIMEOUT_MS): Promise<{ jobs: number; seconds: number; left: number }> => {
      const started = performance.now();
      // Again each time round: the last responses of a round may still be enqueueing.
      // Only the jobs not yet due are touched: rewriting thousands of queued rows every 250 ms starved PostgreSQL's queue.
      const due = () => {
        const now = new Date().toISOString();
        return watcher.kysely
          .updateTable('jobs')
          .set({ run_at: now })
          .where('name', 'in', feedJobs)
          .where('status', '=', 'queued')
          .where('run_at', '>', now)
          .execute();
      };
      await due();
      const jobs = await pending();
      let left = jobs;
      for (; left > 0 && performance.now() - started < timeoutMs; left = await pending()) {
        await new Promise((r) => setTimeout(r, 250));
        await due();
      }
      return { jobs, seconds: (performance.now() - started) / 1000, left };
    };
    // Returning readers: a list ranked for each by the job, as after an earlier session, and their Following inbox built.
    const queue = new DbJobQueue(watcher);
    process.stdout.write('preparing the returning readers’ lists and inboxes');
    for (const part of returning)
      for (const userId of part.userIds) {
        await queue.enqueue('feed.prepare', { userId });
        await queue.enqueue('feed.inbox', { userId });
      }
    const prepared = await settle(PREPARE_TIMEOUT_MS);
    const ranked = prepared.jobs - prepared.left;
    process.stdout.write(
      ` (${n(ranked)} jobs in ${prepared.seconds.toFixed(1)} s: ${((prepared.seconds * 1000) / Math.max(1, ranked)).toFixed(1)} ms each${prepared.left > 0 ? `; ${n(prepared.left)} NOT READY: those readers rank in the request or read Following without an inbox` : ''})\n`,
    );
    process.stdout.write('measuring');
    await interleave(keys, HTTP_ROUNDS, async (k, round) => {
      if (k === 'bare') results[k].push(await runLoad(httpJob(`${bare.url}/ok`), HTTP_TIMEOUT_MS));
      else {
        const job =
          k === 'explore (visitor)'
            ? pagesJob('/api/v1/feed/explore', round, null)
            : k === 'explore (returning)'
              ? pagesJob('/api/v1/feed/explore', round, 'returning')
              : k === 'explore (first visit)'
                ? pagesJob('/api/v1/feed/explore', round, 'new')
                : k === 'following (returning)'
                  ? pagesJob('/api/v1/feed/following', round, 'returning')
                  : pagesJob('/api/v1/feed/following', round, 'new');
        const res = await runLoad(job, HTTP_TIMEOUT_MS);
        results[k].push(res);
        if (k !== 'explore (visitor)') paged.push(res);
        const deferred = await settle();
        if (deferred.jobs > 0) backlog.push(deferred);
      }
      process.stdout.write('.');
    });
    await watcher.close();
    process.stdout.write('\n\n');

    const combined = Object.fromEntries(keys.map((k) => [k, combineHttp(results[k])])) as Record<Key, HttpResult>;
    const right = 'right' as const;
    const labels: Record<Key, string> = {
      bare: 'bare Fastify GET /ok (baseline)',
      'explore (visitor)': 'GET /api/v1/feed/explore (visitor)',
      'explore (returning)': `GET /api/v1/feed/explore (returning reader, ${PAGES} pages)`,
      'explore (first visit)': `GET /api/v1/feed/explore (first visit, ${PAGES} pages)`,
      'following (returning)': `GET /api/v1/feed/following (returning reader, ${PAGES} pages)`,
      'following (first visit)': `GET /api/v1/feed/following (first visit, ${PAGES} pages)`,
    };
    console.log(
      table(
        [{ title: 'measure' }, { title: 'throughput', align: right }, { title: 'p50*', align: right }, { title: 'p99*', align: right }, { title: 'responses' }],
        keys.map((k) => [labels[k], fmtRate(combined[k].requestsPerSec, 'req/s'), fmtMs(combined[k].p50Ms), fmtMs(combined[k].p99Ms), health(combined[k])]),
      ),
    );
    console.log('* latency of the worse round');
    const sessions = paged.reduce((a, p) => a + p.sessions, 0);
    const reused = paged.some((p) => p.tokens > 0 && p.sessions > p.tokens);
    console.log(
      `reader sessions: ${n(sessions)} (warm-up included), ${reused ? 'SOME READERS STARTED A SECOND SESSION (more tokens needed)' : 'each by a reader with no session before'}; sessions ended early (no nextCursor): ${n(paged.reduce((a, p) => a + p.ended, 0))}`,
    );
    if (backlog.length > 0) {
      console.log(
        `deferred work after rounds (readers' next lists, made due at once), waited out before the next: ${backlog.map((b) => `${n(b.jobs)} jobs in ${b.seconds.toFixed(1)} s`).join('; ')}`,
      );
    }
    console.log(`by round: ${keys.map((k) => `${k} ${results[k].map((x) => fmtRate(x.requestsPerSec, 'req/s')).join(', ')}`).join('; ')}\n`);
    const bareRps = combined.bare.requestsPerSec;
    const measured = keys.filter((k) => k !== 'bare');
    console.log(
      ratioTable(
        measured.map((k) => ({
          name: `${k} / bare Fastify`,
          value: combined[k].requestsPerSec / bareRps,
          target: RATIO_TARGET,
        })),
      ),
    );
    console.log('');
    console.log(
      table(
        [{ title: 'latency' }, { title: 'p99', align: right }, { title: 'target', align: right }, { title: 'result' }],
        measured.map((k) => [`${k} p99`, fmtMs(combined[k].p99Ms), `≤ ${P99_TARGET_MS} ms`, combined[k].p99Ms <= P99_TARGET_MS ? 'PASS' : 'BELOW']),
      ),
    );
    if (loadBefore > cpus * 0.5) {
      console.log(`\nnote: the machine was busy before we started (1-min load ${loadBefore.toFixed(1)} on ${cpus} CPUs): figures are noisy, ratios less so`);
    }
  } finally {
    await cleanup();
  }
}
