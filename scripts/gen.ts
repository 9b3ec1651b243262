// `npm run gen -- --notes 1000000 --users 100000 --interactions 10000000`: a large, realistic dataset,
// quickly, in the database the settings name (DATA_DIR → its biji.sqlite, or DATABASE_URL), for
// benchmarks and for trying the feeds at scale. Refuses a database that already has people, unless
// --force (then it adds alongside them).
//
// What it makes, all in memory first (seeded: the same arguments and --seed give the same dataset):
// - people joining over ~90 days (more lately), writing English, Chinese or both, with 1–3 themes and
//   3–8 topics they care about among ~200 hashtags; a third with an avatar;
// - follows: a long tail of who is followed (preferential, by how much and how well one posts, and by
//   shared topics), so most authors have under ten followers and a few have thousands;
// - notes over the last ~60 days (more lately) by ~45% of people (a Zipf-like few write most), each
//   with a title and text from the demo seed's theme texts, hashtags (entities and note_tags alike),
//   and most with a paragraph of real sentences after them (scripts/gen-text.ts: FLORES-200 dev
//   sentences with nouns swapped by everyday frequency, some code-switched or bilingual), so search
//   meets a realistic vocabulary;
//   1–9 photos drawn once and shared (scripts/gen-media.ts); mostly public, some for followers, a few
//   private;
// - interactions (likes, collects, comments and replies; 70/24/6) spread over notes by a heavy-tailed
//   popularity, from the author's followers, people who care about the note's topics, and anyone
//   reading its language; collects land in each person's default board "Saved" or a board of their own;
// - the feed's tables as its event handlers (src/server/modules/feed/learn.ts) would have built them:
//   feed_notes (engagement = likes + 2·collects + 2·comments, hot, impressions about a dozen per
//   engagement, traffic pools judged as its job judges them, open only for public notes of the last
//   3 days) with feed_pool_results of the last week, feed_note_tags (public notes), feed_follows,
//   feed_engaged (like 3, collect 4, comment 3, by anyone but the author), feed_affinity (tags,
//   authors and languages of what one engaged with, and the authors one follows, decayed with the
//   feed's two-week half-life), topic_follows, feed_topics, feed_topic_authors, and feed_topic_hours
//   for the last 7 days (3 uses a tag for a post, 1 for each act).
// Every count equals its rows. Not made: note views (view_count stays 0; a topic's views are its
// notes' clicks), notifications, blocks and mutes, comment likes, sessions, trending (the feed's job
// computes it every minute). Taste neighbours are made as the feed's job makes them (feed_neighbours).
//
// Then it writes it all with bulk inserts (scripts/gen-sink.ts): raw better-sqlite3 on SQLite,
// unnest() batches on PostgreSQL, with secondary indexes built once at the end.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { type Config, ConfigError, loadConfig } from '../src/server/config.ts';
import { ARGON2_OPTIONS } from '../src/server/modules/accounts/passwords.ts';
import { normalizeTag, scanText, toEntities } from '../src/server/modules/notes/text.ts';
import { type DbTarget, openDb, targetFromConfig } from '../src/server/platform/db/index.ts';
import { createStorage } from '../src/server/platform/storage/index.ts';
import type { Entity } from '../src/shared/api/notes.ts';
import { NOTE_LIMITS } from '../src/shared/rules/notes.ts';
import { weightedLength } from '../src/shared/text/weighted-length.ts';
import { ensureTemplates, type Template } from './gen-media.ts';
import { openPgSink, openSqliteSink, type Sink, type TableSpec, type TableWriter, type Value } from './gen-sink.ts';
import { NoteTexts } from './gen-text.ts';
import * as W from './gen-words.ts';
import { SEED_THEMES, type SeedTheme } from './seed-data.ts';
import { THEMES } from './seed-texts.ts';

export interface GenOptions {
  notes: number;
  users: number;
  interactions: number;
  /** add to a database that already has people */
  force?: boolean;
  /** the random seed (default "biji"): the same options give the same dataset */
  seed?: string;
  /** distinct note pictures (default 48; avatars: a third of that) */
  images?: number;
  /** "now" for the dataset's clock (default: the time of the run) */
  now?: number;
  progress?: (line: string) => void;
}

export interface GenWhere {
  db: DbTarget;
  /** where media files go when there is no S3 (DATA_DIR) */
  dataDir: string;
  s3: Config['s3'];
}

export interface GenSummary {
  rows: Record<string, number>;
  /** wall-clock seconds by phase; cpu: this process's CPU time (user + system), which other load on the machine moves less */
  seconds: { plan: number; pictures: number; write: number; indexes: number; total: number; cpu: number };
  /** the password of every generated person */
  password: string;
  /** a few generated handles (the most followed first) */
  sampleHandles: string[];
  /** what the notes' running text is made of (scripts/gen-text.ts), or why it is the theme texts alone */
  text?: string;
}

export class GenRefused extends Error {}

// ---------------------------------------------------------------------------------------------
// randomness

class Rand {
  private a: number;
  private spare: number | null = null;

  constructor(seed: string) {
    let h = 0x811c9dc5 ^ seed.length;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    this.a = h >>> 0;
  }

