// Time-ordered ids (UUIDv7): lists page by id, rows cluster by time, shards split cleanly.
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { ValidationError } from './errors.ts';

export const newId = (): string => uuidv7();

/** An unguessable bearer secret (256 bits), URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Cursors are opaque to clients: base64url of the last item's sort key. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
// Every sort key is printable ASCII (ids, ISO times, `|`): anything else was not given out by us, and
// a NUL in it made PostgreSQL fail the query (a 500).
const SORT_KEY = /^[\x21-\x7e]{1,120}$/;
export const decodeCursor = (cursor: string | undefined): string | null => {
  if (!cursor) return null;
  const s = Buffer.from(cursor, 'base64url').toString('latin1');
  if (!SORT_KEY.test(s))
    throw new ValidationError('The cursor is not one this server gave out.', [{ field: 'cursor', message: 'is not a valid cursor' }], 'invalid_cursor');
  return s;
};

export const nowIso = (): string => new Date().toISOString();
