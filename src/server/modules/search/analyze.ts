// Text into the words search indexes and looks for — the same way on both sides, so that what a note
// says and what a person types meet:
//   - widths and compatibility forms folded (ＡＢＣ１ → abc1), case folded, Latin accents dropped (café → cafe);
//   - traditional characters folded to simplified (火鍋 → 火锅: OpenCC, through the language module);
//   - Chinese cut by jieba (search-mode cuts for what is indexed: 中华人民共和国 also yields 中华, 人民, 共和国);
//   - English stemmed lightly (Porter: restaurants → restaur, cities → citi);
//   - hashtags indexed as words of their own, compound English ones also split (#cattax → cattax, cat, tax);
//   - emoji, punctuation and symbols ignored.
// Every word is letters, marks and digits only, so both databases' tokenizers keep it whole.
import { stemmer } from 'stemmer';
import type { TextTools } from '../language/service.ts';

const HAN_RUN = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_WORD = /^[a-z]+$/;
const HAS_LATIN = /\p{Script=Latin}/u;
const HAN = /\p{Script=Han}/u;
/** Characters kept per note for one-character matches (a long body's tail adds little). */
const MAX_CHARS = 2_000;
/** Words kept per field (bodies are at most a few thousand characters; this bounds a pathological one). */
const MAX_WORDS = 3_000;

/** English function words: indexed (bm25 weighs them down), but a query does not require them. */
export const ENGLISH_STOP = new Set(
  'a an the and or but of to in on at for with by from as is are was were be been it its this that these those i me my we our you your he she they them their so very just do does did can will not no'.split(
    ' ',
  ),
);
/** Chinese function words a query does not require (成都的火锅 asks for 成都 and 火锅). */
export const CHINESE_STOP = new Set('的 了 着 过 在 是 和 与 及 或 也 都 就 吗 呢 吧 啊 呀 哦 嘛 之 得 地 很 把 被 给 一个 有 没有 还 又'.split(' '));

export interface IndexedNote {
  title: string;
  tags: string;
  body: string;
  chars: string;
}

/** A word as written (lower-cased, folded) and the token it is indexed as. */
export interface Word {
  surface: string;
  token: string;
  han: boolean;
}

export class Analyzer {
  private readonly tagCache = new Map<string, string[]>();

