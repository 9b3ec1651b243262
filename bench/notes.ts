// Notes benchmark: is reading a note page (6 photos, 30 comments, likes, the view counter) close to
// bare Fastify, and how many likes a second does Biji take from many different people? Load comes
// from autocannon in its own process; every figure has a baseline measured in the same run, the
// rounds are interleaved, and nothing is asserted: the tables say PASS or BELOW.
// `npm run bench -- notes` on SQLite (embedded mode); add `--pg` for PostgreSQL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanup, makeTempDir } from './lib/children.ts';
import { combineHttp, HTTP_SHAPE, type HttpResult, health, httpJob, runLoad, type TokenJob, type TokenResult } from './lib/load.ts';
import { buildNotesFixture, readNote } from './lib/notes-fixture.ts';
import { type BenchPg, freshPgSchema, LOCAL_PG_URL } from './lib/pg.ts';
import { interleave, threadPoolSize } from './lib/pool.ts';
import { fmtMs, fmtRate, ratioTable, table } from './lib/report.ts';
import { startBareFastify, startBiji } from './lib/servers.ts';

const { connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S } = HTTP_SHAPE;
// Reads: per route, HTTP_ROUNDS × (warm-up + measured), as the accounts benchmark does.
const HTTP_ROUNDS = 2;
// Likes: LIKERS people, each liking each round's note once; one more note takes the warm-up.
const LIKERS = 2000;
const LIKE_ROUNDS = 4;
const WARMUP_LIKES = 200;
// The bare PUT ignores who sends it, so it runs for a fixed time (reusing tokens) rather than a
// fixed count: 2,000 requests would take it a fraction of a second, mostly connection set-up.
const BARE_PUT_S = 3;

const READ_TARGET = 0.5;
const SIGNED_READ_TARGET = 0.3;

const HTTP_TIMEOUT_MS = (WARMUP_S + DURATION_S + 30) * 1000;
const LIKES_TIMEOUT_MS = 120_000;

