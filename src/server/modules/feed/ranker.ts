// The Explore ranker: pure functions from candidates (with the sources that proposed them) and what
// is known of the reader to an ordered list of note ids. No I/O, so the offline evaluation and the
// tests drive exactly what the server runs.
//
// Score = interest (tags, author, language affinity) + followed author / topic + collaborative
//       + quality (engagement per impression, shrunk towards the prior) + freshness + a little noise.
// Assembly then fills slots from three queues — the reader's languages, the other language (the
// bridge share) and fresh notes in their traffic pools (the newcomers' share) — so that no two
// neighbouring cards share an author and no tag takes more than its cap of a page.
import type { AffinityKind, FeedNoteRow } from './tables.ts';

export type Source = 'pool' | 'interest' | 'collaborative' | 'following' | 'popular' | 'fresh';

export interface Candidate {
  row: FeedNoteRow;
  tags: string[];
  sources: Set<Source>;
  /** collaborative strength: summed weights of the taste neighbours who engaged with it */
  cf: number;
}

export interface ReaderProfile {
  userId: string | null;
  /** languages the reader reads (primary subtags: en, zh); empty: unknown */
  languages: Set<string>;
  /** decayed affinities, by `${kind}:${key}` */
  affinity: Map<string, number>;
  followees: Set<string>;
  topics: Set<string>;
}

export interface RankOptions {
  nowS: number;
  /** the share of cards in a language the reader does not read */
  bridgeShare: number;
  /** the share of cards given to notes in their first audiences */
  poolShare: number;
  /** at most this many cards of one tag in any window of `window` cards */
  tagCap: number;
  window: number;
  /** how many ids to produce */
  size: number;
  /** 0..1 random numbers (seeded in tests and the evaluation) */
  random: () => number;
}

export const DEFAULT_RANK: Omit<RankOptions, 'nowS' | 'bridgeShare' | 'random'> = { poolShare: 0.25, tagCap: 3, window: 20, size: 200 };

export const affinityKey = (kind: AffinityKind, key: string): string => `${kind}:${key}`;

/** The primary subtag of a language code, lower-case: zh-Hans → zh. */
export function primaryLanguage(code: string): string {
  let primary = primaries.get(code);
  if (primary === undefined) {
    primary = code.toLowerCase().split(/[-_]/)[0] ?? code;
    // A handful of codes in practice; bounded all the same.
    if (primaries.size > 1_000) primaries.clear();
    primaries.set(code, primary);
  }
  return primary;
}
const primaries = new Map<string, string>();

const squash = (x: number, scale: number) => Math.tanh(x / scale);

/** How well a note matches what the reader leans towards (0 when nothing is known). */
export function interestOf(c: Candidate, r: ReaderProfile): number {
  let tags = 0;
  for (const t of c.tags) tags += r.affinity.get(affinityKey('t', t)) ?? 0;
  const tagScore = c.tags.length > 0 ? squash(tags / Math.sqrt(c.tags.length), 8) : 0;
  const author = squash(r.affinity.get(affinityKey('a', c.row.author_id)) ?? 0, 8);
  return 1.6 * tagScore + 0.8 * author;
}

/** Reads the reader's language, or no language is known of either. */
export function readable(c: Candidate, r: ReaderProfile): boolean {
  if (r.languages.size === 0) return true;
  const lang = primaryLanguage(c.row.lang);
  return lang === 'und' || lang === '' || r.languages.has(lang);
}

