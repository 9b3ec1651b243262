// What a board link may be: an http(s) URL, a short title, where it came from, when it was saved.
// An importer brings thousands from an export it does not control, so a bad link is left out (and
// counted), never a reason to refuse the rest.
import { BOARD_LINK_LIMITS } from '../../../shared/api/boards.ts';
import { cleanLine } from '../../../shared/text/clean.ts';
import type { BoardLinkRow } from './tables.ts';

export interface NewBoardLink {
  url: string;
  title: string | null;
  source: string;
  /** when it was saved where it came from: an ISO-8601 date-time (any offset), or a Date */
  savedAt: string | Date;
}

/** The URL as stored, or null unless it is an absolute http(s) URL within the length limit. */
export function cleanUrl(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0 || text.length > BOARD_LINK_LIMITS.urlChars) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  const href = url.href;
  return href.length <= BOARD_LINK_LIMITS.urlChars ? href : null;
}

const cut = (s: string, max: number): string => [...s].slice(0, max).join('');

/** The row to store, or null when the link is not one a board may keep. */
export function linkRow(boardId: string, link: NewBoardLink, addedAt: string): BoardLinkRow | null {
  const url = typeof link.url === 'string' ? cleanUrl(link.url) : null;
  const saved = link.savedAt instanceof Date ? link.savedAt : new Date(typeof link.savedAt === 'string' ? link.savedAt : Number.NaN);
  const source = typeof link.source === 'string' ? cut(cleanLine(link.source), BOARD_LINK_LIMITS.sourceChars) : '';
  if (!url || Number.isNaN(saved.getTime()) || source === '') return null;
  const title = typeof link.title === 'string' ? cut(cleanLine(link.title), BOARD_LINK_LIMITS.titleChars) : '';
  return { board_id: boardId, url, title: title === '' ? null : title, source, saved_at: saved.toISOString(), added_at: addedAt };
}
