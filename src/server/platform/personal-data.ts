// What each module holds about a person, and how it gives it back and forgets it. Every module that
// owns tables implements one PersonalData; the portability module asks them all to build a person's
// export archive and, when an account is deleted, to erase them. No module reads another's tables:
// each exports and erases only its own, and does what its own rules need (counts on other people's
// things corrected, caches dropped in every process). A test enumerates the schema's tables and
// fails when a table is claimed by no module, so a future table cannot slip past export or erasure.
import type { Readable } from 'node:stream';

/** How a table relates to people. */
export type TableInfo =
  /**
   * Holds rows of or about people: exported and erased by its module. `owner` names the columns
   * that make a row a person's own (any of them): those rows are in their archive, every column but
   * secrets, their key columns as stored. Rows that merely mention the person (someone else's
   * notification about them) are theirs to erase, not to export.
   */
  | { kind: 'personal'; owner: readonly string[] }
  /** derived from personal rows exported elsewhere (a search index, a feed's copy): erased, not exported */
  | { kind: 'derived' }
  /** holds nothing about any person (instance settings, content-keyed caches, counters) */
  | { kind: 'none' };

/** The archive being written: files are added one after another, streamed, never held whole. */
export interface ArchiveWriter {
  /** A JSON file holding an array: the rows are written as they come. */
  json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void>;
  /** Any other file: text, bytes, or a stream opened when the file's turn comes (media originals). */
  file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void>;
}

export interface PersonalData {
  /** the module's name, e.g. 'notes' */
  module: string;
  /** Every table the module owns, and what it holds. */
  tables: Record<string, TableInfo>;
  /** The archive files this module writes: path → one line for README.txt, in English. */
  files: Record<string, string>;
  /** Writes everything this person has in the module. */
  export(userId: string, out: ArchiveWriter): Promise<void>;
  /**
   * Erases everything of this person in the module and whatever names them there (their likes on
   * other people's notes, with those counts corrected; others' rows that mention them). Idempotent:
   * a retried erasure starts over safely. Runs after the person's sessions have ended.
   */
  erase(userId: string): Promise<void>;
}

/**
 * The order modules erase in: a module whose rows hang on another's (comments on notes, a board's
 * notes) goes before it, and accounts (the users row) goes last.
 */
export const ERASE_ORDER = [
  'search',
  'feed',
  'notify',
  'language',
  'subtitles',
  'moderation',
  'messages',
  'rooms',
  'comments',
  'boards',
  'portability',
  'notes',
  'media',
  'platform',
  'accounts',
] as const;

/** A stored row as an archive shows it: the same values under camelCase keys. */
export function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** Rows one query of a personal-data export or erasure reads. */
export const PERSONAL_PAGE = 500;

/**
 * Rows by keyset, one query of `size` rows at a time, each presented as it goes (an export file is
 * written row by row, never held whole). `read(after)` answers the rows past `after`, at most `size`.
 */
export async function* keysetPages<R, K, O>(
  read: (after: K) => Promise<R[]>,
  start: K,
  key: (r: R) => K,
  present: (r: R) => O,
  size = PERSONAL_PAGE,
): AsyncGenerator<O> {
  let after = start;
  for (;;) {
    const rows = await read(after);
    for (const r of rows) yield present(r);
    const last = rows[rows.length - 1];
    if (rows.length < size || last === undefined) return;
    after = key(last);
  }
}