  /** mulberry32: [0, 1) */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }

  gauss(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const m = Math.sqrt(-2 * Math.log(u));
    this.spare = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  }

  lognormal(sigma: number): number {
    return Math.exp(sigma * this.gauss());
  }

  /** Pareto with minimum 1: heavy-tailed, smaller alpha = heavier */
  pareto(alpha: number): number {
    return (1 - this.next()) ** (-1 / alpha);
  }

  expo(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** Weighted choice by cumulative weights: O(log n) a draw. */
class Cum {
  readonly cum: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      s += weights[i]!;
      this.cum[i] = s;
    }
  }

  get total(): number {
    return this.cum.length > 0 ? this.cum[this.cum.length - 1]! : 0;
  }

  /** an index in [0, k), by weight (k defaults to all) */
  draw(r: Rand, k = this.cum.length): number {
    const x = r.next() * this.cum[k - 1]!;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A pool of items drawn by weight. */
class Pool {
  constructor(
    readonly items: Int32Array,
    readonly cum: Cum,
  ) {}

  static of(items: number[], weightOf: (i: number) => number): Pool {
    return new Pool(Int32Array.from(items), new Cum(items.map(weightOf)));
  }

  get size(): number {
    return this.items.length;
  }

  draw(r: Rand): number {
    return this.items[this.cum.draw(r)]!;
  }
}

/** n times in [from, to], sorted, denser towards `to` (growth e^(k·x): the last day is e^k times the first). */
function growingTimes(r: Rand, n: number, from: number, to: number, k: number): Float64Array {
  const out = new Float64Array(n);
  const ek = Math.exp(k) - 1;
  // whole milliseconds, as the app's ISO times hold them
  for (let i = 0; i < n; i++) out[i] = Math.floor(from + ((to - from) * Math.log(1 + r.next() * ek)) / k);
  return out.sort();
}

/** The number of sorted values ≤ x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// ids and times

/**
 * A UUIDv7 for a time, as the app's ids are (time-ordered): the 48-bit millisecond time, then `seq`
 * (28 bits, so ids of one table made in time order sort in that order and never collide), then
 * random bits (so two runs with --force do not collide either).
 */
function uuidAt(ms: number, seq: number, r: Rand): string {
  const t = Math.floor(ms);
  const a = Math.floor(t / 0x10000)
    .toString(16)
    .padStart(8, '0');
  const b = (t % 0x10000).toString(16).padStart(4, '0');
  const c = (0x7000 | ((seq >>> 16) & 0xfff)).toString(16);
  const d = (0x8000 | ((seq & 0xffff) >>> 2)).toString(16);
  const e = (((seq & 3) << 2) | (r.u32() & 3)).toString(16) + r.u32().toString(16).padStart(8, '0') + (r.u32() & 0xfff).toString(16).padStart(3, '0');
  return `${a}-${b}-${c}-${d}-${e}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY = 86_400_000;
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// topics and texts

const LANGS = ['en', 'zh'] as const;
type Lang = 0 | 1; // en, zh

interface Piece {
  text: string;
  entities: Entity[];
  tags: number[];
}

class Tags {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  intern(tag: string): number {
    const t = normalizeTag(tag);
    let i = this.index.get(t);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(t);
      this.index.set(t, i);
    }
    return i;
  }
}

interface Topics {
  tags: Tags;
  /** how many tags are topics (the first ones of `tags`) */
  count: number;
  /** per theme and language: the topics people pick from, by rank */
  byThemeLang: Pool[][];
  /** per topic: its theme */
  theme: Uint8Array;
}

function buildTopics(): Topics {
  const tags = new Tags();
  const lists: number[][][] = SEED_THEMES.map((th) => LANGS.map((l) => W.TOPICS[th][l].map((t) => tags.intern(t))));
  const count = tags.list.length;
  const theme = new Uint8Array(count);
  for (let th = SEED_THEMES.length - 1; th >= 0; th--) for (const l of lists[th]!) for (const t of l) theme[t] = th;
  // Zipf-like by rank within a list: the first tag of a theme is the one most people use.
  const byThemeLang = lists.map((perLang) => perLang.map((l) => new Pool(Int32Array.from(l), new Cum(l.map((_, rank) => 1 / (rank + 1) ** 0.9)))));
  return { tags, count, byThemeLang, theme };
}

/** Fills {slots} of a theme text with random values in the language, and {n}/{days} with numbers. */
function fill(r: Rand, text: string, slots: Record<string, ReadonlyArray<{ en: string; zh: string }>>, lang: 'en' | 'zh'): string {
  return text.replace(/\{(\w+)\}/gu, (m, k: string) => {
    const values = slots[k];
    if (values && values.length > 0) return r.pick(values)[lang];
    if (k === 'n') return String(r.int(2, 30));
    if (k === 'days') return String(r.int(2, 7));
    return m;
  });
}

function piece(text: string, tags: Tags): Piece {
  const entities = toEntities(scanText(text), new Set());
  return { text, entities, tags: [...new Set(entities.flatMap((e) => (e.type === 'hashtag' ? [tags.intern(e.tag)] : [])))] };
}

/** Titles and bodies per theme and language, parsed once as the notes service parses them. */
function buildTexts(r: Rand, tags: Tags): { titles: Piece[][][]; bodies: Piece[][][] } {
  const titles: Piece[][][] = [];
  const bodies: Piece[][][] = [];
  for (const th of SEED_THEMES) {
    const t = THEMES[th];
    const tt: Piece[][] = [];
    const bb: Piece[][] = [];
    for (const lang of LANGS) {
      const seen = new Set<string>();
      const ts: Piece[] = [];
      for (let i = 0; i < 400 && ts.length < 60; i++) {
        const title = fill(r, r.pick(t.titles[lang]), t.slots, lang);
        if (seen.has(title) || weightedLength(title) > NOTE_LIMITS.titleUnits) continue;
        seen.add(title);
        ts.push(piece(title, tags));
      }
      const bs: Piece[] = [];
      for (let i = 0; i < 150; i++) {
        const n = r.int(1, Math.min(4, t.lines[lang].length));
        const lines = [...t.lines[lang]].sort(() => r.next() - 0.5).slice(0, n);
        bs.push(piece(lines.map((l) => fill(r, l, t.slots, lang)).join('\n'), tags));
      }
      tt.push(ts);
      bb.push(bs);
    }
    titles.push(tt);
    bodies.push(bb);
  }
  return { titles, bodies };
}

// ---------------------------------------------------------------------------------------------
// the plan

interface Plan {
  now: number;
  topics: Topics;
  texts: { titles: Piece[][][]; bodies: Piece[][][] };
  U: number;
  uCreated: Float64Array;
  /** 0 en, 1 zh, 2 both (English first), 3 both (Chinese first) */
  uLang: Uint8Array;
  uThemes: Uint8Array; // 3 a person, 255 = none
  uInterestStart: Int32Array;
  uInterests: Int32Array;
  /** follows by follower: fStart (U+1) into fList (followees, ascending) and fTime (ms) */
  fStart: Int32Array;
  fList: Int32Array;
  fTime: Float64Array;
  /** followers by followee */
  rStart: Int32Array;
  rList: Int32Array;
  N: number;
  nTime: Float64Array;
  nAuthor: Int32Array;
  nTheme: Uint8Array;
  nLang: Uint8Array;
  /** 0 public, 1 followers, 2 only_me */
  nVis: Uint8Array;
  nTitle: Int32Array;
  nBody: Int32Array;
  /** tags a note carries beyond those in its title and body (the tag line) */
  nExtraStart: Int32Array;
  nExtra: Int32Array;
  /** all its tags */
  nTagStart: Int32Array;
  nTags: Int32Array;
  /** likes then collects, by note: eStart (N+1) into eUser / eKind (0 like, 1 collect) / eTime (s) */
  eStart: Int32Array;
  eUser: Int32Array;
  eKind: Uint8Array;
  eTime: Float64Array;
  nLikes: Int32Array;
  nCollects: Int32Array;
  /** comments by note: cStart (N+1) into cUser, cTime, cParent (index or -1), cReplyTo (index or -1), cText */
  cStart: Int32Array;
  cUser: Int32Array;
  cTime: Float64Array;
  cParent: Int32Array;
  cReplyTo: Int32Array;
  cReplies: Int32Array;
  cText: Uint16Array;
  /** boards: a default one for each person who collected, and for some a named one */
  bDefault: Int32Array; // board index or -1, by person
  bNamed: Int32Array; // board index or -1, by person
  bOwner: Int32Array;
  bIsDefault: Uint8Array;
  bCreated: Float64Array;
  bUpdated: Float64Array;
  bCount: Int32Array;
  bPrivate: Uint8Array;
  /** per collect (index into e*): the board it went into */
  eBoard: Int32Array;
  /** topic follows: user → tags */
  tfStart: Int32Array;
  tfTags: Int32Array;
}

/** A growable Int32/Float64 column. */
class Col<T extends Int32Array | Float64Array | Uint8Array | Uint16Array> {
  n = 0;
  constructor(
    public a: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.n === this.a.length) {
      const b = this.make(Math.max(1024, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }

  done(): T {
    return this.a.subarray(0, this.n) as T;
  }
}
const i32 = (n = 1024) => new Col(new Int32Array(n), (k) => new Int32Array(k));
const f64 = (n = 1024) => new Col(new Float64Array(n), (k) => new Float64Array(k));

/** Who interacts with one note: its author's followers, people who care about its topics, readers of its language. */
class Audience {
  private author = 0;
  private fr0 = 0;
  private followers = 0;
  private tagsFrom = 0;
  private tagsTo = 0;
  private lang = 0;
  private followersOnly = false;
  private readonly seen = new Set<number>();

  constructor(
    private readonly r: Rand,
    private readonly rList: Int32Array,
    private readonly nTags: Int32Array,
    private readonly topicCount: number,
    private readonly fanPools: Pool[],
    private readonly readers: Pool[],
  ) {}

  at(author: number, fr0: number, followers: number, tagsFrom: number, tagsTo: number, lang: number, followersOnly: boolean): void {
    this.author = author;
    this.fr0 = fr0;
    this.followers = followers;
    this.tagsFrom = tagsFrom;
    this.tagsTo = tagsTo;
    this.lang = lang;
    this.followersOnly = followersOnly;
  }

  /** One person: a follower (only those for a followers-only note), a fan of one of its topics, or any reader of its language. */
  readonly someone = (): number => {
    const r = this.r;
    if (this.followersOnly) return this.rList[this.fr0 + Math.floor(r.next() * this.followers)]!;
    const x = r.next();
    if (x < 0.2 && this.followers > 0) return this.rList[this.fr0 + Math.floor(r.next() * this.followers)]!;
    if (x < 0.85 && this.tagsTo > this.tagsFrom) {
      const t = this.nTags[r.int(this.tagsFrom, this.tagsTo - 1)]!;
      if (t < this.topicCount && this.fanPools[t]!.size > 0) return this.fanPools[t]!.draw(r);
    }
    return this.readers[this.lang]!.draw(r);
  };

  /** Up to `want` different people (never the author), ascending; a `share` of them from `from` when given. */
  readonly distinct = (want: number, out: number[], from: number[] | null, share: number): number[] => {
    const r = this.r;
    this.seen.clear();
    for (let k = 0; k < want * 6 + 20 && out.length < want; k++) {
      const u = from && from.length > 0 && r.chance(share) ? from[Math.floor(r.next() * from.length)]! : this.someone();
      if (u === this.author || this.seen.has(u)) continue;
      this.seen.add(u);
      out.push(u);
    }
    // a typed array sorts numbers natively (no comparator call per comparison)
    const sorted = Int32Array.from(out).sort();
    for (let i = 0; i < sorted.length; i++) out[i] = sorted[i]!;
    return out;
  };
}

export function plan(opts: Required<Pick<GenOptions, 'notes' | 'users' | 'interactions' | 'seed' | 'now'>>, say: (l: string) => void): Plan {
  const r = new Rand(opts.seed);
  const now = opts.now;
  const U = opts.users;
  const N = opts.notes;
  const topics = buildTopics();
  const texts = buildTexts(r, topics.tags);
  const T = SEED_THEMES.length;
  // How popular each theme is (food and travel lead on RedNote; history and writing are niches).
  const themeWeight = new Cum(SEED_THEMES.map((th) => ({ food: 10, travel: 9, cats: 7, home: 6, dogs: 5, student: 5, art: 5, refugee: 5 })[th as string] ?? 3));

  // ---- people
  const uCreated = growingTimes(r, U, now - 90 * DAY, now - HOUR, 1.2);
  const uLang = new Uint8Array(U);
  const uThemes = new Uint8Array(U * 3).fill(255);
  const activity = new Float64Array(U); // how much they like and collect
  const authorW = new Float64Array(U); // how much they post
  const popularity = new Float64Array(U); // how followed they get
  const interestStart = new Int32Array(U + 1);
  const interests = i32(U * 6);
  for (let u = 0; u < U; u++) {
    const x = r.next();
    uLang[u] = x < 0.45 ? 0 : x < 0.85 ? 1 : x < 0.92 ? 2 : 3;
    let nThemes = 0;
    for (let k = r.int(1, 3); k > 0; k--) {
      const th = themeWeight.draw(r);
      if (!uThemes.subarray(u * 3, u * 3 + nThemes).includes(th)) uThemes[u * 3 + nThemes++] = th;
    }
    activity[u] = Math.min(r.pareto(1.25), 400);
    const author = u === 0 || r.chance(0.45);
    authorW[u] = author ? Math.min(r.pareto(1.3), 400) : 0;
    popularity[u] = author ? authorW[u]! * r.lognormal(1.6) : 0.05 * r.lognormal(0.5);
    // 3–8 topics among their themes, in the languages they read
    const langs: Lang[] = uLang[u] === 0 ? [0] : uLang[u] === 1 ? [1] : [0, 1];
    const mine = new Set<number>();
    const want = r.int(3, 8);
    for (let k = 0; k < want * 3 && mine.size < want; k++) {
      const th = uThemes[u * 3 + r.int(0, nThemes - 1)]!;
      mine.add(topics.byThemeLang[th]![r.pick(langs)]!.draw(r));
    }
    for (const t of mine) interests.push(t);
    interestStart[u + 1] = interests.n;
  }
  const uInterests = interests.done();
  say(`people: ${U.toLocaleString('en-US')}`);

  // Who cares about each topic, and who reads each language: pools by activity.
  const topicFans: number[][] = Array.from({ length: topics.count }, () => []);
  for (let u = 0; u < U; u++) for (let k = interestStart[u]!; k < interestStart[u + 1]!; k++) topicFans[uInterests[k]!]!.push(u);
  const fanPools = topicFans.map((fans) => Pool.of(fans, (u) => activity[u]!));
  const readers = LANGS.map((_, l) => {
    const list: number[] = [];
    for (let u = 0; u < U; u++) if (uLang[u] === 2 || uLang[u] === 3 || uLang[u] === l) list.push(u);
    return Pool.of(list, (u) => activity[u]!);
  });
  // Authors by theme and language, by popularity (for follows that share a topic).
  const authorsBy: Pool[][] = Array.from({ length: T }, (_, th) =>
    LANGS.map((_, l) => {
      const list: number[] = [];
      for (let u = 0; u < U; u++) {
        if (authorW[u]! > 0 && (uLang[u] === 2 || uLang[u] === 3 || uLang[u] === l) && uThemes.subarray(u * 3, u * 3 + 3).includes(th)) list.push(u);
      }
      return Pool.of(list, (u) => popularity[u]!);
    }),
  );
  const byPopularity = new Cum(popularity);

  // ---- follows: how many each person follows is long-tailed too (median ~12)
  const fStart = new Int32Array(U + 1);
  const fList = i32(U * 20);
  const fTime = f64(U * 20);
  const picked = new Set<number>();
  for (let u = 0; u < U; u++) {
    const want = Math.min(U - 1, Math.floor(12 * r.lognormal(1.0) * (r.chance(0.08) ? 0 : 1)), 2000);
    picked.clear();
    const langs: Lang[] = uLang[u] === 0 ? [0] : uLang[u] === 1 ? [1] : [0, 1];
    for (let k = 0; k < want * 4 && picked.size < want; k++) {
      let v: number;
      if (r.chance(0.6)) v = byPopularity.draw(r);
      else {
        const th = uThemes[u * 3]!;
        const pool = authorsBy[th]![r.pick(langs)]!;
        if (pool.size === 0) continue;
        v = pool.draw(r);
      }
      if (v !== u) picked.add(v);
    }
    const list = [...picked].sort((a, b) => a - b);
    for (const v of list) {
      fList.push(v);
      const base = Math.max(uCreated[u]!, uCreated[v]!);
      const at = base + r.expo(5 * DAY);
      fTime.push(Math.floor(at < now - 1000 ? at : base + r.next() * (now - 1000 - base)));
    }
    fStart[u + 1] = fList.n;
  }
  const fl = fList.done();
  // followers by followee (counting sort)
  const rStart = new Int32Array(U + 1);
  for (const v of fl) rStart[v + 1]!++;
  for (let u = 0; u < U; u++) rStart[u + 1]! += rStart[u]!;
  const rList = new Int32Array(fl.length);
  const fill2 = rStart.slice(0, U);
  for (let u = 0; u < U; u++) for (let k = fStart[u]!; k < fStart[u + 1]!; k++) rList[fill2[fl[k]!]!++] = u;
  say(`follows: ${fl.length.toLocaleString('en-US')}`);

  // ---- notes
  const nTime = growingTimes(r, N, now - 60 * DAY, now - 60_000, 1.6);
  const nAuthor = new Int32Array(N);
  const nTheme = new Uint8Array(N);
  const nLang = new Uint8Array(N);
  const nVis = new Uint8Array(N);
  const nTitle = new Int32Array(N);
  const nBody = new Int32Array(N);
  const nExtraStart = new Int32Array(N + 1);
  const nExtra = i32(N * 3);
  const nTagStart = new Int32Array(N + 1);
  const nTags = i32(N * 3);
  const authorCum = new Cum(authorW);
  const firstAuthorAt = uCreated[0]!;
  for (let n = 0; n < N; n++) {
    const k = Math.max(1, upperBound(uCreated, Math.max(nTime[n]!, firstAuthorAt)));
    const a = authorCum.cum[k - 1]! > 0 ? authorCum.draw(r, k) : 0;
    nAuthor[n] = a;
    const nThemes = uThemes[a * 3 + 2] !== 255 ? 3 : uThemes[a * 3 + 1] !== 255 ? 2 : 1;
    const th = r.chance(0.6) ? uThemes[a * 3]! : uThemes[a * 3 + r.int(0, nThemes - 1)]!;
    const lang: Lang = uLang[a] === 0 ? 0 : uLang[a] === 1 ? 1 : r.chance(uLang[a] === 2 ? 0.65 : 0.35) ? 0 : 1;
    nTheme[n] = th;
    nLang[n] = lang;
    const v = r.next();
    nVis[n] = v < 0.92 ? 0 : v < 0.985 ? 1 : 2;
    const titles = texts.titles[th]![lang]!;
    const bodies = texts.bodies[th]![lang]!;
    nTitle[n] = r.int(0, titles.length - 1);
    nBody[n] = r.int(0, bodies.length - 1);
    const inText = new Set([...titles[nTitle[n]!]!.tags, ...bodies[nBody[n]!]!.tags]);
    const extra = new Set<number>();
    const want = r.int(1, 4);
    const pool = topics.byThemeLang[th]![lang]!;
    for (let j = 0; j < want * 2 && extra.size < want; j++) {
      const t = pool.draw(r);
      if (!inText.has(t)) extra.add(t);
    }
    for (const t of extra) nExtra.push(t);
    nExtraStart[n + 1] = nExtra.n;
    for (const t of new Set([...inText, ...extra])) nTags.push(t);
    nTagStart[n + 1] = nTags.n;
  }
  const nTagsDone = nTags.done();
  say(`notes: ${N.toLocaleString('en-US')}`);

  // ---- how many interactions each note gets: heavy-tailed by its author's pull and its own luck,
  // and fewer for the newest (they have had less time)
  const weight = new Float64Array(N);
  const cap = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const a = nAuthor[n]!;
    const followers = rStart[a + 1]! - rStart[a]!;
    const ageDays = (now - nTime[n]!) / DAY;
    cap[n] = nVis[n] === 2 ? 0 : nVis[n] === 1 ? Math.floor(followers * 0.7) : Math.floor(U * 0.3);
    weight[n] = cap[n]! === 0 ? 0 : (1 + popularity[a]!) ** 0.6 * r.lognormal(1.1) * (1 - Math.exp(-ageDays / 1.5));
  }
  const counts = new Int32Array(N);
  let scale =
    opts.interactions /
    Math.max(
      1e-9,
      weight.reduce((s, w) => s + w, 0),
    );
  for (let pass = 0; pass < 3; pass++) {
    let total = 0;
    for (let n = 0; n < N; n++) {
      const c = weight[n]! * scale;
      counts[n] = Math.min(cap[n]!, Math.floor(c) + (r.next() < c - Math.floor(c) ? 1 : 0));
      total += counts[n]!;
    }
    if (total === 0) break;
    scale *= opts.interactions / total;
  }

  // ---- who interacts, and when
  const eStart = new Int32Array(N + 1);
  const eUser = i32(opts.interactions);
  const eKind = new Col(new Uint8Array(opts.interactions + 1024), (k) => new Uint8Array(k));
  const eTime = f64(opts.interactions);
  const nLikes = new Int32Array(N);
  const nCollects = new Int32Array(N);
  const cStart = new Int32Array(N + 1);
  const cUser = i32();
  const cTime = f64();
  const cParent = i32();
  const cReplyTo = i32();
  const cText = new Col(new Uint16Array(1024), (k) => new Uint16Array(k));
  const aud = new Audience(r, rList, nTagsDone, topics.count, fanPools, readers);
  const likers: number[] = [];
  const when = (n: number, u: number, mean: number) => {
    const base = Math.max(nTime[n]!, uCreated[u]!);
    // soon after it was posted, mostly; what would fall in the future happened some time until now
    const at = base + 1000 + (r.chance(0.75) ? r.expo(mean) : r.next() * (now - base));
    return Math.floor(at < now - 1000 ? at : base + r.next() * (now - 1000 - base));
  };
  for (let n = 0; n < N; n++) {
    const c = counts[n]!;
    const a = nAuthor[n]!;
    const lang = nLang[n]!;
    aud.at(a, rStart[a]!, rStart[a + 1]! - rStart[a]!, nTagStart[n]!, nTagStart[n + 1]!, nLang[n]!, nVis[n] === 1);
    const someone = aud.someone;
    const distinct = aud.distinct;
    const comments = c >= 3 ? Math.round(c * 0.06 * (0.5 + r.next())) : 0;
    const collects = Math.round((c - comments) * 0.25 * (0.6 + 0.8 * r.next()));
    const likes = c - comments - collects;
    eStart[n] = eUser.n;
    likers.length = 0;
    distinct(likes, likers, null, 0);
    for (const u of likers) {
      eUser.push(u);
      eKind.push(0);
      eTime.push(when(n, u, 1.5 * DAY));
    }
    nLikes[n] = likers.length;
    // Half of those who collect also liked it.
    const collectors = distinct(collects, [], likers, 0.55);
    for (const u of collectors) {
      eUser.push(u);
      eKind.push(1);
      eTime.push(when(n, u, 2 * DAY));
    }
    nCollects[n] = collectors.length;
    // Comments: threads, and replies in them (a quarter by the note's author).
    cStart[n] = cUser.n;
    const tops = Math.ceil(comments * 0.7);
    for (let k = 0; k < comments; k++) {
      const i = cUser.n;
      if (k < tops) {
        const u = someone();
        cUser.push(u === a ? readers[lang]!.draw(r) : u);
        cTime.push(when(n, cUser.a[i]!, 1.5 * DAY));
        cParent.push(-1);
        cReplyTo.push(-1);
      } else {
        const parent = cStart[n]! + r.int(0, tops - 1);
        const u = r.chance(0.25) ? a : someone();
        // A reply to a reply of the thread, or to the thread itself.
        let replyTo = -1;
        for (let j = i - 1; j >= cStart[n]! + tops && replyTo === -1; j--) if (cParent.a[j] === parent && r.chance(0.3)) replyTo = j;
        const after = Math.max(cTime.a[replyTo === -1 ? parent : replyTo]!, uCreated[u]!);
        cUser.push(u);
        const at = after + 1000 + r.expo(6 * HOUR);
        cTime.push(Math.floor(at < now - 500 ? at : after + r.next() * Math.max(0, now - 500 - after)));
        cParent.push(parent);
        cReplyTo.push(replyTo);
      }
      cText.push(r.int(0, 65535));
    }
  }
  eStart[N] = eUser.n;
  cStart[N] = cUser.n;
  const cParentDone = cParent.done();
  const cReplies = new Int32Array(cParentDone.length);
  for (const p of cParentDone) if (p >= 0) cReplies[p]!++;
  const E = eUser.n;
  say(`interactions: ${(E + cUser.n).toLocaleString('en-US')} (${E.toLocaleString('en-US')} likes and collects, ${cUser.n.toLocaleString('en-US')} comments)`);

  // ---- boards: "Saved" for everyone who collected (made at their first collect); one board of
  // their own for some who collect a lot, which takes 40% of their collects from then on
  const eUserDone = eUser.done();
  const eKindDone = eKind.done();
  const eTimeDone = eTime.done();
  const firstCollect = new Float64Array(U).fill(Number.POSITIVE_INFINITY);
  const collectsBy = new Int32Array(U);
  for (let i = 0; i < E; i++) {
    if (eKindDone[i] !== 1) continue;
    const u = eUserDone[i]!;
    collectsBy[u]!++;
    if (eTimeDone[i]! < firstCollect[u]!) firstCollect[u] = eTimeDone[i]!;
  }
  const bDefault = new Int32Array(U).fill(-1);
  const bNamed = new Int32Array(U).fill(-1);
  const bOwner = i32();
  const bCreated = f64();
  const bIsDefault: number[] = [];
  const bPrivate: number[] = [];
  for (let u = 0; u < U; u++) {
    if (collectsBy[u] === 0) continue;
    bDefault[u] = bOwner.n;
    bOwner.push(u);
    bCreated.push(firstCollect[u]! - 500);
    bIsDefault.push(1);
    bPrivate.push(r.chance(0.1) ? 1 : 0);
    if (collectsBy[u]! >= 5 && r.chance(0.15)) {
      bNamed[u] = bOwner.n;
      bOwner.push(u);
      bCreated.push(firstCollect[u]! + r.next() * (now - firstCollect[u]!) * 0.5);
      bIsDefault.push(0);
      bPrivate.push(r.chance(0.2) ? 1 : 0);
    }
  }
  const B = bOwner.n;
  const bCreatedDone = bCreated.done();
  const bCount = new Int32Array(B);
  const bUpdated = Float64Array.from(bCreatedDone);
  const eBoard = new Int32Array(E).fill(-1);
  for (let i = 0; i < E; i++) {
    if (eKindDone[i] !== 1) continue;
    const u = eUserDone[i]!;
    const named = bNamed[u]!;
    const b = named >= 0 && eTimeDone[i]! > bCreatedDone[named]! && r.chance(0.4) ? named : bDefault[u]!;
    eBoard[i] = b;
    bCount[b]!++;
    if (eTimeDone[i]! > bUpdated[b]!) bUpdated[b] = eTimeDone[i]!;
  }

  // ---- topic follows: a quarter of people follow one to three of their topics
  const tfStart = new Int32Array(U + 1);
  const tfTags = i32();
  for (let u = 0; u < U; u++) {
    const from = interestStart[u]!;
    const to = interestStart[u + 1]!;
    if (to > from && r.chance(0.25)) {
      const mine = [...uInterests.subarray(from, to)];
      const k = Math.min(mine.length, r.int(1, 3));
      for (const t of mine.slice(0, k).sort((x, y) => (topics.tags.list[x]! < topics.tags.list[y]! ? -1 : 1))) tfTags.push(t);
    }
    tfStart[u + 1] = tfTags.n;
  }

  return {
    now,
    topics,
    texts,
    U,
    uCreated,
    uLang,
    uThemes,
    uInterestStart: interestStart,
    uInterests,
    fStart,
    fList: fl,
    fTime: fTime.done(),
    rStart,
    rList,
    N,
    nTime,
    nAuthor,
    nTheme,
    nLang,
    nVis,
    nTitle,
    nBody,
    nExtraStart,
    nExtra: nExtra.done(),
    nTagStart,
    nTags: nTagsDone,
    eStart,
    eUser: eUserDone,
    eKind: eKindDone,
    eTime: eTimeDone,
    nLikes,
    nCollects,
    cStart,
    cUser: cUser.done(),
    cTime: cTime.done(),
    cParent: cParentDone,
    cReplyTo: cReplyTo.done(),
    cReplies,
    cText: cText.done(),
    bDefault,
    bNamed,
    bOwner: bOwner.done(),
    bIsDefault: Uint8Array.from(bIsDefault),
    bCreated: bCreatedDone,
    bUpdated,
    bCount,
    bPrivate: Uint8Array.from(bPrivate),
    eBoard,
    tfStart,
    tfTags: tfTags.done(),
  };
}

// ---------------------------------------------------------------------------------------------
// the tables

const t = (name: string, cols: TableSpec['cols']): TableSpec => ({ name, cols });
const TEXT = 'text' as const;
const INT = 'int' as const;
const FLOAT = 'float' as const;

const SPECS = {
  users: t('users', [
    ['id', TEXT],
    ['handle', TEXT],
    ['display_name', TEXT],
    ['bio', TEXT],
    ['languages', TEXT],
    ['ui_language', TEXT],
    ['region', TEXT],
    ['avatar_media_id', TEXT],
    ['role', TEXT],
    ['password_hash', TEXT],
    ['followers_count', INT],
    ['following_count', INT],
    ['created_at', TEXT],
    ['updated_at', TEXT],
    ['version', INT],
  ]),
  media: t('media', [
    ['id', TEXT],
    ['owner_id', TEXT],
    ['purpose', TEXT],
    ['kind', TEXT],
    ['status', TEXT],
    ['width', INT],
    ['height', INT],
    ['duration_ms', INT],
    ['bytes', INT],
    ['dominant_color', TEXT],
    ['placeholder', TEXT],
    ['variants', TEXT],
    ['error', TEXT],
    ['attached_to', TEXT],
    ['deleted_at', TEXT],
    ['created_at', TEXT],
    ['updated_at', TEXT],
  ]),
  follows: t('follows', [
    ['id', TEXT],
    ['follower_id', TEXT],
    ['followee_id', TEXT],
    ['created_at', TEXT],
  ]),
  feed_follows: t('feed_follows', [
    ['follower_id', TEXT],
    ['followee_id', TEXT],
  ]),
  boards: t('boards', [
    ['id', TEXT],
    ['owner_id', TEXT],
    ['name', TEXT],
    ['visibility', TEXT],
    ['is_default', INT],
    ['note_count', INT],
    ['created_at', TEXT],
    ['updated_at', TEXT],
  ]),
  notes: t('notes', [
    ['id', TEXT],
    ['author_id', TEXT],
    ['kind', TEXT],
    ['status', TEXT],
    ['title', TEXT],
    ['body', TEXT],
    ['lang', TEXT],
    ['entities', TEXT],
    ['visibility', TEXT],
    ['place_name', TEXT],
    ['comments_enabled', INT],
    ['like_count', INT],
    ['collect_count', INT],
    ['comment_count', INT],
    ['view_count', INT],
    ['deleted_at', TEXT],
    ['created_at', TEXT],
    ['updated_at', TEXT],
    ['version', INT],
  ]),
  note_media: t('note_media', [
    ['note_id', TEXT],
    ['media_id', TEXT],
    ['position', INT],
  ]),
  note_tags: t('note_tags', [
    ['note_id', TEXT],
    ['tag', TEXT],
  ]),
  feed_notes: t('feed_notes', [
    ['note_id', TEXT],
    ['author_id', TEXT],
    ['visibility', TEXT],
    ['lang', TEXT],
    ['created_s', FLOAT],
    ['impressions', INT],
    ['clicks', INT],
    ['engagement', FLOAT],
    ['hot', FLOAT],
    ['pool', INT],
    ['pool_open', INT],
    ['pool_base_impressions', INT],
    ['pool_base_engagement', FLOAT],
  ]),
  feed_note_tags: t('feed_note_tags', [
    ['tag', TEXT],
    ['note_id', TEXT],
    ['hot', FLOAT],
  ]),
  note_likes: t('note_likes', [
    ['note_id', TEXT],
    ['user_id', TEXT],
    ['created_at', TEXT],
  ]),
  note_collects: t('note_collects', [
    ['note_id', TEXT],
    ['user_id', TEXT],
    ['created_at', TEXT],
  ]),
  board_notes: t('board_notes', [
    ['board_id', TEXT],
    ['note_id', TEXT],
    ['added_at', TEXT],
  ]),
  comments: t('comments', [
    ['id', TEXT],
    ['note_id', TEXT],
    ['author_id', TEXT],
    ['parent_id', TEXT],
    ['reply_to_comment_id', TEXT],
    ['reply_to_user_id', TEXT],
    ['body', TEXT],
    ['lang', TEXT],
    ['entities', TEXT],
    ['like_count', INT],
    ['reply_count', INT],
    ['deleted_at', TEXT],
    ['created_at', TEXT],
  ]),
  feed_engaged: t('feed_engaged', [
    ['user_id', TEXT],
    ['note_id', TEXT],
    ['weight', FLOAT],
    ['at_s', FLOAT],
  ]),
  feed_affinity: t('feed_affinity', [
    ['user_id', TEXT],
    ['kind', TEXT],
    ['key', TEXT],
    ['weight', FLOAT],
    ['updated_s', FLOAT],
  ]),
  feed_neighbours: t('feed_neighbours', [
    ['user_id', TEXT],
    ['neighbour_id', TEXT],
    ['weight', FLOAT],
  ]),
  feed_pool_results: t('feed_pool_results', [
    ['note_id', TEXT],
    ['level', INT],
    ['rate', FLOAT],
    ['at_s', FLOAT],
    ['graduated', INT],
  ]),
  topic_follows: t('topic_follows', [
    ['user_id', TEXT],
    ['tag', TEXT],
    ['created_at', TEXT],
  ]),
  feed_topics: t('feed_topics', [
    ['tag', TEXT],
    ['notes', INT],
    ['participants', INT],
    ['views', INT],
  ]),
  feed_topic_authors: t('feed_topic_authors', [
    ['tag', TEXT],
    ['author_id', TEXT],
    ['notes', INT],
  ]),
  feed_topic_hours: t('feed_topic_hours', [
    ['tag', TEXT],
    ['hour', INT],
    ['uses', INT],
  ]),
} as const;

/** Tables whose secondary indexes are dropped during the load and built again after it. */
const FILLED = Object.values(SPECS).map((s) => s.name);

/** What a reader's act is worth to their affinities and feed_engaged (src/server/modules/feed/learn.ts), and a follow to the author's affinity. */
export const ENGAGED_WEIGHT = { like: 3, collect: 4, comment: 3, follow: 2 } as const;
export const hotOf = (engagement: number, createdS: number): number => Math.log10(1 + Math.max(0, engagement)) + createdS / 45_000;
const VIS = ['public', 'followers', 'only_me'] as const;
/** A note stays in its traffic pools for this long; older notes compete on what they earned. */
const POOL_OPEN_MS = 3 * DAY;
/** The audiences of the pool levels (FEED_POOL_SIZES' default). */
const POOL_SIZES = [30, 150, 800, 4000];
/** The engagement per impression above which a note graduates (about the median of the model below). */
const POOL_BAR = 0.06;

/**
 * The traffic pools as the feed's judge (every minute) would have left them: a public note is judged
 * at each level once it has had that level's audience, on its engagement per impression there; above
 * the bar it goes on to the next level, below it its pool closes. Pools close after three days
 * anyway. Judgements of the last week are kept in feed_pool_results, as the feed keeps them.
 */
function poolOf(
  r: Rand,
  created: number,
  impressions: number,
  engagement: number,
  pub: boolean,
  now: number,
  results: TableWriter,
  noteId: string,
): { level: number; open: number; baseImpressions: number } {
  if (!pub) return { level: 0, open: 0, baseImpressions: 0 };
  let level = 0;
  let base = 0;
  let open = now - created < POOL_OPEN_MS;
  const rate0 = impressions > 0 ? engagement / impressions : 0;
  // the note's impressions came over its first days: when it had had `k` of them
  const span = Math.min(now - created, POOL_OPEN_MS);
  const when = (k: number) => created + (span * k) / Math.max(1, impressions);
  const out: Array<[number, number, number, number]> = [];
  for (; level < POOL_SIZES.length && impressions - base >= POOL_SIZES[level]!; ) {
    const rate = rate0 * r.lognormal(0.25);
    const up = rate >= POOL_BAR && rate > 0;
    const at = when(base + POOL_SIZES[level]!);
    out.push([level, rate, at / 1000, up ? 1 : 0]);
    if (!up) {
      open = false;
      break;
    }
    base += POOL_SIZES[level]!;
    level++;
    if (level === POOL_SIZES.length) open = false;
  }
  for (const [lv, rate, atS, up] of out) if (atS * 1000 > now - 7 * DAY) results.row(noteId, lv, rate, atS, up);
  return { level, open: open ? 1 : 0, baseImpressions: level === POOL_SIZES.length ? base - POOL_SIZES[level - 1]! : base };
}

// ---------------------------------------------------------------------------------------------
// writing

interface WriteContext {
  p: Plan;
  sink: Sink;
  r: Rand;
  pictures: { notes: Template[]; avatars: Template[] };
  passwordHash: string;
  handleSuffix: string;
  say: (line: string) => void;
  /** the notes' paragraphs and title words, from their own random source (the rest of the dataset does not move with them) */
  text: { texts: NoteTexts; r: Rand } | null;
}

async function writeAll(x: WriteContext): Promise<{ sampleHandles: string[] }> {
  const { p, sink, r, say } = x;
  // feed_notes carries each note's hashtags once its migration has the column (the feed then learns
  // tags from it, for followers-only notes too).
  const feedNoteTags = (await sink.columns('feed_notes')).includes('tags');
  const specs: Record<keyof typeof SPECS, TableSpec> = { ...SPECS };
  if (feedNoteTags) specs.feed_notes = t('feed_notes', [...SPECS.feed_notes.cols.slice(0, 4), ['tags', TEXT], ...SPECS.feed_notes.cols.slice(4)]);
  for (const spec of Object.values(specs)) {
    const have = await sink.columns(spec.name);
    const missing = spec.cols.filter(([c]) => !have.includes(c)).map(([c]) => c);
    if (missing.length > 0) throw new Error(`${spec.name} has no column ${missing.join(', ')}: the generator is behind the migrations`);
    const left = have.filter((c) => !spec.cols.some(([k]) => k === c));
    if (left.length > 0) say(`warning: ${spec.name}.${left.join(', ')} not generated (left at the default): the generator is behind the migrations`);
  }
  const w = Object.fromEntries(Object.entries(specs).map(([k, spec]) => [k, sink.writer(spec)])) as Record<keyof typeof SPECS, TableWriter>;
  const tagList = p.topics.tags.list;
  const now = p.now;
  const started = performance.now();
  const lap = (what: string) => say(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // ---- people (and their avatars)
  const userId: string[] = new Array(p.U);
  for (let u = 0; u < p.U; u++) userId[u] = uuidAt(p.uCreated[u]!, u, r);
  // The most followed few, to name in the summary.
  const followersOf = (u: number) => p.rStart[u + 1]! - p.rStart[u]!;
  const top = [...Array(p.U).keys()].sort((a, b) => followersOf(b) - followersOf(a)).slice(0, 3);
  const sampleHandles: string[] = top.map(() => '');
  let mediaSeq = 0;
  for (let u = 0; u < p.U; u++) {
    const created = p.uCreated[u]!;
    const lang = p.uLang[u]!;
    const zh = lang === 1 || lang === 3;
    const { handle, displayName } = nameOf(r, u, zh, x.handleSuffix);
    if (top.includes(u)) sampleHandles[top.indexOf(u)] = handle;
    const languages = lang === 0 ? '["en"]' : lang === 1 ? '["zh"]' : lang === 2 ? '["en","zh"]' : '["zh","en"]';
    let avatar: string | null = null;
    let avatarAt = created;
    if (x.pictures.avatars.length > 0 && r.chance(0.35)) {
      const tpl = r.pick(x.pictures.avatars);
      const at = Math.floor(Math.min(now - 2000, created + 60_000 + r.next() * HOUR));
      avatarAt = at;
      avatar = uuidAt(at, mediaSeq++, r);
      mediaRow(w.media, avatar, userId[u]!, 'avatar', tpl, `avatar:${avatar}`, at);
    }
    const following = p.fStart[u + 1]! - p.fStart[u]!;
    const followers = p.rStart[u + 1]! - p.rStart[u]!;
    const script = zh ? 'zh' : 'en';
    w.users.row(
      userId[u]!,
      handle,
      displayName,
      r.chance(0.4) ? r.pick(W.BIOS[script]) : '',
      languages,
      zh ? 'zh' : 'en',
      r.chance(0.5) ? r.pick(W.REGIONS[script]) : null,
      avatar,
      'member',
      x.passwordHash,
      followers,
      following,
      iso(created),
      iso(Math.max(created, avatarAt)),
      1,
    );
    if ((u & 4095) === 0) await sink.drain();
  }
  lap(`people: ${p.U.toLocaleString('en-US')}`);

  // ---- follows, as the app has them and as the feed sees them
  let followSeq = 0;
  for (let u = 0; u < p.U; u++) {
    for (let k = p.fStart[u]!; k < p.fStart[u + 1]!; k++) {
      const v = p.fList[k]!;
      w.follows.row(uuidAt(p.fTime[k]!, followSeq++, r), userId[u]!, userId[v]!, iso(p.fTime[k]!));
      w.feed_follows.row(userId[u]!, userId[v]!);
    }
    if ((u & 1023) === 0) await sink.drain();
  }
  lap(`follows: ${p.fList.length.toLocaleString('en-US')}`);

  // ---- boards
  const boardId: string[] = new Array(p.bOwner.length);
  for (let b = 0; b < p.bOwner.length; b++) {
    const u = p.bOwner[b]!;
    boardId[b] = uuidAt(p.bCreated[b]!, b, r);
    const zh = p.uLang[u] === 1 || p.uLang[u] === 3;
    const name = p.bIsDefault[b] === 1 ? 'Saved' : r.pick(W.BOARD_NAMES[zh ? 'zh' : 'en']);
    w.boards.row(
      boardId[b]!,
      userId[u]!,
      name,
      p.bPrivate[b] === 1 ? 'private' : 'public',
      p.bIsDefault[b]!,
      p.bCount[b]!,
      iso(p.bCreated[b]!),
      iso(p.bUpdated[b]!),
    );
  }
  await sink.drain();
  lap(`boards: ${p.bOwner.length.toLocaleString('en-US')}`);

  // ---- notes, their media, tags, likes, collects, board entries, comments, and the feed's rows for them
  const noteId: string[] = new Array(p.N);
  for (let n = 0; n < p.N; n++) noteId[n] = uuidAt(p.nTime[n]!, n, r);
  const nClicks = new Int32Array(p.N);
  const byScene = new Map<string, Template[]>();
  for (const tpl of x.pictures.notes) byScene.set(tpl.scene, [...(byScene.get(tpl.scene) ?? []), tpl]);
  const IMAGE_COUNTS = new Cum([60, 20, 10, 5, 0, 3, 0, 0, 2]); // 1–9 photos, ~1.9 on average
  let commentSeq = 0;
  const commentId: string[] = [];
  for (let n = 0; n < p.N; n++) {
    const a = p.nAuthor[n]!;
    const created = p.nTime[n]!;
    const lang = p.nLang[n]! as Lang;
    const th = p.nTheme[n]!;
    const title = p.texts.titles[th]![lang]![p.nTitle[n]!]!;
    const bodyPiece = p.texts.bodies[th]![lang]![p.nBody[n]!]!;
    let titleText = title.text;
    let body = bodyPiece.text;
    // Words after the title, a paragraph after the theme's lines: entities before them stay where they are.
    if (x.text) {
      const tail = x.text.texts.titleTail(x.text.r, lang);
      if (tail && weightedLength(titleText + tail) <= NOTE_LIMITS.titleUnits) titleText += tail;
      // a CJK character weighs 2: half the body's units, less room for the tag line
      const para = x.text.texts.paragraph(x.text.r, lang, Math.floor(NOTE_LIMITS.bodyUnits / 2) - 120 - body.length);
      if (para) body += `\n${para}`;
    }
    // The tag line: the note's topics not already in its text, as people add them at the end.
    const bodyEntities: Entity[] = [...bodyPiece.entities];
    const ex0 = p.nExtraStart[n]!;
    const ex1 = p.nExtraStart[n + 1]!;
    if (ex1 > ex0) {
      body += '\n\n';
      for (let k = ex0; k < ex1; k++) {
        const tag = tagList[p.nExtra[k]!]!;
        if (k > ex0) body += ' ';
        bodyEntities.push({ type: 'hashtag', start: body.length, end: body.length + 1 + tag.length, tag });
        body += `#${tag}`;
      }
    }
    const likes = p.nLikes[n]!;
    const collects = p.nCollects[n]!;
    const comments = p.cStart[n + 1]! - p.cStart[n]!;
    const vis = VIS[p.nVis[n]!]!;
    const id = noteId[n]!;
    const edited = r.chance(0.05) ? Math.min(now - 1000, created + r.expo(DAY)) : created;
    w.notes.row(
      id,
      userId[a]!,
      'images',
      'published',
      titleText,
      body,
      LANGS[lang],
      JSON.stringify({ title: title.entities, body: bodyEntities }),
      vis,
      null,
      comments === 0 && r.chance(0.03) ? 0 : 1,
      likes,
      collects,
      comments,
      0,
      null,
      iso(created),
      iso(edited),
      1,
    );
    // photos: pictures of the theme's scenes, sometimes a text card
    const photos = IMAGE_COUNTS.draw(r) + 1;
    const scenes = THEMES[SEED_THEMES[th] as SeedTheme].scenes;
    for (let k = 0; k < photos; k++) {
      const scene = r.chance(0.15) ? 'card' : r.pick(scenes);
      const tpl = r.pick(byScene.get(scene) ?? x.pictures.notes);
      const at = Math.max(p.uCreated[a]!, created - 120_000 + k * 1000);
      const mid = uuidAt(at, mediaSeq++, r);
      mediaRow(w.media, mid, userId[a]!, 'note', tpl, id, at);
      w.note_media.row(id, mid, k);
    }
    const t0 = p.nTagStart[n]!;
    const t1 = p.nTagStart[n + 1]!;
    const tags = [...p.nTags.subarray(t0, t1)].map((i) => tagList[i]!).sort();
    for (const tag of tags) w.note_tags.row(id, tag);

    // likes and collects (already by person, ascending: the primary key's order)
    const e0 = p.eStart[n]!;
    const e1 = p.eStart[n + 1]!;
    for (let i = e0; i < e1; i++) {
      const at = iso(p.eTime[i]!);
      const uid = userId[p.eUser[i]!]!;
      if (p.eKind[i] === 0) w.note_likes.row(id, uid, at);
      else {
        w.note_collects.row(id, uid, at);
        w.board_notes.row(boardId[p.eBoard[i]!]!, id, at);
      }
    }
    // comments
    const c0 = p.cStart[n]!;
    for (let i = c0; i < p.cStart[n + 1]!; i++) {
      const cid = uuidAt(p.cTime[i]!, commentSeq++, r);
      commentId[i - c0] = cid;
      const parent = p.cParent[i]!;
      const replyTo = p.cReplyTo[i]!;
      const words = parent >= 0 ? W.REPLIES[LANGS[lang]] : W.COMMENTS[LANGS[lang]];
      w.comments.row(
        cid,
        id,
        userId[p.cUser[i]!]!,
        parent >= 0 ? commentId[parent - c0]! : null,
        replyTo >= 0 ? commentId[replyTo - c0]! : null,
        replyTo >= 0 ? userId[p.cUser[replyTo]!]! : null,
        words[p.cText[i]! % words.length]!,
        LANGS[lang],
        '[]',
        0,
        p.cReplies[i]!,
        null,
        iso(p.cTime[i]!),
      );
    }

    // the feed's view of it (not for notes only their author sees)
    if (p.nVis[n] !== 2) {
      const engagement = likes + 2 * collects + 2 * comments;
      const createdS = created / 1000;
      const hot = hotOf(engagement, createdS);
      // Shown to about a dozen people for each who engaged, and to a first pool of a few dozen.
      const impressions = Math.round(engagement * 12 * r.lognormal(0.35) + 20 + r.next() * 60);
      const clicks = Math.min(impressions, Math.round(impressions * (0.05 + 0.05 * r.next()) + engagement * 0.5));
      nClicks[n] = clicks;
      const pool = poolOf(r, created, impressions, engagement, vis === 'public', now, w.feed_pool_results, id);
      const row: Value[] = [
        id,
        userId[a]!,
        vis,
        LANGS[lang],
        createdS,
        impressions,
        clicks,
        engagement,
        hot,
        pool.level,
        pool.open,
        pool.baseImpressions,
        impressions > 0 ? (engagement * pool.baseImpressions) / impressions : 0,
      ];
      // as the read pipeline lists them: the hashtags of the title, then of the body, each once
      if (feedNoteTags)
        row.splice(4, 0, JSON.stringify([...new Set([...title.entities, ...bodyEntities].flatMap((e) => (e.type === 'hashtag' ? [e.tag] : [])))]));
      w.feed_notes.row(...row);
      if (vis === 'public') for (const tag of tags) w.feed_note_tags.row(tag, id, hot);
    }
    if ((n & 1023) === 0) {
      await sink.drain();
      if ((n & 0x3ffff) === 0 && n > 0) lap(`notes: ${n.toLocaleString('en-US')} of ${p.N.toLocaleString('en-US')}`);
    }
  }
  await sink.drain();
  lap(`notes: ${p.N.toLocaleString('en-US')}, with media, tags, likes, collects and comments`);

  // ---- feed_engaged and feed_affinity, as the feed learns them from each like (3), collect (4) and
  // comment (3) by someone other than the note's author, and each follow (the author, 2): engaged
  // weights summed by note; affinities by tag (public notes: w/√tags each), author (w) and language
  // (0.3·w), decayed with a half-life of two weeks as they are added (so the stored weight is the
  // sum of each act's weight halved for every two weeks between it and the last one).
  const byUser = (count: number, userOf: (i: number) => number, keep: (i: number) => boolean) => {
    const start = new Int32Array(p.U + 1);
    for (let i = 0; i < count; i++) if (keep(i)) start[userOf(i) + 1]!++;
    for (let u = 0; u < p.U; u++) start[u + 1]! += start[u]!;
    const order = new Int32Array(start[p.U]!);
    const next = start.slice(0, p.U);
    // stored by note, so each person's list comes out by note (ascending ids)
    for (let i = 0; i < count; i++) if (keep(i)) order[next[userOf(i)]!++] = i;
    return { start, order };
  };
  const eNote = new Int32Array(p.eUser.length);
  for (let n = 0; n < p.N; n++) eNote.fill(n, p.eStart[n]!, p.eStart[n + 1]!);
  const cNote = new Int32Array(p.cUser.length);
  for (let n = 0; n < p.N; n++) cNote.fill(n, p.cStart[n]!, p.cStart[n + 1]!);
  const eBy = byUser(
    p.eUser.length,
    (i) => p.eUser[i]!,
    () => true,
  );
  const cBy = byUser(
    p.cUser.length,
    (i) => p.cUser[i]!,
    (i) => p.cUser[i] !== p.nAuthor[cNote[i]!],
  );
  const HALF_LIFE_S = 14 * 86_400;
  const nowS = now / 1000;
  // feed_engaged as written, by person (for taste neighbours below)
  const engStart = new Int32Array(p.U + 1);
  const engNote = i32(p.eUser.length);
  const engAt = f64(p.eUser.length);
  // Σ delta·2^((t − now)/half-life) per key, and the key's last time: weight = Σ · 2^((now − last)/half-life)
  const aff = new Map<number, number>();
  const affAt = new Map<number, number>();
  const add = (key: number, delta: number, atS: number) => {
    aff.set(key, (aff.get(key) ?? 0) + delta * 2 ** ((atS - nowS) / HALF_LIFE_S));
    if ((affAt.get(key) ?? 0) < atS) affAt.set(key, atS);
  };
  // keys: authors as their index, languages as U + lang, tags as U + 2 + tag index
  const T0 = p.U + 2;
  /** what one act teaches: the note's tags (public notes), its author, its language */
  const learn = (n: number, wt: number, atS: number) => {
    const t0 = p.nTagStart[n]!;
    const t1 = p.nTagStart[n + 1]!;
    if (feedNoteTags || p.nVis[n] === 0) for (let j = t0; j < t1; j++) add(T0 + p.nTags[j]!, wt / Math.sqrt(Math.max(1, t1 - t0)), atS);
    add(p.nAuthor[n]!, wt, atS);
    add(p.U + p.nLang[n]!, wt * 0.3, atS);
  };
  const decayed = (key: number) => aff.get(key)! * 2 ** ((nowS - affAt.get(key)!) / HALF_LIFE_S);
  for (let u = 0; u < p.U; u++) {
    aff.clear();
    affAt.clear();
    const uid = userId[u]!;
    let e = eBy.start[u]!;
    const eEnd = eBy.start[u + 1]!;
    let c = cBy.start[u]!;
    const cEnd = cBy.start[u + 1]!;
    while (e < eEnd || c < cEnd) {
      const ne = e < eEnd ? eNote[eBy.order[e]!]! : Number.MAX_SAFE_INTEGER;
      const nc = c < cEnd ? cNote[cBy.order[c]!]! : Number.MAX_SAFE_INTEGER;
      const n = Math.min(ne, nc);
      let weight = 0;
      let lastS = 0;
      for (; e < eEnd && eNote[eBy.order[e]!] === n; e++) {
        const i = eBy.order[e]!;
        const wt = p.eKind[i] === 0 ? ENGAGED_WEIGHT.like : ENGAGED_WEIGHT.collect;
        weight += wt;
        lastS = Math.max(lastS, p.eTime[i]! / 1000);
        learn(n, wt, p.eTime[i]! / 1000);
      }
      for (; c < cEnd && cNote[cBy.order[c]!] === n; c++) {
        const atS = p.cTime[cBy.order[c]!]! / 1000;
        weight += ENGAGED_WEIGHT.comment;
        lastS = Math.max(lastS, atS);
        learn(n, ENGAGED_WEIGHT.comment, atS);
      }
      w.feed_engaged.row(uid, noteId[n]!, weight, lastS);
      engNote.push(n);
      engAt.push(lastS);
    }
    for (let k = p.fStart[u]!; k < p.fStart[u + 1]!; k++) add(p.fList[k]!, ENGAGED_WEIGHT.follow, p.fTime[k]! / 1000);
    // in primary-key order: kind a < l < t, then key
    const keys = [...aff.keys()];
    for (const key of keys.filter((k) => k < p.U).sort((m, q) => m - q)) w.feed_affinity.row(uid, 'a', userId[key]!, decayed(key), affAt.get(key)!);
    for (const l of [0, 1]) if (aff.has(p.U + l)) w.feed_affinity.row(uid, 'l', LANGS[l]!, decayed(p.U + l), affAt.get(p.U + l)!);
    const tagKeys = keys.filter((k) => k >= T0).sort((m, q) => (tagList[m - T0]! < tagList[q - T0]! ? -1 : tagList[m - T0]! > tagList[q - T0]! ? 1 : 0));
    for (const key of tagKeys) w.feed_affinity.row(uid, 't', tagList[key - T0]!, decayed(key), affAt.get(key)!);
    engStart[u + 1] = engNote.n;
    if ((u & 255) === 0) await sink.drain();
  }
  await sink.drain();
  lap('feed_engaged and feed_affinity');
  await writeNeighbours(p, w.feed_neighbours, userId, engStart, engNote.done(), engAt.done(), () => sink.drain());
  lap('feed_neighbours');

  // ---- topics: follows, totals, authors, and uses by hour over the last week
  for (let u = 0; u < p.U; u++) {
    for (let k = p.tfStart[u]!; k < p.tfStart[u + 1]!; k++) {
      w.topic_follows.row(userId[u]!, tagList[p.tfTags[k]!]!, iso(Math.min(now - 1000, p.uCreated[u]! + r.expo(3 * DAY))));
    }
  }
  const T = tagList.length;
  const topicNotes = new Int32Array(T);
  const topicViews = new Float64Array(T);
  const topicAuthors: Array<Map<number, number>> = Array.from({ length: T }, () => new Map());
  const weekAgo = now - 7 * DAY;
  const hourUses = new Map<number, number>(); // tag * 2^20 + hour offset → uses
  const firstHour = Math.floor(weekAgo / HOUR);
  // as the feed counts them: 3 uses of each tag when a public note is posted, 1 for each like, collect or comment by someone else
  const use = (tg: number, ms: number, uses: number) => {
    if (ms < weekAgo) return;
    const key = tg * 1_048_576 + (Math.floor(ms / HOUR) - firstHour);
    hourUses.set(key, (hourUses.get(key) ?? 0) + uses);
  };
  for (let n = 0; n < p.N; n++) {
    if (p.nVis[n] !== 0) continue;
    for (let j = p.nTagStart[n]!; j < p.nTagStart[n + 1]!; j++) {
      const tg = p.nTags[j]!;
      topicNotes[tg]!++;
      topicViews[tg]! += nClicks[n]!;
      const m = topicAuthors[tg]!;
      m.set(p.nAuthor[n]!, (m.get(p.nAuthor[n]!) ?? 0) + 1);
      use(tg, p.nTime[n]!, 3);
      for (let i = p.eStart[n]!; i < p.eStart[n + 1]!; i++) use(tg, p.eTime[i]!, 1);
      for (let i = p.cStart[n]!; i < p.cStart[n + 1]!; i++) if (p.cUser[i] !== p.nAuthor[n]) use(tg, p.cTime[i]!, 1);
    }
  }
  for (let tg = 0; tg < T; tg++) {
    const m = topicAuthors[tg]!;
    if (topicNotes[tg] === 0) continue;
    w.feed_topics.row(tagList[tg]!, topicNotes[tg]!, m.size, topicViews[tg]!);
    for (const au of [...m.keys()].sort((q, s) => q - s)) w.feed_topic_authors.row(tagList[tg]!, userId[au]!, m.get(au)!);
  }
  for (const key of [...hourUses.keys()].sort((q, s) => q - s)) {
    const tg = Math.floor(key / 1_048_576);
    w.feed_topic_hours.row(tagList[tg]!, firstHour + (key % 1_048_576), hourUses.get(key)!);
  }
  await sink.finish();
  lap('topics');
  return { sampleHandles };
}

