// The demo notes as a plan: who posts what, with which photos, who comments, replies, likes and
// collects. Computed from the seed data alone with seeded random numbers (each note from its own
// seed, "note|<handle>|<i>"), so every run plans exactly the same thing whatever the database holds;
// seed-notes.ts then adds what is missing.
import { weightedLength } from '../src/shared/text/weighted-length.ts';
import { AUTHOR_REPLIES, BACK_REPLIES, BOARD_NAMES, CALL_FRIEND, COMMENTS, ECHOES, THEME_COMMENTS } from './seed-chatter.ts';
import type { SeedPerson, SeedTheme } from './seed-data.ts';
import { type SceneKind, type Script, type Slot, THEMES, type Words } from './seed-texts.ts';

export type Aspect = '3:4' | '1:1' | '4:3' | '9:16';

export interface PlannedImage {
  scene: SceneKind | 'card';
  aspect: Aspect;
  seed: number;
  script: Script;
  /** the title on a text card; a short caption (sticker) on a photo, or none */
  text: string | null;
}

export interface PlannedComment {
  author: string;
  body: string;
  /** index (in this list) of the comment it answers; replies always come after what they answer */
  replyTo: number | null;
  likedByNoteAuthor: boolean;
}

export interface PlannedNote {
  author: string;
  theme: SeedTheme;
  title: string;
  body: string;
  visibility: 'public' | 'followers';
  placeName: string | null;
  images: PlannedImage[];
  comments: PlannedComment[];
  likes: string[];
  /** board name, or null for the default board "Saved" */
  collects: Array<{ by: string; board: string | null }>;
}

export interface PlannedBoard {
  owner: string;
  name: string;
  theme: SeedTheme;
  visibility: 'public' | 'private';
}

export interface SeedPlan {
  notes: PlannedNote[];
  boards: PlannedBoard[];
}

// ---- seeded randomness: a string hash (cyrb53-style) into mulberry32

export type Rng = () => number;

export function rng(seed: string): Rng {
  let h = 0x811c9dc5 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: Rng, list: readonly T[]): T => {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.floor(r() * list.length)] as T;
};
const int = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const chance = (r: Rng, p: number): boolean => r() < p;
function weighted<T>(r: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  let x = r() * items.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return items[items.length - 1]![0];
}
function sample<T>(r: Rng, list: readonly T[], n: number): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, Math.max(0, n));
}

// ---- words

const words = (w: Words, script: Script): readonly string[] => (script === 'hant' ? (w.hant ?? w.zh) : w[script]);
const slotText = (v: Slot, script: Script): string => (script === 'hant' ? (v.hant ?? v.zh) : v[script]);
const fill = (text: string, values: Record<string, Slot>, nums: Record<string, number>, script: Script): string =>
  text.replace(/\{(\w+)\}/gu, (m, k: string) => (values[k] ? slotText(values[k], script) : nums[k] !== undefined ? String(nums[k]) : m));

const CITY_TAGS: Array<[RegExp, string]> = [
  [/成都|Chengdu/u, '#成都'],
  [/上海|Shanghai/u, '#上海'],
  [/北京|Beijing/u, '#北京'],
  [/广州|Guangzhou/u, '#广州'],
  [/香港|Hong Kong/u, '#香港'],
  [/台北|Taipei/u, '#台北'],
];

/** A person's script for one piece of text: bilingual people pick per text. */
const scriptFor = (p: SeedPerson, r: Rng): Script => (p.writes === 'both' ? (chance(r, 0.5) ? 'zh' : 'en') : p.writes);

const ASPECTS: ReadonlyArray<readonly [Aspect, number]> = [
  ['3:4', 55],
  ['1:1', 20],
  ['4:3', 15],
  ['9:16', 10],
];
const IMAGE_COUNTS: ReadonlyArray<readonly [number, number]> = [
  [1, 30],
  [2, 22],
  [3, 20],
  [4, 12],
  [5, 7],
  [6, 9],
];

