// A query into what the index is asked: one group per word the person typed, which a note must match
// (any of the group's variants), and the variants that widen each word across the language wall:
//   - the word itself (stemmed English, a Chinese word, or its characters in order: 猫 in 小猫咪);
//   - its dictionary translations both ways (火锅 → hot pot, hotpot; chengdu → 成都), weighing less;
//   - typed pinyin of a known topic (huoguo → 火锅);
//   - a spelling fix for an English word no dictionary knows (restaraunt → restaurant);
//   - the last word as a prefix while it is being typed;
// and, when a translation provider is configured, the machine translation of the whole query as an
// alternative. `#tag` asks for the hashtag only. Expansions are reported so the page can say
// "also showing results for 火锅".
import { closest, distance } from 'fastest-levenshtein';
import type { Expansion } from '../../../shared/api/search.ts';
import { type Analyzer, CHINESE_STOP, ENGLISH_STOP, type Word } from './analyze.ts';

export type Column = 'title' | 'tags' | 'body' | 'chars';

export interface Variant {
  /** tokens in order (more than one: a phrase) */
  tokens: string[];
  /** only in this column (tags for #tag, chars for characters in order); any text column otherwise */
  column?: 'tags' | 'chars';
  prefix?: boolean;
  /** 1 for the word as typed; less for what it was widened with */
  weight: number;
  /** costly or loose (characters in order, a phrase's head word, a rarer translation): asked only when the rest finds too few notes */
  fallback?: boolean;
  /** the words to highlight in a result it matched */
  show: string;
}

export interface Group {
  /** what the person typed for it */
  word: string;
  variants: Variant[];
  /** two typed words the dictionary knows as one (hot pot): each alone, for when few notes have the pair */
  parts?: Group[];
}

export interface Plan {
  groups: Group[];
  /** the machine translation of the query, an alternative set of groups (all required) */
  alternative: Group[];
  expansions: Expansion[];
  /** the query's own tokens in order (a phrase match ranks higher) */
  phrase: string[];
  /** the normalised query (history, counts, fingerprints) */
  normalized: string;
}

/** Who is searching: a machine translation is charged to them. */
export type Asker = { userId: string } | { ip: string };

export interface PlannerDeps {
  analyzer: Analyzer;
  /** the dictionary's words in the other language (火锅 → hot pot; hot pot → 火锅) */
  translations(term: string): Promise<string[]>;
  /** English words and how common each is (spelling fixes) */
  vocabulary: ReadonlyMap<string, number>;
  /** topics whose pinyin is exactly this (huoguo → 火锅) */
  topicsByPinyin(key: string): Promise<string[]>;
  /** dictionary words that read as this pinyin (jiuzhaigou → 九寨沟) */
  wordsForPinyin(key: string): Promise<string[]>;
  /** the configured provider's translation of the query, asked on behalf of `asker` (null: none configured, or it failed) */
  machine?(text: string, target: 'en' | 'zh', asker: Asker): Promise<string | null>;
}

/** Groups a query may have: a longer query is cut here (a search box is not a document). */
const MAX_GROUPS = 8;
/** Dictionary translations a word is widened with at most (the commonest). */
const MAX_TRANSLATIONS = 3;
const W = { dictionary: 0.5, pinyin: 0.6, spelling: 0.45, chars: 0.8, prefix: 0.9, translation: 0.5, part: 0.6, head: 0.5 } as const;
const SYLLABLES =
  /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)$/;

export class QueryPlanner {
  private readonly cache = new Map<string, Promise<string[]>>();
  private readonly vocabList: string[];

  constructor(private readonly d: PlannerDeps) {
    // The commoner words only: a spelling fix should be an everyday word.
    this.vocabList = [...d.vocabulary].filter(([w, n]) => n >= 3 && w.length >= 3).map(([w]) => w);
  }

