// Queries on the hottest paths (who is asking, a page's hydration) are built and compiled by Kysely
// once per shape instead of on every request: building and compiling a query costs more than SQLite
// takes to run a point lookup. The builder is called once with stand-in values; the compiled SQL is
// kept, and each call only puts its own values where the stand-ins were.
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

/** An argument: a value, or a list of values (for `in (…)`); a list's length is part of the shape. */
type Arg = string | number | readonly (string | number)[];

const MARK = '\u0000arg:';

interface Shape {
  sql: string;
  query: CompiledQuery['query'];
  /** for each parameter: which argument, and which element of it (-1 for a plain value) */
  slots: Array<[number, number]>;
}

/**
 * A query compiled once per shape. `build` must put each argument (or each element of a list
 * argument) into the query as a parameter, unchanged — as `where(col, '=', x)` and `where(col, 'in', xs)` do.
 * `db` is read at each call, so a query prepared on a root database runs there (never in a transaction).
 */
export function prepare<DB, A extends Arg[], R>(db: Kysely<DB>, build: (...args: A) => Compilable<R>): (...args: A) => Promise<R[]> {
  const shapes = new Map<string, Shape>();
  return async (...args: A): Promise<R[]> => {
    const key = args.map((a) => (Array.isArray(a) ? a.length : '.')).join(',');
    let shape = shapes.get(key);
    if (!shape) {
      const stand = args.map((a, i) => (Array.isArray(a) ? a.map((_, j) => `${MARK}${i}:${j}`) : `${MARK}${i}:-1`)) as unknown as A;
      const compiled = build(...stand).compile();
      const slots = compiled.parameters.map((p): [number, number] => {
        if (typeof p !== 'string' || !p.startsWith(MARK))
          throw new Error(`prepare: parameter ${String(p)} is not an argument (build must pass its arguments through)`);
        const [i, j] = p.slice(MARK.length).split(':').map(Number) as [number, number];
        return [i, j];
      });
      shape = { sql: compiled.sql, query: compiled.query, slots };
      shapes.set(key, shape);
    }
    const parameters = shape.slots.map(([i, j]) => {
      const a = args[i] as Arg;
      return j < 0 ? a : (a as readonly (string | number)[])[j];
    });
    const result = await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters));
    return result.rows;
  };
}
