// Time-ordered ids (UUIDv7): lists page by id, rows cluster by time, shards split cleanly.
import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

export const newId = (): string => uuidv7();

/** An unguessable bearer secret (256 bits), URL-safe. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Cursors are opaque to clients: base64url of the last item's sort key. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string | undefined): string | null => {
  if (!cursor) return null;
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  return s.length > 0 && s.length <= 120 ? s : null;
};

export const nowIso = (): string => new Date().toISOString();