/**
 * Taste neighbours, as the feed's job (FeedService.refreshNeighbours) computes them after a reader
 * engages: over the reader's 40 latest engaged notes, the latest 50 others who engaged with each
 * count 1/log2(2 + how many) — a rare note says more — and the 30 with most are kept.
 */
async function writeNeighbours(
  p: Plan,
  out: TableWriter,
  userId: string[],
  engStart: Int32Array,
  engNote: Int32Array,
  engAt: Float64Array,
  drain: () => Promise<void>,
): Promise<void> {
  const RECENT = 40;
  const PER_NOTE = 50;
  const KEEP = 30;
  const E = engNote.length;
  const userOf = new Int32Array(E);
  for (let u = 0; u < p.U; u++) userOf.fill(u, engStart[u]!, engStart[u + 1]!);
  // each note's latest PER_NOTE + 1 engagers (one may be the reader), latest first
  const byNote = new Int32Array(p.N + 1);
  for (let i = 0; i < E; i++) byNote[engNote[i]! + 1]!++;
  for (let n = 0; n < p.N; n++) byNote[n + 1]! += byNote[n]!;
  const order = new Int32Array(E);
  const next = byNote.slice(0, p.N);
  for (let i = 0; i < E; i++) order[next[engNote[i]!]!++] = i;
  const topStart = new Int32Array(p.N + 1);
  const top = i32(Math.min(E, p.N * (PER_NOTE + 1)));
  for (let n = 0; n < p.N; n++) {
    const from = byNote[n]!;
    const to = byNote[n + 1]!;
    const list = Array.from(order.subarray(from, to)).sort((a, b) => engAt[b]! - engAt[a]!);
    for (let k = 0; k < list.length && k <= PER_NOTE; k++) top.push(userOf[list[k]!]!);
    topStart[n + 1] = top.n;
  }
  const tops = top.done();
  const counts = new Map<number, number>();
  for (let u = 0; u < p.U; u++) {
    const from = engStart[u]!;
    const to = engStart[u + 1]!;
    if (from === to) continue;
    const recent = Array.from({ length: to - from }, (_, k) => from + k)
      .sort((a, b) => engAt[b]! - engAt[a]!)
      .slice(0, RECENT);
    counts.clear();
    for (const i of recent) {
      const n = engNote[i]!;
      const a = topStart[n]!;
      const b = topStart[n + 1]!;
      let others = 0;
      for (let k = a; k < b && others < PER_NOTE; k++) if (tops[k] !== u) others++;
      if (others === 0) continue;
      const w = 1 / Math.log2(2 + others);
      let seen = 0;
      for (let k = a; k < b && seen < PER_NOTE; k++) {
        const v = tops[k]!;
        if (v === u) continue;
        seen++;
        counts.set(v, (counts.get(v) ?? 0) + w);
      }
    }
    const best = [...counts].sort((x, y) => y[1] - x[1]).slice(0, KEEP);
    for (const [v, weight] of best.sort((x, y) => x[0] - y[0])) out.row(userId[u]!, userId[v]!, weight);
    if ((u & 1023) === 0) await drain();
  }
}

