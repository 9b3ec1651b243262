// English → Chinese, word by word: each English word (or phrase CC-CEDICT has as a sense, "take place"),
// in its dictionary form (cats → cat, went → go), becomes the most common Chinese word that has it as a
// sense, a verb's or a noun's as its neighbours suggest; a few rules then handle what English says with
// grammar and Chinese with words or order: articles dropped, "three cats" 三只猫 with the noun's measure
// word, "the A of the B" B的A, past tense 了, 1950 年, a name spelled in characters with its Latin after it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Dictionary } from '../dictionary.ts';
import { EN_CALENDAR, EN_FUNCTION, EN_NUMBER, EN_PHRASES } from './en-tables.ts';
import { IRREGULAR_PAST, lemmas } from './english.ts';
import { cleanSense, POINTER } from './senses.ts';
import { transliterate } from './transliterate.ts';

interface Choice {
  zh: string;
  /** jieba's part of speech for the Chinese word (n, v, a, …) */
  tag: string;
  /** the measure word the dictionary gives the noun (猫 只), if any */
  measure: string | null;
  score: number;
}

/** A word of the gloss: the English it renders, its Chinese, and what the rules need to know of it. */
interface Item {
  en: string;
  zh: string;
  /** jieba's part of speech of the Chinese for a content word; FUNCTION_TAG's for a function word; punct, num, name, x */
  tag: string;
  measure: string | null;
  past: boolean;
}

const TOKEN = /(?:\p{L}\.){2,}|\d+(?:[.,:]\d+)*[\p{L}\d]*%?|\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{M}])+|['’](?:s|re|ve|ll|d|t|m)\b|\S/gu;
const PUNCT: Readonly<Record<string, string>> = { ',': '，', '.': '。', '?': '？', '!': '！', ':': '：', ';': '；', '(': '（', ')': '）' };
const MAX_PHRASE = 4;

/** What the rules need to know of a function word: an article, "be", "have", "of", a conjunction. */
const FUNCTION_TAG: Readonly<Record<string, string>> = {
  the: 'det',
  a: 'det',
  an: 'det',
  this: 'det',
  these: 'det',
  those: 'det',
  is: 'be',
  are: 'be',
  was: 'be',
  were: 'be',
  be: 'be',
  am: 'be',
  been: 'be',
  being: 'be',
  has: 'have',
  have: 'have',
  had: 'have',
  of: 'of',
  and: 'conj',
  or: 'conj',
};

/** The best Chinese for an English sense read as a verb ("to sort") and read otherwise ("sort; kind"). */
interface Senses {
  verb?: Choice;
  other?: Choice;
}
export type Lexicon = Map<string, Senses>;

/**
 * How a Chinese word is scored as the gloss of one of its English senses: how common the word is (log10
 * of its count in jieba's corpus), less for a later sense of the entry and a later synonym within a sense,
 * and less for a single character, which is more often a bound or ambiguous morpheme than a word a
 * sentence would use (新生 loses to 新 "new" only by this much). Tuned on the FLORES-200 dev set.
 */
export const WEIGHT = { sense: 0.5, part: 0.3, oneCharacter: 2, commonAt: 9, commonSlope: 0 };

/**
 * English sense → the best Chinese word for it, over the CC-CEDICT entries whose head word jieba counted
 * at least `minFreq` times (rarer ones would never win). Proper nouns keep their capitals ("Stanford").
 */
export function buildLexicon(dict: Dictionary, minFreq = 20): Lexicon {
  const lexicon: Lexicon = new Map();
  const require = createRequire(import.meta.url);
  const counts = fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  // jieba's dictionary: "word count tag" lines
  for (let at = 0; at < counts.length; ) {
    let end = counts.indexOf('\n', at);
    if (end < 0) end = counts.length;
    const sp = counts.indexOf(' ', at);
    const sp2 = counts.indexOf(' ', sp + 1);
    const freq = Number.parseInt(counts.slice(sp + 1, sp2), 10) || 0;
    if (freq >= minFreq) {
      const word = counts.slice(at, sp);
      const tag = counts.slice(sp2 + 1, end).trim();
      const log = Math.log10(freq + 1);
      const base = log - (word.length === 1 ? Math.max(0, WEIGHT.oneCharacter - WEIGHT.commonSlope * Math.max(0, log - WEIGHT.commonAt)) : 0);
      for (const e of dict.lookup(word)) {
        if (e.simplified !== word) continue;
        const proper = /^[A-Z]/.test(e.pinyinNumbered);
        // "CL:隻|只[zhi1],個|个[ge4]" → 只
        const measure = /CL:([^,/\])]*)/.exec(e.senses.join('/'))?.[1]?.split('[')[0]?.split('|').pop() ?? null;
        e.senses.forEach((sense, si) => {
          if (POINTER.test(sense)) return;
          sense.split(';').forEach((part, pi) => {
            const key = cleanSense(part);
            if (!key || key.split(' ').length > MAX_PHRASE) return;
            const score = base - WEIGHT.sense * si - WEIGHT.part * pi;
            const verbal = /^\s*(\([^)]*\)\s*)*to /.test(part);
            const k = proper ? key : key.toLowerCase();
            let senses = lexicon.get(k);
            if (!senses) {
              senses = {};
              lexicon.set(k, senses);
            }
            const old = verbal ? senses.verb : senses.other;
            if (old && old.score >= score) return;
            const choice = { zh: word, tag, measure, score };
            if (verbal) senses.verb = choice;
            else senses.other = choice;
          });
        });
      }
    }
    at = end + 1;
  }
  return lexicon;
}

