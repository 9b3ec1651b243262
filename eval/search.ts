// The search evaluation: the labelled queries of eval/search-queries.ts (English, Chinese, traditional
// characters, pinyin, typos, cross-lingual, hashtags, people) run through the real HTTP API of a
// freshly seeded instance, as an anonymous visitor, and scored against their graded judgments:
// nDCG@10, Recall@10 (capped) and MRR, per query group and overall, with the worst queries and what
// came back for them.
//
// The instance: `npm run seed`'s demo community (scripts/seed.ts, in-process), seeded once into
// ./data/eval-search/<fingerprint of the seed sources>/ and copied to a temporary directory for each
// run (seeding draws ~800 photos: a few minutes; a run from the copy takes seconds). Its database is
// migrated on open and its search index rebuilt (as `npm run reindex` does), then every query is a GET /api/v1/search through app.inject.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { seed } from '../scripts/seed.ts';
import { SEED_PEOPLE } from '../scripts/seed-data.ts';
import { type PlannedNote, planSeed } from '../scripts/seed-plan.ts';
import { type AppContext, buildApp, buildContext, closeContext } from '../src/server/app.ts';
import { type Config, loadConfig } from '../src/server/config.ts';
import type { SearchResult } from '../src/shared/api/search.ts';
import { ndcgAt, recallAt, reciprocalRank } from './metrics/ndcg.ts';
import { GROUPS, type JudgedQuery, QUERIES, type QueryGroup } from './search-queries.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CACHE_ROOT = path.join(REPO_ROOT, 'data', 'eval-search');
/** Bump to throw every cached dataset away (e.g. when what the seed writes changes outside scripts/seed*.ts). */
const DATASET_VERSION = 1;
const DB_FILES = ['biji.sqlite', 'biji.sqlite-wal', 'biji.sqlite-shm'];

export const noteKey = (handle: string, title: string): string => `${handle}|${title}`;

// ---- the labels against the seed plan

/** Problems with the labelled set: judged notes the seed does not plan, or plans followers-only, and malformed entries. */
export function checkLabels(queries: readonly JudgedQuery[], planned: readonly PlannedNote[], handles: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const notes = new Map(planned.map((n) => [noteKey(n.author, n.title), n]));
  const seen = new Set<string>();
  for (const q of queries) {
    const id = `"${q.q}" (${q.group})`;
    const type = q.type ?? 'notes';
    if (seen.has(`${type}|${q.q}`)) problems.push(`${id} appears twice`);
    seen.add(`${type}|${q.q}`);
    if (!GROUPS.includes(q.group)) problems.push(`${id}: unknown group`);
    if (Object.keys(q.relevant).length === 0) problems.push(`${id}: nothing judged relevant`);
    for (const [key, grade] of Object.entries(q.relevant)) {
      if (grade !== 1 && grade !== 2) problems.push(`${id}: ${key} has grade ${grade}`);
      if (type === 'users') {
        if (!handles.has(key)) problems.push(`${id}: @${key} is not a seeded person`);
        continue;
      }
      const n = notes.get(key);
      if (!n) problems.push(`${id}: the seed plans no note "${key}"`);
      else if (n.visibility !== 'public') problems.push(`${id}: "${key}" is followers-only (an anonymous visitor cannot find it)`);
    }
  }
  return problems;
}

// ---- scoring

export interface QueryOutcome {
  q: string;
  group: QueryGroup;
  type: 'notes' | 'users';
  about: string;
  ndcg: number;
  recall: number;
  rr: number;
  /** what came back, in order: "handle|title" or "handle" */
  returned: string[];
  relevant: Record<string, 1 | 2>;
  expansions: string[];
  error: string | null;
}

export interface GroupRow {
  group: string;
  queries: number;
  ndcg: number;
  recall: number;
  mrr: number;
  /** queries with no result at all */
  empty: number;
}

export interface SearchEvalResult {
  k: number;
  notes: number;
  people: number;
  outcomes: QueryOutcome[];
  groups: GroupRow[];
  /** the mean over queries */
  all: GroupRow;
  /** the mean of the group means (each group weighs the same) */
  macro: { ndcg: number; recall: number; mrr: number };
  seconds: { dataset: number; index: number; queries: number };
  datasetFrom: 'cache' | 'seeded';
}

