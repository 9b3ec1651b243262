// Chinese → English, word by word: jieba cuts the sentence, each word becomes its one best English
// rendering (a hand-written table for the commonest words, CC-CEDICT's senses for the rest), and rules
// fix what a word-for-word reading gets most wrong: numbers (23 亿 is 2.3 billion, 第三 third, 11点20分
// 11:20), measure words (一只猫 "a cat"), names that the text also gives in Latin letters (奥韦奇金
// （Ovechkin）"Ovechkin"), punctuation, and the grammar English has and Chinese leaves to context —
// tense and agreement (was, were, says), plurals, articles, "there is", passives (被), the object of 把,
// "to" between verbs, "that" after verbs of saying, and the order of place phrases.
import type { Jieba, TaggedWord } from '@node-rs/jieba';
import type { Dictionary } from '../dictionary.ts';
import { demonym, doublesFinal, nationals, pastParticiple, pastTense, plural } from './english.ts';
import { romanize, soundsForeign } from './names.ts';
import { bestSense, properName, type Rendering } from './senses.ts';
import { MEASURE, ZH_COMMON, ZH_DIGIT, ZH_FUNCTION, ZH_FUNCTION_VERBS, ZH_UNIT } from './zh-tables.ts';

const HAN = /\p{Script=Han}/u;
const NUMERAL = /^[零〇一二两三四五六七八九十百千万亿]+$/;
const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万亿]+/y;
const ARABIC = /^\d+(?:[.,]\d+)*$/;
const LATIN = /[A-Za-z]/;
/** Han runs and the runs between them */
const RUNS = /\p{Script=Han}+|\P{Script=Han}+/gu;
/** Non-Han text: numbers (1,000 9:30 5-3 1995-96 88%), Latin words (U.S. don't e-mail), whitespace, a mark */
const OTHER = /\d+(?:[.,:\-–]\d+)*%?(?![\p{L}\d])|[\p{L}\p{M}\d]+(?:['’.-][\p{L}\p{M}\d]+)*\.?|\s+|——|……|[\s\S]/gu;

/** Pronouns that are a clause's subject. */
const SUBJECT = /^(我|你|您|他|她|它|我们|你们|他们|她们|它们|咱们)$/;

/** jieba's tags for a person's name, and the gloss's for a foreign one read back into Latin letters. */
const NAME_TAG = /^(nr|nrt|name)$/;

/** Words before a noun that say there is one of it. */
const ONE = /^(a|an|one|this|that|each|every|is|was)$/;

/** Words a measure word follows as it follows a numeral: 这本书 "this book", 整座城市 "the whole city". */
const DETERMINER = /^[这那每各某哪该此整]$/;

/** Full-width and Chinese punctuation → English. */
const PUNCT: Readonly<Record<string, string>> = {
  '，': ',',
  '。': '.',
  '、': ',',
  '：': ':',
  '；': ';',
  '！': '!',
  '？': '?',
  '（': '(',
  '）': ')',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '《': '"',
  '》': '"',
  '〈': '"',
  '〉': '"',
  '「': '"',
  '」': '"',
  '『': '"',
  '』': '"',
  '【': '[',
  '】': ']',
  '——': '-',
  '—': '-',
  '……': '...',
  '…': '...',
  '～': '~',
  '％': '%',
};

/** Words that tell a sentence is about the past: aspect particles, 曾 "once", 当时 "then", a year before 2020, and the verbs news reports things with (表示 "said", 宣布 "announced"). */
const PAST_MARK = /了|过|曾|已经|当时|昨天|去年|上周|上个月|前天|此前|当年|随后|后来|表示|宣布|报道|(1[0-9]|20[01])\d\s*年/;

/** Text that ends as a sentence does. */
const SENTENCE_FINAL = /[。！？!?]["”’」』）)]?\s*$|[^.]\.\s*$/;

/** Where a sentence ends, the mark kept with it. */
const SENTENCE_END = /(?<=[。！？!?])/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The value of a Chinese numeral (三 3, 十五 15, 两百 200, 三万五千 35000), or null. */
export function zhNumber(s: string): number | null {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    const d = ZH_DIGIT[ch];
    if (d !== undefined) {
      if (digit > 0) return null;
      digit = d;
      continue;
    }
    const unit = ZH_UNIT[ch];
    if (unit === undefined) return null;
    if (unit >= 10_000) {
      total = (total + section + Math.max(digit, 0)) * unit;
      section = 0;
    } else section += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
  }
  return total + section + Math.max(digit, 0);
}

/** 2300000000 → "2.3 billion", 10000000 → "10 million", 2500 → "2,500". */
function formatNumber(n: number): string {
  for (const [size, name] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const)
    if (n >= size) return `${Number((n / size).toPrecision(6))} ${name}`;
  return n >= 10_000 ? n.toLocaleString('en-US') : String(n);
}

/** Units counted by a number: 三年 "three years", 两次 "twice". */
const UNITS: Readonly<Record<string, string>> = {
  年: 'year',
  天: 'day',
  月: 'month',
  周: 'week',
  星期: 'week',
  小时: 'hour',
  分钟: 'minute',
  秒: 'second',
  秒钟: 'second',
  世纪: 'century',
  岁: 'year old',
  次: 'time',
  倍: 'time',
  分: 'point',
  人: 'people',
};

/** A number and what it counts, in English: 3 years, one day, once, twice, 28 years old. */
function counted(n: number, text: string, unit: string): string {
  if (unit === 'time' && n <= 2 && Number.isInteger(n)) return n === 1 ? 'once' : 'twice';
  if (unit === 'year old') return `${spell(n, text)} ${n === 1 ? 'year' : 'years'} old`;
  if (unit === 'people') return n === 1 ? 'one person' : `${spell(n, text)} people`;
  return `${n === 1 && !/\d/.test(text) ? 'one' : spell(n, text)} ${n === 1 ? unit : plural(unit)}`;
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A number written in Chinese numerals up to ten in English words (三 "three"), any other in digits. */
function spell(n: number, text: string): string {
  return !/\d/.test(text) && Number.isInteger(n) && n <= 10 ? (SMALL[n] as string) : formatNumber(n);
}

const FRACTION = /^([零〇一二两三四五六七八九十百千]+)分之([零〇一二两三四五六七八九十百千万]+)$/;

/** 1/4 "a quarter", 2/3 "two thirds", 1/2 "half". */
function fraction(denominator: number, numerator: number): string {
  if (denominator === 100) return `${spell(numerator, '')} percent`;
  if (denominator === 2 && numerator === 1) return 'half';
  const part = denominator === 4 ? 'quarter' : ordinal(denominator);
  return numerator === 1 ? `a ${part}` : `${spell(numerator, '')} ${plural(part)}`;
}

function ordinal(n: number): string {
  const words = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  if (n <= 10) return words[n] as string;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A piece of the sentence after cutting: a number, a Han word, or anything else as it was written. */
type Unit = { kind: 'num'; value: number; text: string } | { kind: 'han'; text: string; tag: string } | { kind: 'other'; text: string };

export class ZhEn {
  private readonly memo = new Map<string, Rendering>();
  /** single characters looked up as classifiers, memoised */
  private readonly classifiers = new Map<string, boolean>();

  constructor(
    private readonly dict: Dictionary,
    private readonly jieba: Jieba,
  ) {}

  translate(text: string): string {
    const units = this.units(text);
    const out: Item[] = [];
    /** where in `out` the English of the last Han word (with the names joined to it) begins */
    let lastWordAt = -1;
    for (let i = 0; i < units.length; i++) {
      const u = units[i] as Unit;
      const next = units[i + 1];
      const nextText = next?.text ?? '';
      // 千万不要 "never", 千万要 "be sure to": not ten million
      if (u.kind === 'num' && u.text === '千万' && /^(不要|别|不能|不可|不可以|要|得|记得)$/.test(nextText)) {
        out.push({ en: /^(要|得|记得)$/.test(nextText) ? 'be sure to' : 'never', tag: 'd', zh: '' });
        i++;
        lastWordAt = -1;
        continue;
      }
      if (u.kind === 'num') {
        i += this.number(u.value, units, i, out);
        lastWordAt = -1;
        continue;
      }
      if (u.kind === 'other') {
        // A name the text also gives in Latin letters: 奥韦奇金（Ovechkin） → Ovechkin, once.
        if ((u.text === '（' || u.text === '(') && lastWordAt >= 0 && /^(n|j|x|l|eng|name)/.test(out[lastWordAt]?.tag ?? '')) {
          const close = this.latinAside(units, i);
          if (close > 0) {
            out.length = lastWordAt;
            for (let k = i + 1; k < close; k++) out.push({ en: (units[k] as Unit).text, tag: 'eng', zh: '' });
            i = close;
            lastWordAt = -1;
            continue;
          }
        }
        if (u.text === '·' && lastWordAt >= 0) continue;
        const p = PUNCT[u.text];
        out.push({ en: p ?? u.text, tag: p !== undefined || !LATIN.test(u.text) ? 'x' : 'eng', zh: '' });
        lastWordAt = -1;
        continue;
      }
      // 四分之一 "a quarter", 三分之二 "two thirds"
      const parts = FRACTION.exec(u.text);
      if (parts) {
        out.push({ en: fraction(zhNumber(parts[1] as string) ?? 0, zhNumber(parts[2] as string) ?? 0), tag: 'm', zh: '' });
        lastWordAt = -1;
        continue;
      }
      // 百分之十八 "18 percent"
      if (u.text === '百分之' && next?.kind === 'num') {
        out.push({ en: `${spell(next.value, next.text)} percent`, tag: 'm', zh: '' });
        i++;
        lastWordAt = -1;
        continue;
      }
      // 每小时 "per hour", set after the amount it divides by rates()
      const per = RATE[nextText];
      if (u.text === '每' && next?.kind === 'han' && per !== undefined) {
        out.push({ en: `per ${per}`, tag: 'rate', zh: '每' });
        i++;
        lastWordAt = -1;
        continue;
      }
      // 第 + number: an ordinal, its measure word dropped (第三个 "third").
      if (u.text === '第' && next?.kind === 'num') {
        out.push({ en: ordinal(next.value), tag: 'm', zh: '第' });
        i += units[i + 2]?.kind === 'han' && this.isMeasure(units[i + 2]?.text ?? '') ? 2 : 1;
        lastWordAt = -1;
        continue;
      }
      // A demonstrative with its measure word: 这本书 "this book".
      // (这次 alone is "this time": 次 counts what follows it only when something does)
      if (
        DETERMINER.test(u.text) &&
        next?.kind === 'han' &&
        this.isMeasure(nextText) &&
        (nextText !== '次' || /^(n|vn)/.test(units[i + 2]?.kind === 'han' ? (units[i + 2] as { tag: string }).tag : ''))
      )
        i++;
      // 加拿大人 "Canadians", 中国人 "Chinese": a country and 人, however jieba cut them, are its people
      const country = u.text.length > 2 && u.text.endsWith('人') ? u.text.slice(0, -1) : nextText === '人' ? u.text : '';
      const adjective = country === '' ? undefined : demonym(this.word(country, 'ns').text);
      if (adjective !== undefined) {
        // one of them, 这位巴西人 "this Brazilian", 他是挪威人 "he is Norwegian", is the adjective
        out.push({ en: ONE.test(out[out.length - 1]?.en ?? '') ? adjective : nationals(adjective), tag: 'nr', zh: u.text });
        if (country === u.text) i++;
        lastWordAt = -1;
        continue;
      }
      // A name runs on across a · and across the pieces jieba cut one name into (科尔 伯特 "Colbert").
      const prev = units[i - 1];
      const joined = lastWordAt >= 0 && (prev?.text === '·' || (prev?.kind === 'han' && NAME_TAG.test(prev.tag) && NAME_TAG.test(u.tag)));
      if (!joined) lastWordAt = out.length;
      // a verb right after a number and its measure word is a noun: 一项发现 "a discovery"
      let tag = u.tag === 'v' && out[out.length - 1]?.tag === 'm' && units[i - 1]?.kind === 'han' && MEASURE.has(units[i - 1]?.text ?? '') ? 'vn' : u.tag;
      // and a word that can be a verb, right after a subject pronoun, is one: 他声称 "he claimed" (jieba: a noun)
      if (tag === 'n' && SUBJECT.test(units[i - 1]?.text ?? '') && this.word(u.text, 'v').verbal) tag = 'v';
      const w = this.word(u.text, tag);
      // what jieba took for a place or a name but English writes as a common noun is one: 英里 "mile", 城市 "city"
      if (/^(ns|nr|nrt|nz)$/.test(tag) && /^[a-z]/.test(w.text)) tag = 'n';
      out.push({ en: w.text, tag, zh: u.text, verbal: w.verbal, countable: w.countable });
    }
    titles(out);
    adjectivesOfPlace(out);
    rates(out);
    forWhom(out);
    approximations(out);
    timePrepositions(out);
    postpositions(out);
    placeAfter(out);
    // A sentence that tells of something over (了, 过, 曾, a year gone by) is told in the past tense.
    // (A piece of a word jieba made up, 吃了饭 → 吃 了 饭, has no part of speech: its sense tells.)
    // Each sentence of the text on its own: 了 in one does not put the next in the past.
    const pasts = text.split(SENTENCE_END).map((s) => PAST_MARK.test(s));
    let sentence = 0;
    for (const it of out) {
      if (/^[.!?]$/.test(it.en) && it.tag === 'x') sentence++;
      if (pasts[sentence] && it.verbal && (it.tag === 'v' || it.tag === 'x' || ZH_FUNCTION_VERBS.has(it.zh))) {
        it.base = it.en;
        it.en = pastTense(it.en);
      }
    }
    complements(out);
    perfects(out);
    progressives(out);
    objectsFirst(out);
    reported(out);
    adverbs(out);
    plurals(out);
    negations(out);
    passives(out);
    infinitives(out);
    copulas(out);
    modalBe(out);
    degrees(out);
    agreement(out, pasts);
    relativeClauses(out);
    possessives(out);
    articles(out);
    const english = join(indefinites(tidy(out.map((it) => it.en).filter((w) => w !== ''))));
    // A sentence begins with a capital letter; a word or a phrase (三只猫 "three cats") is glossed as it is.
    return SENTENCE_FINAL.test(text) ? capitalize(english) : english;
  }

  /**
   * The English of a number and of what it counts, pushed to `out`; returns how many units after it were
   * used too. 23 亿 → "2.3 billion", 一只 → "a", 1950 年 → "1950", 5 月 3 日 → "May 3", 11 点 20 分 → "11:20".
   */
  private number(value: number, units: readonly Unit[], i: number, items: Item[]): number {
    const out = {
      push: (...ws: string[]) => {
        for (const en of ws) items.push({ en, tag: 'm', zh: '' });
      },
    };
    let used = 0;
    let n = value;
    const at = (k: number) => units[i + 1 + k]?.text ?? '';
    while (at(used) === '万' || at(used) === '亿') n *= ZH_UNIT[at(used++)] as number;
    const text = (units[i] as Unit).text;
    const after = at(used);
    if (after === '年' && Number.isInteger(n) && n >= 1000 && n < 2200 && used === 0) {
      if (at(1) === '代') {
        out.push(`${n}s`);
        return 2;
      }
      out.push(String(n));
      return 1;
    }
    if ((after === '月' || after === '月份') && n >= 1 && n <= 12 && Number.isInteger(n)) {
      const month = MONTHS[n - 1] as string;
      const day = units[i + 2];
      if (day?.kind === 'num' && (at(2) === '日' || at(2) === '号')) {
        out.push(month, String(day.value));
        return 3;
      }
      out.push(month);
      return 1;
    }
    if (after === '点' && units[i + 2]?.kind === 'num' && at(2) === '分') {
      const minutes = (units[i + 2] as { value: number }).value;
      out.push(`${n}:${String(minutes).padStart(2, '0')}`);
      return 3;
    }
    // 11 点 "11:00", 3 点半 "3:30"
    if (after === '点' && used === 0 && Number.isInteger(n) && n <= 24) {
      const half = at(1) === '半';
      out.push(`${n}:${half ? '30' : '00'}`);
      return half ? 2 : 1;
    }
    // 20 世纪 60 年代 "the 1960s"; 19 世纪 "the 19th century"; 80 年代 "the 80s"
    if (after === '世纪' && used === 0 && Number.isInteger(n) && n >= 1 && n <= 30) {
      const decade = units[i + 2];
      if (decade?.kind === 'num' && at(2) === '年代' && decade.value % 10 === 0 && decade.value < 100) {
        out.push('the', `${(n - 1) * 100 + decade.value}s`);
        return 3;
      }
      out.push('the', ordinal(n), 'century');
      return 1;
    }
    if (after === '年代' && used === 0 && Number.isInteger(n) && n % 10 === 0) {
      out.push('the', `${n}s`);
      return 1;
    }
    const unit = UNITS[after];
    // 28 岁的比达尔 "28-year-old Vidal"
    if (unit === 'year old' && at(used + 1) === '的') {
      out.push(`${spell(n, text)}-year-old`);
      return used + 2;
    }
    if (unit) {
      out.push(counted(n, text, unit));
      return used + 1;
    }
    if (this.isMeasure(after)) {
      // 一个月 "a month": a measure word before a unit of time
      const timeUnit = UNITS[at(used + 1)];
      if (timeUnit && after === '个') {
        out.push(counted(n, text, timeUnit));
        return used + 2;
      }
      out.push(n === 1 && !/\d/.test(text) ? 'a' : spell(n, text));
      return used + 1;
    }
    out.push(spell(n, text));
    return used;
  }

  /** A measure word: one of the common ones, or a character CC-CEDICT gives as a classifier (两枚 "two"). */
  private isMeasure(t: string): boolean {
    if (MEASURE.has(t)) return true;
    if (t.length !== 1 || ZH_FUNCTION[t] !== undefined) return false;
    let known = this.classifiers.get(t);
    if (known === undefined) {
      known = this.dict.lookup(t).some((e) => e.senses.some((s) => /^classifier for /.test(s)));
      this.classifiers.set(t, known);
    }
    return known;
  }

  /** The index of the closing parenthesis when units[open] opens an aside in Latin letters only, else 0. */
  private latinAside(units: readonly Unit[], open: number): number {
    let latin = false;
    for (let k = open + 1; k < units.length && k < open + 12; k++) {
      const u = units[k] as Unit;
      if (u.text === '）' || u.text === ')') return latin ? k : 0;
      if (u.kind === 'han') return 0;
      if (LATIN.test(u.text)) latin = true;
    }
    return 0;
  }

  /**
   * The sentence cut into units: Han runs by jieba (numerals apart, unknown words cut again into known
   * ones), everything else by a small tokenizer that keeps 9:30, 1,000, 5-3 and U.S. whole; no whitespace.
   */
  private units(text: string): Unit[] {
    const units: Unit[] = [];
    for (const [run] of text.matchAll(RUNS)) {
      if (HAN.test(run)) {
        const tagged = this.jieba.tag(run, true);
        this.joinWords(tagged);
        for (let t = 0; t < tagged.length; t++) {
          const { word: token, tag } = tagged[t] as TaggedWord;
          const next = tagged[t + 1];
          // 哈 维克 → Harvick: one sound character a name is spelled with, before the rest of the name
          const opens = token.length === 1 && /^nr/.test(tag) && next !== undefined && this.foreignName(next.word, next.tag, undefined) && soundsForeign(token);
          if (ZH_FUNCTION[token] !== undefined && !NUMERAL.test(token)) units.push({ kind: 'han', text: token, tag });
          else if (opens || this.foreignName(token, tag, units[units.length - 1])) {
            const last = units[units.length - 1];
            if (last?.kind === 'han' && last.tag === 'name') last.text += token;
            else units.push({ kind: 'han', text: token, tag: 'name' });
          } else if (this.chineseName(token, tag)) units.push({ kind: 'han', text: token, tag: 'nr' });
          else this.split(token, tag, units);
        }
        continue;
      }
      for (const [token] of run.matchAll(OTHER)) {
        // 0230 (a time, a code) is written as it is, not read as the number 230
        if (ARABIC.test(token) && !/^0\d/.test(token)) units.push({ kind: 'num', value: Number(token.replace(/,/g, '')), text: token });
        else if (!/^\s+$/.test(token)) units.push({ kind: 'other', text: token });
      }
    }
    return units;
  }

  /**
   * Words jieba cut apart that CC-CEDICT has as one (世界 大战 → 世界大战 "world war"), joined: the
   * longest run of up to four words, eight characters, that is an entry (世界大战, 斯坦福大学).
   */
  private joinWords(tagged: TaggedWord[]): void {
    for (let a = 0; a < tagged.length - 1; a++)
      for (let n = Math.min(4, tagged.length - a); n >= 2; n--) {
        const run = tagged.slice(a, a + n);
        // Never across a pronoun: 我 去 is "I go", not the interjection 我去 "what the!".
        if (run.some((t) => t.tag === 'r')) continue;
        const w = run.map((t) => t.word).join('');
        // A miss is one map look-up; the entries are parsed only for a word the dictionary has.
        if (w.length > 8 || !this.dict.lookup(w).some((e) => e.simplified === w)) continue;
        tagged.splice(a, n, { word: w, tag: (tagged[a + n - 1] as TaggedWord).tag });
        break;
      }
  }

  /**
   * Whether a token is (part of) a foreign name spelled in sound characters: a word the dictionary
   * lacks that jieba takes for a name, or one such character right after a name (斯特兰 德).
   */
  private foreignName(token: string, tag: string, prev: Unit | undefined): boolean {
    if (!soundsForeign(token) || !/^(nr|nrt|ns|nz|x)$/.test(tag)) return false;
    if (prev?.kind === 'han' && prev.tag === 'name' && token.length === 1) return true;
    if (token.length < 2 || this.dict.longestAt(token, 0, token.length) >= token.length) return false;
    // 本赛季 "this season", 小皮 "little Pi": a word with a determiner or a prefix before it is no name
    return !(/^[本该这那每全各此上前今明去新老小大首次总副]/.test(token) && this.dict.longestAt(token, 1, token.length) === token.length - 1);
  }

  /**
   * A Chinese person's name the dictionary lacks (张伟, 李小红): a surname CC-CEDICT knows as one ("surname
   * Zhang") and one or two more characters, which jieba took for a name or did not know → "Zhang Wei".
   */
  private chineseName(token: string, tag: string): string | null {
    if (!/^(nr|x)$/.test(tag) || token.length < 2 || token.length > 3 || this.dict.lookup(token).length > 0) return null;
    const chars = [...token];
    // 水是 is "water is", not a Mr Shui: a given name holds no grammatical word.
    if (chars.slice(1).some((ch) => ZH_FUNCTION[ch] !== undefined || ZH_COMMON[ch] !== undefined)) return null;
    const surname = this.dict.lookup(chars[0] as string).find((e) => e.senses.some((s) => /^surname [A-Z]/.test(s)));
    if (!surname) return null;
    const reading = (ch: string, proper: boolean) => {
      const e = this.dict.lookup(ch).find((x) => /^[A-Z]/.test(x.pinyinNumbered) === proper) ?? this.dict.lookup(ch)[0];
      return (
        e?.pinyinNumbered
          .split(' ')[0]
          ?.replace(/[0-9]$/, '')
          .replace(/u:/g, 'ü')
          .toLowerCase() ?? ''
      );
    };
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    const given = chars
      .slice(1)
      .map((ch) => reading(ch, false))
      .join('');
    if (!given || !/^[a-zü]+$/.test(given)) return null;
    return `${cap(reading(chars[0] as string, true))} ${cap(given)}`;
  }

  /** A Han token as units: numerals apart from what they count (三只 → 3, 只), unknown words cut into known ones. */
  private split(token: string, tag: string, units: Unit[]): void {
    // 这座 "this", 整座 "the whole": a determiner and the measure word jieba joined to it, apart.
    if (token.length === 2 && DETERMINER.test(token[0] as string) && this.isMeasure(token[1] as string) && this.dict.lookup(token).length === 0) {
      units.push({ kind: 'han', text: token[0] as string, tag: token[0] === '整' ? 'a' : 'r' }, { kind: 'han', text: token[1] as string, tag: 'q' });
      return;
    }
    if (FRACTION.test(token)) {
      units.push({ kind: 'han', text: token, tag: 'm' });
      return;
    }
    for (let i = 0; i < token.length; ) {
      // 第 before a numeral makes an ordinal (第一批 → 第, 1, 批), however jieba cut it.
      if (token[i] === '第' && NUMERAL.test(token[i + 1] ?? '')) {
        units.push({ kind: 'han', text: '第', tag: 'm' });
        i++;
        continue;
      }
      NUMERAL_RUN.lastIndex = i;
      const m = NUMERAL_RUN.exec(token);
      // A numeral starts here, unless it is only the first character of a word (一起, 万一 are words; not after 第).
      const inWord = m?.[0].length === 1 && token[i - 1] !== '第' && this.dict.longestAt(token, i) > 1 && i + 1 < token.length;
      if (m && !(inWord && !MEASURE.has(token[i + 1] as string) && UNITS[token[i + 1] as string] === undefined)) {
        const value = zhNumber(m[0]);
        if (value !== null && (m[0].length > 1 || token.length > 1 || !/[万亿千百十]/.test(m[0]))) {
          units.push({ kind: 'num', value, text: m[0] });
          i += m[0].length;
          continue;
        }
      }
      if (i === 0 && (this.dict.longestAt(token, 0, token.length) === token.length || ZH_COMMON[token] !== undefined)) {
        units.push({ kind: 'han', text: token, tag });
        return;
      }
      // 自杀性 "suicidal": 性 making an adjective of the word before it says nothing more in a gloss
      if (i > 0 && i === token.length - 1 && token[i] === '性') return;
      const n = Math.max(1, this.dict.longestAt(token, i));
      units.push({ kind: 'han', text: token.slice(i, i + n), tag: 'x' });
      i += n;
    }
  }

  /** The English for one word ('' for a word English leaves unsaid), and whether it is a verb. */
  private word(token: string, tag: string): Rendering {
    const pos = tag === 'v' ? 'v' : tag === 'vn' ? 'vn' : tag.startsWith('n') ? 'n' : tag === 'a' || tag === 'd' ? tag : '';
    const key = `${token}/${pos}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const fixed = ZH_FUNCTION[token];
    const common = ZH_COMMON[token];
    const english =
      tag === 'name'
        ? { text: romanize(token), verbal: false }
        : this.chineseName(token, tag)
          ? { text: this.chineseName(token, tag) as string, verbal: false }
          : fixed !== undefined
            ? { text: fixed, verbal: ZH_FUNCTION_VERBS.has(token) }
            : common !== undefined
              ? commonSense(common, pos)
              : (bestSense(token, this.dict.lookup(token), pos) ?? nameOf(properName(token, this.dict.lookup(token))));
    // A noun CC-CEDICT counts with a measure word (猫 CL:只) is a count noun, which English may make plural.
    const countable = pos === 'n' && this.dict.lookup(token).some((e) => e.simplified === token && COUNTED.test(e.senses.join('/')));
    const rendering: Rendering = countable ? { ...english, countable } : english;
    this.memo.set(key, rendering);
    return rendering;
  }
}

/** A place's or person's name as a rendering, or nothing to say. */
const nameOf = (name: string | null): Rendering => ({ text: name ?? '', verbal: false });

/** A ZH_COMMON rendering for a part of speech: "to develop|development" is a verb's first, a noun's second. */
function commonSense(common: string, pos: string): Rendering {
  const bar = common.indexOf('|');
  const text = bar < 0 ? common : pos === 'n' || pos === 'vn' ? common.slice(bar + 1) : common.slice(0, bar);
  return { text: text.replace(/^to /, ''), verbal: text.startsWith('to ') };
}

/** A word of the gloss: its English ('' when unsaid), jieba's part of speech, the Chinese it renders. */
interface Item {
  en: string;
  tag: string;
  zh: string;
  verbal?: boolean;
  /** the English before it was put in the past tense */
  base?: string;
  /** a count noun (CC-CEDICT gives it a measure word) */
  countable?: boolean;
  /** 有 right after a place phrase: "there is" */
  afterPlace?: boolean;
}

const nominal = (it: Item | undefined): boolean => it !== undefined && it.en !== '' && /^(n|nr|ns|nt|nz|nrt|ng|j|eng|vn|an|name)$/.test(it.tag);
const POSSESSIVE: Readonly<Record<string, string>> = { I: 'my', you: 'your', he: 'his', she: 'her', it: 'its', we: 'our', they: 'their' };

/** X 的 Y: "Y of X" when X is a noun phrase, "his Y" when X is a pronoun; otherwise 的 says nothing. */
function possessives(items: Item[]): void {
  for (let i = 1; i < items.length - 1; i++) {
    if (items[i]?.zh !== '的') continue;
    const left = items[i - 1] as Item;
    const pronoun = POSSESSIVE[left.en];
    if (pronoun && left.tag === 'r') {
      left.en = pronoun;
      continue;
    }
    if (!nominal(left) || !nominal(items[i + 1])) continue;
    // 伊拉克的监狱 "Iraq's prison": a name owns what follows it
    if (/^(nr|ns|nrt|name)$/.test(left.tag) && !nominal(items[i - 2])) {
      left.en = /s$/.test(left.en) ? `${left.en}'` : `${left.en}'s`;
      continue;
    }
    let a = i - 1;
    while (a > 0 && nominal(items[a - 1]) && i - a < 3) a--;
    let b = i + 1;
    while (b + 1 < items.length && nominal(items[b + 1]) && b - i < 3) b++;
    const x = items.slice(a, i);
    const y = items.slice(i + 1, b + 1);
    items.splice(a, b - a + 1, ...y, { en: 'of', tag: 'p', zh: '' }, ...x);
    i = b;
  }
}

/** Nouns for people, which "who" refers back to (besides those AGENT tells). */
const PERSON = /^(people|persons?|m[ae]n|wom[ae]n|child(ren)?|players?|officials?|members?|residents?|staff)$/;

/**
 * What a relative clause begins after: a mark of punctuation, an aspect particle (the main verb's end), 是,
 * a number, measure word or determiner (the noun phrase's start), or another 的.
 */
const opensClause = (it: Item): boolean =>
  (it.tag === 'x' && !LATIN.test(it.en)) || /^(了|着|过|的|是)$/.test(it.zh) || /^(m|mq|q)$/.test(it.tag) || DETERMINED.test(it.en);

/** The most words a relative clause is taken to run to; a longer run is likely more than the clause. */
const CLAUSE_WORDS = 5;

/**
 * X 的 N, X a verb phrase, is a relative clause, which English puts after its noun: 我们看到的太阳 "the sun
 * that we see", 他喜欢的书 "the books that he likes", 获奖的人 "people who win an award".
 */
function relativeClauses(items: Item[]): void {
  for (let i = 1; i < items.length - 1; i++) {
    if ((items[i] as Item).zh !== '的' || !(items[i - 1] as Item).verbal) continue;
    let a = i - 1;
    while (a > 0 && !opensClause(items[a - 1] as Item)) a--;
    if (i - a > CLAUSE_WORDS || !items.slice(a, i).some((it) => it.tag === 'v' && it.verbal === true)) continue;
    // the noun, with any adjectives before it
    let b = i + 1;
    while (b < items.length && b - i <= 3 && (nominal(items[b]) || /^(a|b)$/.test((items[b] as Item).tag))) b++;
    if (!nominal(items[b - 1]) || b === i + 1) continue;
    const head = (items[b - 1] as Item).en;
    const who = PERSON.test(head) || AGENT.test(head);
    items.splice(a, b - a, ...items.slice(i + 1, b), { en: who ? 'who' : 'that', tag: 'c', zh: '' }, ...items.slice(a, i));
    i = b - 1;
  }
}

/** Titles English puts before a name, wherever Chinese puts them: 瑞德先生 "Mr. Reid", 总统奥巴马 "President Obama". */
const TITLE: Readonly<Record<string, string>> = {
  先生: 'Mr.',
  女士: 'Ms.',
  夫人: 'Mrs.',
  小姐: 'Miss',
  博士: 'Dr.',
  教授: 'Professor',
  总统: 'President',
  总理: 'Prime Minister',
  首相: 'Prime Minister',
  主席: 'Chairman',
  国王: 'King',
  女王: 'Queen',
  王子: 'Prince',
  公主: 'Princess',
  法官: 'Judge',
  将军: 'General',
  上将: 'General',
  上校: 'Colonel',
  少校: 'Major',
  上尉: 'Captain',
  船长: 'Captain',
  主教: 'Bishop',
  牧师: 'Reverend',
  市长: 'Mayor',
  州长: 'Governor',
  参议员: 'Senator',
};
const isName = (it: Item | undefined): boolean => it !== undefined && /^(nr|nrt|name|eng)$/.test(it.tag);

function titles(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    const title = TITLE[it.zh];
    if (title === undefined) continue;
    let a = i;
    while (isName(items[a - 1])) a--;
    if (a === i && !isName(items[i + 1])) continue;
    it.en = title;
    it.tag = 'nr';
    if (a < i) items.splice(a, i - a + 1, it, ...items.slice(a, i));
  }
}

/** A country before a common noun is its adjective: 印度政府 "Indian government", 欧洲国家 "European countries". */
function adjectivesOfPlace(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const next = items[i + 1] as Item;
    const adjective = demonym(it.en);
    // (the noun may be a piece of a word jieba did not know: 印度政府 → 印度 政府)
    const piece = next.tag === 'x' && ZH_FUNCTION[next.zh] === undefined;
    if (adjective === undefined || !(nominal(next) || piece) || !/^[a-z]/.test(next.en) || next.verbal) continue;
    it.en = adjective;
    it.tag = 'a';
  }
}

/** 对 … 来说 "for …": 对我来说 "for me". */
function forWhom(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    if ((items[i] as Item).zh !== '来说') continue;
    let k = i - 1;
    while (k > 0 && i - k < 6 && (items[k] as Item).zh !== '对' && (items[k] as Item).tag !== 'x') k--;
    const to = items[k] as Item;
    if (to.zh !== '对') continue;
    to.en = 'for';
    if (k === i - 2 && OBJECT[(items[i - 1] as Item).en]) (items[i - 1] as Item).en = OBJECT[(items[i - 1] as Item).en] as string;
  }
}
const OBJECT: Readonly<Record<string, string>> = { I: 'me', he: 'him', she: 'her', we: 'us', they: 'them' };

/** Units of time an amount is given per: 每小时 "per hour". */
const RATE: Readonly<Record<string, string>> = {
  小时: 'hour',
  天: 'day',
  日: 'day',
  周: 'week',
  星期: 'week',
  月: 'month',
  年: 'year',
  秒: 'second',
  分钟: 'minute',
};

/**
 * "per hour" follows the amount it divides (每小时 105 英里 "105 miles per hour") and stays after one
 * (160 公里每小时); with no amount it is "every hour".
 */
function rates(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    if (it.tag !== 'rate') continue;
    it.tag = 'd';
    const next = items[i + 1];
    if (next?.tag === 'm' && nominal(items[i + 2])) {
      items.splice(i, 3, next, items[i + 2] as Item, it);
      i += 2;
    } else if (!(items[i - 1] && (/^(m|q)$/.test(items[i - 1]?.tag ?? '') || nominal(items[i - 1])))) it.en = it.en.replace(/^per/, 'every');
  }
}

/** A date opening a clause takes its preposition: 2009 年，… "In 2009, …", 周一，… "On Monday, …". */
function timePrepositions(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    const prev = items[i - 1];
    if (prev && !(prev.tag === 'x' && /^[,.;:!?]$/.test(prev.en))) continue;
    // (a date standing alone, or followed by more of itself, 2008 May 3, is written as it is)
    const next = items[i + 1];
    if (MONTHS.includes(it.en) && next && /^\d{1,2}$/.test(next.en) && items[i + 2]) {
      items.splice(i++, 0, { en: 'on', tag: 'p', zh: '' });
      continue;
    }
    if (!next || MONTHS.includes(next.en) || /^\d/.test(next.en)) continue;
    if (/^1\d{3}s?$|^20\d\ds?$/.test(it.en) || MONTHS.includes(it.en)) items.splice(i++, 0, { en: 'in', tag: 'p', zh: '' });
    else if (/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$/.test(it.en)) items.splice(i++, 0, { en: 'on', tag: 'p', zh: '' });
  }
}

/**
 * 左右 and 多 after a number say how near it is, and English says so before it: 9:30 左右 "about 9:30",
 * 300 多人 "more than 300 people"; 上午 and 下午 before a time are "am" and "pm" after it.
 */
function approximations(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    let k = i - 1;
    while (k > 0 && (items[k] as Item).tag === 'm' && (items[k - 1] as Item).tag === 'm' && i - k < 3) k--;
    const number = items[k] as Item;
    if (
      !(number.tag === 'm' || /^\d/.test(number.en)) ||
      !/\d|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion/.test(number.en)
    )
      continue;
    if (it.zh === '左右' || it.zh === '上下') {
      items.splice(i, 1);
      items.splice(k, 0, { en: 'about', tag: 'd', zh: '' });
    } else if (it.zh === '多' && i === k + 1) {
      items.splice(i, 1);
      items.splice(k, 0, { en: 'more than', tag: 'd', zh: '' });
    }
  }
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const at = items[i + 1]?.en === 'about' ? i + 2 : i + 1;
    if ((it.zh === '上午' || it.zh === '下午') && /^\d{1,2}(:\d\d)?$/.test(items[at]?.en ?? '')) {
      items.splice(at + 1, 0, { en: it.zh === '上午' ? 'am' : 'pm', tag: 't', zh: '' });
      items.splice(i, 1);
    }
  }
}

/** Chinese puts after a phrase what English puts before it: 在桌子上 "on the table", 战争之后 "after the war". */
const POSTPOSITION: Readonly<Record<string, string>> = {
  上: 'on',
  中: 'in',
  里: 'in',
  之中: 'among',
  当中: 'among',
  内: 'within',
  下: 'under',
  外: 'outside',
  时: 'when',
  时候: 'when',
  的时候: 'when',
  后: 'after',
  之后: 'after',
  以后: 'after',
  前: 'before',
  之前: 'before',
  以前: 'before',
  以来: 'since',
  期间: 'during',
  之间: 'between',
};
/** Coverbs that open the phrase a postposition closes; the first three say nothing the postposition does not. */
const COVERB = /^(在|于|当|从|自|到|由|向)$/;

function postpositions(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const post = items[i] as Item;
    const english = POSTPOSITION[post.zh];
    if (english === undefined || !(post.tag === 'f' || /时/.test(post.zh))) continue;
    let j = i - 1;
    while (j >= 0 && (items[j] as Item).tag !== 'x' && !COVERB.test((items[j] as Item).zh) && i - j <= 8) j--;
    const coverb = j >= 0 && COVERB.test((items[j] as Item).zh) ? (items[j] as Item) : null;
    const start = coverb ? j + 1 : j + 1;
    if (!coverb && j >= 0 && (items[j] as Item).tag !== 'x') continue;
    if (start >= i) continue;
    const phrase = items.slice(start, i);
    // 三年前 "three years ago", 两天后 "two days later": a span of time before 前/后 stays where it is.
    if (
      /^(前|后|之前|之后|以前|以后)$/.test(post.zh) &&
      ((phrase.length === 1 && / (years?|days?|months?|weeks?|hours?|minutes?|centuries|century)$/.test(phrase[0]?.en ?? '')) ||
        (phrase.length === 2 &&
          phrase[0]?.tag === 'm' &&
          /^\d|one|two|three|four|five|six|seven|eight|nine|ten|several/.test(phrase[0]?.en ?? '') &&
          phrase[1]?.tag === 't'))
    ) {
      post.en = /前/.test(post.zh) ? 'ago' : 'later';
      continue;
    }
    // 桌子上有一本书 "on the table there is a book"
    const after = items[i + 1];
    if (after?.zh === '有') after.afterPlace = true;
    if (coverb && /^(在|于|当)$/.test(coverb.zh)) {
      coverb.en = english;
      items.splice(start, i - start + 1, ...phrase);
    } else if (coverb && /^(上|中|里|内)$/.test(post.zh)) {
      items.splice(i, 1);
    } else {
      items.splice(start, i - start + 1, { en: english, tag: 'p', zh: '' }, ...phrase);
    }
  }
}

/** English nouns for a kind of person: researcher, actor, scientist, historian, immigrant, student (not father, number). */
const AGENT = /(?<!(th|mb|nt|tt|at|ap|ow|rd|mm|et|ov|ay|it|nc)e)r$|or$|ist$|ian$|ant$|(?<!m)ent$/;

/**
 * 在北京工作 "work in Beijing", 与中国建立联系 "establish ties with China": a place phrase or a "with"
 * phrase before the verb goes after the verb phrase in English.
 */
function placeAfter(items: Item[]): void {
  for (let i = 0; i < items.length - 2; i++) {
    const it = items[i] as Item;
    if (!(/^(in|at|on)$/.test(it.en) && /^(在|于)$/.test(it.zh)) && !/^(跟|同|与|为|给)$/.test(it.zh)) continue;
    let k = i + 1;
    while (k < items.length && k - i <= 5 && (nominal(items[k]) || items[k]?.en === 'the' || items[k]?.tag === 'm')) k++;
    const verb = items[k];
    if (k === i + 1 || !verb?.verbal || verb.tag !== 'v') continue;
    let end = k + 1;
    while (end < items.length && !((items[end] as Item).tag === 'x' && !LATIN.test((items[end] as Item).en)) && end - k <= 5) end++;
    if (end < items.length && !((items[end] as Item).tag === 'x' && !LATIN.test((items[end] as Item).en))) continue;
    const phrase = items.slice(i, k);
    const vp = items.slice(k, end);
    items.splice(i, end - i, ...vp, ...phrase);
    i = end - 1;
  }
}

/** Nouns after a number above one or a word of quantity are plural. */
function plurals(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    // a unit after a number counts too: 220 公里 "220 kilometers"
    // a unit after a number counts too (220 公里 "220 kilometers"), and so do a span of time (三个赛季
    // "three seasons") and a piece of a word jieba did not know (数十亿美元 "billions of US dollars")
    const unit =
      /^(q|t|x)$/.test(it.tag) && /^[A-Za-z]+( [a-z]+)*$/.test(it.en) && !/ly$/.test(it.en) && !it.verbal && it.zh !== '' && ZH_FUNCTION[it.zh] === undefined;
    if ((!nominal(it) && !unit) || /^(nr|ns|nt|nrt|eng|name)$/.test(it.tag)) continue;
    const prev: Item = items[i - 1] ?? { en: '', tag: 'x', zh: '' };
    const many =
      (prev.tag === 'm' &&
        prev.zh !== '第' &&
        !prev.en.includes(':') &&
        !/^(a|one|1|first|second|third)$/.test(prev.en) &&
        /\d|two|three|four|five|six|seven|eight|nine|ten|million|billion/.test(prev.en)) ||
      /^(these|those|many|some|all|most|other|several|various)$/.test(prev.en) ||
      /^(several|many|numerous) |\b(millions?|billions?|thousands|hundreds)$/.test(prev.en);
    // A noun for a kind of person, or one that Chinese counts with a measure word, at the head of its
    // phrase with nothing to say there is one, is more often plural in English (科学家宣布 "scientists
    // announced"; not inside a place phrase, "on the table"); a noun before a noun modifies it.
    const single = /^(a|an|one|this|that|each|every|the)$/.test(prev.en) || prev.tag === 'm' || prev.tag === 'r';
    const counted = it.countable === true && !/^(in|on|at|under|within|outside|among|between|of|from|to)$/.test(prev.en) && !/s$/.test(it.en);
    const head = !many && !single && it.tag === 'n' && !nominal(items[i + 1]) && (AGENT.test(it.en) || counted);
    if (many || head) it.en = plural(it.en);
  }
}

/** Words that open a noun phrase as an article does. */
const DETERMINED = /^(the|a|an|this|that|these|those|my|your|his|her|its|our|their|each|every)$/i;

/** What an article does not follow: "the most common", "more people", "no reason". */
const DEGREE_WORD = /(^|\s)(most|more|no)$/;

/** "the" before a noun phrase that no determiner, number or possessive opens. */
function articles(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    // an ordinal or a superlative: 第三个进球 "the third goal", 最大 "the largest"; 他的第 60 个进球 "his 60th goal"
    if (it.zh === '第' || (/^最./.test(it.zh) && /est$/.test(it.en))) {
      const prev = items[i - 1];
      if (!prev || !(/^(m|r)$/.test(prev.tag) || DETERMINED.test(prev.en))) items.splice(i++, 0, { en: 'the', tag: 'art', zh: '' });
      continue;
    }
    if (!nominal(it) || /^(nr|ns|nt|nrt|eng|name)$/.test(it.tag)) continue;
    let k = i - 1;
    while (k >= 0 && (items[k] as Item).en === '') k--;
    const prev = items[k];
    if (nominal(prev) || (prev && /^(m|r|mq)$/.test(prev.tag)) || (DETERMINED.test(prev?.en ?? '') && prev?.tag !== 'c') || DEGREE_WORD.test(prev?.en ?? ''))
      continue;
    // Nor after "and" (the one article serves both) or after a mark of punctuation inside the sentence.
    if (prev && (/^(and|or)$/.test(prev.en) || (prev.tag === 'x' && !LATIN.test(prev.en)))) continue;
    // Before the adjective of "the new tool", unless something else already opens the phrase.
    let at = i;
    if (prev && /^(a|b)$/.test(prev.tag)) {
      at = k;
      const before = items[k - 1];
      if (before && (nominal(before) || /^(m|r|mq)$/.test(before.tag) || /^(the|a|an)$/.test(before.en))) continue;
    }
    items.splice(at, 0, { en: 'the', tag: 'art', zh: '' });
    i++;
  }
}

/** "is" agrees with its subject and the sentence's tense (they are, it was, the cells were); so does 有. */
function agreement(items: Item[], pasts: readonly boolean[]): void {
  let sentence = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    if (/^[.!?]$/.test(it.en) && it.tag === 'x') sentence++;
    const past = pasts[sentence] === true;
    // 有 opening a clause (or after a time or place) is "there is": 有三个人 "there are three people".
    if (it.en === 'have' && it.zh === '有') {
      let k = i - 1;
      while (k >= 0 && (items[k] as Item).en === '') k--;
      const p = items[k];
      if (!p || (p.tag === 'x' && !LATIN.test(p.en)) || /^(t|f|s)$/.test(p.tag) || it.afterPlace) {
        const many = /s$/.test(items[i + 1]?.en ?? '') || (items[i + 1]?.tag === 'm' && !/^(a|an|one|1)$/.test(items[i + 1]?.en ?? ''));
        it.en = `there ${past ? (many ? 'were' : 'was') : many ? 'are' : 'is'}`;
        continue;
      }
      if (past) it.en = 'had';
    }
    // he says, the city lies: a verb in the present after one person or thing takes -s
    if (!past && it.verbal && it.tag === 'v') {
      let k = i - 1;
      while (k >= 0 && (items[k] as Item).en === '') k--;
      const s = items[k];
      const one = s && (/^(he|she|it|this|that)$/i.test(s.en) || (nominal(s) && !/s$/.test(s.en)));
      if (one && /^[a-z]+$/.test(it.en.split(' ')[0] ?? '')) it.en = thirdPerson(it.en);
      continue;
    }
    if (it.en !== 'is') continue;
    let k = i - 1;
    while (k >= 0 && (items[k] as Item).en === '') k--;
    const subject = (items[k]?.en ?? '').toLowerCase();
    // can be, will be, to be
    if (/^(can|could|will|would|may|might|must|should|to|cannot|not)$/.test(subject)) {
      it.en = subject === 'not' && !/^(can|could|will|would|may|might|must|should|to)$/.test(items[k - 1]?.en ?? '') ? it.en : 'be';
      if (it.en === 'be') continue;
    }
    const many =
      /^(they|we|you|these|those)$/.test(subject) || (nominal(items[k]) && /[^s]s$/.test(subject) && !/^(nr|ns|nt|nrt|eng|name)$/.test(items[k]?.tag ?? ''));
    it.en = past ? (many ? 'were' : 'was') : many ? 'are' : 'is';
  }
}

/** 已经 before a verb is the perfect: 他已经踢了 49 场比赛 "he has already played 49 games". */
function perfects(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (!/^(已经|已)$/.test(it.zh)) continue;
    // the verb, maybe after a phrase of its own: 已经为俱乐部踢了 "has already played for the club"
    let v = i + 1;
    while (v < items.length && v - i <= 4 && !(items[v] as Item).verbal && (items[v] as Item).tag !== 'x') v++;
    const verb = items[v];
    if (!verb?.verbal || verb.tag !== 'v' || !/^[a-z]+( |$)/.test(verb.base ?? verb.en)) continue;
    let k = i - 1;
    while (k >= 0 && (items[k] as Item).en === '') k--;
    const subject = items[k];
    const many = subject !== undefined && (/^(I|we|you|they)$/.test(subject.en) || (nominal(subject) && /[^s]s$/.test(subject.en)));
    it.en = `${many ? 'have' : 'has'} already`;
    verb.en = pastParticiple(verb.base ?? verb.en);
    verb.base = undefined;
    verb.verbal = false;
  }
}

/** 在 or 正在 right before a verb says it is going on: 他在吃饭 "he is eating". */
function progressives(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const verb = items[i + 1] as Item;
    if (!/^(在|正在|正)$/.test(it.zh) || !verb.verbal || verb.tag !== 'v' || !/^[a-z]+( |$)/.test(verb.en)) continue;
    it.en = 'is';
    it.tag = 'v';
    verb.en = gerund(verb.base ?? verb.en);
    verb.base = undefined;
    verb.verbal = false;
  }
}

/** The -ing form of a verb phrase's first word: eat → eating, make → making, run → running. */
function gerund(phrase: string): string {
  const space = phrase.indexOf(' ');
  const verb = space < 0 ? phrase : phrase.slice(0, space);
  const rest = space < 0 ? '' : phrase.slice(space);
  if (/ie$/.test(verb)) return `${verb.slice(0, -2)}ying${rest}`;
  if (/[^aeiou]e$/.test(verb) && verb !== 'be') return `${verb.slice(0, -1)}ing${rest}`;
  if (doublesFinal(verb)) return `${verb}${verb.slice(-1)}ing${rest}`;
  return `${verb}ing${rest}`;
}

/** 把 (and 将 used as it) puts the object before the verb; English puts it after: 把书放 "put the book". */
function objectsFirst(items: Item[]): void {
  for (let i = 0; i < items.length - 2; i++) {
    const it = items[i] as Item;
    if (it.zh !== '把' && it.zh !== '将') continue;
    let k = i + 1;
    while (
      k < items.length &&
      k - i <= 5 &&
      (nominal(items[k]) || items[k]?.tag === 'r' || items[k]?.tag === 'a' || items[k]?.tag === 'm' || items[k]?.zh === '的')
    )
      k++;
    const verb = items[k];
    if (k === i + 1 || !verb?.verbal || !/^(v|x)$/.test(verb.tag)) continue;
    const object = items.slice(i + 1, k);
    items.splice(i, k - i + 1, verb, ...object);
  }
}

/** What someone says or thinks is a clause that "that" opens: 他表示，… "he said that …". */
function reported(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (!SAYING.test(it.zh)) continue;
    const next = items[i + 1] as Item;
    if (next.en === ',') next.en = 'that';
    else if ((next.tag === 'r' || nominal(next)) && clauseFollows(items, i + 1)) items.splice(i + 1, 0, { en: 'that', tag: 'c', zh: '' });
  }
}
/** Whether a verb follows within a few words, before the clause ends: a subject and its verb, not an object. */
function clauseFollows(items: readonly Item[], from: number): boolean {
  for (let k = from + 1; k < items.length && k <= from + 4; k++) {
    const it = items[k] as Item;
    if (it.tag === 'x' && !LATIN.test(it.en)) return false;
    if (it.verbal && it.tag === 'v') return true;
  }
  return false;
}
const SAYING = /^(表示|认为|说|称|指出|发现|相信|知道|希望|宣布|报道|强调|承认|声称|证实|透露|预计|担心|觉得|以为|说道)$/;

/** An adjective used as an adverb (jieba's ad) takes -ly: 迅速 "rapidly", 完全 "completely". */
function adverbs(items: Item[]): void {
  for (const it of items) {
    if (it.tag !== 'ad' || !/^[a-z]+$/.test(it.en) || /ly$/.test(it.en) || it.en.length < 4) continue;
    it.en = it.en.endsWith('le')
      ? `${it.en.slice(0, -1)}y`
      : /[^aeiou]y$/.test(it.en)
        ? `${it.en.slice(0, -1)}ily`
        : /ic$/.test(it.en)
          ? `${it.en}ally`
          : `${it.en}ly`;
  }
}

/**
 * A direction after a verb completes it and English says it with the verb alone or a particle the verb
 * already has (提出来 "put forward", 走进去 "walk in"); 来 between two verbs says what the first is for:
 * 用来说明 "used to explain".
 */
function complements(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    const prev = items[i - 1] as Item;
    // (not after 想 "want", 要 …: 想去 "want to go")
    if (!DIRECTION.test(it.zh) || !prev.verbal || ZH_FUNCTION[prev.zh] !== undefined) continue;
    it.en = it.zh === '来' && items[i + 1]?.verbal ? 'to' : '';
    it.verbal = false;
  }
}
/** A measure word for counting things, not kinds or amounts (种, 类, 份, 次 count those). */
const COUNTED = /CL:(?!(種|种|類|类|份|次|些|点|點)[|[])/;
const DIRECTION = /^(来|去|出|起|起来|出来|下来|上来|进来|回来|出去|下去|上去|进去|回去|过来|过去)$/;

/** 没(有) before a verb is "did not" with the verb as it is: 他没有来 "he did not come". */
function negations(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const verb = items[i + 1] as Item;
    if (!/^(没|没有)$/.test(it.zh) || !verb.verbal || !/^(v|x)$/.test(verb.tag)) continue;
    it.en = 'did not';
    if (verb.base !== undefined) verb.en = verb.base;
    verb.base = undefined;
    verb.verbal = false;
  }
}

/** 被 makes a passive: 他被解雇 "he was fired", 被警察逮捕 "was arrested by the police". */
function passives(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (it.zh !== '被' && it.zh !== '遭') continue;
    let k = i + 1;
    // the agent: nouns (and a noun jieba took for a verb, 警察 "police")
    while (k < items.length && k - i <= 4 && (nominal(items[k]) || (items[k]?.tag === 'v' && !items[k]?.verbal))) k++;
    const verb = items[k];
    if (!verb?.verbal || k - i > 4) continue;
    verb.en = pastTense(verb.base ?? verb.en);
    verb.base = undefined;
    const agent = items.slice(i + 1, k);
    it.en = 'is';
    if (agent.length > 0) items.splice(i + 1, k - i, verb, { en: 'by', tag: 'p', zh: '' }, ...agent);
  }
}

/** A verb right after another verb is its infinitive: 想去 "want to go", 开始学习 "begin to study". */
function infinitives(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const next = items[i + 1] as Item;
    if (!it.verbal || next.en === '' || !next.verbal) continue;
    if (!(it.tag === 'v' || ZH_FUNCTION_VERBS.has(it.zh)) || !(next.tag === 'v' || next.tag === 'x')) continue;
    if (next.base !== undefined) next.en = next.base;
    items.splice(++i, 0, { en: 'to', tag: 'p', zh: '' });
  }
  // An adjective before a verb: 很难理解 "very difficult to understand", 容易学 "easy to learn".
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const next = items[i + 1] as Item;
    if (it.tag !== 'a' || it.en === '' || !next.verbal || next.tag !== 'v') continue;
    if (next.base !== undefined) next.en = next.base;
    items.splice(++i, 0, { en: 'to', tag: 'p', zh: '' });
  }
}

/**
 * A modal before what is no verb takes "be" (可能在 "may be in", 会很忙 "will be very busy"); a modal right
 * after another says nothing more (可能会 "may will" → may).
 */
function modalBe(items: Item[]): void {
  const MODAL = /^(can|will|may|must|should|would|could|might)$/;
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (!MODAL.test(it.en)) continue;
    if (MODAL.test((items[i + 1] as Item).en)) (items[i + 1] as Item).en = '';
    let k = i + 1;
    while (k < items.length && (items[k] as Item).en === '') k++;
    const next = items[k];
    // A passive's "is" after a modal is "be": 会被当成 "will be taken as".
    if (next && /^(is|are|was|were)$/.test(next.en)) {
      next.en = 'be';
      continue;
    }
    // A verb after a modal is bare, whatever the tense: 将穿过 "will pass through", not "will passed".
    if (next?.verbal && next.base !== undefined) {
      next.en = next.base;
      next.base = undefined;
      continue;
    }
    if (!next || next.verbal || /^(v|vn|x|d)$/.test(next.tag) || /^(not|be|also|still|only|all)$/.test(next.en) || /^[,.;:!?]$/.test(next.en)) continue;
    items.splice(i + 1, 0, { en: 'be', tag: 'v', zh: '' });
  }
}

/** One-syllable adjectives English compares with -er and -est (最低 "lowest", 更大 "larger"). */
const SHORT_ADJECTIVE =
  /^(low|high|fast|slow|big|small|large|long|short|old|new|young|great|strong|weak|hot|cold|warm|cool|rich|poor|hard|easy|early|late|near|far|deep|wide|cheap|tall|heavy|light|quick|safe|close|clear|dark|bright|busy|happy|simple|wet|dry|thin|thick|fine|low-cost)$/;
const IRREGULAR_DEGREE: Record<string, [string, string]> = {
  good: ['better', 'best'],
  bad: ['worse', 'worst'],
  many: ['more', 'most'],
  much: ['more', 'most'],
  far: ['farther', 'farthest'],
};

/** 最 + adjective is its superlative (最低 "the lowest"), 更 / 比较 + adjective its comparative (更大 "larger"). */
function degrees(items: Item[]): void {
  const degree = (adj: string, most: boolean): string | null => {
    const irregular = IRREGULAR_DEGREE[adj];
    if (irregular) return irregular[most ? 1 : 0];
    if (!SHORT_ADJECTIVE.test(adj)) return null;
    const stem = /[^aeiou][aeiou][bdgmnpt]$/.test(adj) && !/(w|x|y)$/.test(adj) ? adj + adj.slice(-1) : adj.replace(/e$/, '').replace(/([^aeiou])y$/, '$1i');
    return `${stem}${most ? 'est' : 'er'}`;
  };
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const most = it.en === 'most' || it.zh === '最';
    const more = it.zh === '更' || it.zh === '更加' || it.en === 'more';
    // 越远越稀薄 "the farther, the thinner"
    const the = it.zh === '越' && (items[i + 1] as Item).tag === 'a';
    if (the) it.en = 'the more';
    if (!most && !more && !the) continue;
    const next = items[i + 1] as Item;
    const formed = next.verbal ? null : degree(next.en, most);
    if (!formed) continue;
    next.en = formed;
    it.en = most || the ? 'the' : '';
    // "the lowest" needs no second article before it
    if (most && /^(the|a|an)$/.test(items[i - 1]?.en ?? '')) it.en = '';
  }
}

/** An adjective said of a subject takes "is" in English: 他很高 "he is very tall", 价格便宜 "the price is cheap". */
function copulas(items: Item[]): void {
  for (let i = 1; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const prev = items[i - 1] as Item;
    const subject = nominal(prev) || (prev.tag === 'r' && POSSESSIVE[prev.en] !== undefined);
    if (!subject) continue;
    const degree = /^(很|非常|十分|太|相当|比较|更|最|特别|极其|越来越)$/.test(it.zh) && /^a/.test(items[i + 1]?.tag ?? '');
    const bare = it.tag === 'a' && /^[,.;!?]$/.test(items[i + 1]?.en ?? '');
    if (degree || bare) items.splice(i++, 0, { en: 'is', tag: 'v', zh: '' });
  }
}

/** The present tense after one person or thing: say → says, go → goes, carry out → carries out. */
function thirdPerson(phrase: string): string {
  const space = phrase.indexOf(' ');
  const verb = space < 0 ? phrase : phrase.slice(0, space);
  const rest = space < 0 ? '' : phrase.slice(space);
  if (verb === 'have') return `has${rest}`;
  if (verb === 'be') return `is${rest}`;
  if (/(s|x|z|ch|sh|o)$/.test(verb)) return `${verb}es${rest}`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies${rest}`;
  return `${verb}s${rest}`;
}

/**
 * English that word-by-word leaves doubled: an article after a determiner (另一个 "another a" → another,
 * 每一件 "each a" → each) and the "but" that answers "although" (虽然…但 "although …, but …").
 */
function tidy(words: string[]): string[] {
  const out: string[] = [];
  let although = false;
  for (const w of words) {
    const lower = w.toLowerCase();
    const prev = out[out.length - 1]?.toLowerCase() ?? '';
    if ((lower === 'a' || lower === 'an') && /^(another|each|every|this|that|these|those|the|my|his|her|their|our|its|your|which|what)$/.test(prev)) continue;
    if (/^[.!?]$/.test(w)) although = false;
    if (lower === 'although' || lower === 'though') although = true;
    else if (although && lower === 'but') {
      although = false;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** "a" before a vowel is "an": an hour, an airport (not a unit, a one-off, a European). */
function indefinites(words: string[]): string[] {
  for (let i = 0; i < words.length - 1; i++)
    if (words[i] === 'a' && /^([aeio]|u(?!ni|s[eu]|ro)|hour|honest|honou?r)/i.test(words[i + 1] as string) && !/^one\b/i.test(words[i + 1] as string))
      words[i] = 'an';
  return words;
}

/** Each sentence begins with a capital letter, as English writes it. */
function capitalize(s: string): string {
  return s.replace(/(^|(?<!\betc)[.!?]\s+)([("']?)([a-z])/g, (_, before: string, mark: string, letter: string) => before + mark + letter.toUpperCase());
}

/** Words joined by spaces, punctuation against the word before it (or after it, for an opening mark). */
function join(words: readonly string[]): string {
  let s = '';
  let quoteOpen = false;
  let glue = true;
  let last = '';
  for (const w of words) {
    // Two Chinese words with one English gloss (贯彻 执行 "implement implement") say it once.
    if (/^[a-z]/i.test(w) && w.toLowerCase() === last) continue;
    last = w.toLowerCase();
    if (w === '"') {
      quoteOpen = !quoteOpen;
      s += quoteOpen ? (glue ? w : ` ${w}`) : w;
      glue = quoteOpen;
      continue;
    }
    const closing = /^[,.;:!?)\]%]/.test(w);
    s += glue || closing ? w : ` ${w}`;
    glue = /^[([]$/.test(w);
  }
  return s;
}