function mediaRow(w: TableWriter, id: string, owner: string, purpose: 'note' | 'avatar', tpl: Template, attachedTo: string, at: number): void {
  const when = iso(at);
  const row: Value[] = [
    id,
    owner,
    purpose,
    'image',
    'ready',
    tpl.width,
    tpl.height,
    null,
    tpl.bytes,
    tpl.dominantColor,
    tpl.placeholder,
    tpl.variants,
    null,
    attachedTo,
    null,
    when,
    when,
  ];
  w.row(...row);
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** A handle (unique: the index is in it) and a display name, in the person's script. */
function nameOf(r: Rand, u: number, zh: boolean, suffix: string): { handle: string; displayName: string } {
  const style = r.next();
  let stem: string;
  let displayName: string;
  if (zh) {
    const [sz, sp] = r.pick(W.ZH_SURNAMES);
    const [gz, gp] = r.pick(W.ZH_GIVEN);
    if (style < 0.5) {
      displayName = `${sz}${gz}`;
      stem = `${gp}_${sp}`;
    } else if (style < 0.85) {
      displayName = r.pick(W.ZH_NICKS);
      stem = `${gp}`;
    } else {
      displayName = `${gz} ${r.pick(W.EN_FIRST)}`;
      stem = `${gp}.${sp}`;
    }
  } else {
    const first = r.pick(W.EN_FIRST);
    const last = r.pick(W.EN_LAST);
    if (style < 0.55) {
      displayName = `${first} ${last}`;
      stem = `${first}_${last}`;
    } else if (style < 0.8) {
      displayName = `${first} ${last[0]}.`;
      stem = `${first}${last[0]}`;
    } else {
      const word = r.pick(W.EN_NICK_WORDS);
      displayName = `${first} | ${word} diaries`;
      stem = `${word}_${first}`;
    }
  }
  // The stem has no digits, so stem + index is unique; the suffix keeps a --force run apart from the last.
  const handle = `${stem.toLowerCase().slice(0, Math.min(20, 30 - String(u).length - suffix.length))}${u}${suffix}`;
  return { handle, displayName };
}

// ---------------------------------------------------------------------------------------------
// the run

export async function generate(where: GenWhere, opts: GenOptions): Promise<GenSummary> {
  const say = opts.progress ?? (() => {});
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const clock = () => (performance.now() - started) / 1000;
  for (const [k, v] of [
    ['notes', opts.notes],
    ['users', opts.users],
    ['interactions', opts.interactions],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${k} must be a whole number (got ${v})`);
  }
  if (opts.users < 2 && (opts.notes > 0 || opts.interactions > 0)) throw new Error('--users must be at least 2 for notes and interactions');
  if (opts.users > 100_000_000 || opts.notes > 100_000_000) throw new Error('at most 100 million people or notes');

  // Migrations first (as the app would run them), and the refusal.
  const db = await openDb(where.db);
  let existing: number;
  try {
    existing = Number(((await db.kysely.selectFrom('users').select(db.kysely.fn.countAll().as('n')).executeTakeFirst()) as { n: number | string }).n);
  } finally {
    await db.close();
  }
  if (existing > 0 && !opts.force) {
    throw new GenRefused(`the database already has ${existing.toLocaleString('en-US')} people: pass --force to add the generated ones alongside them`);
  }

  const now = opts.now ?? Date.now();
  const p = plan({ notes: opts.notes, users: opts.users, interactions: opts.interactions, seed: opts.seed ?? 'biji', now }, (l) => say(`planned ${l}`));
  const planS = clock();
  say(`plan ready (${planS.toFixed(1)} s)`);

  const storage = await createStorage({ dataDir: where.dataDir, s3: where.s3 });
  const images = Math.max(1, opts.images ?? 48);
  let pictures: { notes: Template[]; avatars: Template[] };
  try {
    pictures = await ensureTemplates(storage, { notes: images, avatars: Math.max(1, Math.round(images / 3)) }, say);
  } finally {
    await storage.close();
  }
  const picturesS = clock() - planS;

  // One password for every generated person (random for each run, printed at the end): argon2 once.
  const password = `gen-${randomBytes(9).toString('base64url')}`;
  const passwordHash = await hash(password, ARGON2_OPTIONS);
  const handleSuffix =
    existing > 0
      ? `_${randomBytes(3)
          .toString('hex')
          .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!)}`
      : '';

  const noteTexts = await NoteTexts.load();
  say(typeof noteTexts === 'string' ? `warning: ${noteTexts}` : `note texts: ${noteTexts.about}`);
  const text = typeof noteTexts === 'string' ? null : { texts: noteTexts, r: new Rand(`${opts.seed ?? 'biji'}:text`) };

  const sink = where.db.kind === 'sqlite' ? openSqliteSink(where.db.file) : await openPgSink(where.db);
  let sampleHandles: string[] = [];
  let writeS = 0;
  let indexS = 0;
  try {
    const rebuild = await sink.dropIndexes(FILLED);
    const w0 = clock();
    ({ sampleHandles } = await writeAll({ p, sink, r: new Rand(`${opts.seed ?? 'biji'}:write`), pictures, passwordHash, handleSuffix, say, text }));
    writeS = clock() - w0;
    const i0 = clock();
    for (const stmt of rebuild) await sink.exec(stmt);
    if (sink.kind === 'postgres') {
      // Fresh statistics and visibility maps, as autovacuum would have left them on a living database.
      for (const name of FILLED) await sink.exec(`vacuum (analyze) ${name}`);
    }
    indexS = clock() - i0;
    say(`indexes: ${rebuild.length} built${sink.kind === 'postgres' ? ', tables vacuumed and analysed' : ''} (${indexS.toFixed(1)} s)`);
  } finally {
    await sink.close();
  }

  const rows = Object.fromEntries(FILLED.map((name) => [name, sink.counts.get(name) ?? 0]));
  return {
    rows,
    seconds: { plan: planS, pictures: picturesS, write: writeS, indexes: indexS, total: clock(), cpu: cpuSeconds(cpuStarted) },
    password,
    sampleHandles,
    text: typeof noteTexts === 'string' ? noteTexts : noteTexts.about,
  };
}

// ---------------------------------------------------------------------------------------------
// the command

function parseCount(name: string, raw: string | undefined): number {
  const m = /^(\d[\d_]*)(k|m)?$/i.exec(raw ?? '');
  if (!m) throw new Error(`--${name} needs a number such as 20000, 20k or 1m (got ${raw === undefined ? 'nothing' : `"${raw}"`})`);
  const base = Number(m[1]!.replace(/_/g, ''));
  return base * (m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
}

export function parseArgs(argv: string[]): GenOptions {
  const opts: GenOptions = { notes: 20_000, users: 2_000, interactions: 200_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--force') opts.force = true;
    else if (a === '--notes' || a === '--users' || a === '--interactions' || a === '--images') opts[a.slice(2) as 'notes'] = parseCount(a.slice(2), argv[++i]);
    else if (a === '--seed') opts.seed = argv[++i] ?? 'biji';
    else throw new Error(`unknown option ${a}\nusage: npm run gen -- [--notes N] [--users N] [--interactions N] [--images N] [--seed S] [--force]`);
  }
  return opts;
}

async function main(): Promise<number> {
  let opts: GenOptions;
  let config: Config;
  try {
    opts = parseArgs(process.argv.slice(2));
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`cannot generate: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof ConfigError ? 2 : 2;
  }
  // Never print DATABASE_URL itself: it usually carries a password.
  const label = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${path.join(config.dataDir, 'biji.sqlite')} (SQLite)`;
  const n = (x: number) => x.toLocaleString('en-US');
  console.log(`Generating into ${label}: ${n(opts.users)} people, ${n(opts.notes)} notes, ${n(opts.interactions)} interactions`);
  try {
    const s = await generate(
      { db: targetFromConfig(config), dataDir: config.dataDir, s3: config.s3 },
      { ...opts, progress: (line) => console.log(`  … ${line}`) },
    );
    console.log(
      `\nGenerated in ${s.seconds.total.toFixed(1)} s (plan ${s.seconds.plan.toFixed(1)} s, pictures ${s.seconds.pictures.toFixed(1)} s, rows ${s.seconds.write.toFixed(1)} s, indexes ${s.seconds.indexes.toFixed(1)} s); this process used ${s.seconds.cpu.toFixed(1)} s of CPU`,
    );
    const load = os.loadavg()[0] ?? 0;
    if (load > os.cpus().length)
      console.log(`  (the machine is busy: 1-min load ${load.toFixed(1)} on ${os.cpus().length} CPUs, so wall-clock times are longer than they would be)`);
    const width = Math.max(...Object.keys(s.rows).map((k) => k.length));
    let total = 0;
    for (const [table, count] of Object.entries(s.rows)) {
      total += count;
      console.log(`  ${table.padEnd(width)}  ${n(count).padStart(12)}`);
    }
    console.log(`  ${'(all)'.padEnd(width)}  ${n(total).padStart(12)}  (${n(Math.round(total / Math.max(0.001, s.seconds.write)))} rows/s)`);
    console.log(`\nEvery generated person signs in with the password ${s.password} (e.g. @${s.sampleHandles.filter(Boolean).join(', @')}).`);
    return 0;
  } catch (err) {
    if (err instanceof GenRefused) {
      process.stderr.write(`refused: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
