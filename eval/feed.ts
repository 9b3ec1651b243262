// The Explore evaluation: a seeded simulator of a community — people with hidden interests over
// topics and languages, authors who post, readers who view, open, like, collect, comment, follow and
// say "not interested" according to those hidden profiles — replayed day by day through the real
// feed module (its store on a fresh SQLite database, its job queue, its ranker) on a simulated
// clock. At the end, a sample of readers asks Explore for a fresh first page, which is scored
// against their hidden preferences next to baselines over the same candidates. Every assumption of
// the simulator is listed in eval/README.md; change one here, change it there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/server/config.ts';
import type { FeedModule, FeedModuleDeps } from '../src/server/modules/feed/index.ts';
import { openDb } from '../src/server/platform/db/index.ts';
import { EventBus } from '../src/server/platform/events/index.ts';
import { DbJobQueue } from '../src/server/platform/jobs/queue.ts';
import type { RateLimiter } from '../src/server/platform/ratelimit/index.ts';
import type { RouteKit } from '../src/server/platform/routes.ts';
import type { NoteCard } from '../src/shared/api/notes.ts';

// ---------------------------------------------------------------------------------------------
// options

export interface FeedEvalOptions {
  people: number;
  days: number;
  seed: number;
  /** readers whose fresh first page is scored at the end (default: 200, or everyone in a smaller community) */
  evalReaders?: number;
  /** the candidate pool of the scoring: unseen public notes posted in this many last days */
  poolDays: number;
  /** mean authors each person follows when the replay starts (0: a brand-new instance) */
  initialFollows: number;
  /** days of posts (no reading) before the replay, so the first day's Explore is not empty */
  backlogDays: number;
  /** simulated minutes between two runs of the job loop */
  tickMinutes: number;
  /** also score the sample at the end of every day (a fresh Explore each, like a session that looked at nothing) */
  daily: boolean;
  /** FEED_* settings passed to the real config (FEED_POOL_SIZES, FEED_BRIDGE_SHARE, FEED_SEEN_DAYS) */
  env: Record<string, string>;
  /** an index.ts exporting createFeedModule to evaluate instead of src/server/modules/feed (an experiment's copy) */
  feedModule?: string;
  /** progress lines (default: none) */
  log?: (line: string) => void;
}

export const DEFAULTS: FeedEvalOptions = {
  people: 300,
  days: 7,
  seed: 1,
  poolDays: 7,
  initialFollows: 6,
  backlogDays: 2,
  tickMinutes: 5,
  daily: false,
  env: {},
};

// ---------------------------------------------------------------------------------------------
// a seeded random source (sfc32) and the few distributions the simulator draws from

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 20; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** a new generator whose stream depends only on this one's seed and `salt` */
  fork(salt: number): Rng {
    return new Rng(Math.floor(this.next() * 4294967296) ^ Math.imul(salt + 1, 0x9e3779b1));
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Gamma(shape, 1) (Marsaglia–Tsang; a shape below 1 by the usual boost) */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * (1 - this.next()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  poisson(lambda: number): number {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= this.next();
      if (p <= l) return k;
      k++;
    }
  }

  /** an index drawn in proportion to `weights` */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] as number;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
    }
    return xs;
  }
}

// ---------------------------------------------------------------------------------------------
// the community

/** Topics as hashtags in both scripts: [English tag, Chinese tag]; earlier ones are more popular. */
export const TOPICS: ReadonlyArray<readonly [string, string]> = [
  ['food', '美食'],
  ['travel', '旅行'],
  ['ootd', '穿搭'],
  ['cattax', '猫'],
  ['hotpot', '火锅'],
  ['skincare', '护肤'],
  ['study', '学习'],
  ['fitness', '健身'],
  ['coffee', '咖啡'],
  ['photography', '摄影'],
  ['makeup', '美妆'],
  ['baking', '烘焙'],
  ['dogs', '狗狗'],
  ['homedecor', '家居'],
  ['books', '读书'],
  ['gaming', '游戏'],
  ['hiking', '徒步'],
  ['anime', '动漫'],
  ['music', '音乐'],
  ['movies', '电影'],
  ['streetfood', '小吃'],
  ['running', '跑步'],
  ['career', '职场'],
  ['coding', '编程'],
  ['plants', '绿植'],
  ['camping', '露营'],
  ['tea', '茶'],
  ['yoga', '瑜伽'],
  ['parenting', '育儿'],
  ['finance', '理财'],
  ['citywalk', '城市漫步'],
  ['drawing', '绘画'],
  ['diy', '手工'],
  ['cycling', '骑行'],
  ['nails', '美甲'],
  ['vintage', '古着'],
  ['basketball', '篮球'],
  ['calligraphy', '书法'],
  ['skiing', '滑雪'],
  ['guitar', '吉他'],
] as const;

type Lang = 'en' | 'zh';

export interface Person {
  idx: number;
  id: string;
  /** declared languages (what the app knows) */
  langs: Lang[];
  /** hidden: how much a note in the other language is worth to a one-language reader (0–1) */
  openness: number;
  /** hidden: interest in each topic, scaled so the strongest is 1 */
  interest: Float64Array;
  /** notes a day (0: never posts) */
  postRate: number;
  /** Explore sessions a day (mean) */
  sessionRate: number;
  /** hidden: the author's usual note quality (0–1) */
  skill: number;
  /** hidden: how widely known the author was before the replay (drives the follow graph it starts with) */
  fame: number;
}

export interface SimNote {
  idx: number;
  id: string;
  author: Person;
  lang: Lang;
  createdS: number;
  topics: number[];
  tags: string[];
  /** hidden: 0–1 */
  quality: number;
  likes: number;
}

