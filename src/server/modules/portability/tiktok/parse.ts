// From an export's sections to the normalised TikTokExport. Section names moved between TikTok's
// export generations (shared/data/tiktok-export/README.md §2, §5), so each section is resolved
// through a list of known paths, newest first, then by a search for its leaf key anywhere. Keys
// are read case-insensitively; the empty sentinels (null, [], {}, "", "N/A", "None") read as empty.
import type { TikTokLayout, TikTokWhoCanView } from '../../../../shared/api/portability.ts';
import { TikTokImportError } from './errors.ts';
import {
  DEFAULT_UPLOAD_LIMITS,
  type TikTokComment,
  type TikTokExport,
  type TikTokFollow,
  type TikTokPost,
  type TikTokProfile,
  type TikTokVideoLink,
  type UploadLimits,
} from './types.ts';

type Obj = { [key: string]: unknown };
/** A path: at each level, the names a generation used (lower case), newest first. */
type Path = readonly (readonly string[])[];

const ACT = ['your activity', 'activity'];
const PATHS = {
  profile: [[['profile and settings', 'profile'], ['profile info', 'profile information'], ['profilemap']]],
  following: [
    [['profile and settings'], ['following'], ['following']],
    [ACT, ['following', 'following list'], ['following']],
  ],
  followers: [
    [['profile and settings'], ['follower'], ['fanslist']],
    [ACT, ['follower', 'follower list'], ['fanslist']],
  ],
  posts: [[['post', 'video'], ['posts', 'videos'], ['videolist']]],
  liked: [
    [['likes and favorites'], ['like list'], ['itemfavoritelist']],
    [ACT, ['like list'], ['itemfavoritelist']],
  ],
  favorites: [
    [['likes and favorites'], ['favorite videos'], ['favoritevideolist']],
    [ACT, ['favorite videos'], ['favoritevideolist']],
  ],
  comments: [
    [['comment'], ['comments'], ['commentslist']],
    [['comment'], ['commentslist']],
  ],
} satisfies Record<string, Path[]>;
type Section = keyof typeof PATHS;

/** The fallback: a section's leaf key, wherever it is (with the parent it needs, if ambiguous). */
const LEAVES: Record<Section, { key: string; parents?: readonly string[]; array?: boolean }> = {
  profile: { key: 'profilemap' },
  following: { key: 'following', array: true },
  followers: { key: 'fanslist' },
  posts: { key: 'videolist', parents: ['posts', 'videos'] },
  liked: { key: 'itemfavoritelist' },
  favorites: { key: 'favoritevideolist' },
  comments: { key: 'commentslist' },
};
const NEVER = new Set(['direct message', 'direct messages']);
const MAX_SEARCH_DEPTH = 64;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value of the first key of `names` present in `obj`, matched case-insensitively. */
export function field(obj: unknown, ...names: string[]): unknown {
  if (!isObj(obj)) return undefined;
  // Fast paths first: the key as written, then in lower case (json-stream.ts keeps item keys so).
  for (const name of names) if (Object.hasOwn(obj, name)) return obj[name];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (Object.hasOwn(obj, lower)) return obj[lower];
  }
  const keys = Object.keys(obj);
  for (const name of names) {
    const lower = name.toLowerCase();
    const k = keys.find((key) => key.toLowerCase() === lower);
    if (k !== undefined) return obj[k];
  }
  return undefined;
}

const SENTINELS = new Set(['', 'n/a', 'none', 'null']);

/** True for every encoding of "nothing here" the export uses. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return SENTINELS.has(v.trim().toLowerCase());
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

/** A text field, trimmed; null when empty or a sentinel. */
export function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || isEmpty(v)) return null;
  return v.trim();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(?:UTC|Z|GMT|\+00:?00)?$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `YYYY-MM-DD HH:MM:SS`, optionally ending in ` UTC`, read as UTC (README §4.1); anything else is null. */