  async plan(query: string, asker: Asker | null = null): Promise<Plan> {
    const a = this.d.analyzer;
    const typing = !/\s$/.test(query);
    const raw = query.trim();
    const normalized = a.normalize(raw).replace(/\s+/g, ' ').trim();
    const expansions: Expansion[] = [];
    const groups: Group[] = [];

    // #tags ask for the hashtag.
    for (const m of normalized.matchAll(/#([\p{L}\p{M}\p{N}_]+)/gu)) {
      const tag = m[1] as string;
      groups.push({ word: `#${tag}`, variants: [{ tokens: [a.tagTokens(tag)[0] ?? tag], column: 'tags', weight: 1, show: tag }] });
    }
    const rest = normalized.replace(/#[\p{L}\p{M}\p{N}_]+/gu, ' ');
    const words = a.words(rest, 'query');
    const useful = words.filter((w) => !(w.han ? CHINESE_STOP : ENGLISH_STOP).has(w.surface));
    const kept = (useful.length > 0 ? useful : words).slice(0, MAX_GROUPS);
    // 火鍋 is looked for as 火锅 (the index holds every note's text in simplified script).
    if (normalized !== raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ')) expansions.push({ term: normalized, from: raw, via: 'script' });

    for (let i = 0; i < kept.length; i++) {
      const w = kept[i] as Word;
      const last = i === kept.length - 1;
      // English words the dictionary knows as one (hot pot → 火锅; egg tarts → 蛋挞; dan dan noodles → 担担面;
      // Giant Wild Goose Pagoda → 大雁塔) are one group, the longest first.
      const phrase = await this.phraseAt(kept, i);
      if (phrase) {
        const run = kept.slice(i, i + phrase.length);
        const said = run.map((x) => x.surface).join(' ');
        const g: Group = { word: said, variants: [{ tokens: run.map((x) => x.token), weight: 1, show: said }] };
        g.variants.push({ tokens: [run.map((x) => x.surface).join('')], weight: W.dictionary, show: run.map((x) => x.surface).join('') });
        for (const [k, t] of phrase.zh.entries()) this.addTranslation(g, t, expansions, said, k === 0);
        g.parts = [];
        for (const [k, x] of run.entries()) g.parts.push(await this.latinGroup(x, typing && i + k === kept.length - 1, expansions));
        groups.push(g);
        i += phrase.length - 1;
        continue;
      }
      groups.push(w.han ? await this.hanGroup(w, expansions) : await this.latinGroup(w, last && typing, expansions));
    }

    const alternative: Group[] = [];
    if (this.d.machine && asker && groups.length > 0) {
      const target = words.some((w) => w.han) ? 'en' : 'zh';
      const mt = await this.d.machine(raw, target, asker).catch(() => null);
      if (mt) {
        const mtWords = a.words(a.normalize(mt), 'query').filter((w) => !(w.han ? CHINESE_STOP : ENGLISH_STOP).has(w.surface));
        for (const w of mtWords.slice(0, MAX_GROUPS))
          alternative.push({ word: w.surface, variants: [{ tokens: [w.token], weight: W.translation, show: w.surface }] });
        if (alternative.length > 0) expansions.push({ term: mt.trim(), from: raw, via: 'translation' });
      }
    }
    return { groups, alternative, expansions: dedupe(expansions), phrase: kept.map((w) => w.token), normalized };
  }

  /** The longest run of English words from `at` (two to four) that the dictionary translates as one, if any. */
  private async phraseAt(words: readonly Word[], at: number): Promise<{ length: number; zh: string[] } | null> {
    for (let n = Math.min(4, words.length - at); n >= 2; n--) {
      const run = words.slice(at, at + n);
      if (run.some((w) => w.han)) continue;
      const said = run.map((w) => w.surface);
      let zh = await this.translate(said.join(' '));
      const last = said[n - 1] as string;
      if (zh.length === 0 && last.length > 3 && last.endsWith('s'))
        zh = await this.translate([...said.slice(0, -1), last.replace(/(?<=[^aeiou])es$|s$/, '')].join(' '));
      if (zh.length > 0) return { length: n, zh };
    }
    return null;
  }

  private async hanGroup(w: Word, expansions: Expansion[]): Promise<Group> {
    const chars = [...w.surface];
    const g: Group = { word: w.surface, variants: [] };
    if (chars.length > 1) g.variants.push({ tokens: [w.token], weight: 1, show: w.surface });
    g.variants.push({ tokens: chars, column: 'chars', weight: chars.length > 1 ? W.chars : 1, show: w.surface, fallback: chars.length > 1 });
    // The shorter words inside a long one (普洱茶 → 普洱): a note may say less than the query.
    if (chars.length >= 3)
      for (const sub of this.d.analyzer.words(w.surface, 'index'))
        if (sub.surface !== w.surface && [...sub.surface].length >= 2)
          g.variants.push({ tokens: [sub.token], weight: W.part, show: sub.surface, fallback: true });
    for (const [k, t] of (await this.translate(w.surface)).entries()) this.addTranslation(g, t, expansions, w.surface, k === 0);
    return g;
  }

  private async latinGroup(w: Word, typing: boolean, expansions: Expansion[]): Promise<Group> {
    const a = this.d.analyzer;
    const g: Group = { word: w.surface, variants: [{ tokens: [w.token], weight: 1, show: w.surface }] };
    if (typing && w.surface.length >= 3) g.variants.push({ tokens: [w.surface], prefix: true, weight: W.prefix, show: w.surface });
    if (!/^[a-z]+$/.test(w.surface)) return g;
    const translated = await this.translate(w.surface);
    for (const [k, t] of translated.entries()) this.addTranslation(g, t, expansions, w.surface, k === 0);
    // Typed pinyin (not an English word): the topics and dictionary words that read so: huoguo → 火锅.
    if (isPinyin(w.surface) && translated.length === 0 && !this.d.vocabulary.has(w.surface) && w.surface.length >= 4) {
      const words = new Set([...(await this.d.topicsByPinyin(w.surface)), ...(await this.d.wordsForPinyin(w.surface).catch(() => []))]);
      for (const word of [...words].slice(0, 3)) {
        g.variants.push({ tokens: a.tagTokens(word).slice(0, 1), weight: W.pinyin, show: word });
        g.variants.push({ tokens: [...word], column: 'chars', weight: W.pinyin * W.chars, show: word, fallback: true });
        expansions.push({ term: word, from: w.surface, via: 'pinyin' });
      }
    }
    // A word no dictionary knows, close to a common one: the common one too.
    if (translated.length === 0 && w.surface.length >= 4 && !this.d.vocabulary.has(w.surface) && !this.d.vocabulary.has(w.token)) {
      const fix = this.spell(w.surface);
      if (fix) {
        g.variants.push({ tokens: [a.token(fix)], weight: W.spelling, show: fix });
        for (const [k, t] of (await this.translate(fix)).slice(0, 2).entries()) this.addTranslation(g, t, expansions, fix, k === 0, W.spelling * W.dictionary);
        expansions.push({ term: fix, from: w.surface, via: 'spelling' });
      }
    }
    return g;
  }

  /** A translation as variants: its tokens as a phrase (and joined, for hashtags: hot pot → hotpot). */
  /** `first`: the commonest translation, asked at once; a rarer one-character one (十 for "ten") only if needed. */
  private addTranslation(g: Group, text: string, expansions: Expansion[], from: string, first: boolean, weight: number = W.dictionary): void {
    const a = this.d.analyzer;
    const words = a.words(a.normalize(text), 'query').filter((w) => !ENGLISH_STOP.has(w.surface));
    if (words.length === 0) return;
    if (words.every((w) => w.han) && words.length === 1) {
      const word = words[0] as Word;
      const chars = [...word.surface];
      // One character (厨) is found inside words (后厨) by its place among the characters.
      if (chars.length > 1) g.variants.push({ tokens: [word.token], weight, show: word.surface });
      g.variants.push({
        tokens: chars,
        column: 'chars',
        weight: chars.length > 1 ? weight * W.chars : weight,
        show: word.surface,
        fallback: chars.length > 1 || !first,
      });
    } else {
      g.variants.push({ tokens: words.map((w) => w.token), weight, show: text });
      if (words.length > 1 && words.every((w) => !w.han)) {
        const joined = words.map((w) => w.surface).join('');
        g.variants.push({ tokens: [joined], weight, show: joined });
        // The phrase's last word is mostly what it is about (green plant → plant), less surely.
        const head = words[words.length - 1] as Word;
        g.variants.push({ tokens: [head.token], weight: weight * W.head, show: head.surface, fallback: true });
      }
    }
    expansions.push({ term: text, from, via: 'dictionary' });
  }

  private translate(term: string): Promise<string[]> {
    let hit = this.cache.get(term);
    if (!hit) {
      hit = this.d.translations(term).then(
        (t) => t.slice(0, MAX_TRANSLATIONS),
        () => [],
      );
      if (this.cache.size > 20_000) this.cache.clear();
      this.cache.set(term, hit);
    }
    return hit;
  }

  /** The commonest dictionary word one edit away (two for longer words), if any. */
  spell(word: string): string | null {
    const max = word.length >= 7 ? 2 : 1;
    let best: string | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const cand of this.vocabList) {
      if (Math.abs(cand.length - word.length) > max || cand[0] !== word[0]) continue;
      const dist = distance(cand, word);
      if (dist === 0 || dist > max) continue;
      const score = Math.log(1 + (this.d.vocabulary.get(cand) ?? 0)) - 3 * dist;
      if (score > bestScore) {
        bestScore = score;
        best = cand;
      }
    }
    return best ?? (word.length >= 7 ? null : nearest(word, this.vocabList));
  }
}

/** Whether a Latin word reads as pinyin syllables (huoguo, chengdu, xiaolongbao). */
export function isPinyin(word: string): boolean {
  const ok: boolean[] = [true];
  for (let i = 1; i <= word.length; i++) {
    ok[i] = false;
    for (let j = Math.max(0, i - 6); j < i && !ok[i]; j++) ok[i] = !!ok[j] && SYLLABLES.test(word.slice(j, i));
  }
  return word.length >= 2 && !!ok[word.length];
}

/** A transposition the edit distance counts as two: restaruant → restaurant. */
function nearest(word: string, list: readonly string[]): string | null {
  const swapped = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) swapped.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  const found = list.filter((w) => swapped.has(w));
  return found.length > 0 ? closest(word, found) : null;
}

function dedupe(list: Expansion[]): Expansion[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.term}|${e.from}`;
    if (seen.has(k) || e.term === e.from) return false;
    seen.add(k);
    return true;
  });
}
