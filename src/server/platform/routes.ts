// The small kit every module's routes share: problem responses for the OpenAPI document, "requires
// a signed-in writer" (with the person's one write budget), and cursor pages.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PageOf } from '../../shared/api/common.ts';
import type { RateRule } from '../config.ts';
import { requireAuth } from './auth.ts';
import { ValidationError } from './errors.ts';
import { enforce, type RateLimiter } from './ratelimit/index.ts';

const problem = { $ref: 'Problem#' } as const;
/** The error answers every route may give, as OpenAPI responses. */
export const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem } as const;
/** …and those of a write whose text is screened (a refused word, too many links). */
export const screenedResponses = { ...errorResponses, 422: problem } as const;
/** A write that answers 204. */
export const noContent = { 204: Type.Null(), ...errorResponses } as const;

export interface RouteKit {
  /** The signed-in person, once their write budget (shared by every module) allows one more write. */
  writer(req: FastifyRequest): Promise<string>;
  /** Who is reading: a person's id, or null for an anonymous visitor. */
  viewer(req: FastifyRequest): string | null;
}

/**
 * Asked before every write: throws when the person may not write at all (a suspension), else gives
 * the write budget that applies to them (new accounts get a stricter one), or null for the usual.
 */
export type WriteGuard = (userId: string) => Promise<RateRule | null>;

export function routeKit(limiter: RateLimiter, writesPerUser: RateRule, guard?: WriteGuard): RouteKit {
  return {
    writer: async (req) => {
      const auth = requireAuth(req);
      const rule = guard ? ((await guard(auth.userId)) ?? writesPerUser) : writesPerUser;
      await enforce(limiter, [[`writes:${auth.userId}`, rule]]);
      return auth.userId;
    },
    viewer: (req) => req.auth?.userId ?? null,
  };
}

/**
 * A route's answer encoded once, by the route's own response serialiser, for a cache to keep and
 * send again as it is: bytes, not a string, so no send measures and UTF-8 encodes it again.
 */
export const encodedBy =
  (reply: FastifyReply) =>
  (value: unknown): Buffer =>
    Buffer.from(String(reply.serialize(value)));

// ---- cursors

/** What each part of a list's cursor is: checked on the way in, so a made-up cursor is a 400, never page 1. */
export type CursorPart = 'id' | 'time' | 'flag' | 'word' | 'count';

const PART_PATTERNS: Record<CursorPart, RegExp> = {
  id: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  time: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  flag: /^[01]$/,
  /** a short text key (a saved word), without the separator */
  word: /^[^|]{1,40}$/u,
  /** a position in a ranked list */
  count: /^\d{1,5}$/,
};

const invalidCursor = () =>
  new ValidationError(
    'The cursor is not one this list gave out.',
    [{ field: 'cursor', message: 'pass back the nextCursor of the previous page' }],
    'invalid_cursor',
  );

/** Cursors are opaque to clients: base64url of the last item's sort key, parts joined by "|". */
export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(parts.join('|'), 'utf8').toString('base64url');
}

/** The parts of a cursor of the given shape; null for none (the first page); a 400 for anything else. */
export function decodeCursor(cursor: string | undefined, shape: readonly CursorPart[]): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Not what encodeCursor makes of its own output: garbage, or bytes that are not text.
  if (text.length > 200 || encodeCursor([text]) !== cursor) throw invalidCursor();
  const parts = text.split('|');
  if (parts.length !== shape.length || !parts.every((p, i) => PART_PATTERNS[shape[i] as CursorPart].test(p))) throw invalidCursor();
  return parts;
}

/**
 * A page from rows fetched with `limit + 1`: the extra row only says there is a next page, whose
 * cursor is the sort key of the last row shown. `present` turns the page's rows into items (it may
 * leave some out — a page of a list filtered after the fact can be short, never wrong).
 */
export async function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly string[],
  present: (rows: readonly R[]) => Promise<T[]> | T[],
): Promise<PageOf<T>> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: await present(page), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
