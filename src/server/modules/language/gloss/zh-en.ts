// Chinese → English, word by word: jieba cuts the sentence, each word becomes its one best English
// rendering, and a few rules fix what a word-for-word reading gets most wrong: numbers (23 亿 is 2.3
// billion, 第三 third, 11点20分 11:20), measure words (一只猫 "a cat"), names that the text also gives
// in Latin letters (奥韦奇金（Ovechkin）"Ovechkin"), and punctuation.
import type { Jieba, TaggedWord } from '@node-rs/jieba';
import type { Dictionary } from '../dictionary.ts';
import { pastTense, plural } from './english.ts';
import { romanize, soundsForeign } from './names.ts';
import { bestSense, type Rendering } from './senses.ts';
import { MEASURE, ZH_DIGIT, ZH_FUNCTION, ZH_FUNCTION_VERBS, ZH_UNIT } from './zh-tables.ts';

const HAN = /\p{Script=Han}/u;
const NUMERAL = /^[零〇一二两三四五六七八九十百千万亿]+$/;
const NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万亿]+/y;
const ARABIC = /^\d+(?:[.,]\d+)*$/;
const LATIN = /[A-Za-z]/;
/** Han runs and the runs between them */
const RUNS = /\p{Script=Han}+|\P{Script=Han}+/gu;
/** Non-Han text: numbers (1,000 9:30 5-3 1995-96 88%), Latin words (U.S. don't e-mail), whitespace, a mark */
const OTHER = /\d+(?:[.,:\-–]\d+)*%?(?!\p{L})|[\p{L}\p{M}\d]+(?:['’.-][\p{L}\p{M}\d]+)*\.?|\s+|——|……|[\s\S]/gu;

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

/** Words that tell a sentence is about the past: aspect particles, 曾 "once", 当时 "then", a year before 2020. */
const PAST_MARK = /了|过|曾|已经|当时|昨天|去年|(1[0-9]|20[01])\d\s*年/;

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
  人: 'people',
};

/** A number and what it counts, in English: 3 years, one day, once, twice, 28 years old. */
function counted(n: number, text: string, unit: string): string {
  if (unit === 'time' && n <= 2 && Number.isInteger(n)) return n === 1 ? 'once' : 'twice';
  if (unit === 'year old') return `${spell(n, text)} ${n === 1 ? 'year' : 'years'} old`;
  if (unit === 'people') return `${spell(n, text)} people`;
  return `${n === 1 && !/\d/.test(text) ? 'one' : spell(n, text)} ${n === 1 ? unit : plural(unit)}`;
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** A number written in Chinese numerals up to ten in English words (三 "three"), any other in digits. */
function spell(n: number, text: string): string {
  return !/\d/.test(text) && Number.isInteger(n) && n <= 10 ? (SMALL[n] as string) : formatNumber(n);
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

  constructor(
    private readonly dict: Dictionary,
    private readonly jieba: Jieba,
  ) {}

  translate(text: string): string {
    const units = this.units(text);
    const out: Item[] = [];
    /** where in `out` the English of the last Han word (with the names joined to it by ·) begins */
    let lastWordAt = -1;
    for (let i = 0; i < units.length; i++) {
      const u = units[i] as Unit;
      const next = units[i + 1];
      const nextText = next?.text ?? '';
      if (u.kind === 'num') {
        i += this.number(u.value, units, i, out);
        lastWordAt = -1;
        continue;
      }
      if (u.kind === 'other') {
        // A name the text also gives in Latin letters: 奥韦奇金（Ovechkin） → Ovechkin, once.
        if ((u.text === '（' || u.text === '(') && lastWordAt >= 0) {
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
      // 第 + number: an ordinal, its measure word dropped (第三个 "third").
      if (u.text === '第' && next?.kind === 'num') {
        out.push({ en: ordinal(next.value), tag: 'm', zh: '' });
        i += MEASURE.has(units[i + 2]?.text ?? '') ? 2 : 1;
        lastWordAt = -1;
        continue;
      }
      // A demonstrative with its measure word: 这本书 "this book".
      if (/^[这那每各某哪该此]$/.test(u.text) && MEASURE.has(nextText)) i++;
      const joined = lastWordAt >= 0 && units[i - 1]?.text === '·';
      if (!joined) lastWordAt = out.length;
      const w = this.word(u.text, u.tag);
      out.push({ en: w.text, tag: u.tag, zh: u.text, verbal: w.verbal });
    }
    postpositions(out);
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
    plurals(out);
    passives(out);
    infinitives(out);
    copulas(out);
    agreement(out, pasts);
    possessives(out);
    articles(out);
    return join(indefinites(out.map((it) => it.en).filter((w) => w !== '')));
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
    if (after === '月' && n >= 1 && n <= 12 && Number.isInteger(n)) {
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
    if (MEASURE.has(after)) {
      // 一个月 "a month": a measure word before a unit of time
      const unit = UNITS[at(used + 1)];
      if (unit && after === '个') {
        out.push(counted(n, text, unit));
        return used + 2;
      }
      out.push(n === 1 && !/\d/.test(text) ? 'a' : spell(n, text));
      return used + 1;
    }
    const unit = UNITS[after];
    if (unit) {
      out.push(counted(n, text, unit));
      return used + 1;
    }
    out.push(spell(n, text));
    return used;
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
        for (const { word: token, tag } of tagged) {
          if (ZH_FUNCTION[token] !== undefined && !NUMERAL.test(token)) units.push({ kind: 'han', text: token, tag });
          else if (this.foreignName(token, tag, units[units.length - 1])) {
            const last = units[units.length - 1];
            if (last?.kind === 'han' && last.tag === 'name') last.text += token;
            else units.push({ kind: 'han', text: token, tag: 'name' });
          } else this.split(token, tag, units);
        }
        continue;
      }
      for (const [token] of run.matchAll(OTHER)) {
        if (ARABIC.test(token)) units.push({ kind: 'num', value: Number(token.replace(/,/g, '')), text: token });
        else if (!/^\s+$/.test(token)) units.push({ kind: 'other', text: token });
      }
    }
    return units;
  }

  /**
   * Words jieba cut apart that CC-CEDICT has as one (世界 大战 → 世界大战 "world war"), joined: the
   * longest run of up to four words, eight characters, that is a common (not proper) noun's entry.
   */
  private joinWords(tagged: TaggedWord[]): void {
    for (let a = 0; a < tagged.length - 1; a++)
      for (let n = Math.min(4, tagged.length - a); n >= 2; n--) {
        const w = tagged
          .slice(a, a + n)
          .map((t) => t.word)
          .join('');
        // A miss is one map look-up; the entries are parsed only for a word the dictionary has.
        if (w.length > 8 || !this.dict.lookup(w).some((e) => e.simplified === w && !/^[A-Z]/.test(e.pinyinNumbered))) continue;
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
    return token.length > 1 && this.dict.longestAt(token, 0, token.length) < token.length;
  }

  /** A Han token as units: numerals apart from what they count (三只 → 3, 只), unknown words cut into known ones. */
  private split(token: string, tag: string, units: Unit[]): void {
    for (let i = 0; i < token.length; ) {
      // 第 before a numeral makes an ordinal (第一批 → 第, 1, 批), however jieba cut it.
      if (token[i] === '第' && NUMERAL.test(token[i + 1] ?? '')) {
        units.push({ kind: 'han', text: '第', tag: 'm' });
        i++;
        continue;
      }
      NUMERAL_RUN.lastIndex = i;
      const m = NUMERAL_RUN.exec(token);
      // A numeral starts here, unless it is only the first character of a word (一起, 万一 are words).
      if (m && !(m[0].length === 1 && this.dict.longestAt(token, i) > 1 && i + 1 < token.length && !MEASURE.has(token[i + 1] as string))) {
        const value = zhNumber(m[0]);
        if (value !== null && (m[0].length > 1 || token.length > 1 || !/[万亿千百十]/.test(m[0]))) {
          units.push({ kind: 'num', value, text: m[0] });
          i += m[0].length;
          continue;
        }
      }
      if (i === 0 && this.dict.longestAt(token, 0, token.length) === token.length) {
        units.push({ kind: 'han', text: token, tag });
        return;
      }
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
    const english =
      tag === 'name'
        ? { text: romanize(token), verbal: false }
        : fixed !== undefined
          ? { text: fixed, verbal: ZH_FUNCTION_VERBS.has(token) }
          : (bestSense(token, this.dict.lookup(token), pos) ?? { text: '', verbal: false });
    this.memo.set(key, english);
    return english;
  }
}

/** A word of the gloss: its English ('' when unsaid), jieba's part of speech, the Chinese it renders. */
interface Item {
  en: string;
  tag: string;
  zh: string;
  verbal?: boolean;
  /** the English before it was put in the past tense */
  base?: string;
}

const nominal = (it: Item | undefined): boolean => it !== undefined && it.en !== '' && /^(n|nr|ns|nt|nz|nrt|ng|j|eng|vn|an)$/.test(it.tag);
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
      phrase.length === 1 &&
      / (years?|days?|months?|weeks?|hours?|minutes?|centuries|century)$/.test(phrase[0]?.en ?? '')
    ) {
      post.en = /前/.test(post.zh) ? 'ago' : 'later';
      continue;
    }
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

/** Nouns after a number above one or a word of quantity are plural. */
function plurals(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    if (!nominal(it) || /^(nr|ns|nt|nrt|eng)$/.test(it.tag)) continue;
    const prev = items[i - 1] as Item;
    const many =
      (prev.tag === 'm' &&
        !/^(a|one|1|first|second|third)$/.test(prev.en) &&
        /\d|two|three|four|five|six|seven|eight|nine|ten|million|billion/.test(prev.en)) ||
      /^(these|those|many|some|all|most|other|several|various)$/.test(prev.en);
    const XP = process.env.XPL ?? '';
    const single = /^(a|an|one|this|that|each|every|the)$/.test(prev.en) || prev.tag === 'm' || prev.tag === 'r';
    const other = !many && !single && it.tag === (XP.includes('n') ? 'n' : 'zz') && !/^(nr|ns|nt|nrt|eng)$/.test(it.tag);
    const nextIt = items[i + 1];
    const headOk = !XP.includes('h') || !nominal(nextIt);
    if (many || (other && headOk)) it.en = plural(it.en);
  }
}

/** "the" before a noun phrase that no determiner, number or possessive opens. */
function articles(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    if (!nominal(it) || /^(nr|ns|nt|nrt|eng)$/.test(it.tag)) continue;
    let k = i - 1;
    while (k >= 0 && (items[k] as Item).en === '') k--;
    const prev = items[k];
    if (nominal(prev) || (prev && /^(m|r|mq)$/.test(prev.tag)) || /^(the|a|an)$/.test(prev?.en ?? '')) continue;
    const XA = process.env.XA ?? '';
    if (XA.includes('v') && prev?.verbal && prev.tag === 'v') continue;
    if (XA.includes('s') && /[^s]s$/.test(it.en)) continue;
    if (XA.includes('c') && prev && /^(and|or)$/.test(prev.en)) continue;
    if (XA.includes('0') && !prev) continue;
    if (XA.includes('p') && prev && prev.tag === 'x' && !LATIN.test(prev.en)) continue;
    if (XA.includes('n') && it.tag === 'vn') continue;
    if (XA.includes('d') && items[i - 1]?.zh === '的') continue;
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

/** "is" agrees with its subject and the sentence's tense: they are, it was, the cells were. */
function agreement(items: Item[], pasts: readonly boolean[]): void {
  let sentence = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    if (/^[.!?]$/.test(it.en) && it.tag === 'x') sentence++;
    if (it.en !== 'is') continue;
    const past = pasts[sentence] === true;
    let k = i - 1;
    while (k >= 0 && (items[k] as Item).en === '') k--;
    const subject = (items[k]?.en ?? '').toLowerCase();
    const many = /^(they|we|you|these|those)$/.test(subject) || (nominal(items[k]) && /[^s]s$/.test(subject) && !/^(nr|ns|nt|nrt|eng)$/.test(items[k]?.tag ?? ''));
    it.en = past ? (many ? 'were' : 'was') : many ? 'are' : 'is';
  }
}

/** 被 makes a passive: 他被解雇 "he was fired", 被警察逮捕 "was arrested by the police". */
function passives(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (it.zh !== '被' && it.zh !== '遭') continue;
    let k = i + 1;
    while (k < items.length && k - i <= 4 && nominal(items[k])) k++;
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
  const XI = process.env.XI ?? '';
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const next = items[i + 1] as Item;
    if (!it.verbal || next.en === '' || !next.verbal) continue;
    if (!(it.tag === 'v' || ZH_FUNCTION_VERBS.has(it.zh)) || !(next.tag === 'v' || (XI.includes('x') && next.tag === 'x'))) continue;
    if (XI.includes('0')) continue;
    if (next.base !== undefined) next.en = next.base;
    items.splice(++i, 0, { en: 'to', tag: 'p', zh: '' });
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
    const bare = process.env.XC === '1' && it.tag === 'a' && /^[,.;!?]$/.test(items[i + 1]?.en ?? '');
    if (degree || bare) items.splice(i++, 0, { en: 'is', tag: 'v', zh: '' });
  }
}

/** "a" before a vowel is "an": an hour, an airport (not a unit, a one-off, a European). */
function indefinites(words: string[]): string[] {
  for (let i = 0; i < words.length - 1; i++)
    if (words[i] === 'a' && /^([aeio]|u(?!ni|s[eu]|ro)|hour|honest|honou?r)/i.test(words[i + 1] as string) && !/^one\b/i.test(words[i + 1] as string)) words[i] = 'an';
  return words;
}

/** Words joined by spaces, punctuation against the word before it (or after it, for an opening mark). */
function join(words: readonly string[]): string {
  let s = '';
  let quoteOpen = false;
  let glue = true;
  for (const w of words) {
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