function parseArgs(args: string[]): { pg: boolean } {
  const unknown = args.filter((a) => a !== '--pg');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the notes benchmark takes only --pg)`);
  return { pg: args.includes('--pg') };
}

export async function run(args: string[] = []): Promise<void> {
  const opts = parseArgs(args);
  const cpus = os.cpus().length;
  const loadBefore = os.loadavg()[0] ?? 0;
  const c = threadPoolSize();
  let db: BenchPg | null = null;
  try {
    // Read here, not in config.ts: the benchmark decides where its own throwaway database lives.
    if (opts.pg) db = await freshPgSchema(process.env.DATABASE_URL || LOCAL_PG_URL);
    console.log(
      `notes benchmark · ${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · ${db ? db.label : 'SQLite (embedded, WAL)'}`,
    );
    console.log(
      `reads: autocannon in its own process, ${CONNECTIONS} connections, per route ${HTTP_ROUNDS} interleaved rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s measured`,
    );
    console.log(
      `likes: ${LIKERS.toLocaleString('en-US')} people, each liking each round's note once; ${LIKE_ROUNDS} rounds interleaved with the bare PUT, after ${WARMUP_LIKES} warm-up likes\n`,
    );

    const [biji, bare] = await Promise.all([startBiji(db ? { databaseUrl: db.url } : {}), startBareFastify()]);
    const work = makeTempDir('biji-bench-notes-');
    const setupStarted = performance.now();
    process.stdout.write('setting up');
    const fx = await buildNotesFixture(biji.url, {
      likers: LIKERS,
      likeNotes: LIKE_ROUNDS + 1,
      concurrency: c,
      workDir: work,
      progress: () => process.stdout.write('.'),
    });
    const tokensFile = path.join(work, 'tokens.txt');
    fs.writeFileSync(tokensFile, `${fx.likerTokens.join('\n')}\n`);
    const signed = await readNote(biji.url, fx.noteId, fx.viewerToken);
    if (fx.photos !== 6 || fx.comments !== 30 || !signed.viewer.liked) {
      throw new Error(`the fixture is not what we measure: ${fx.photos} photos, ${fx.comments} comments, viewer liked ${signed.viewer.liked}`);
    }
    process.stdout.write(` ${((performance.now() - setupStarted) / 1000).toFixed(0)} s (${fx.likerTokens.length} sign-ups)\n`);

    // ---- reads
    const noteUrl = `${biji.url}/api/v1/notes/${fx.noteId}`;
    const reads = {
      bare: httpJob(`${bare.url}/ok`),
      anonymous: httpJob(noteUrl),
      'signed in': httpJob(noteUrl, { authorization: `Bearer ${fx.viewerToken}` }),
    };
    const http: Record<keyof typeof reads, HttpResult[]> = { bare: [], anonymous: [], 'signed in': [] };
    process.stdout.write('measuring reads');
    await interleave(Object.keys(reads) as Array<keyof typeof reads>, HTTP_ROUNDS, async (k) => {
      http[k].push(await runLoad(reads[k], HTTP_TIMEOUT_MS));
      process.stdout.write('.');
    });

    // ---- likes
    const tokenJob = (url: string, n: { amount: number } | { durationSeconds: number }): TokenJob => ({
      kind: 'tokens',
      url,
      method: 'PUT',
      tokensFile,
      connections: CONNECTIONS,
      ...n,
    });
    const likeUrl = (i: number) => `${biji.url}/api/v1/notes/${fx.likeNoteIds[i]}/like`;
    process.stdout.write(' likes');
    await runLoad(tokenJob(likeUrl(0), { amount: WARMUP_LIKES }), LIKES_TIMEOUT_MS);
    await runLoad(tokenJob(`${bare.url}/ok`, { durationSeconds: 1 }), LIKES_TIMEOUT_MS);
    const likes: Record<'bare' | 'likes', TokenResult[]> = { bare: [], likes: [] };
    await interleave(['bare', 'likes'] as const, LIKE_ROUNDS, async (k, round) => {
      const job = k === 'bare' ? tokenJob(`${bare.url}/ok`, { durationSeconds: BARE_PUT_S }) : tokenJob(likeUrl(round + 1), { amount: LIKERS });
      likes[k].push(await runLoad(job, LIKES_TIMEOUT_MS));
      process.stdout.write('.');
    });
    process.stdout.write('\n\n');

    // Exact counts: each round's note holds as many likes as the server answered 204 to.
    const counted = await Promise.all(likes.likes.map(async (_, r) => (await readNote(biji.url, fx.likeNoteIds[r + 1]!)).counts.likes));
    const accepted = likes.likes.map((r) => r.ok);
    const distinct = likes.likes.map((r) => r.tokensUsed);

    const [bareR, anonR, signedR] = [combineHttp(http.bare), combineHttp(http.anonymous), combineHttp(http['signed in'])];
    const [bareW, likeW] = [combineHttp(likes.bare), combineHttp(likes.likes)];
    const right = 'right' as const;
    const row = (name: string, r: HttpResult, unit: string) => [name, fmtRate(r.requestsPerSec, unit), fmtMs(r.p50Ms), fmtMs(r.p99Ms), health(r)];
    console.log(
      table(
        [{ title: 'measure' }, { title: 'throughput', align: right }, { title: 'p50*', align: right }, { title: 'p99*', align: right }, { title: 'responses' }],
        [
          row('bare Fastify GET /ok (baseline)', bareR, 'req/s'),
          row('GET /api/v1/notes/:id (anonymous)', anonR, 'req/s'),
          row('GET /api/v1/notes/:id (Bearer, follower)', signedR, 'req/s'),
          row('bare Fastify PUT /ok → 204 (baseline)', bareW, 'req/s'),
          row('PUT /api/v1/notes/:id/like (each person once)', likeW, 'like/s'),
        ],
      ),
    );
    console.log('* latency of the worse round');
    console.log(`note read: ${fx.photos} photos, ${fx.comments} comments, ${fx.likes} likes; the signed-in reader follows the author and liked it`);
    const exact = counted.every((n, i) => n === accepted[i] && distinct[i] === LIKERS);
    const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
    // The author's notifications grow by one a like: a rate that falls round by round is a cost that grows with them.
    console.log(
      `reads by round: ${(Object.keys(http) as Array<keyof typeof http>).map((k) => `${k} ${http[k].map((r) => fmtRate(r.requestsPerSec, 'req/s')).join(', ')}`).join('; ')}`,
    );
    console.log(`likes by round: ${likes.likes.map((r) => fmtRate(r.requestsPerSec, 'like/s')).join(', ')}`);
    // Per round: likes on the note = 204 answers = distinct people who sent them.
    console.log(
      `like counts (on the note = 204s = people): ${counted.map((c, i) => `${n(c)} = ${n(accepted[i])} = ${n(distinct[i])}`).join('; ')} → ${exact ? 'exact' : 'MISMATCH'}\n`,
    );
    console.log(
      ratioTable([
        { name: 'note read (anonymous) / bare Fastify', value: anonR.requestsPerSec / bareR.requestsPerSec, target: READ_TARGET },
        { name: 'note read (signed in) / bare Fastify', value: signedR.requestsPerSec / bareR.requestsPerSec, target: SIGNED_READ_TARGET },
        { name: 'likes / bare Fastify PUT', value: likeW.requestsPerSec / bareW.requestsPerSec, target: null },
      ]),
    );
    if (loadBefore > cpus * 0.5) {
      console.log(`\nnote: the machine was busy before we started (1-min load ${loadBefore.toFixed(1)} on ${cpus} CPUs): figures are noisy, ratios less so`);
    }
  } finally {
    await cleanup();
    await db?.drop();
  }
}