/** Time-ordered, uuid-shaped ids the ranker's cursors accept (kind 1 people, 2 notes). */
const simId = (kind: number, n: number) => `0190${kind.toString(16).padStart(4, '0')}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Hours of the day weighted by how likely someone is to open the app (or post) then. */
const DIURNAL = [0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.3, 1.1, 1.0, 1.2, 1.8, 1.5, 1.1, 1.0, 1.0, 1.2, 1.5, 1.9, 2.3, 2.5, 2.2, 1.4];

export function makePeople(rng: Rng, n: number): Person[] {
  const K = TOPICS.length;
  // Topic popularity: Zipf-like, the Dirichlet's concentration spread in proportion to it.
  const pop = TOPICS.map((_, k) => 1 / (k + 1) ** 0.7);
  const popSum = pop.reduce((a, b) => a + b, 0);
  const alpha = pop.map((p) => (0.1 * K * p) / popSum);
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const theta = alpha.map((a) => rng.gamma(a) + 1e-12);
    const top = Math.max(...theta);
    const interest = Float64Array.from(theta, (t) => t / top);
    const u = rng.next();
    const langs: Lang[] = u < 0.45 ? ['en'] : u < 0.8 ? ['zh'] : ['en', 'zh'];
    const openness = langs.length === 2 ? 1 : rng.beta(0.8, 2.2);
    const postRate = rng.chance(0.5) ? Math.min(10, rng.logNormal(1, 1.1)) : 0;
    const sessionRate = Math.min(6, Math.max(0.3, rng.logNormal(1.2, 0.6)));
    people.push({ idx: i, id: simId(1, i + 1), langs, openness, interest, postRate, sessionRate, skill: rng.beta(2, 2), fame: rng.logNormal(1, 1.2) });
  }
  return people;
}

/**
 * The follow graph the replay starts from (the feed's migration backfills an instance's follows):
 * each person follows about `mean` authors, drawn in proportion to shared interests × language fit ×
 * the author's fame and skill — a long-tailed follower count, as on any instance with a history.
 */
export function initialFollows(rng: Rng, people: Person[], mean: number): Array<[Person, Person]> {
  const authors = people.filter((p) => p.postRate > 0);
  const out: Array<[Person, Person]> = [];
  if (authors.length === 0 || mean <= 0) return out;
  const share = (p: Person) => {
    const sum = p.interest.reduce((a, b) => a + b, 0);
    return p.interest.map((v) => v / sum);
  };
  const shares = new Map(authors.map((a) => [a, share(a)]));
  for (const p of people) {
    const weights = authors.map((a) => {
      if (a === p) return 0;
      const s = shares.get(a) as Float64Array;
      let overlap = 0;
      for (let k = 0; k < s.length; k++) overlap += (s[k] as number) * (p.interest[k] as number);
      const fit = a.langs.some((l) => p.langs.includes(l)) ? 1 : p.openness;
      return overlap * fit * a.fame * (0.3 + a.skill);
    });
    const want = Math.min(authors.length - 1, rng.poisson(mean));
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < want && tries < want * 10; tries++) chosen.add(rng.weighted(weights));
    for (const j of chosen) out.push([p, authors[j] as Person]);
  }
  return out;
}

/** A note's hidden worth to a reader, 0–1: interest in its topics × language fit × quality. */
export function relevance(p: Person, n: SimNote): number {
  let max = 0;
  let sum = 0;
  for (const k of n.topics) {
    const v = p.interest[k] as number;
    if (v > max) max = v;
    sum += v;
  }
  const interest = 0.75 * max + (0.25 * sum) / n.topics.length;
  const fit = p.langs.includes(n.lang) ? 1 : p.openness;
  return interest * fit * (0.35 + 0.65 * n.quality);
}

// ---------------------------------------------------------------------------------------------
// metrics

/** Graded gain of a relevance: 2^(3r) − 1 (relevance as a 0–3 grade). */
const gain = (r: number) => 2 ** (3 * r) - 1;

/** NDCG@k of `shown` (cards outside the pool gain nothing) against the best k of the pool. */
export function ndcgAt(shown: readonly string[], rel: ReadonlyMap<string, number>, k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, shown.length); i++) dcg += gain(rel.get(shown[i] as string) ?? 0) / Math.log2(i + 2);
  const ideal = [...rel.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  for (let i = 0; i < ideal.length; i++) idcg += gain(ideal[i] as number) / Math.log2(i + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Recall@k: the share of the pool's true top k among the first k shown (or the first `depth`). */
export function recallAt(shown: readonly string[], rel: ReadonlyMap<string, number>, k: number, depth = k): number {
  const top = new Set(
    [...rel.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([id]) => id),
  );
  if (top.size === 0) return 0;
  let hit = 0;
  for (const id of shown.slice(0, depth)) if (top.has(id)) hit++;
  return hit / top.size;
}

/** The share of the pool's true top k anywhere in `list`. */
export function listRecall(list: readonly string[], rel: ReadonlyMap<string, number>, k: number): number {
  return recallAt(list, rel, k, list.length);
}

export interface MethodScore {
  name: string;
  ndcg: number;
  recall: number;
  /** share of the scored page's cards by authors with fewer than 10 followers */
  small: number;
  /** share of the scored page's cards in a language the reader did not declare */
  cross: number;
  /** share of the scored page's cards shown to the reader before (outside the pool: they gain nothing) */
  repeats: number;
  /** share of the scored page's cards older than the pool (outside it too) */
  old: number;
  /** mean hidden relevance of the page's cards */
  meanRel: number;
}

export interface DayStats {
  day: number;
  notes: number;
  sessions: number;
  impressions: number;
  small: number;
  cross: number;
  /** share of impressions of a card the reader had been shown before */
  repeats: number;
  /** share of impressions of a note by an author the reader follows */
  followed: number;
  meanRel: number;
  ctr: number;
  likeRate: number;
  /** with --daily: NDCG@20 of the real ranker and of most-popular on the sample at the day's end */
  ndcg?: number;
  ndcgPopular?: number;
}

export interface FeedEvalResult {
  options: Omit<FeedEvalOptions, 'log'>;
  evalReaders: number;
  meanPool: number;
  methods: MethodScore[];
  /** NDCG@20 of the same pages over a pool of only the last few days' notes (null when the pool is that short already) */
  fresh: FreshView | null;
  /** how well the affinities the module learned rank the sampled readers' hidden topic interests */
  learned: Learned;
  /** traffic-pool judgements by level: how many notes were judged there and how many went on */
  pools: Array<{ level: number; judged: number; graduated: number }>;
  replay: DayStats;
  days: DayStats[];
  followers: { authors: number; atLeast10: number; median: number; p90: number; max: number; follows: number };
  notes: number;
  seconds: number;
  targets: { ndcgRatio: number; ndcgPass: boolean; smallShare: number; smallPass: boolean };
}

export interface Learned {
  /** share of a reader's three strongest hidden topics among the three the module's affinities rank highest */
  top3: number;
  /** Spearman's rank correlation between learned and hidden interest over the topics */
  rho: number;
  /** share of the pool's true top 20 anywhere in the ranker's whole list (its 200 cards): what candidate generation lets through */
  listRecall: number;
}

const RANKER = 'real ranker (Explore)';
const NOTHING_EXCLUDED = '  ranker, rankFor(reader)¹';
const POOL_ONLY = '  ranker, its order over the pool²';
const POPULAR_OWN = 'most-popular, own languages³';
/** The names of the scored rows (`MethodScore.name`). */
export const ROWS = {
  explore: RANKER,
  rankFor: NOTHING_EXCLUDED,
  poolOrder: POOL_ONLY,
  random: 'random',
  popular: 'most-popular',
  popularOwn: POPULAR_OWN,
  newest: 'newest',
} as const;

/** Spearman's ρ (ties share their mean rank). */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length).fill(0);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]) j++;
      for (let k = i; k <= j; k++) r[(order[k] as readonly [number, number])[1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const a = ranks(xs);
  const b = ranks(ys);
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

export interface FreshView {
  days: number;
  /** NDCG@20 by row name */
  ndcg: Record<string, number>;
}

/** The secondary scoring window: only what is this fresh counts. */
const FRESH_DAYS = 3;

export const SMALL_AUTHOR = 10;
/** the length of a ranked list (service.ts LIST_SIZE) */
const LIST_CARDS = 200;
const PAGE = 20;

class Tally {
  impressions = 0;
  small = 0;
  cross = 0;
  repeats = 0;
  followed = 0;
  rel = 0;
  opens = 0;
  likes = 0;
  sessions = 0;
  notes = 0;
  stats(day: number): DayStats {
    const n = Math.max(1, this.impressions);
    return {
      day,
      notes: this.notes,
      sessions: this.sessions,
      impressions: this.impressions,
      small: this.small / n,
      cross: this.cross / n,
      repeats: this.repeats / n,
      followed: this.followed / n,
      meanRel: this.rel / n,
      ctr: this.opens / n,
      likeRate: this.likes / n,
    };
  }
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

// ---------------------------------------------------------------------------------------------
// the replay

const DAY_S = 86_400;
/** The replay starts on a Monday at midnight (UTC); any fixed instant would do. */
const START_S = Date.UTC(2026, 0, 5) / 1000;

export async function simulate(input: Partial<FeedEvalOptions> = {}): Promise<FeedEvalResult> {
  const o: FeedEvalOptions = { ...DEFAULTS, ...input, env: { ...DEFAULTS.env, ...(input.env ?? {}) } };
  const log = o.log ?? (() => {});
  const started = performance.now();
  const root = new Rng(o.seed);
  const rngWorld = root.fork(1);
  const rngDays = root.fork(2);
  const rngEval = root.fork(3);

  const people = makePeople(rngWorld, o.people);
  const byId = new Map(people.map((p) => [p.id, p]));
  const notes = new Map<string, SimNote>();
  const noteList: SimNote[] = [];
  const followers = new Int32Array(o.people);
  const following = people.map(() => new Set<number>());
  /** reader → author → likes and collects given */
  const fondness = people.map(() => new Map<number, number>());
  /** every card shown to each reader in Explore (the scoring leaves them out of the pool) */
  const seenBy = people.map(() => new Set<string>());
  const hiddenBy = people.map(() => new Set<string>());
  /** what each reader liked and collected: a card shown again is not liked twice */
  const likedBy = people.map(() => new Set<string>());
  const collectedBy = people.map(() => new Set<string>());
  const evalCount = Math.min(o.people, o.evalReaders ?? 200);
  const sample = rngEval.shuffle([...people]).slice(0, evalCount);

  let nowMs = (START_S - o.backlogDays * DAY_S) * 1000;
  const clock = () => nowMs;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-eval-feed-'));
  liveDirs.add(dir);
  const db = await openDb({ kind: 'sqlite', file: path.join(dir, 'eval.sqlite') });
  try {
    const jobs = new DbJobQueue(db, { now: clock, concurrency: 1 });
    const events = new EventBus(jobs);
    const config = loadConfig(o.env);
    const { createFeedModule } = (
      o.feedModule ? await import(pathToFileURL(path.resolve(o.feedModule)).href) : await import('../src/server/modules/feed/index.ts')
    ) as { createFeedModule: (d: FeedModuleDeps) => FeedModule };

    const card = (n: SimNote, viewerId: string | null): NoteCard => ({
      id: n.id,
      author: { handle: `p${n.author.idx}`, displayName: `p${n.author.idx}`, avatar: null },
      kind: 'images',
      status: 'published',
      title: '',
      excerpt: '',
      lang: n.lang,
      cover: null,
      mediaCount: 1,
      visibility: 'public',
      counts: { likes: n.likes },
      viewer: { liked: false, isAuthor: viewerId === n.author.id },
      createdAt: new Date(n.createdS * 1000).toISOString(),
    });
    const feed = createFeedModule({
      db,
      events,
      jobs,
      kit: {} as RouteKit,
      limiter: {} as RateLimiter,
      config,
      reader: {
        cards: async (viewerId, ids) => ids.flatMap((id) => (notes.has(id) ? [card(notes.get(id) as SimNote, viewerId)] : [])),
      },
      note: async (_authorId, noteId) => {
        const n = notes.get(noteId);
        return n ? { noteId: n.id, authorId: n.author.id, visibility: 'public', status: 'published', lang: n.lang, createdS: n.createdS, tags: n.tags } : null;
      },
      canSee: async () => true,
      languages: async (userId) => byId.get(userId)?.langs ?? [],
      clock,
    });
    const { service, learner } = feed;

    // The job loop's cadence in simulated time: periodic jobs (pools, trending, purge) and queued ones (prepare, neighbours).
    const TICK_S = o.tickMinutes * 60;
    let lastTick = nowMs / 1000;
    const runJobs = async () => {
      await jobs.ensurePeriodic();
      await jobs.drain(1000);
    };
    /** Moves the clock to `s`, running the job loop at every tick passed on the way. */
    const advanceTo = async (s: number) => {
      while (lastTick + TICK_S <= s) {
        lastTick += TICK_S;
        nowMs = Math.max(nowMs, lastTick * 1000);
        await runJobs();
        // Everything above settles in microtasks (SQLite answers synchronously): let the event loop turn, so Ctrl-C is heard.
        await new Promise((resolve) => setImmediate(resolve));
      }
      nowMs = Math.max(nowMs, s * 1000);
    };

    const post = async (author: Person, rng: Rng) => {
      const idx = noteList.length;
      const lang: Lang = author.langs.length === 1 ? (author.langs[0] as Lang) : rng.chance(0.5) ? 'en' : 'zh';
      const want = 1 + rng.weighted([0.45, 0.35, 0.2]);
      const topics: number[] = [];
      for (let tries = 0; topics.length < want && tries < 20; tries++) {
        const k = rng.weighted(author.interest);
        if (!topics.includes(k)) topics.push(k);
      }
      const tagOf = (k: number, l: Lang) => (TOPICS[k] as readonly [string, string])[l === 'en' ? 0 : 1];
      const tags = topics.map((k) => tagOf(k, lang));
      // Some posts carry the other script's tag of their main topic too (#ootd on a Chinese note).
      if (rng.chance(0.1)) tags.push(tagOf(topics[0] as number, lang === 'en' ? 'zh' : 'en'));
      const n: SimNote = {
        idx,
        id: simId(2, idx + 1),
        author,
        lang,
        createdS: nowMs / 1000,
        topics,
        tags,
        quality: Math.min(1, Math.max(0, author.skill + 0.15 * rng.normal())),
        likes: 0,
      };
      notes.set(n.id, n);
      noteList.push(n);
      await learner.index(author.id, n.id, { newlyPosted: true });
    };

    const tally = { day: new Tally(), all: new Tally() };
    const count = (f: (t: Tally) => void) => {
      f(tally.day);
      f(tally.all);
    };

    const session = async (reader: Person, rng: Rng) => {
      count((t) => t.sessions++);
      let page = await service.explore(reader.id, undefined, PAGE);
      for (let pageNo = 0; pageNo < 3; pageNo++) {
        const impressions: Array<{ noteId: string; ms: number }> = [];
        const dwell: Array<{ noteId: string; ms: number }> = [];
        let pageRel = 0;
        for (const c of page.items) {
          const n = notes.get(c.id);
          if (!n) continue;
          const r = relevance(reader, n);
          pageRel += r;
          const small = followers[n.author.idx] as number;
          const repeat = seenBy[reader.idx]?.has(n.id) === true;
          const followed = following[reader.idx]?.has(n.author.idx) === true;
          count((t) => {
            t.impressions++;
            t.rel += r;
            if (small < SMALL_AUTHOR) t.small++;
            if (!reader.langs.includes(n.lang)) t.cross++;
            if (repeat) t.repeats++;
            if (followed) t.followed++;
          });
          seenBy[reader.idx]?.add(n.id);
          impressions.push({ noteId: n.id, ms: 800 + rng.int(2000) });
          nowMs += 1500;
          if (rng.chance(0.02 + 0.6 * r ** 1.2)) {
            count((t) => t.opens++);
            const ms = Math.round(2000 + 40_000 * r * (0.4 + rng.next()));
            dwell.push({ noteId: n.id, ms });
            nowMs += ms;
            let fond = 0;
            if (rng.chance(0.7 * r ** 1.5) && !likedBy[reader.idx]?.has(n.id)) {
              likedBy[reader.idx]?.add(n.id);
              n.likes++;
              fond++;
              count((t) => t.likes++);
              await learner.act('like', reader.id, n.id);
            }
            if (rng.chance(0.35 * r ** 2) && !collectedBy[reader.idx]?.has(n.id)) {
              collectedBy[reader.idx]?.add(n.id);
              fond++;
              await learner.act('collect', reader.id, n.id);
            }
            if (rng.chance(0.12 * r)) await learner.act('comment', reader.id, n.id);
            if (fond > 0) {
              const f = fondness[reader.idx] as Map<number, number>;
              const total = (f.get(n.author.idx) ?? 0) + fond;
              f.set(n.author.idx, total);
              const mine = following[reader.idx] as Set<number>;
              if (total >= 2 && !mine.has(n.author.idx) && rng.chance(0.5)) {
                mine.add(n.author.idx);
                followers[n.author.idx] = (followers[n.author.idx] as number) + 1;
                await learner.follow(reader.id, n.author.id, true);
              }
            }
          } else if (r < 0.08 && rng.chance(0.03)) {
            hiddenBy[reader.idx]?.add(n.id);
            await service.notInterested(reader.id, n.id);
          }
        }
        await service.signals(reader.id, { impressions, dwell });
        const avg = page.items.length > 0 ? pageRel / page.items.length : 0;
        if (pageNo === 2 || !page.nextCursor || !rng.chance(Math.min(0.9, 0.25 + 1.2 * avg))) break;
        page = await service.explore(reader.id, page.nextCursor, PAGE);
      }
    };

    /** Scores a fresh first page of Explore for each reader of the sample, and the baselines beside it. */
    const score = async (withDiagnostics: boolean): Promise<{ methods: MethodScore[]; meanPool: number; learned: Learned; fresh: FreshView | null }> => {
      const nowS = nowMs / 1000;
      const diagnostics = withDiagnostics ? [NOTHING_EXCLUDED, POOL_ONLY] : [];
      const names = [RANKER, ...diagnostics, 'random', 'most-popular', POPULAR_OWN, 'newest'];
      const learned = { top3: [] as number[], rho: [] as number[], listRecall: [] as number[] };
      const acc = new Map(
        names.map((name) => [
          name,
          {
            ndcg: [] as number[],
            recall: [] as number[],
            small: [] as number[],
            cross: [] as number[],
            rep: [] as number[],
            old: [] as number[],
            rel: [] as number[],
          },
        ]),
      );
      const pools: number[] = [];
      const rngBase = rngEval.fork(Math.floor(nowS));
      // The same pages scored again over only the notes of the last FRESH_DAYS (the hidden relevance ignores age; readers may not).
      const freshOn = withDiagnostics && FRESH_DAYS < o.poolDays;
      const freshAcc = new Map(names.map((name) => [name, [] as number[]]));
      const rngFresh = rngEval.fork(Math.floor(nowS) + 1);
      for (const reader of sample) {
        const rel = new Map<string, number>();
        const pool: SimNote[] = [];
        for (let i = noteList.length - 1; i >= 0; i--) {
          const n = noteList[i] as SimNote;
          if (n.createdS <= nowS - o.poolDays * DAY_S) break;
          if (n.author === reader || seenBy[reader.idx]?.has(n.id) || hiddenBy[reader.idx]?.has(n.id)) continue;
          pool.push(n);
          rel.set(n.id, relevance(reader, n));
        }
        pools.push(pool.length);
        const lists = new Map<string, string[]>();
        let full: string[] = [];
        if (withDiagnostics) {
          full = await service.rankFor(reader.id, new Set());
          lists.set(NOTHING_EXCLUDED, full.slice(0, PAGE));
          lists.set(
            POOL_ONLY,
            full.filter((id) => rel.has(id)),
          );
          // What the module learned of the reader's tastes, topic by topic (a topic's two tags together), against the hidden ones.
          const profile = await service.profile(reader.id, nowS);
          const learnt = TOPICS.map(([en, zh]) => Math.max(0, profile.affinity.get(`t:${en}`) ?? 0) + Math.max(0, profile.affinity.get(`t:${zh}`) ?? 0));
          const hidden = [...reader.interest];
          const top = (xs: number[]) =>
            new Set(
              xs
                .map((x, k) => [x, k] as const)
                .sort((a, b) => b[0] - a[0] || a[1] - b[1])
                .slice(0, 3)
                .map(([, k]) => k),
            );
          const lt = top(learnt);
          learned.top3.push([...top(hidden)].filter((k) => lt.has(k)).length / 3);
          learned.rho.push(spearman(learnt, hidden));
          learned.listRecall.push(listRecall(full, rel, PAGE));
        }
        lists.set(
          RANKER,
          (await service.explore(reader.id, undefined, PAGE)).items.map((c) => c.id),
        );
        lists.set(
          'random',
          rngBase
            .shuffle([...pool])
            .slice(0, PAGE)
            .map((n) => n.id),
        );
        const byLikes = [...pool].sort((a, b) => b.likes - a.likes || b.createdS - a.createdS);
        lists.set(
          'most-popular',
          byLikes.slice(0, PAGE).map((n) => n.id),
        );
        const own = (n: SimNote) => reader.langs.includes(n.lang);
        lists.set(
          POPULAR_OWN,
          [...byLikes.filter(own), ...byLikes.filter((n) => !own(n))].slice(0, PAGE).map((n) => n.id),
        );
        lists.set(
          'newest',
          [...pool]
            .sort((a, b) => b.createdS - a.createdS)
            .slice(0, PAGE)
            .map((n) => n.id),
        );
        for (const [name, ids] of lists) {
          const a = acc.get(name);
          if (!a || ids.length === 0) continue;
          const page = ids.slice(0, PAGE);
          a.ndcg.push(ndcgAt(page, rel, PAGE));
          a.recall.push(recallAt(page, rel, PAGE));
          const shown = page.map((id) => notes.get(id)).filter((n): n is SimNote => n !== undefined);
          a.small.push(mean(shown.map((n) => ((followers[n.author.idx] as number) < SMALL_AUTHOR ? 1 : 0))));
          a.cross.push(mean(shown.map((n) => (reader.langs.includes(n.lang) ? 0 : 1))));
          a.rep.push(mean(page.map((id) => (!rel.has(id) && seenBy[reader.idx]?.has(id) ? 1 : 0))));
          a.old.push(mean(page.map((id) => (!rel.has(id) && !seenBy[reader.idx]?.has(id) ? 1 : 0))));
          a.rel.push(mean(shown.map((n) => relevance(reader, n))));
        }
        if (freshOn) {
          const relF = new Map([...rel].filter(([id]) => (notes.get(id) as SimNote).createdS > nowS - FRESH_DAYS * DAY_S));
          const poolF = pool.filter((n) => relF.has(n.id));
          const byLikesF = byLikes.filter((n) => relF.has(n.id));
          const listsF = new Map<string, string[]>([
            [RANKER, lists.get(RANKER) ?? []],
            [NOTHING_EXCLUDED, full],
            [POOL_ONLY, full.filter((id) => relF.has(id))],
            ['random', rngFresh.shuffle([...poolF]).map((n) => n.id)],
            ['most-popular', byLikesF.map((n) => n.id)],
            [POPULAR_OWN, [...byLikesF.filter(own), ...byLikesF.filter((n) => !own(n))].map((n) => n.id)],
            ['newest', [...poolF].sort((a, b) => b.createdS - a.createdS).map((n) => n.id)],
          ]);
          for (const [name, ids] of listsF) freshAcc.get(name)?.push(ndcgAt(ids.slice(0, PAGE), relF, PAGE));
        }
      }
      const methods = names.map((name) => {
        const a = acc.get(name) as { ndcg: number[]; recall: number[]; small: number[]; cross: number[]; rep: number[]; old: number[]; rel: number[] };
        return {
          name,
          ndcg: mean(a.ndcg),
          recall: mean(a.recall),
          small: mean(a.small),
          cross: mean(a.cross),
          repeats: mean(a.rep),
          old: mean(a.old),
          meanRel: mean(a.rel),
        };
      });
      const fresh = freshOn ? { days: FRESH_DAYS, ndcg: Object.fromEntries([...freshAcc].map(([name, xs]) => [name, mean(xs)])) } : null;
      return { methods, meanPool: mean(pools), learned: { top3: mean(learned.top3), rho: mean(learned.rho), listRecall: mean(learned.listRecall) }, fresh };
    };

    /** One simulated day from `dayStart`: its posts and (unless a backlog day) its Explore sessions, in time order. */
    const live = async (dayStart: number, rng: Rng, reading: boolean) => {
      const hourOf = () => dayStart + rng.weighted(DIURNAL) * 3600 + rng.next() * 3600;
      const agenda: Array<{ at: number; who: Person; what: 'post' | 'session' }> = [];
      for (const p of people) {
        for (let i = rng.poisson(p.postRate); i > 0; i--) agenda.push({ at: hourOf(), who: p, what: 'post' });
        if (reading) for (let i = rng.poisson(p.sessionRate); i > 0; i--) agenda.push({ at: hourOf(), who: p, what: 'session' });
      }
      agenda.sort((a, b) => a.at - b.at);
      for (const e of agenda) {
        await advanceTo(e.at);
        if (e.what === 'post') {
          count((t) => t.notes++);
          await post(e.who, rng);
        } else await session(e.who, rng);
      }
      await advanceTo(dayStart + DAY_S);
    };

    for (const [p, a] of initialFollows(rngWorld, people, o.initialFollows)) {
      (following[p.idx] as Set<number>).add(a.idx);
      followers[a.idx] = (followers[a.idx] as number) + 1;
      await learner.follow(p.id, a.id, true);
    }
    for (let day = -o.backlogDays; day < 0; day++) await live(START_S + day * DAY_S, rngDays.fork(1000 + day), false);
    tally.all = new Tally();
    log(
      `${people.length} people, ${noteList.length} notes in the ${o.backlogDays}-day backlog, ${o.initialFollows > 0 ? followers.reduce((a, b) => a + b, 0) : 0} follows to start with`,
    );

    const days: DayStats[] = [];
    for (let day = 0; day < o.days; day++) {
      const t0 = performance.now();
      tally.day = new Tally();
      await live(START_S + day * DAY_S, rngDays.fork(day), true);
      const stats = tally.day.stats(day + 1);
      if (o.daily && day < o.days - 1) {
        const { methods } = await score(false);
        stats.ndcg = methods.find((m) => m.name === RANKER)?.ndcg ?? 0;
        stats.ndcgPopular = methods.find((m) => m.name === 'most-popular')?.ndcg ?? 0;
      }
      days.push(stats);
      log(
        `day ${day + 1}/${o.days}: ${stats.notes} notes, ${stats.sessions} sessions, ${stats.impressions} impressions, ` +
          `small-author ${pct(stats.small)}, cross-language ${pct(stats.cross)}${stats.ndcg !== undefined ? `, NDCG@20 ${stats.ndcg.toFixed(3)}` : ''} ` +
          `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }

    log(`scoring a fresh Explore page for ${sample.length} readers…`);
    const { methods, meanPool, learned, fresh } = await score(true);
    const last = days[days.length - 1];
    if (last) {
      last.ndcg = methods.find((m) => m.name === RANKER)?.ndcg ?? 0;
      last.ndcgPopular = methods.find((m) => m.name === 'most-popular')?.ndcg ?? 0;
    }

    // The traffic pools as the module judged them (its results of the last 7 days: the purge forgets older ones).
    const judged: Array<{ level: number; graduated: number; n: number }> = await db.kysely
      .selectFrom('feed_pool_results')
      .select(['level', 'graduated', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['level', 'graduated'])
      .orderBy('level')
      .execute();
    const pools = [...new Set(judged.map((j) => j.level))].map((level) => {
      const at = judged.filter((j) => j.level === level);
      const total = at.reduce((a, j) => a + Number(j.n), 0);
      return { level, judged: total, graduated: at.filter((j) => j.graduated === 1).reduce((a, j) => a + Number(j.n), 0) };
    });
    const authors = people.filter((p) => noteList.some((n) => n.author === p)).map((p) => followers[p.idx] as number);
    const sorted = [...authors].sort((a, b) => a - b);
    const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0;
    const ranker = methods[0] as MethodScore;
    const popular = methods.find((m) => m.name === 'most-popular') as MethodScore;
    const replay = tally.all.stats(0);
    const { log: _log, ...settings } = o;
    return {
      options: { ...settings, evalReaders: evalCount },
      evalReaders: evalCount,
      meanPool,
      methods,
      fresh,
      learned,
      pools,
      replay,
      days,
      followers: {
        authors: authors.length,
        atLeast10: authors.filter((f) => f >= SMALL_AUTHOR).length,
        median: q(0.5),
        p90: q(0.9),
        max: sorted[sorted.length - 1] ?? 0,
        follows: followers.reduce((a, b) => a + b, 0),
      },
      notes: noteList.length,
      seconds: (performance.now() - started) / 1000,
      targets: {
        ndcgRatio: popular.ndcg > 0 ? ranker.ndcg / popular.ndcg : Number.POSITIVE_INFINITY,
        ndcgPass: ranker.ndcg >= 1.3 * popular.ndcg,
        smallShare: replay.small,
        smallPass: replay.small >= 0.3,
      },
    };
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }
}