/** The choice for a part of speech: a verb's sense for a verb, another for a noun, else the better one. */
function choose(senses: Senses | undefined, pos: Pos): Choice | undefined {
  if (!senses) return undefined;
  const { verb, other } = senses;
  if (!verb || !other) return verb ?? other;
  const margin = 1.5;
  if (pos === 'v') return verb.score > other.score - margin ? verb : other;
  if (pos === 'n') return other.score > verb.score - margin ? other : verb;
  return verb.score > other.score ? verb : other;
}

export class EnZh {
  /**
   * The first words of the phrases there are, in lower case, and the most tokens a phrase starting with
   * each has: a word that starts none is not looked up as a phrase.
   */
  private readonly starts = new Map<string, number>();
  /** Dictionary forms of the words met so far (a word's forms are computed once) */
  private readonly forms = new Map<string, string[]>();

  constructor(private readonly best: Lexicon) {
    for (const key of [...best.keys(), ...Object.keys(EN_PHRASES)]) {
      // "same-sex" is three tokens (same, -, sex), "take place" two.
      const words = key.toLowerCase().split(/ |(?=-)|(?<=-)/);
      if (words.length < 2) continue;
      const first = words[0] as string;
      this.starts.set(first, Math.max(this.starts.get(first) ?? 0, Math.min(words.length, MAX_PHRASE)));
    }
  }

  /** lemmas(), remembered; the memory is bounded by clearing it when it grows past what any text needs. */
  private lemmas(lower: string): string[] {
    let forms = this.forms.get(lower);
    if (!forms) {
      if (this.forms.size > 50_000) this.forms.clear();
      forms = lemmas(lower);
      this.forms.set(lower, forms);
    }
    return forms;
  }

  /** The most tokens a phrase starting with this word (or one of its forms: "took place") may have, or 0. */
  private phraseLength(word: string): number {
    const lower = word.toLowerCase();
    let most = 0;
    for (const l of this.lemmas(lower)) most = Math.max(most, this.starts.get(l) ?? 0);
    return most;
  }

  translate(text: string): string {
    const tokens = text.match(TOKEN) ?? [];
    const items: Item[] = [];
    for (let i = 0; i < tokens.length; ) i += this.phrase(tokens, i, items);
    names(items);
    numbers(items);
    ofPhrases(items);
    copulas(items);
    measures(items);
    // A verb in the past tense says 了 after it.
    for (let i = items.length - 1; i >= 0; i--)
      if ((items[i] as Item).past && (items[i] as Item).tag.startsWith('v'))
        items.splice(i + 1, 0, { en: '', zh: '了', tag: 'ul', measure: null, past: false });
    lists(items);
    perfects(items);
    clauses(items);
    attributives(items);
    return joinZh(items.map((it) => it.zh));
  }

