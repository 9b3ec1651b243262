// Search benchmark: is search fast on a dataset of a realistic size and text? On the generator's
// dataset (scripts/gen.ts, whose notes carry real English and Chinese sentences: scripts/gen-text.ts),
// the search index is rebuilt with `npm run reindex` (its rate in notes per second and its size are
// printed), then a real Biji server is measured against bare Fastify in the same run, interleaved rounds:
// - two-word queries (GET /api/v1/search?q=…&type=notes&sort=relevance&limit=20), thousands of
//   different ones drawn from the dataset's own notes in a realistic mix: English pairs, Chinese pairs
//   (成都 火锅, 成都火锅), cross-lingual (the English of two words of a Chinese note: "Chengdu hotpot";
//   mixed script: "成都 hotpot"); no query is asked twice while the list lasts (a cache would make a
//   repeated one meaningless);
// - suggestions (GET /api/v1/search/suggest?q=…) as typed, a request a keystroke: prefixes of 1–6
//   characters of topics, people and words, in English, Chinese, pinyin (huog…) and pinyin initials (hg);
// - the bare route, with as many different URLs (the load generator's work the same).
// Targets (the tables say PASS or BELOW, nothing is asserted): query p95 ≤ 20 ms, suggestion p95 ≤
// 10 ms, query throughput ≥ 0.2 × bare Fastify.
//
// `npm run bench -- search [--pg] [--full | --small] [--fresh] [--keep-index] [--profile]`: the default dataset is
// 200k notes (20k people, 2M interactions), --full 1M, --small 20k (checks the benchmark in seconds);
// kept in ./data/bench-search-<size>/ (PostgreSQL: schema bench_search_<size>; lib/search-dataset.ts).
// --keep-index: no rebuild (the index as the last run left it). --profile: the server's CPU profile
// during the rounds, written to ./data/profiles/ (workers/cpu-profile.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { vocabulary } from '../scripts/gen-text.ts';
import { seededRandom } from '../src/server/modules/feed/ranker.ts';
import { type Db, openDb } from '../src/server/platform/db/index.ts';
import { cleanup, makeTempDir, REPO_ROOT, spawnTs, tailOf } from './lib/children.ts';
import { combineHttp, HTTP_SHAPE, health, runLoad, type UrlsJob, type UrlsResult } from './lib/load.ts';
import { interleave } from './lib/pool.ts';
import { fmtMs, fmtRate, ratioTable, table } from './lib/report.ts';
import { type Dataset, type Size, searchDataset } from './lib/search-dataset.ts';
import { startBareFastify, startBiji } from './lib/servers.ts';

const { connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S } = HTTP_SHAPE;
const HTTP_ROUNDS = 2;
const QUERY_P95_MS = 20;
const SUGGEST_P95_MS = 10;
const RATIO_TARGET = 0.2;
const HTTP_TIMEOUT_MS = (WARMUP_S + DURATION_S + 60) * 1000;
const REINDEX_TIMEOUT_MS = 3 * 3600_000;
/** Notes read to draw queries from, and how many different queries and keystrokes are made of them. */
const SAMPLE_NOTES = 6_000;
const QUERIES = 60_000;
const KEYSTROKES = 40_000;
const CHECKS = 150;

interface Options {
  pg: boolean;
  size: Size;
  fresh: boolean;
  profile: boolean;
  /** measure the index as an earlier run left it (no rebuild: no build rate) */
  keepIndex: boolean;
}