export function parseDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = DATE.exec(v.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const days = mo === 2 && leap(y) ? 29 : DAYS[mo - 1];
  // A date that is not in the calendar (Feb 30, 24:00) is no date.
  if (y < 1 || days === undefined || d < 1 || d > days || h > 23 || mi > 59 || s > 59) return null;
  // Built as text: the same as Date#toISOString for these years, without a Date per item.
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '').slice(0, 3).padEnd(3, '0')}Z`;
}

/** `"412"`, `"1,287"` or 412 → an integer; anything else → null. */
export function parseCount(v: unknown): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/[,_\s]/g, '');
  if (!/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

/** TikTok's audience setting; a value we don't recognise is treated as private, the safe side. */
export function whoCanView(v: unknown): TikTokWhoCanView {
  const s = text(v)?.toLowerCase();
  if (!s || s === 'everyone' || s === 'public') return 'everyone';
  if (/only\s*(me|you)|private|self/.test(s)) return 'only_me';
  if (/friend|follower|mutual/.test(s)) return 'friends';
  return 'only_me';
}

const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&/])#([\p{L}\p{M}\p{N}_]{1,100})/gu;

/** Hashtags written in a caption, as written, without repeats (case-insensitively). */
export function hashtagsOf(caption: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of caption.matchAll(HASHTAG)) {
    const tag = m[1] as string;
    if (!/\p{L}/u.test(tag)) continue;
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length >= 100) break;
  }
  return out;
}

/** A username as we keep it: no `@`, lower case; null if it can't be one. */
export function username(v: unknown): string | null {
  const s = text(v)?.replace(/^@+/, '').toLowerCase();
  if (!s || s.length > 64 || /[\s\p{C}/]/u.test(s)) return null;
  return s;
}

function walk(obj: unknown, path: Path): unknown {
  let node = obj;
  for (const names of path) {
    const next = field(node, ...names);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

/** Depth-first search for a section's leaf key (README §5): the first non-empty match wins. */
function search(root: unknown, leaf: (typeof LEAVES)[Section]): unknown {
  let firstEmpty: unknown;
  const visit = (node: unknown, parentKey: string, depth: number): unknown => {
    // Sections nest in objects only; arrays are the lists themselves (100,000 likes are not
    // searched through, four times over, for a key they never hold).
    if (depth > MAX_SEARCH_DEPTH || !isObj(node)) return undefined;
    for (const [key, value] of Object.entries(node)) {
      const lower = key.toLowerCase();
      if (depth === 0 && NEVER.has(lower)) continue;
      const match = lower === leaf.key && (!leaf.parents || leaf.parents.includes(parentKey)) && (!leaf.array || !isObj(value));
      if (match) {
        if (!isEmpty(value)) return value;
        if (firstEmpty === undefined) firstEmpty = value;
        continue;
      }
      if (isObj(value)) {
        const found = visit(value, lower, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const found = visit(root, '', 0);
  return found !== undefined ? found : firstEmpty;
}

/** A section's value: the first known path that holds data, else the leaf search; `present` if found at all. */
function resolve(root: Obj, section: Section): { value: unknown; present: boolean } {
  let present = false;
  for (const path of PATHS[section]) {
    const v = walk(root, path);
    if (v === undefined) continue;
    present = true;
    if (!isEmpty(v)) return { value: v, present };
  }
  const v = search(root, LEAVES[section]);
  if (v !== undefined) return { value: v, present: true };
  return { value: undefined, present };
}

function items(v: unknown, max: number): Obj[] {
  if (!Array.isArray(v)) return [];
  const out: Obj[] = [];
  for (const item of v) {
    if (out.length >= max) break;
    if (isObj(item)) out.push(item);
  }
  return out;
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

function follows(v: unknown, limits: UploadLimits): TikTokFollow[] {
  const seen = new Set<string>();
  const out: TikTokFollow[] = [];
  for (const item of items(v, limits.maxItems)) {
    const name = username(field(item, 'UserName', 'Username', 'User Name'));
    if (!name || seen.has(name)) continue;
    seen.add(name);
    out.push({ username: name, date: parseDate(field(item, 'Date')) });
  }
  return out;
}

function posts(v: unknown, limits: UploadLimits): TikTokPost[] {
  return items(v, limits.maxItems).map((item) => {
    const caption = clip(text(field(item, 'Title')) ?? '', limits.maxTextChars);
    return {
      date: parseDate(field(item, 'Date')),
      caption,
      hashtags: hashtagsOf(caption),
      likes: parseCount(field(item, 'Likes')),
      whoCanView: whoCanView(field(item, 'WhoCanView')),
      link: text(field(item, 'Link', 'VideoLink')),
    };
  });
}

const VIDEO_ID = /\/video\/(\d{1,30})/;

function videoLinks(v: unknown, limits: UploadLimits): TikTokVideoLink[] {
  const out: TikTokVideoLink[] = [];
  for (const item of items(v, limits.maxItems)) {
    const link = text(field(item, 'Link', 'VideoLink'));
    if (!link) continue;
    out.push({ date: parseDate(field(item, 'Date')), link, videoId: VIDEO_ID.exec(link)?.[1] ?? null });
  }
  return out;
}

function comments(v: unknown, limits: UploadLimits): TikTokComment[] {
  const out: TikTokComment[] = [];
  for (const item of items(v, limits.maxItems)) {
    const body = text(field(item, 'Comment'));
    // A comment that was only a photo or a sticker has no text to keep.
    if (!body) continue;
    out.push({
      date: parseDate(field(item, 'Date')),
      text: clip(body, limits.maxTextChars),
      postUrl: text(field(item, 'originalPostUrl', 'original post link', 'url')),
    });
  }
  return out;
}

function profile(v: unknown): TikTokProfile {
  return {
    userName: username(field(v, 'userName')),
    displayName: text(field(v, 'displayName')),
    bio: text(field(v, 'bioDescription')),
  };
}

/** Which generation wrote the file, from its top-level keys (README §2). */
export function detectLayout(topKeys: readonly string[]): TikTokLayout {
  const keys = new Set(topKeys.map((k) => k.toLowerCase()));
  if (keys.has('profile and settings') || keys.has('likes and favorites')) return '2026';
  if (keys.has('your activity') || keys.has('post')) return '2025';
  if (keys.has('activity') || keys.has('video')) return 'legacy';
  return '2025';
}

/**
 * Normalises an export (the whole document, or the pruned one json-stream.ts keeps).
 * Throws `not_tiktok` when none of the sections we know is there.
 */
export function parseTikTokData(root: unknown, topKeys?: readonly string[], limits: Partial<UploadLimits> = {}): TikTokExport {
  const lim = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  if (!isObj(root)) throw new TikTokImportError('not_tiktok');
  const sections = Object.fromEntries((Object.keys(PATHS) as Section[]).map((s) => [s, resolve(root, s)])) as Record<
    Section,
    { value: unknown; present: boolean }
  >;
  if (!Object.values(sections).some((s) => s.present)) throw new TikTokImportError('not_tiktok');
  return {
    layout: detectLayout(topKeys ?? Object.keys(root)),
    profile: profile(sections.profile.value),
    following: follows(sections.following.value, lim),
    followers: follows(sections.followers.value, lim),
    posts: posts(sections.posts.value, lim),
    liked: videoLinks(sections.liked.value, lim),
    favorites: videoLinks(sections.favorites.value, lim),
    comments: comments(sections.comments.value, lim),
  };
}