  /** The Chinese for the longest phrase starting at tokens[i], pushed to `items`; returns the tokens used. */
  private phrase(tokens: readonly string[], i: number, items: Item[]): number {
    const t = tokens[i] as string;
    const item = (zh: string, tag: string, measure: string | null = null, past = false) => items.push({ en: t, zh, tag, measure, past });
    if (/^['’]s$/.test(t)) {
      // it's, that's, he's: "is"; Vidal's: possessive
      item(/^(it|that|there|he|she|what|who|here|this)$/i.test(tokens[i - 1] ?? '') ? '是' : '的', 'uj');
      return 1;
    }
    if (/^['’]t$/.test(t)) {
      item(/^won$/i.test(tokens[i - 1] ?? '') ? '不会' : /^can$/i.test(tokens[i - 1] ?? '') ? '不能' : '不', 'd');
      if (/^(won|can)$/i.test(tokens[i - 1] ?? '')) (items[items.length - 2] as Item).zh = '';
      return 1;
    }
    if (/^['’]/.test(t)) return 1;
    if (!/\p{L}/u.test(t) || /^\p{Script=Han}/u.test(t)) {
      const p = PUNCT[t];
      // A hyphen inside a compound the dictionary lacks (fire-command) is not written in Chinese.
      const hyphen = t === '-' && /^\p{L}/u.test(tokens[i - 1] ?? '') && /^\p{L}/u.test(tokens[i + 1] ?? '');
      item(hyphen ? '' : (p ?? t), p !== undefined ? 'punct' : /^\d/.test(t) ? 'num' : 'x');
      return 1;
    }
    const pos = guessPos(tokens, i);
    for (let n = Math.min(this.phraseLength(t), tokens.length - i); n >= 2; n--) {
      const words = tokens.slice(i, i + n);
      const fixed = EN_PHRASES[words.join(' ').toLowerCase()];
      if (fixed !== undefined) {
        items.push({ en: words.join(' '), zh: fixed, tag: 'f', measure: null, past: false });
        return n;
      }
      // Words joined by hyphens are looked up as written (same-sex), other phrases word by word.
      if (!words.every((w, k) => /^\p{L}/u.test(w) || (w === '-' && k % 2 === 1))) continue;
      const hyphened = words.includes('-') ? [words.join('')] : words;
      const c = this.lookupPhrase(hyphened, pos);
      if (c) {
        items.push({ en: words.join(' '), zh: c.zh, tag: c.tag, measure: c.measure, past: false });
        return n;
      }
    }
    const lower = t.toLowerCase();
    // "May" is a month only when written with its capital, and not as the sentence's first word.
    const date = EN_CALENDAR[t];
    if (date !== undefined && (t !== 'May' || (i > 0 && !/^[.!?"“]$/.test(tokens[i - 1] as string)))) {
      item(date, 't');
      return 1;
    }
    const fixed = EN_FUNCTION.get(lower);
    if (fixed !== undefined) {
      item(fixed, FUNCTION_TAG[lower] ?? 'f');
      return 1;
    }
    const number = EN_NUMBER[lower];
    if (number !== undefined) {
      item(number, 'num');
      return 1;
    }
    const c = this.lookupWord(t, pos);
    const past = IRREGULAR_PAST.has(lower) || lower.endsWith('ed');
    if (c) item(c.zh, c.tag, c.measure, past);
    else if (/^\p{Lu}\p{Ll}/u.test(t)) item(t, 'name');
    // A lower-case word the dictionary lacks in any form is left out: a Chinese reader gains nothing from it.
    else item(/^\p{Ll}+$/u.test(t) ? '' : t, 'x');
    return 1;
  }

  private lookupPhrase(words: readonly string[], pos: Pos): Choice | undefined {
    const exact = choose(this.best.get(words.join(' ')) ?? this.best.get(words.join(' ').toLowerCase()), pos);
    if (exact) return exact;
    const first = (words[0] as string).toLowerCase();
    const rest = words.slice(1).join(' ').toLowerCase();
    for (const l of this.lemmas(first).slice(1)) {
      const c = choose(this.best.get(`${l} ${rest}`), pos);
      if (c) return c;
    }
    return undefined;
  }

  private lookupWord(word: string, pos: Pos): Choice | undefined {
    if (/^[A-Z]/.test(word)) {
      const proper = choose(this.best.get(word), pos);
      if (proper) return proper;
    }
    // A verb's sense from the first form that has one ("used" → use, not 中古 "used; second-hand").
    const forms = this.lemmas(word.toLowerCase());
    if (pos === 'v')
      for (const l of forms) {
        const verb = this.best.get(l)?.verb;
        if (verb) return verb;
      }
    for (const l of forms) {
      const c = choose(this.best.get(l), pos);
      if (c) return c;
    }
    return undefined;
  }
}

type Pos = 'v' | 'n' | '';

const BEFORE_VERB = /^(to|will|would|can|could|may|might|must|should|shall|do|does|did|not|n't|'t|’t|they|we|i|you|he|she|who|which|that)$/i;
const BEFORE_NOUN =
  /^(the|a|an|this|these|those|its|their|his|her|our|your|my|some|many|each|every|no|any|of|in|on|for|with|by|from|at|into|about|\d.*|'s|’s|several|all|both|other|such)$/i;

/** A guess from its neighbours whether the English word at tokens[i] is a verb or a noun. */
function guessPos(tokens: readonly string[], i: number): Pos {
  const word = (tokens[i] as string).toLowerCase();
  const prev = (tokens[i - 1] ?? '').toLowerCase();
  if (BEFORE_NOUN.test(prev)) return 'n';
  if (BEFORE_VERB.test(prev)) return 'v';
  if (IRREGULAR_PAST.has(word) || (word.endsWith('ed') && word.length > 4)) return 'v';
  return '';
}

const contentTag = (it: Item | undefined): boolean => it !== undefined && /^(n|nr|ns|nt|nz|nrt|ng|j|a|b|an|vn|name|num|x|eng|l|i)/.test(it.tag);

/** "the A of the B" → B的A: the noun phrase after "of" moves before the one it follows. */
function ofPhrases(items: Item[]): void {
  for (let i = 1; i < items.length - 1; i++) {
    if (items[i]?.tag !== 'of') continue;
    let a = i;
    while (a > 0 && contentTag(items[a - 1]) && i - a < 4) a--;
    if (a > 0 && items[a - 1]?.tag === 'det') a--;
    let b = i + 1;
    if (items[b]?.tag === 'det') b++;
    const start = b;
    while (b < items.length && contentTag(items[b]) && b - start < 4) b++;
    if (a === i || b === start) continue;
    const left = items.slice(a, i);
    const right = items.slice(i + 1, b);
    items.splice(a, b - a, ...right, items[i] as Item, ...left);
    i = b - 1;
  }
}

/** "is" before an adjective, a participle or an -ing form says nothing in Chinese; "there is" is 有. */
function copulas(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    if (it.tag !== 'be') continue;
    const next = items[i + 1];
    if (i > 0 && items[i - 1]?.en.toLowerCase() === 'there') it.zh = '有';
    else if (next && (next.tag === 'a' || next.past || /ing$/.test(next.en) || next.tag === 'f' || next.zh === '不')) it.zh = '';
  }
}

/** A number before a noun takes the noun's measure word: three cats → 三只猫 (an article does not: a cat → 猫). */
function measures(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    if (!(it.tag === 'num' && /^(一|两|三|四|五|六|七|八|九|十|几|\d+)$/.test(it.zh))) continue;
    let k = i + 1;
    while (k < items.length - 1 && /^(a|b)$/.test((items[k] as Item).tag)) k++;
    const noun = items[k] as Item;
    if (!/^n/.test(noun.tag) || !/^\p{Script=Han}/u.test(noun.zh)) continue;
    const m = noun.measure ?? '个';
    it.zh = `${it.zh}${m}`;
  }
}

/** "has gone": the auxiliary "have" is not 有; the verb after it says 了. */
function perfects(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    if ((items[i] as Item).tag !== 'have') continue;
    let k = i + 1;
    while (k < items.length - 1 && /^(not|already|also|just|never|always|been|n't|recently|since|ever)$/i.test((items[k] as Item).en)) k++;
    const verb = items[k] as Item;
    if (verb.past || /^been$/i.test((items[i + 1] as Item).en)) (items[i] as Item).zh = '';
  }
}

/** Names in a row (Squadron Leader Dilokrit Pattavee) spelled in characters, then in Latin letters in parentheses. */
function names(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    if ((items[i] as Item).tag !== 'name') continue;
    let j = i;
    while (j + 1 < items.length && (items[j + 1] as Item).tag === 'name') j++;
    const latin = items.slice(i, j + 1).map((it) => it.en);
    const zh = latin.map(transliterate).join('·');
    items.splice(i, j - i + 1, { en: latin.join(' '), zh: `${zh}（${latin.join(' ')}）`, tag: 'nr', measure: null, past: false });
  }
}

/**
 * Numbers as Chinese writes them: 2.3 million → 230万, 1950 → 1950年 (a year standing alone), 60th →
 * 第60, 9:30 am → 上午9:30.
 */
function numbers(items: Item[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as Item;
    const next = items[i + 1];
    const value = Number(it.en.replace(/,/g, ''));
    const scale = next?.en.toLowerCase();
    if (it.tag === 'num' && Number.isFinite(value) && next && (scale === 'million' || scale === 'billion')) {
      const n = scale === 'million' ? value * 100 : value * 10;
      it.zh = `${Number(n.toPrecision(6))}${scale === 'million' ? '万' : '亿'}`;
      next.zh = '';
      continue;
    }
    if (/^\d{4}$/.test(it.en) && value >= 1000 && value <= 2100 && !/^(n|q)/.test(next?.tag ?? '')) {
      it.zh = `${it.en}年`;
      continue;
    }
    const ordinal = /^(\d+)(st|nd|rd|th)$/.exec(it.en);
    if (ordinal) {
      it.zh = `第${ordinal[1]}`;
      continue;
    }
    if (/^\d+(:\d+)?$/.test(it.en) && next && /^(am|pm|a\.m\.|p\.m\.)$/i.test(next.en)) {
      it.zh = `${/^a/i.test(next.en) ? '上午' : '下午'}${it.en}`;
      next.zh = '';
    }
  }
}

/** Chinese marks a new clause with a comma where English may not: "…, but", "…, while". */
function clauses(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    const lower = it.en.toLowerCase();
    const prev = items[i - 1] as Item;
    if (/^(but|while|although|though|because|whereas|so|which|where)$/.test(lower) && prev.tag !== 'punct')
      items.splice(i++, 0, { en: '', zh: '，', tag: 'punct', measure: null, past: false });
  }
}

/** A two-character adjective before a noun takes 的 (重要的问题 "an important question"); a one-character one does not (新书). */
function attributives(items: Item[]): void {
  for (let i = items.length - 2; i >= 0; i--) {
    const a = items[i] as Item;
    if (a.tag === 'a' && [...a.zh].length >= 2 && /^n/.test((items[i + 1] as Item).tag))
      items.splice(i + 1, 0, { en: '', zh: '的', tag: 'uj', measure: null, past: false });
  }
}

/** A, B and C: the commas of a list of single words are 、. */
function lists(items: Item[]): void {
  for (let i = 1; i < items.length - 2; i++) {
    if (items[i]?.zh !== '，') continue;
    if (contentTag(items[i - 1]) && contentTag(items[i + 1]) && (items[i + 2]?.zh === '，' || items[i + 2]?.tag === 'conj')) (items[i] as Item).zh = '、';
  }
}

/** Chinese joined without spaces; a space only between two runs of Latin letters or digits. */
function joinZh(parts: readonly string[]): string {
  let s = '';
  for (const p of parts) {
    if (!p) continue;
    if (/[A-Za-z0-9]$/.test(s) && /^[A-Za-z0-9]/.test(p)) s += ' ';
    s += p;
  }
  return s;
}
