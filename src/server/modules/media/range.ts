// HTTP byte ranges (RFC 9110 §14): what a video player and a resuming download ask for.
import type { ByteRange } from '../../platform/storage/types.ts';

const NUM = /^\d{1,15}$/;

/**
 * One range from a Range header, against an object of `size` bytes.
 * null: serve the whole object (no header, a unit other than bytes, bad syntax, or several ranges —
 * a server may answer those with the full body); 'unsatisfiable': answer 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m || m[1] === undefined) return null;
  const spec = m[1].trim();
  if (spec.includes(',')) return null;
  const dash = spec.indexOf('-');
  if (dash < 0) return null;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') {
    // suffix: the last N bytes
    if (!NUM.test(last)) return null;
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  if (!NUM.test(first) || (last !== '' && !NUM.test(last))) return null;
  const start = Number(first);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** If-None-Match against our (strong) ETag; weak comparison, as the RFC asks for this header. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}