export function score(query: JudgedQuery, returned: string[], k: number): Pick<QueryOutcome, 'ndcg' | 'recall' | 'rr'> {
  return {
    ndcg: ndcgAt(returned, query.relevant, k),
    recall: recallAt(returned, query.relevant, k, { capped: true }),
    rr: reciprocalRank(returned, query.relevant),
  };
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

function row(group: string, outcomes: readonly QueryOutcome[]): GroupRow {
  return {
    group,
    queries: outcomes.length,
    ndcg: mean(outcomes.map((o) => o.ndcg)),
    recall: mean(outcomes.map((o) => o.recall)),
    mrr: mean(outcomes.map((o) => o.rr)),
    empty: outcomes.filter((o) => o.returned.length === 0).length,
  };
}

export function summarize(outcomes: readonly QueryOutcome[]): Pick<SearchEvalResult, 'groups' | 'all' | 'macro'> {
  const groups = GROUPS.map((g) =>
    row(
      g,
      outcomes.filter((o) => o.group === g),
    ),
  ).filter((r) => r.queries > 0);
  return {
    groups,
    all: row('all', outcomes),
    macro: { ndcg: mean(groups.map((g) => g.ndcg)), recall: mean(groups.map((g) => g.recall)), mrr: mean(groups.map((g) => g.mrr)) },
  };
}

// ---- the dataset

/** A fingerprint of what decides the seeded data: the seed's sources (and DATASET_VERSION). */
export function seedFingerprint(): string {
  const h = createHash('sha256').update(`eval-search dataset v${DATASET_VERSION}\n`);
  const dir = path.join(REPO_ROOT, 'scripts');
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => /^seed.*\.ts$/.test(f))
    .sort()) {
    h.update(`${f}\n`).update(fs.readFileSync(path.join(dir, f)));
  }
  return h.digest('hex').slice(0, 16);
}

const devNull = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

/** The instance's settings: the defaults (SQLite in `dir`, the gloss), with TRANSLATE_* taken from the environment (a provider widens queries with its translation). */
function evalConfig(dir: string, env: NodeJS.ProcessEnv): Config {
  const passed = Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('TRANSLATE_')));
  const config = loadConfig({ ...passed, DATA_DIR: dir, LOG_LEVEL: 'warn' });
  // Rate limits guard the HTTP surface from strangers; ~150 searches from one address in a second would trip them.
  return { ...config, rateLimits: { ...config.rateLimits, enabled: false } };
}