export function scoreOf(c: Candidate, r: ReaderProfile, o: Pick<RankOptions, 'nowS' | 'random'>): number {
  const ageH = Math.max(0, o.nowS - c.row.created_s) / 3600;
  const rate = (c.row.engagement + 0.5) / (c.row.impressions + 20);
  let s = 0;
  s += interestOf(c, r);
  if (r.followees.has(c.row.author_id)) s += 0.9;
  if (c.tags.some((t) => r.topics.has(t))) s += 0.8;
  s += 0.9 * squash(c.cf, 3);
  s += 0.8 * squash(rate, 0.15);
  s += 0.35 * Math.log10(1 + Math.max(0, c.row.engagement)) * 0.5;
  s += 0.7 * Math.exp(-ageH / 36);
  // Language affinity learned from what they read lifts a language beyond what they declared.
  s += 0.3 * squash(r.affinity.get(affinityKey('l', primaryLanguage(c.row.lang))) ?? 0, 10);
  s += 0.25 * o.random();
  return s;
}

/** Orders candidates into a list: scored, then assembled slot by slot under the share and diversity rules. */
export function rank(candidates: readonly Candidate[], reader: ReaderProfile, o: RankOptions): string[] {
  const scored = candidates.map((c) => ({ c, s: scoreOf(c, reader, o), home: readable(c, reader) })).sort((a, b) => b.s - a.s);
  const bridge = reader.languages.size > 0 ? scored.filter((x) => !x.home) : [];
  const home = reader.languages.size > 0 ? scored.filter((x) => x.home) : scored;
  // The first audience of a fresh note: readers it matches come first, then anyone.
  const pool = scored
    .filter((x) => x.c.row.pool_open === 1)
    .map((x) => ({ c: x.c, s: x.s + 0.5 * interestOf(x.c, reader) }))
    .sort((a, b) => b.s - a.s);
  const queues = { home, bridge, pool } as const;
  const cursor = { home: 0, bridge: 0, pool: 0 };
  const taken = new Set<string>();
  const out: string[] = [];
  const authors: string[] = [];
  const tagWindow: string[][] = [];
  /** how many of the last `window - 1` cards carry each tag */
  const tagCounts = new Map<string, number>();
  const counts = { bridge: 0, pool: 0 };

  // strict 2: both rules; 1: only "no two neighbours by one author" (a small instance runs out of tags first); 0: none.
  const fits = (c: Candidate, strict: number) => {
    if (taken.has(c.row.note_id)) return false;
    if (strict === 0) return true;
    if (authors[authors.length - 1] === c.row.author_id) return false;
    if (strict === 1) return true;
    return c.tags.every((t) => (tagCounts.get(t) ?? 0) < o.tagCap);
  };
  const take = (q: keyof typeof queues, strict: number): Candidate | null => {
    const list = queues[q];
    for (let i = cursor[q]; i < list.length; i++) {
      const c = (list[i] as { c: Candidate }).c;
      if (taken.has(c.row.note_id)) {
        if (i === cursor[q]) cursor[q] = i + 1;
        continue;
      }
      if (fits(c, strict)) return c;
    }
    return null;
  };

  while (out.length < o.size) {
    const n = out.length + 1;
    const order: Array<keyof typeof queues> = [];
    if (counts.pool < Math.round(n * o.poolShare)) order.push('pool');
    if (bridge.length > 0 && counts.bridge < Math.round(n * o.bridgeShare)) order.push('bridge');
    order.push('home', 'bridge', 'pool');
    let pick: Candidate | null = null;
    for (const strict of [2, 1, 0]) {
      for (const q of order) {
        pick = take(q, strict);
        if (pick) break;
      }
      if (pick) break;
    }
    if (!pick) break;
    taken.add(pick.row.note_id);
    out.push(pick.row.note_id);
    authors.push(pick.row.author_id);
    tagWindow.push(pick.tags);
    for (const t of pick.tags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
    const leaving = tagWindow.length >= o.window ? tagWindow[tagWindow.length - o.window] : undefined;
    for (const t of leaving ?? []) tagCounts.set(t, (tagCounts.get(t) ?? 1) - 1);
    if (pick.row.pool_open === 1) counts.pool++;
    if (bridge.length > 0 && !readable(pick, reader)) counts.bridge++;
  }
  return out;
}

/** The median of a list (0 for none). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A small seeded generator (mulberry32): lists vary between sessions, reproducibly in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
