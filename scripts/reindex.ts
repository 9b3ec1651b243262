// `npm run reindex`: rebuilds the search index of the configured database (DATA_DIR's SQLite file, or
// DATABASE_URL) from the notes and people themselves — after an import that wrote rows directly (the
// generator), or to recover an index. Run it with the server stopped or running: events that arrive
// meanwhile are applied after it. Prints a progress bar, then the rate and the index's size.
import { sql } from 'kysely';
import { buildContext, closeContext } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import type { AnyDb } from '../src/server/platform/db/index.ts';

const WIDTH = 30;

function bar(done: number, total: number, startedMs: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * WIDTH);
  const rate = done / Math.max(0.001, (performance.now() - startedMs) / 1000);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} notes · ${Math.round(rate).toLocaleString('en-US')}/s`;
}

export async function reindex(): Promise<{ notes: number; people: number; seconds: number; bytes: number | null }> {
  const config = loadConfig();
  const ctx = await buildContext(config);
  try {
    const started = performance.now();
    const tty = process.stdout.isTTY;
    let lastLine = 0;
    const done = await ctx.search.indexer.rebuild((p) => {
      if (p.phase !== 'notes' || p.total === null) return;
      const line = bar(p.done, p.total, started);
      if (tty) process.stdout.write(`\r${line}`);
      else if (p.done === p.total || performance.now() - lastLine > 5_000) {
        lastLine = performance.now();
        console.log(line);
      }
    });
    if (tty) process.stdout.write('\n');
    const seconds = (performance.now() - started) / 1000;
    const bytes = await indexBytes(ctx.db.kind, ctx.db.kysely);
    console.log(
      `indexed ${done.notes.toLocaleString('en-US')} notes and ${done.people.toLocaleString('en-US')} people in ${seconds.toFixed(1)} s (${Math.round(done.notes / seconds).toLocaleString('en-US')} notes/s)${bytes === null ? '' : `; index ${(bytes / 1048576).toFixed(1)} MB`}`,
    );
    return { ...done, seconds, bytes };
  } finally {
    await closeContext(ctx);
  }
}

/** The search tables' size on disk, with their indexes (null where the database cannot say). */
async function indexBytes(kind: 'sqlite' | 'postgres', db: AnyDb): Promise<number | null> {
  try {
    if (kind === 'sqlite') {
      const r = await sql<{ b: number }>`SELECT SUM(pgsize) AS b FROM dbstat WHERE name LIKE 'search_%' OR name LIKE 'sqlite_autoindex_search_%'`.execute(db);
      return Number(r.rows[0]?.b ?? 0);
    }
    const r = await sql<{ b: string }>`SELECT SUM(pg_total_relation_size(c.oid))::bigint AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'search_%'`.execute(db);
    return Number(r.rows[0]?.b ?? 0);
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  reindex().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