  constructor(
    private readonly tools: TextTools,
    /** English words and how common each is (compound tags are split into them); empty: no splitting */
    private readonly vocabulary: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** NFKC (widths), lower case, simplified script, Latin without accents. */
  normalize(text: string): string {
    const folded = this.tools.fold(text.normalize('NFKC').toLowerCase());
    return HAS_LATIN.test(folded)
      ? folded
          .normalize('NFD')
          .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
          .normalize('NFC')
      : folded;
  }

  /** The token an English or other non-Han word is indexed as. */
  token(word: string): string {
    return LATIN_WORD.test(word) && word.length > 2 ? stemmer(word) : word;
  }

  /** The words of a normalised text: Han runs cut by jieba (search mode when indexing), the rest split on anything not a letter or digit. */
  words(normalized: string, mode: 'index' | 'query'): Word[] {
    const out: Word[] = [];
    for (const m of normalized.matchAll(HAN_RUN)) {
      if (out.length >= MAX_WORDS) break;
      if (m[1]) {
        const cut = mode === 'index' ? this.tools.cutForSearch(m[1]) : this.tools.cut(m[1]);
        for (const w of cut) if (HAN.test(w)) out.push({ surface: w, token: w, han: true });
      } else if (m[2]) {
        for (const [w] of m[2].replace(/['’]/g, '').matchAll(WORD)) out.push({ surface: w, token: this.token(w), han: false });
      }
    }
    return out.slice(0, MAX_WORDS);
  }

  /** A note's fields as the index stores them. */
  document(title: string, body: string, tags: readonly string[]): IndexedNote {
    const t = this.normalize(title);
    const b = this.normalize(body);
    const chars = [...`${t} ${b}`.matchAll(/\p{Script=Han}/gu)].slice(0, MAX_CHARS).map((m) => m[0]);
    return {
      title: this.join(this.words(t, 'index')),
      tags: [...new Set(tags.flatMap((tag) => this.tagTokens(tag)))].join(' '),
      body: this.join(this.words(b, 'index')),
      chars: chars.join(' '),
    };
  }

  /** A hashtag's tokens: itself (normalised), its words, and a compound English tag's parts (cattax → cat, tax). */
  tagTokens(tag: string): string[] {
    const known = this.tagCache.get(tag);
    if (known) return known;
    const norm = this.normalize(tag);
    const words = this.words(norm.replace(/_/g, ' '), 'index').map((w) => w.token);
    const whole = [...norm.matchAll(WORD)].map((m) => m[0]).join('');
    const parts = LATIN_WORD.test(whole) ? this.splitCompound(whole).map((w) => this.token(w)) : [];
    const out = [...new Set([whole, ...words, ...parts].filter((w) => w.length > 0))];
    if (this.tagCache.size > 50_000) this.tagCache.clear();
    this.tagCache.set(tag, out);
    return out;
  }

  /**
   * An English compound split into common words when it is made of them and is not a word itself:
   * cattax → cat, tax; hotpot stays (the dictionary knows it). Fewest parts first, then the commonest.
   */
  splitCompound(word: string): string[] {
    const v = this.vocabulary;
    if (v.size === 0 || word.length < 5 || word.length > 30 || v.has(word)) return [];
    // best[i]: the best split of word[0, i): [parts, score]
    const best: Array<[string[], number] | null> = [[[], 0]];
    for (let i = 1; i <= word.length; i++) {
      best[i] = null;
      for (let j = Math.max(0, i - 15); j <= i - 2; j++) {
        const prev = best[j];
        const part = word.slice(j, i);
        const n = v.get(part);
        if (!prev || n === undefined || (part.length < 3 && n < 50)) continue;
        const score = prev[1] - 10 + Math.log(1 + n);
        const cur = best[i];
        if (!cur || score > cur[1]) best[i] = [[...prev[0], part], score];
      }
    }
    const done = best[word.length];
    return done && done[0].length > 1 ? done[0] : [];
  }

  /** Prefix keys for a person or a topic: the name, its words, and for Chinese its pinyin and initials (王小明 → 王小明, 小明, wangxiaoming, xiaoming, wxm). */
  keysOf(name: string): string[] {
    const norm = this.normalize(name);
    const keys = new Set<string>();
    const compact = [...norm.matchAll(WORD)].map((m) => m[0]).join('');
    if (compact) keys.add(compact);
    const words = this.words(norm, 'query');
    for (const w of words) keys.add(w.surface);
    const han = words.filter((w) => w.han);
    if (han.length > 0) {
      const all = han.flatMap((w) => this.tools.syllables(w.surface));
      keys.add(all.join(''));
      keys.add(all.map((s) => s[0]).join(''));
      // From each syllable on (a given name without the family name: xiaoming for 王小明), and the characters alike.
      const chars = han.flatMap((w) => [...w.surface]);
      for (let i = 1; i < Math.min(all.length, 6); i++) keys.add(all.slice(i).join(''));
      for (let i = 1; i < Math.min(chars.length, 6); i++) keys.add(chars.slice(i).join(''));
    }
    return [...keys].filter((k) => k.length > 0 && k.length <= 100).slice(0, 20);
  }

  /** Pinyin of a Chinese word without tones or spaces (火锅 → huoguo), for matching typed pinyin. */
  pinyinOf(word: string): string {
    return this.tools.syllables(word).join('');
  }

  private join(words: readonly Word[]): string {
    return words.map((w) => w.token).join(' ');
  }
}