export function planSeed(people: readonly SeedPerson[]): SeedPlan {
  const byHandle = new Map(people.map((p) => [p.handle, p]));
  const followersOf = new Map<string, string[]>(people.map((p) => [p.handle, []]));
  for (const p of people) for (const f of p.follows) followersOf.get(f)?.push(p.handle);

  const boards: PlannedBoard[] = [];
  for (const p of people) {
    const r = rng(`boards|${p.handle}`);
    for (const theme of p.themes) {
      const names = BOARD_NAMES[theme];
      if (!names || !chance(r, 0.6)) continue;
      boards.push({ owner: p.handle, name: names[scriptFor(p, r)], theme, visibility: chance(r, 0.2) ? 'private' : 'public' });
    }
  }

  const notes: PlannedNote[] = [];
  for (const p of people) {
    const titles = new Set<string>();
    const count = int(rng(`count|${p.handle}`), 3, 9);
    for (let i = 0; i < count; i++) notes.push(planNote(p, i, titles, { byHandle, followersOf, boards }));
  }
  // Creation order: authors interleaved, so a fresh feed is not one person's run after another's.
  const order = rng('order');
  const keyed = notes.map((n) => ({ n, k: order() }));
  keyed.sort((a, b) => a.k - b.k);
  return { notes: keyed.map((x) => x.n), boards };
}

interface World {
  byHandle: Map<string, SeedPerson>;
  followersOf: Map<string, string[]>;
  boards: PlannedBoard[];
}

function planNote(p: SeedPerson, i: number, usedTitles: Set<string>, w: World): PlannedNote {
  const r = rng(`note|${p.handle}|${i}`);
  const theme = weighted(
    r,
    p.themes.map((t, k) => [t, p.themes.length - k] as const),
  );
  const t = THEMES[theme];
  // Slots: a pet keeps its name across its person's notes; everything else varies by note.
  const values: Record<string, Slot> = {};
  for (const [k, list] of Object.entries(t.slots)) values[k] = k === 'pet' ? pick(rng(`pet|${p.handle}|${theme}`), list) : pick(r, list);
  const nums = { n: int(r, 2, 30), days: int(r, 2, 7) };

  const titleScript = scriptFor(p, r);
  let title = '';
  for (let attempt = 0; attempt < 40 && !title; attempt++) {
    const candidate = fill(pick(r, words(t.titles, titleScript)), values, { ...nums, n: nums.n + attempt }, titleScript);
    if (weightedLength(candidate) <= 40 && !usedTitles.has(candidate)) title = candidate;
  }
  if (!title) throw new Error(`seed plan: no unused title left for @${p.handle} (${theme})`);
  usedTitles.add(title);

  // The body: a few lines; bilingual people write a Chinese part and an English part.
  const scripts: Script[] = p.writes === 'both' ? ['zh', 'en'] : [p.writes];
  const lines = scripts.flatMap((sc) => sample(r, words(t.lines, sc), p.writes === 'both' ? int(r, 1, 2) : int(r, 2, 4)).map((l) => fill(l, values, nums, sc)));
  const tagScript = p.writes === 'both' ? titleScript : p.writes;
  const tagWords = words(t.tags, tagScript);
  const tags = new Set([tagWords[0]!, ...sample(r, tagWords.slice(1), int(r, 0, 2))]);
  const place = values.place ?? values.site;
  const where = `${p.region} ${title} ${place ? `${place.en} ${place.zh}` : ''}`;
  for (const [re, tag] of CITY_TAGS) if (re.test(where) && chance(r, 0.8)) tags.add(tag);
  if (p.themes.includes('refugee') && chance(r, 0.3)) tags.add('#tiktokrefugee');
  let mention = '';
  if (p.follows.length > 0 && chance(r, 0.2)) {
    const friend = pick(r, p.follows);
    mention = tagScript === 'en' ? `cc @${friend}` : tagScript === 'hant' ? `@${friend} 下次一起` : `@${friend} 你也来试试`;
  }
  const body = `${lines.join('\n')}\n\n${[...tags].join(' ')}${mention ? `\n${mention}` : ''}`;

  const visibility = chance(r, 0.08) ? 'followers' : 'public';
  const placeName = chance(r, 0.3) ? (place ? slotText(place, titleScript) : p.region) : null;

  const aspect = weighted(r, ASPECTS);
  const n = weighted(r, IMAGE_COUNTS);
  const captionSlot = place ?? values.dish ?? values.pet;
  const caption = captionSlot ? slotText(captionSlot, titleScript) : null;
  const images: PlannedImage[] = Array.from({ length: n }, (_, k) => {
    // RedNote covers are often the title on colour; the other photos show the scene.
    const card = k === 0 && chance(r, 0.35);
    return {
      scene: card ? 'card' : pick(r, t.scenes),
      aspect,
      seed: Math.floor(r() * 2 ** 31),
      script: titleScript,
      text: card ? title : caption && chance(r, 0.25) ? caption : null,
    };
  });

  // Who sees it: followers first, then people who share the theme (never for followers-only notes).
  const followers = w.followersOf.get(p.handle) ?? [];
  const fans =
    visibility === 'followers'
      ? []
      : [...w.byHandle.values()].filter((q) => q.handle !== p.handle && !followers.includes(q.handle) && q.themes.includes(theme)).map((q) => q.handle);
  const others = visibility === 'followers' ? [] : [...w.byHandle.keys()].filter((h) => h !== p.handle && !followers.includes(h) && !fans.includes(h));
  const audience = [...sample(r, followers, followers.length), ...sample(r, fans, fans.length), ...sample(r, others, 4)];
  const popularity = r() ** 2;
  const likes = audience.slice(0, Math.round(2 + popularity * audience.length * 0.9));

  const collects: PlannedNote['collects'] = [];
  for (const h of likes) {
    if (!chance(r, 0.35)) continue;
    const board = w.boards.find((b) => b.owner === h && b.theme === theme);
    collects.push({ by: h, board: board && chance(r, 0.6) ? board.name : null });
  }

  return { author: p.handle, theme, title, body, visibility, placeName, images, comments: planComments(p, theme, audience, r, w), likes, collects };
}