function parseArgs(args: string[]): Options {
  const known = ['--pg', '--full', '--small', '--fresh', '--profile', '--keep-index'];
  const unknown = args.filter((a) => !known.includes(a));
  if (unknown.length > 0)
    throw new Error(`unknown option ${unknown.join(' ')} (the search benchmark takes --pg, --full or --small, --fresh, --keep-index and --profile)`);
  if (args.includes('--full') && args.includes('--small')) throw new Error('--full or --small, not both');
  return {
    pg: args.includes('--pg'),
    size: args.includes('--full') ? 'full' : args.includes('--small') ? 'small' : 'default',
    fresh: args.includes('--fresh'),
    profile: args.includes('--profile'),
    keepIndex: args.includes('--keep-index'),
  };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1048576).toLocaleString('en-US', { maximumFractionDigits: bytes >= 100 * 1048576 ? 0 : 1 })} MB`;

// ---------------------------------------------------------------------------------------------
// the index: rebuilt by the project's own script, timed and sized

interface IndexSize {
  total: number;
  /** the full-text part: SQLite's FTS5 tables, PostgreSQL's GIN index */
  fullText: number;
  byName: Array<[string, number]>;
}

async function indexSize(ds: Dataset): Promise<IndexSize> {
  if (ds.target.kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(ds.target.file, { readonly: true });
    try {
      const names = (
        db
          .prepare(`select name from sqlite_master where type in ('table', 'index') and (name like 'search%' or name like 'sqlite_autoindex_search%')`)
          .all() as Array<{ name: string }>
      ).map((r) => r.name);
      // dbstat: the pages of each b-tree, WAL included (what the connection sees); the FTS5 virtual table itself has none
      const pages = db.prepare('select coalesce(sum(pgsize), 0) as bytes from dbstat where name = ? and aggregate = 1');
      const byName = names.map((name) => [name, (pages.get(name) as { bytes: number }).bytes] as [string, number]).filter(([, b]) => b > 0);
      const total = byName.reduce((a, [, b]) => a + b, 0);
      const fullText = byName.filter(([k]) => k.startsWith('search_notes_fts')).reduce((a, [, b]) => a + b, 0);
      return { total, fullText, byName: byName.sort((a, b) => b[1] - a[1]) };
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: ds.target.url });
  await c.connect();
  try {
    const rows = (
      await c.query<{ name: string; kind: string; bytes: string }>(
        `select c.relname as name, c.relkind as kind, pg_total_relation_size(c.oid)::text as bytes
           from pg_class c join pg_namespace s on s.oid = c.relnamespace
          where s.nspname = $1 and c.relkind = 'r' and c.relname like 'search%'`,
        [ds.schema],
      )
    ).rows;
    const gin = (
      await c.query<{ bytes: string }>(
        `select coalesce(sum(pg_relation_size(i.indexrelid)), 0)::text as bytes
           from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace s on s.oid = c.relnamespace join pg_am a on a.oid = c.relam
          where s.nspname = $1 and a.amname = 'gin' and c.relname like 'search%'`,
        [ds.schema],
      )
    ).rows[0];
    const byName = rows.map((r) => [r.name, Number(r.bytes)] as [string, number]).sort((a, b) => b[1] - a[1]);
    return { total: byName.reduce((a, [, b]) => a + b, 0), fullText: Number(gin?.bytes ?? 0), byName };
  } finally {
    await c.end();
  }
}

/** `npm run reindex` on the dataset, as an operator would run it: its lines echoed, its wall time taken. */
async function reindex(ds: Dataset): Promise<Built> {
  const script = path.join(REPO_ROOT, 'scripts/reindex.ts');
  if (!fs.existsSync(script)) throw new Error('scripts/reindex.ts is not there yet: the search index cannot be built');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: ds.dataDir,
    DATABASE_URL: ds.databaseUrl ?? '',
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
  };
  const started = performance.now();
  const child = spawnTs(script, [], env);
  const tail = tailOf(child);
  let last = '';
  let own: number | null = null;
  const echo = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n|\r/)) {
      const l = line.trim();
      if (!l || l === last) continue;
      last = l;
      console.log(`  … ${l}`);
      // "indexed 20,000 notes and 2,000 people in 12.3 s (1,626 notes/s)": the rebuild's own time, start-up left out
      const m = /^indexed [\d,]+ notes.* in ([\d.]+) s/.exec(l);
      if (m) own = Number(m[1]);
    }
  };
  child.stdout?.on('data', echo);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), REINDEX_TIMEOUT_MS);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`npm run reindex exited with code ${code}\n${tail()}`);
  const db = await openDb(ds.target, { migrate: false });
  try {
    const k = db.kysely;
    const row = (await k.selectFrom('search_notes').select(k.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: number | string };
    return { seconds, own, indexed: Number(row.n) };
  } finally {
    await db.close();
  }
}

interface Built {
  /** the script's wall time, start-up included */
  seconds: number;
  /** the rebuild's own time, as the script says it (null: it did not) */
  own: number | null;
  indexed: number;
}

// ---------------------------------------------------------------------------------------------
// what people type, drawn from the dataset

const EN_STOP = new Set(
  'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them well were what about after again also into their there these which would could should other being because while where those then said most made each even first some people three years since still under upon year back very really still'.split(
    ' ',
  ),
);
const ZH_STOP = new Set(
  '我们 你们 他们 这个 那个 一个 没有 什么 可以 因为 所以 但是 如果 自己 已经 还是 就是 不是 这样 现在 时候 这些 那些 其中 以及 进行 之后 之前 一些 其他 他的 她的'.split(
    ' ',
  ),
);
const HAN = /\p{Script=Han}/u;

interface Words {
  en: string[][];
  zh: string[][];
}

/** Each sampled note's words in order: English (3+ letters, no stop words) or Chinese (jieba, 2+ characters). */
export async function noteWords(db: Db): Promise<Words> {
  const k = db.kysely;
  const rows = (await k
    .selectFrom('notes')
    .select(['title', 'body', 'lang'])
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .orderBy(k.fn('random'))
    .limit(SAMPLE_NOTES)
    .execute()) as Array<{ title: string; body: string; lang: string }>;
  const { Jieba } = await import('@node-rs/jieba');
  const { dict } = await import('@node-rs/jieba/dict.js');
  const jieba = Jieba.withDict(dict);
  const out: Words = { en: [], zh: [] };
  for (const r of rows) {
    const text = `${r.title}\n${r.body}`.replace(/#/g, ' ');
    const en = (text.match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase()).filter((w) => !EN_STOP.has(w));
    const zh = jieba.cut(text, false).filter((w) => w.length >= 2 && [...w].every((ch) => HAN.test(ch)) && !ZH_STOP.has(w));
    if (r.lang === 'zh') out.zh.push(zh.length >= 2 ? zh : []);
    else out.en.push(en);
  }
  out.en = out.en.filter((w) => w.length >= 2);
  out.zh = out.zh.filter((w) => w.length >= 2);
  return out;
}

type QueryKind = 'English pair' | 'Chinese pair' | 'English, two notes' | 'cross-lingual (English of a Chinese note)' | 'mixed script';

/** Two-word queries in a realistic mix, all different, shuffled; and how many of each kind. */
export function makeQueries(words: Words, english: Map<string, string>, r: () => number): { queries: string[]; kinds: Map<QueryKind, number> } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const two = (list: readonly string[]): [string, string] | null => {
    for (let t = 0; t < 8; t++) {
      const i = Math.floor(r() * list.length);
      const j = Math.floor(r() * list.length);
      if (list[i] !== list[j]) return i < j ? [list[i]!, list[j]!] : [list[j]!, list[i]!];
    }
    return null;
  };
  const seen = new Set<string>();
  const queries: string[] = [];
  const kinds = new Map<QueryKind, number>();
  const mix: Array<[QueryKind, number]> = [
    ['English pair', 0.38],
    ['Chinese pair', 0.32],
    ['English, two notes', 0.1],
    ['cross-lingual (English of a Chinese note)', 0.12],
    ['mixed script', 0.08],
  ];
  for (let attempt = 0; queries.length < QUERIES && attempt < QUERIES * 6; attempt++) {
    let x = r();
    let kind: QueryKind = mix[0]![0];
    for (const [k, w] of mix) {
      kind = k;
      if (x < w) break;
      x -= w;
    }
    let q: string | null = null;
    if (kind === 'English pair' && words.en.length > 0) q = two(pick(words.en))?.join(' ') ?? null;
    else if (kind === 'Chinese pair' && words.zh.length > 0) {
      const p = two(pick(words.zh));
      // as often typed together (成都火锅) as apart (成都 火锅)
      q = p ? p.join(r() < 0.5 ? '' : ' ') : null;
    } else if (kind === 'English, two notes' && words.en.length > 1) q = `${pick(pick(words.en))} ${pick(pick(words.en))}`;
    else if (kind === 'cross-lingual (English of a Chinese note)' && words.zh.length > 0) {
      const said = [...new Set(pick(words.zh).flatMap((w) => (english.has(w) ? [english.get(w)!] : [])))];
      const p = said.length >= 2 ? two(said) : null;
      q = p ? p.join(' ') : null;
    } else if (kind === 'mixed script' && words.zh.length > 0) {
      const note = pick(words.zh);
      const zh = pick(note);
      const other = note.filter((w) => w !== zh && english.has(w));
      q = other.length > 0 ? (r() < 0.5 ? `${zh} ${english.get(pick(other))}` : `${english.get(pick(other))} ${zh}`) : null;
    }
    if (!q || q.length < 2) continue;
    const key = q.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    queries.push(q);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  return { queries, kinds };
}

/** Keystrokes: prefixes of 1–6 characters of what people look for, in English, Chinese, pinyin and pinyin initials. */
export async function makeKeystrokes(db: Db, words: Words, r: () => number): Promise<string[]> {
  const k = db.kysely;
  const tags = (
    (await k.selectFrom('note_tags').select('tag').select(k.fn.countAll().as('n')).groupBy('tag').orderBy('n', 'desc').limit(400).execute()) as Array<{
      tag: string;
    }>
  ).map((t) => t.tag);
  const people = (await k.selectFrom('users').select(['handle', 'display_name']).orderBy(k.fn('random')).limit(3000).execute()) as Array<{
    handle: string;
    display_name: string;
  }>;
  const { pinyin } = await import('pinyin-pro');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const zhTerms = [...tags.filter((t) => HAN.test(t)), ...people.map((p) => p.display_name).filter((d) => HAN.test(d))];
  const enTerms = [...tags.filter((t) => !HAN.test(t)), ...people.map((p) => p.handle), ...people.map((p) => p.display_name).filter((d) => !HAN.test(d))];
  const out: string[] = [];
  const type = (term: string, max: number) => {
    const chars = [...term];
    const upTo = Math.min(max, chars.length, 1 + Math.floor(r() * max));
    for (let i = 1; i <= upTo; i++) out.push(chars.slice(0, i).join(''));
  };
  while (out.length < KEYSTROKES) {
    const x = r();
    const zh = () => (r() < 0.6 || words.zh.length === 0 ? pick(zhTerms) : pick(pick(words.zh)));
    if (x < 0.3) type(r() < 0.6 || words.en.length === 0 ? pick(enTerms) : pick(pick(words.en)), 6);
    else if (x < 0.55) type(zh(), 4);
    else if (x < 0.85) type((pinyin(zh(), { toneType: 'none', type: 'array', nonZh: 'removed' }) as string[]).join(''), 6);
    else type((pinyin(zh(), { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }) as string[]).join(''), 6);
  }
  return out;
}

const searchPath = (q: string) => `/api/v1/search?q=${encodeURIComponent(q)}&type=notes&sort=relevance&limit=20`;
const suggestPath = (q: string) => `/api/v1/search/suggest?q=${encodeURIComponent(q)}`;

/** What is measured is what we say: queries that find notes (some by their widened words), prefixes that suggest. */
async function check(base: string, queries: string[], keystrokes: string[]): Promise<string[]> {
  const get = async (p: string) => {
    const res = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, unknown[]>;
  };
  let found = 0;
  let widened = 0;
  const items: number[] = [];
  const examples: string[] = [];
  for (const q of queries.slice(0, CHECKS)) {
    const body = await get(searchPath(q));
    const count = body.items?.length ?? 0;
    items.push(count);
    if (count > 0) found += 1;
    const exp = (body.expansions ?? []) as Array<{ term: string; from: string }>;
    if (exp.length > 0) {
      widened += 1;
      if (examples.length < 3) examples.push(`${q} → ${exp.map((e) => `${e.term} ← ${e.from}`).join(', ')}`);
    }
  }
  items.sort((a, b) => a - b);
  let suggested = 0;
  for (const q of keystrokes.slice(0, CHECKS)) {
    const body = await get(suggestPath(q));
    if ((body.topics?.length ?? 0) + (body.users?.length ?? 0) + (body.queries?.length ?? 0) > 0) suggested += 1;
  }
  const pct = (x: number, of: number) => `${Math.round((100 * x) / Math.max(1, of))}%`;
  return [
    `checked: ${CHECKS} queries: ${pct(found, CHECKS)} find notes (median ${items[Math.floor(items.length / 2)] ?? 0} on page 1), ${pct(widened, CHECKS)} widened${examples.length > 0 ? ` (${examples.join('; ')})` : ''}`,
    `         ${CHECKS} keystrokes: ${pct(suggested, CHECKS)} get suggestions`,
  ];
}

// ---------------------------------------------------------------------------------------------

export async function run(args: string[] = []): Promise<void> {
  const opts = parseArgs(args);
  const cpus = os.cpus().length;
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const ds = await searchDataset({ size: opts.size, pg: opts.pg, fresh: opts.fresh });
    const rows = ds.summary.rows;
    console.log(`search benchmark · ${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version} · ${ds.label}`);
    console.log(
      `dataset: ${n(rows.users ?? 0)} people, ${n(rows.notes ?? 0)} notes${ds.made ? ` (made now in ${ds.summary.seconds.total.toFixed(0)} s)` : ' (cached)'}; text: ${ds.summary.text ?? 'theme texts alone (made before scripts/gen-text.ts: --fresh to remake it)'}`,
    );

    // ---- the index
    const before = await indexSize(ds);
    let built: Built | null = null;
    if (!opts.keepIndex) {
      console.log('\nrebuilding the search index (npm run reindex):');
      built = await reindex(ds);
    }
    if (built && ds.target.kind === 'postgres') {
      // fresh statistics, as autovacuum would have left them on a living database (the generator does the same for its tables)
      const c = new pg.Client({ connectionString: ds.databaseUrl ?? '' });
      await c.connect();
      try {
        for (const t of (
          await c.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = $1 and tablename like 'search%'`, [ds.schema])
        ).rows)
          await c.query(`vacuum (analyze) ${t.name}`);
      } finally {
        await c.end();
      }
    }
    const after = await indexSize(ds);
    const notes = rows.notes ?? 0;
    const indexed = built?.indexed ?? notes;
    if (built)
      console.log(
        `index: ${n(built.indexed)} notes indexed of ${n(notes)}: ${built.own !== null ? `${n(built.indexed / built.own)} notes/s (the rebuild, ${built.own.toFixed(1)} s); ` : ''}${n(built.indexed / built.seconds)} notes/s with the script's start-up (${built.seconds.toFixed(1)} s)`,
      );
    else console.log('\nindex: as an earlier run left it (--keep-index: not rebuilt, no build rate)');
    console.log(
      `index size: ${mb(after.total)} (${ds.target.kind === 'sqlite' ? 'FTS5 tables' : 'GIN index'} ${mb(after.fullText)}; ${(after.total / Math.max(1, indexed)).toFixed(0)} bytes a note${built ? `; before the rebuild ${mb(before.total)}` : ''})`,
    );
    console.log(
      `  largest: ${after.byName
        .slice(0, 5)
        .map(([k, b]) => `${k} ${mb(b)}`)
        .join(', ')}`,
    );

    // ---- what people type
    const db = await openDb(ds.target, { migrate: false });
    // Each run starts from the generated state: what earlier runs searched (history, counts, popular and
    // trending searches, which suggestions and related searches read) goes.
    for (const t of ['search_history', 'search_counts', 'search_popular', 'search_trending']) await db.kysely.deleteFrom(t).execute();
    let queries: string[];
    let kinds: Map<QueryKind, number>;
    let keystrokes: string[];
    try {
      const words = await noteWords(db);
      const english = new Map(vocabulary().pairs);
      ({ queries, kinds } = makeQueries(words, english, seededRandom(0x5ea4c4)));
      keystrokes = await makeKeystrokes(db, words, seededRandom(0x5e6e57));
    } finally {
      await db.close();
    }
    if (queries.length < 1000) throw new Error(`only ${queries.length} different queries could be drawn from the dataset`);
    console.log(
      `\nqueries: ${n(queries.length)} different two-word queries from ${n(SAMPLE_NOTES)} notes (${[...kinds].map(([k, c]) => `${k} ${Math.round((100 * c) / queries.length)}%`).join(', ')}), e.g. ${queries
        .slice(0, 6)
        .map((q) => `"${q}"`)
        .join(', ')}`,
    );
    console.log(
      `suggestions: ${n(keystrokes.length)} keystrokes (${n(new Set(keystrokes).size)} different prefixes), e.g. ${keystrokes
        .slice(0, 12)
        .map((q) => `"${q}"`)
        .join(' ')}`,
    );
    console.log(
      `HTTP: autocannon in its own process, ${CONNECTIONS} connections, per route ${HTTP_ROUNDS} interleaved rounds of ${WARMUP_S} s warm-up + ${DURATION_S} s measured, each request the next URL of its list\n`,
    );

    // Lists for each round and route, so no round repeats what another asked.
    const work = makeTempDir('biji-bench-search-');
    // each round's lists: one for the loaded run, one for the single connection
    const slices = (list: string[], toPath: (q: string) => string, name: string) =>
      Array.from({ length: 2 * HTTP_ROUNDS }, (_, i) => {
        const per = Math.floor(list.length / (2 * HTTP_ROUNDS));
        const file = path.join(work, `${name}-${i}.txt`);
        fs.writeFileSync(
          file,
          `${list
            .slice(i * per, (i + 1) * per)
            .map(toPath)
            .join('\n')}\n`,
        );
        return file;
      });
    const queryFiles = slices(queries, searchPath, 'queries');
    const suggestFiles = slices(keystrokes, suggestPath, 'suggest');
    // The baseline gets as many different URLs, so the load generator does the same work for it.
    const bareFiles = slices(queries, (q) => `/ok?q=${encodeURIComponent(q)}`, 'bare');

    const profile = path.join(REPO_ROOT, 'data', 'profiles', `search-${ds.target.kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
    if (opts.profile) fs.mkdirSync(path.dirname(profile), { recursive: true });
    const [biji, bare] = await Promise.all([
      startBiji({
        dataDir: ds.dataDir,
        ...(ds.databaseUrl ? { databaseUrl: ds.databaseUrl } : {}),
        // Node 20 refuses --cpu-prof in NODE_OPTIONS: a preloaded module runs the profiler, started and stopped by SIGUSR2
        ...(opts.profile
          ? {
              env: {
                NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(REPO_ROOT, 'bench/workers/cpu-profile.mjs')).href}`.trim(),
                BIJI_CPU_PROFILE: profile,
              },
            }
          : {}),
      }),
      startBareFastify(),
    ]);
    for (const line of await check(biji.url, queries, keystrokes)) console.log(line);

    // The targets are for the loaded runs; one connection (requests one after another) shows what a
    // person meets on an idle server: the time of the work itself, without queueing behind others.
    const keys = ['bare', 'search', 'suggest', 'search1', 'suggest1'] as const;
    type Key = (typeof keys)[number];
    const results: Record<Key, UrlsResult[]> = { bare: [], search: [], suggest: [], search1: [], suggest1: [] };
    const job = (url: string, urlsFile: string, connections: number = CONNECTIONS): UrlsJob => ({
      kind: 'urls',
      url,
      urlsFile,
      connections,
      warmupSeconds: WARMUP_S,
      durationSeconds: DURATION_S,
    });
    if (opts.profile) biji.child.kill('SIGUSR2');
    process.stdout.write('measuring');
    await interleave(keys, HTTP_ROUNDS, async (k, round) => {
      const one = k === 'search1' || k === 'suggest1';
      const at = 2 * round + (one ? 1 : 0);
      const j =
        k === 'bare'
          ? job(bare.url, bareFiles[at]!)
          : job(biji.url, (k === 'search' || k === 'search1' ? queryFiles : suggestFiles)[at]!, one ? 1 : CONNECTIONS);
      results[k].push(await runLoad(j, HTTP_TIMEOUT_MS));
      process.stdout.write('.');
    });
    process.stdout.write('\n\n');
    if (opts.profile) {
      biji.child.kill('SIGUSR2');
      for (let i = 0; i < 100 && !fs.existsSync(profile); i++) await new Promise((r) => setTimeout(r, 100));
      console.log(`profile of the server during the rounds: ${fs.existsSync(profile) ? path.relative(REPO_ROOT, profile) : 'NOT WRITTEN'}\n`);
    }

    // As combineHttp, with the worst round's p95 and the paths' tallies.
    const combine = (rs: UrlsResult[]): UrlsResult => ({
      ...combineHttp(rs),
      p95Ms: Math.max(...rs.map((r) => r.p95Ms)),
      paths: rs.reduce((a, r) => a + r.paths, 0),
      requested: rs.reduce((a, r) => a + r.requested, 0),
    });
    const c = Object.fromEntries(keys.map((k) => [k, combine(results[k])])) as Record<Key, ReturnType<typeof combine>>;
    const right = 'right' as const;
    const labels: Record<Key, string> = {
      bare: 'bare Fastify GET /ok?q=… (baseline)',
      search: 'GET /api/v1/search (two-word queries)',
      suggest: 'GET /api/v1/search/suggest (keystrokes)',
      search1: '  the same queries, 1 connection',
      suggest1: '  the same keystrokes, 1 connection',
    };
    const wrapped = (k: Key) => results[k].some((r) => r.requested > r.paths);
    console.log(
      table(
        [
          { title: 'measure' },
          { title: 'throughput', align: right },
          { title: 'p50*', align: right },
          { title: 'p95*', align: right },
          { title: 'p99*', align: right },
          { title: 'responses' },
        ],
        keys.map((k) => [
          labels[k],
          fmtRate(c[k].requestsPerSec, 'req/s'),
          fmtMs(c[k].p50Ms),
          fmtMs(c[k].p95Ms),
          fmtMs(c[k].p99Ms),
          `${health(c[k])}${(k === 'search' || k === 'search1') && wrapped(k) ? ' (LIST WRAPPED: some queries asked twice)' : ''}`,
        ]),
      ),
    );
    console.log('* latency of the worse round (p95 from every response time; p50 and p99 autocannon’s, whole ms)');
    console.log(
      `by round: ${keys.map((k) => `${k} ${results[k].map((x) => `${fmtRate(x.requestsPerSec, 'req/s')} p95 ${fmtMs(x.p95Ms)}`).join(', ')}`).join('; ')}\n`,
    );
    console.log(
      ratioTable([
        { name: 'search / bare Fastify', value: c.search.requestsPerSec / c.bare.requestsPerSec, target: RATIO_TARGET },
        { name: 'suggest / bare Fastify', value: c.suggest.requestsPerSec / c.bare.requestsPerSec, target: null },
      ]),
    );
    console.log('');
    console.log(
      table(
        [{ title: 'latency' }, { title: 'p95', align: right }, { title: 'target', align: right }, { title: 'result' }],
        [
          ['two-word queries p95', fmtMs(c.search.p95Ms), `≤ ${QUERY_P95_MS} ms`, c.search.p95Ms <= QUERY_P95_MS ? 'PASS' : 'BELOW'],
          ['suggestions p95', fmtMs(c.suggest.p95Ms), `≤ ${SUGGEST_P95_MS} ms`, c.suggest.p95Ms <= SUGGEST_P95_MS ? 'PASS' : 'BELOW'],
        ],
      ),
    );
    if (loadBefore > cpus * 0.5) {
      console.log(`\nnote: the machine was busy before we started (1-min load ${loadBefore.toFixed(1)} on ${cpus} CPUs): figures are noisy, ratios less so`);
    }
  } finally {
    await cleanup();
  }
}
