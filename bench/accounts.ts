// Accounts benchmark: is Biji's profile read close to bare Fastify, and is sign-up bounded by
// argon2id (as it should be) rather than by our own code? Each figure is compared with a baseline
// measured in the same run on the same machine; nothing is asserted, the table says PASS or BELOW.
// `npm run bench -- accounts` on SQLite (embedded mode); add `--pg` for PostgreSQL.
import os from 'node:os';
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '../src/server/modules/accounts/passwords.ts';
import { checkProfile, seedProfile } from './lib/biji-api.ts';
import { cleanup } from './lib/children.ts';
import { combineHttp, HTTP_SHAPE, type HttpResult, health, httpJob, runLoad, type SignUpResult } from './lib/load.ts';
import { type BenchPg, freshPgSchema, LOCAL_PG_URL } from './lib/pg.ts';
import { interleave, runPool, strongPassword, threadPoolSize } from './lib/pool.ts';
import { fmtMs, fmtRate, ratioTable, table } from './lib/report.ts';
import { startBareFastify, startBiji } from './lib/servers.ts';

const { connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S } = HTTP_SHAPE;
// Per route: HTTP_ROUNDS × (warm-up + measured), i.e. 2 s of warm-up and 8 s measured in all.
const HTTP_ROUNDS = 2;
const FOLLOWERS = 50;
const HASHES = 200; // N, for raw hashes and for sign-ups alike
const HASH_ROUNDS = 4; // N is split into interleaved rounds of N / HASH_ROUNDS

const PROFILE_TARGET = 0.5;
const SIGNUP_TARGET = 0.8;

const HTTP_TIMEOUT_MS = (WARMUP_S + DURATION_S + 30) * 1000;
const SIGNUP_TIMEOUT_MS = Math.max(120_000, (HASHES / HASH_ROUNDS) * 1000 + 60_000);

/** Raw argon2id with Biji's parameters, in this process, with the same scheduler as the sign-ups. */
async function rawHashes(n: number, concurrency: number): Promise<{ n: number; ms: number }> {
  // Passwords are made before the clock starts, as the load worker does for sign-ups.
  const passwords = Array.from({ length: n }, strongPassword);
  const ms = await runPool(n, concurrency, async (i) => {
    await hash(passwords[i] ?? '', ARGON2_OPTIONS);
  });
  return { n, ms };
}

function parseArgs(args: string[]): { pg: boolean } {
  const unknown = args.filter((a) => a !== '--pg');
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (the accounts benchmark takes only --pg)`);
  return { pg: args.includes('--pg') };
}

export async function run(args: string[] = []): Promise<void> {
  const opts = parseArgs(args);
  const c = threadPoolSize();
  const cpus = os.cpus().length;
  // Read before we start anything, so it is other people's work and not ours: it moves every figure.
  const loadBefore = os.loadavg()[0] ?? 0;
  let db: BenchPg | null = null;
  if (opts.pg) db = await freshPgSchema(process.env.DATABASE_URL || LOCAL_PG_URL);
  console.log(
    `accounts benchmark · ${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · libuv pool ${c} · ${db ? db.label : 'SQLite (embedded, WAL)'}`,
  );
  console.log(
    `HTTP: autocannon in its own process, ${CONNECTIONS} connections, per route ${HTTP_ROUNDS} interleaved rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s measured`,
  );
  console.log(
    `argon2id: m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}; N=${HASHES} each for raw hashes and sign-ups, concurrency ${c}, ${HASH_ROUNDS} interleaved rounds\n`,
  );
  try {
    const [biji, bare] = await Promise.all([startBiji(db ? { databaseUrl: db.url } : {}), startBareFastify()]);
    const fx = await seedProfile(biji.url, FOLLOWERS, c);
    await checkProfile(biji.url, fx, FOLLOWERS);
    const profileUrl = `${biji.url}/api/v1/users/${fx.handle}`;

    const jobs = {
      bare: httpJob(`${bare.url}/ok`),
      anonymous: httpJob(profileUrl),
      'signed in': httpJob(profileUrl, { authorization: `Bearer ${fx.viewerToken}` }),
    };
    const http: Record<keyof typeof jobs, HttpResult[]> = { bare: [], anonymous: [], 'signed in': [] };
    process.stdout.write('measuring HTTP');
    await interleave(Object.keys(jobs) as Array<keyof typeof jobs>, HTTP_ROUNDS, async (k) => {
      http[k].push(await runLoad(jobs[k], HTTP_TIMEOUT_MS));
      process.stdout.write('.');
    });

    process.stdout.write(' argon2id and sign-ups');
    const per = Math.ceil(HASHES / HASH_ROUNDS);
    await rawHashes(c, c); // warm-up; the sign-ups warm up with their first C (below)
    const raw = { n: 0, ms: 0 };
    const su: SignUpResult[] = [];
    await interleave(['raw', 'signups'] as const, HASH_ROUNDS, async (k, round) => {
      if (k === 'raw') {
        const r = await rawHashes(per, c);
        raw.n += r.n;
        raw.ms += r.ms;
      } else {
        const job = { kind: 'signups', url: biji.url, n: per, concurrency: c, warmup: round === 0 ? c : 0, handlePrefix: `bench_new_${round}_` } as const;
        su.push(await runLoad(job, SIGNUP_TIMEOUT_MS));
      }
      process.stdout.write('.');
    });
    process.stdout.write('\n\n');

    const [bareR, anonR, signedR] = [combineHttp(http.bare), combineHttp(http.anonymous), combineHttp(http['signed in'])];
    const rawPerSec = raw.n / (raw.ms / 1000);
    const suOk = su.reduce((a, r) => a + r.ok, 0);
    const suFailed = su.reduce((a, r) => a + r.failures, 0);
    const suPerSec = suOk / su.reduce((a, r) => a + r.seconds, 0);
    const firstFailure = su.find((r) => r.firstFailure)?.firstFailure ?? '';

    const right = 'right' as const;
    const httpRow = (name: string, r: HttpResult) => [name, fmtRate(r.requestsPerSec, 'req/s'), fmtMs(r.p50Ms), fmtMs(r.p99Ms), health(r)];
    console.log(
      table(
        [{ title: 'measure' }, { title: 'throughput', align: right }, { title: 'p50*', align: right }, { title: 'p99*', align: right }, { title: 'responses' }],
        [
          httpRow('bare Fastify GET /ok (baseline)', bareR),
          httpRow('GET /api/v1/users/:handle (anonymous)', anonR),
          httpRow('GET /api/v1/users/:handle (Bearer)', signedR),
          ['raw argon2id hashes (baseline)', fmtRate(rawPerSec, 'hash/s'), '', '', `${raw.n} ok`],
          ['POST /api/v1/accounts (sign-ups)', fmtRate(suPerSec, 'sign-up/s'), '', '', suFailed === 0 ? `${suOk} ok` : `${suFailed} failed: ${firstFailure}`],
        ],
      ),
    );
    console.log('* latency of the worse round\n');
    console.log(
      ratioTable([
        { name: 'profile (anonymous) / bare Fastify', value: anonR.requestsPerSec / bareR.requestsPerSec, target: PROFILE_TARGET },
        { name: 'profile (signed in) / bare Fastify', value: signedR.requestsPerSec / bareR.requestsPerSec, target: null },
        { name: 'sign-ups / raw argon2id', value: suPerSec / rawPerSec, target: SIGNUP_TARGET },
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