/** Bilingual people mostly answer in their first language. */
const chatScript = (p: SeedPerson, r: Rng): Script =>
  p.writes !== 'both' ? p.writes : chance(r, 0.75) === (p.languages[0] ?? 'zh').startsWith('zh') ? 'zh' : 'en';

function planComments(author: SeedPerson, theme: SeedTheme, audience: string[], r: Rng, w: World): PlannedComment[] {
  const out: PlannedComment[] = [];
  const used = new Set<string>();
  // No two comments on a note say exactly the same thing (it reads like bots); a few tries, else none.
  const fresh = (list: readonly string[]): string | null => {
    for (let i = 0; i < 6; i++) {
      const body = pick(r, list);
      if (!used.has(body)) return body;
    }
    return null;
  };
  const add = (by: string, body: string | null, replyTo: number | null, liked = false): number => {
    if (body === null) return -1;
    used.add(body);
    out.push({ author: by, body, replyTo, likedByNoteAuthor: liked });
    return out.length - 1;
  };
  const threads = Math.min(audience.length, Math.floor(r() ** 1.5 * 4));
  for (const who of audience.slice(0, threads)) {
    const person = w.byHandle.get(who)!;
    const sc = chatScript(person, r);
    const themed = THEME_COMMENTS[theme]?.[sc];
    let body = fresh(themed && chance(r, 0.35) ? themed : COMMENTS[sc]);
    const friends = person.follows.filter((f) => f !== author.handle);
    if (friends.length > 0 && chance(r, 0.1)) body = CALL_FRIEND[sc](pick(r, friends));
    const top = add(who, body, null, chance(r, 0.4));
    if (top < 0) continue;
    if (chance(r, 0.4)) {
      const answer = add(author.handle, fresh(AUTHOR_REPLIES[chatScript(author, r)]), top);
      // Now and then the commenter answers back: a reply to a reply, in the same thread.
      if (answer >= 0 && chance(r, 0.2)) add(who, fresh(BACK_REPLIES[sc]), answer);
    }
    const other = audience.find((h) => h !== who && chance(r, 0.3));
    if (other && chance(r, 0.2)) add(other, fresh(ECHOES[chatScript(w.byHandle.get(other)!, r)]), top);
  }
  return out;
}