/** The seeded database for the current seed sources: from the cache, else seeded now and cached. */
async function ensureDataset(fresh: boolean, say: (line: string) => void): Promise<{ dir: string; from: 'cache' | 'seeded' }> {
  const dir = path.join(CACHE_ROOT, seedFingerprint());
  if (!fresh && fs.existsSync(path.join(dir, 'biji.sqlite'))) return { dir, from: 'cache' };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-eval-search-seed-'));
  try {
    say(`seeding the demo community into ${work} (once for these seed sources; a few minutes)…`);
    const ctx = await buildContext(evalConfig(work, {}), { logStream: devNull() });
    try {
      const s = await seed(ctx, SEED_PEOPLE, { progress: (line) => say(`  … ${line}`) });
      say(`  seeded ${s.created.length} people and ${s.notes?.notes.created ?? 0} notes in ${s.seconds.total.toFixed(0)} s`);
    } finally {
      await closeContext(ctx);
    }
    // The database only (the photos are not needed to search): into the cache under a temporary name, then renamed.
    fs.mkdirSync(CACHE_ROOT, { recursive: true });
    const staging = fs.mkdtempSync(path.join(CACHE_ROOT, '.staging-'));
    for (const f of DB_FILES) if (fs.existsSync(path.join(work, f))) fs.copyFileSync(path.join(work, f), path.join(staging, f));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return { dir, from: 'seeded' };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The search index, rebuilt from the notes and people as `npm run reindex` does (the jobs the seed's
 * events queued are left: the rebuild covers what they would do, and the other modules' are not searched).
 */
async function rebuildIndex(ctx: AppContext): Promise<string> {
  const n = await ctx.search.indexer.rebuild();
  return `rebuilt: ${n.notes} notes, ${n.people} people`;
}

// ---- running the queries

async function search(app: FastifyInstance, query: JudgedQuery, k: number): Promise<{ returned: string[]; expansions: string[]; error: string | null }> {
  const type = query.type ?? 'notes';
  const params = new URLSearchParams({ q: query.q, type, limit: String(k) });
  if (type === 'notes') params.set('sort', 'relevance');
  const res = await app.inject({ method: 'GET', url: `/api/v1/search?${params}` });
  if (res.statusCode !== 200) return { returned: [], expansions: [], error: `HTTP ${res.statusCode}: ${res.body.slice(0, 200)}` };
  const body = res.json() as SearchResult;
  const returned = body.items.map((hit) =>
    hit.note ? noteKey(hit.note.author.handle, hit.note.title) : hit.user ? hit.user.handle : `#${hit.topic?.tag ?? '?'}`,
  );
  return { returned, expansions: body.expansions.map((e) => `${e.from}→${e.term} (${e.via})`), error: null };
}

export interface SearchEvalOptions {
  k: number;
  /** reseed even if a cached dataset exists */
  fresh?: boolean;
  /** only these groups */
  groups?: readonly string[];
  env?: NodeJS.ProcessEnv;
  progress?: (line: string) => void;
}

export async function evaluate(opts: SearchEvalOptions): Promise<SearchEvalResult> {
  const say = opts.progress ?? (() => {});
  const plan = planSeed(SEED_PEOPLE);
  const problems = checkLabels(QUERIES, plan.notes, new Set(SEED_PEOPLE.map((p) => p.handle)));
  if (problems.length > 0) throw new Error(`the labelled set does not fit the seed plan:\n  - ${problems.join('\n  - ')}`);
  const queries = opts.groups ? QUERIES.filter((q) => opts.groups?.includes(q.group)) : QUERIES;

  let t0 = performance.now();
  const dataset = await ensureDataset(!!opts.fresh, say);
  const datasetSeconds = (performance.now() - t0) / 1000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-eval-search-'));
  try {
    for (const f of DB_FILES) if (fs.existsSync(path.join(dataset.dir, f))) fs.copyFileSync(path.join(dataset.dir, f), path.join(work, f));
    const { app, ctx } = await buildApp(evalConfig(work, opts.env ?? process.env), { logStream: devNull() });
    try {
      t0 = performance.now();
      const how = await rebuildIndex(ctx);
      const indexSeconds = (performance.now() - t0) / 1000;
      say(`index: ${how} (${indexSeconds.toFixed(1)} s)`);
      t0 = performance.now();
      const outcomes: QueryOutcome[] = [];
      for (const query of queries) {
        const { returned, expansions, error } = await search(app, query, opts.k);
        outcomes.push({
          q: query.q,
          group: query.group,
          type: query.type ?? 'notes',
          about: query.about,
          ...score(query, returned, opts.k),
          returned,
          relevant: query.relevant,
          expansions,
          error,
        });
      }
      const queriesSeconds = (performance.now() - t0) / 1000;
      return {
        k: opts.k,
        notes: plan.notes.filter((n) => n.visibility === 'public').length,
        people: SEED_PEOPLE.length,
        outcomes,
        ...summarize(outcomes),
        seconds: { dataset: datasetSeconds, index: indexSeconds, queries: queriesSeconds },
        datasetFrom: dataset.from,
      };
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---- the report

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  –  ');

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

export function report(r: SearchEvalResult, worst = 12): string {
  const k = r.k;
  const lines = [
    `Search on the seed corpus (${r.notes} public notes, ${r.people} people): ${r.outcomes.length} labelled queries as an anonymous visitor, sort=relevance, top ${k}`,
    `nDCG@${k}: graded gains (2 / 1), log2 discount, ideal from the judgments; Recall@${k}: relevant found over min(${k}, relevant); MRR: first relevant result`,
    '',
  ];
  const rowOf = (g: GroupRow) => [g.group, String(g.queries), f3(g.ndcg), f3(g.recall), f3(g.mrr), String(g.empty)];
  lines.push(...table(['group', 'queries', `nDCG@${k}`, `Recall@${k}`, 'MRR', 'no result'], [...r.groups.map(rowOf), rowOf(r.all)]));
  lines.push(`(mean of the group means: nDCG@${k} ${f3(r.macro.ndcg)}, Recall@${k} ${f3(r.macro.recall)}, MRR ${f3(r.macro.mrr)})`);

  const errors = r.outcomes.filter((o) => o.error);
  if (errors.length > 0) lines.push('', `${errors.length} queries failed:`, ...errors.slice(0, 10).map((o) => `  "${o.q}": ${o.error}`));

  if (worst > 0) {
    const sorted = [...r.outcomes].sort((a, b) => a.ndcg - b.ndcg || a.recall - b.recall || a.q.localeCompare(b.q));
    lines.push('', `The ${Math.min(worst, sorted.length)} worst queries ([2] / [1]: judged relevant; missed: judged highly relevant, not in the top ${k})`);
    for (const o of sorted.slice(0, worst)) {
      lines.push('', `"${o.q}"  ${o.group}${o.type === 'users' ? ' (people)' : ''}: ${o.about}`);
      lines.push(
        `  nDCG ${f3(o.ndcg)}  recall ${f3(o.recall)}  RR ${f3(o.rr)}${o.expansions.length ? `  expanded: ${o.expansions.slice(0, 6).join(', ')}` : ''}`,
      );
      if (o.error) lines.push(`  error: ${o.error}`);
      if (o.returned.length === 0) lines.push('  (no result)');
      for (const [i, key] of o.returned.slice(0, 5).entries()) {
        const g = o.relevant[key];
        lines.push(`  ${String(i + 1).padStart(2)}. ${g ? `[${g}]` : '   '} ${key}`);
      }
      if (o.returned.length > 5) lines.push(`      … ${o.returned.length - 5} more`);
      const missed = Object.entries(o.relevant)
        .filter(([key, g]) => g === 2 && !o.returned.slice(0, k).includes(key))
        .map(([key]) => key);
      if (missed.length > 0) lines.push(`  missed: ${missed.slice(0, 4).join(' · ')}${missed.length > 4 ? ` (+${missed.length - 4})` : ''}`);
    }
  }
  lines.push(
    '',
    `dataset ${r.datasetFrom === 'cache' ? 'from the cache' : 'seeded now'} (${r.seconds.dataset.toFixed(1)} s), index ${r.seconds.index.toFixed(1)} s, ${r.outcomes.length} queries ${r.seconds.queries.toFixed(1)} s`,
  );
  return lines.join('\n');
}

const HELP = `npm run eval -- search [--k N] [--worst N] [--group G[,G…]] [--fresh] [--json]
  --k N         the cut-off for nDCG, recall and the page asked for (default 10, at most 50)
  --worst N     how many of the worst queries to show with their results (default 12; 0: none)
  --group G     only these query groups (${GROUPS.join(', ')})
  --fresh       seed the dataset again even if ./data/eval-search holds one for these seed sources
  --json        print the result, every query with what came back, as JSON
  TRANSLATE_* settings in the environment reach the instance; everything else is the defaults.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args[i + 1];
  };
  const int = (flag: string, dflt: number, min: number, max: number): number => {
    const v = value(flag);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}`);
    return n;
  };
  const groups = value('--group')?.split(',');
  for (const g of groups ?? []) if (!(GROUPS as readonly string[]).includes(g)) throw new Error(`unknown group "${g}" (groups: ${GROUPS.join(', ')})`);
  const result = await evaluate({
    k: int('--k', 10, 1, 50),
    fresh: args.includes('--fresh'),
    ...(groups ? { groups } : {}),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : report(result, int('--worst', 12, 0, 1000)));
  return 0;
}
