// The search benchmark's dataset (bench/search.ts): the generator's (scripts/gen.ts), with its running
// text of real English and Chinese sentences (scripts/gen-text.ts), kept for the next run: SQLite in
// ./data/bench-search-<size>/, PostgreSQL in the schema bench_search_<size> of DATABASE_URL's database
// (else the local test one), its pictures in ./data/bench-search-<size>-pg/. Its own, not the feed
// benchmark's: searching writes (history, counts) and the search index lives in it.
import fs from 'node:fs';
import path from 'node:path';
import { type GenSummary, generate } from '../../scripts/gen.ts';
import type { DbTarget } from '../../src/server/platform/db/index.ts';
import { REPO_ROOT } from './children.ts';
import { keptPgSchema } from './pg.ts';

export const SIZES = {
  small: { notes: 20_000, users: 2_000, interactions: 200_000 },
  default: { notes: 200_000, users: 20_000, interactions: 2_000_000 },
  full: { notes: 1_000_000, users: 100_000, interactions: 10_000_000 },
} as const;
export type Size = keyof typeof SIZES;

export interface Dataset {
  target: DbTarget;
  /** DATA_DIR for the server: the SQLite file and the pictures, or the pictures alone */
  dataDir: string;
  /** DATABASE_URL for the server and the reindex script (PostgreSQL: the schema as its search_path) */
  databaseUrl: string | null;
  /** PostgreSQL: the schema */
  schema: string | null;
  label: string;
  summary: GenSummary;
  made: boolean;
}

const short = (n: number): string => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

/** The cached dataset of this size, made by the generator when it is missing (or fresh). */
export async function searchDataset(opts: { size: Size; pg: boolean; fresh: boolean; say?: (line: string) => void }): Promise<Dataset> {
  const say = opts.say ?? ((l: string) => console.log(l));
  const size = SIZES[opts.size];
  const tag = `${short(size.notes)}-${short(size.users)}-${short(size.interactions)}`;
  const dataDir = path.join(REPO_ROOT, 'data', `bench-search-${tag}${opts.pg ? '-pg' : ''}`);
  const marker = path.join(dataDir, 'gen.json');
  let target: DbTarget;
  let databaseUrl: string | null = null;
  let schema: string | null = null;
  let label: string;
  if (opts.pg) {
    schema = `bench_search_${tag.replace(/-/g, '_')}`;
    const kept = await keptPgSchema(schema, opts.fresh || !fs.existsSync(marker));
    databaseUrl = kept.url;
    target = { kind: 'postgres', url: kept.base, schema };
    label = kept.label;
  } else {
    target = { kind: 'sqlite', file: path.join(dataDir, 'biji.sqlite') };
    label = `SQLite ${path.relative(REPO_ROOT, target.file)}`;
  }
  if (!opts.fresh && fs.existsSync(marker)) {
    return { target, dataDir, databaseUrl, schema, label, summary: JSON.parse(fs.readFileSync(marker, 'utf8')) as GenSummary, made: false };
  }
  // Half-made or asked for again: start from nothing.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  say(`making the dataset (${short(size.notes)} notes, ${short(size.users)} people, ${short(size.interactions)} interactions) in ${label}:`);
  const summary = await generate({ db: target, dataDir, s3: null }, { ...size, progress: (line) => say(`  … ${line}`) });
  fs.writeFileSync(marker, JSON.stringify(summary, null, 2));
  return { target, dataDir, databaseUrl, schema, label, summary, made: true };
}