// ---------------------------------------------------------------------------------------------
// the report

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function report(r: FeedEvalResult): string {
  const lines: string[] = [];
  const o = r.options;
  const settings = Object.entries(o.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  lines.push(
    `Explore offline evaluation — seed ${o.seed}, ${o.people} people, ${o.days} days${settings ? `, ${settings}` : ''}${o.feedModule ? `, module ${o.feedModule}` : ''}`,
  );
  lines.push(
    `${r.notes} notes (${o.backlogDays} backlog days before the replay), ${r.replay.sessions} sessions, ${r.replay.impressions} Explore impressions; ` +
      `${o.initialFollows} follows a person to start with; ${r.seconds.toFixed(0)} s`,
    '',
    `A fresh first page (${PAGE} cards) for ${r.evalReaders} sampled readers, scored against their hidden relevance over`,
    `the notes they could be shown: public, posted in the last ${o.poolDays} days, not theirs, not shown to them before (${Math.round(r.meanPool)} a reader on average).`,
    '',
  );
  const head = ['method', 'NDCG@20', 'Recall@20', 'mean rel', '<10 followers', 'cross-lang', 'repeats', 'too old'];
  const w = [32, 8, 10, 9, 14, 11, 8, 8];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join(' ');
  lines.push(row(head), '-'.repeat(w.reduce((a, b) => a + b + 1, -1)));
  for (const m of r.methods)
    lines.push(row([m.name, m.ndcg.toFixed(3), m.recall.toFixed(3), m.meanRel.toFixed(3), pct(m.small), pct(m.cross), pct(m.repeats), pct(m.old)]));
  lines.push(
    '¹ diagnostic: rankFor(reader, ∅) — the ranker itself over the reader’s candidates, whichever list the service would have served',
    '  (a prepared one, the visitors’ shared one) and without moving the reader’s latest list to the back',
    '² diagnostic: the same list with the cards outside the pool (repeats, too old) dropped: the order the ranker gives what is new',
    '³ for reference: most-popular with the reader’s declared languages first (language alone explains much of relevance here)',
    'repeats: cards shown to the reader before (the module forgets impressions after FEED_SEEN_DAYS; the reader does not);',
    'too old: posted before the pool. Both gain nothing.',
    ...(r.fresh
      ? [
          '',
          `NDCG@20 over a pool of the last ${r.fresh.days} days only (the hidden relevance ignores a note's age; the ranker favours new ones):`,
          `  ${r.methods.map((m) => `${m.name.trim().replace(/[¹²³]$/, '')} ${(r.fresh?.ndcg[m.name] ?? 0).toFixed(3)}`).join(', ')}`,
          `  real ranker vs most-popular: ${((r.fresh.ndcg[RANKER] ?? 0) / Math.max(1e-9, r.fresh.ndcg['most-popular'] ?? 0)).toFixed(2)} ×`,
        ]
      : []),
    '',
    'The replay, all Explore impressions (small-author: the author had < 10 followers at the time;',
    'cross-language: the note is in a language the reader did not declare):',
    '',
  );
  const dh = [
    'day',
    'notes',
    'sessions',
    'impressions',
    '<10 followers',
    'cross-lang',
    'repeats',
    'followed',
    'mean rel',
    'open rate',
    'likes/impr',
    'NDCG@20',
    'popular',
  ];
  const dw = [5, 6, 9, 12, 14, 11, 8, 9, 9, 10, 11, 8, 8];
  const drow = (cells: string[]) => cells.map((c, i) => c.padStart(dw[i] as number)).join(' ');
  lines.push(drow(dh), '-'.repeat(dw.reduce((a, b) => a + b + 1, -1)));
  const cells = (d: DayStats, label: string) => [
    label,
    String(d.notes),
    String(d.sessions),
    String(d.impressions),
    pct(d.small),
    pct(d.cross),
    pct(d.repeats),
    pct(d.followed),
    d.meanRel.toFixed(3),
    pct(d.ctr),
    d.likeRate.toFixed(3),
    d.ndcg !== undefined ? d.ndcg.toFixed(3) : '',
    d.ndcgPopular !== undefined ? d.ndcgPopular.toFixed(3) : '',
  ];
  for (const d of r.days) lines.push(drow(cells(d, String(d.day))));
  lines.push(drow(cells(r.replay, 'all')));
  const f = r.followers;
  lines.push(
    '',
    `Followers at the end: ${f.authors} authors, ${f.atLeast10} (${pct(f.atLeast10 / Math.max(1, f.authors))}) with ≥ ${SMALL_AUTHOR}; median ${f.median}, p90 ${f.p90}, max ${f.max} (${f.follows} follows)`,
    '',
    `Traffic pools (judged in the last 7 days, by level): ${r.pools.map((p) => `level ${p.level}: ${p.judged} judged, ${p.graduated} went on`).join('; ') || 'none judged'}`,
    `What the module learned of the sampled readers (tag affinities, a topic's two tags together, vs hidden interests): ` +
      `top-3 topics overlap ${pct(r.learned.top3)}, Spearman ρ ${r.learned.rho.toFixed(2)}`,
    `The ranker's whole list (${LIST_CARDS} cards, all tiers) holds ${pct(r.learned.listRecall)} of a reader's true top ${PAGE}; the rest were no candidates or ranked lower`,
    '',
    'Targets',
  );
  const ranker = r.methods[0] as MethodScore;
  const popular = r.methods.find((m) => m.name === 'most-popular') as MethodScore;
  lines.push(
    `  NDCG@20 ≥ 1.3 × most-popular:          ${ranker.ndcg.toFixed(3)} vs ${(1.3 * popular.ndcg).toFixed(3)} (${r.targets.ndcgRatio.toFixed(2)} ×)   ${r.targets.ndcgPass ? 'PASS' : 'BELOW'}`,
    `  impressions to authors < 10 followers ≥ 30%: ${pct(r.targets.smallShare)}   ${r.targets.smallPass ? 'PASS' : 'BELOW'}`,
  );
  return lines.join('\n');
}

const USAGE = `usage: npm run eval -- feed [--people N] [--days N] [--seed N] [--eval-readers N] [--pool-days N] [--daily]
                        [--initial-follows N] [--backlog-days N] [--tick-minutes N]
                        [--pool-sizes 30,150,800,4000] [--bridge-share 0.2] [--seen-days 3] [--module path/to/feed/index.ts] [--json]
  --pool-sizes, --bridge-share, --seen-days: the FEED_* settings the module is configured with (default: the server's defaults)
  --module: evaluate a copy of the feed module (an experiment) instead of src/server/modules/feed
  --daily: also score the sample at the end of every day (slower)`;

export function parseArgs(args: string[]): FeedEvalOptions & { json: boolean } {
  const o: FeedEvalOptions & { json: boolean } = { ...DEFAULTS, env: {}, json: false };
  const num = (flag: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} takes a whole number from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[i + 1];
    switch (a) {
      case '--people':
        o.people = num(a, v, 10, 100_000);
        i++;
        break;
      case '--days':
        o.days = num(a, v, 1, 60);
        i++;
        break;
      case '--seed':
        o.seed = num(a, v, 0, 2 ** 31);
        i++;
        break;
      case '--eval-readers':
        o.evalReaders = num(a, v, 1, 100_000);
        i++;
        break;
      case '--pool-days':
        o.poolDays = num(a, v, 1, 60);
        i++;
        break;
      case '--initial-follows':
        o.initialFollows = num(a, v, 0, 1000);
        i++;
        break;
      case '--backlog-days':
        o.backlogDays = num(a, v, 0, 14);
        i++;
        break;
      case '--tick-minutes':
        o.tickMinutes = num(a, v, 1, 60);
        i++;
        break;
      case '--daily':
        o.daily = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--pool-sizes':
      case '--bridge-share':
      case '--seen-days':
        if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
        o.env[`FEED_${a.slice(2).replace('-', '_').toUpperCase()}`] = v;
        i++;
        break;
      case '--module':
        if (v === undefined) throw new Error(`--module needs a path\n${USAGE}`);
        o.feedModule = v;
        i++;
        break;
      default:
        throw new Error(`unknown flag ${a}\n${USAGE}`);
    }
  }
  return o;
}

/** Temporary databases of replays under way: removed on Ctrl-C too. */
const liveDirs = new Set<string>();

export async function run(args: string[]): Promise<number> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const { json, ...o } = parseArgs(args);
  const r = await simulate({ ...o, log: (line) => console.error(line) });
  console.log(json ? JSON.stringify(r, null, 2) : report(r));
  return 0;
}
