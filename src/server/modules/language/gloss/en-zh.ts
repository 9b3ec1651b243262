// English → Chinese, word by word: each English word (or phrase CC-CEDICT has as a sense, "take place"),
// in its dictionary form (cats → cat, went → go), becomes its everyday Chinese word (a hand-written table
// for the commonest: eat 吃, year 年) or else the most common Chinese word that has it as a sense, a verb's
// or a noun's as its neighbours suggest; a nationality word becomes its country (Hungarian 匈牙利); a few
// rules then handle what English says with grammar and Chinese with words or order: articles dropped (but
// "a new tool" 一个新工具), "three cats" 三只猫 with the noun's measure word, "the A of the B" B的A, past
// tense 了, relative clauses closed with 的, "when …" 当…时, 1950 年, a name spelled in characters with its
// Latin after it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Dictionary } from '../dictionary.ts';
import { runAtOnce, runSoftly, type Steps } from '../steps.ts';
import { EN_CALENDAR, EN_COMMON, EN_FUNCTION, EN_NUMBER, EN_PHRASES } from './en-tables.ts';
import { IRREGULAR_PAST, lemmaForms } from './english.ts';
import { cleanSense, POINTER, properName } from './senses.ts';
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
export const WEIGHT = { sense: 0.5, part: 0.3, oneCharacter: 2, commonAt: 3.5, commonSlope: 1, verbOnly: 1 };

/**
 * English sense → the best Chinese word for it, over the CC-CEDICT entries whose head word jieba counted
 * at least `minFreq` times (rarer ones would never win). Proper nouns keep their capitals ("Stanford").
 */
export function buildLexicon(dict: Dictionary, minFreq = 20): Lexicon {
  return runAtOnce(lexiconSteps(dict, minFreq));
}

/**
 * buildLexicon a few thousand dictionary lines at a time, letting the event loop run in between: a server
 * builds it (about half a second of work) without holding every other request up for that long.
 */
export function buildLexiconSoftly(dict: Dictionary, minFreq = 20): Promise<Lexicon> {
  return runSoftly(lexiconSteps(dict, minFreq));
}

/** LINES_PER_STEP lines of jieba's dictionary a step. */
const LINES_PER_STEP = 10_000;

function* lexiconSteps(dict: Dictionary, minFreq: number): Steps<Lexicon> {
  const lexicon: Lexicon = new Map();
  const require = createRequire(import.meta.url);
  const counts = fs.readFileSync(require.resolve('@node-rs/jieba/dict.txt'), 'utf8');
  /** jieba's part of speech and CC-CEDICT's measure word for the Chinese of EN_COMMON */
  const common = new Map<string, { tag: string; measure: string | null }>();
  for (const spec of Object.values(EN_COMMON)) for (const zh of spec.split('|')) common.set(zh, { tag: '', measure: null });
  // jieba's dictionary: "word count tag" lines
  let lines = 0;
  for (let at = 0; at < counts.length; ) {
    if (++lines % LINES_PER_STEP === 0) yield;
    let end = counts.indexOf('\n', at);
    if (end < 0) end = counts.length;
    const sp = counts.indexOf(' ', at);
    const sp2 = counts.indexOf(' ', sp + 1);
    const freq = Number.parseInt(counts.slice(sp + 1, sp2), 10) || 0;
    const known = common.get(counts.slice(at, sp));
    if (known && !known.tag) {
      known.tag = counts.slice(sp2 + 1, end).trim();
      known.measure = measureOf(dict, counts.slice(at, sp));
    }
    if (freq >= minFreq) {
      const word = counts.slice(at, sp);
      const tag = counts.slice(sp2 + 1, end).trim();
      const log = Math.log10(freq + 1);
      const slope = tag.startsWith('v') || WEIGHT.verbOnly === 0 ? WEIGHT.commonSlope : 0;
      const base = log - (word.length === 1 ? Math.max(0, WEIGHT.oneCharacter - slope * Math.max(0, log - WEIGHT.commonAt)) : 0);
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
        // A place or a person also under its bare name: "Shanghai municipality" → Shanghai; "see 成都市" → Chengdu.
        const name = proper ? properName(word, [e]) : null;
        if (name && name.split(' ').length <= MAX_PHRASE) {
          let senses = lexicon.get(name);
          if (!senses) {
            senses = {};
            lexicon.set(name, senses);
          }
          if (!senses.other || senses.other.score < base) senses.other = { zh: word, tag, measure, score: base };
        }
      }
    }
    at = end + 1;
  }
  // The everyday words, under "=" and their English: a verb's Chinese and a noun's.
  for (const [english, spec] of Object.entries(EN_COMMON)) {
    const [verb = '', noun = verb] = spec.split('|');
    const make = (zh: string, verbal: boolean): Choice => {
      const known = common.get(zh);
      return { zh, tag: known?.tag || (verbal ? 'v' : 'n'), measure: known?.measure ?? null, score: 99 };
    };
    lexicon.set(`=${english}`, { verb: make(verb, true), other: make(noun, false) });
  }
  return lexicon;
}

/** The measure word CC-CEDICT gives a noun: "CL:隻|只[zhi1],個|个[ge4]" → 只. */
function measureOf(dict: Dictionary, word: string): string | null {
  for (const e of dict.lookup(word)) {
    if (e.simplified !== word) continue;
    const m = /CL:([^,/\])]*)/.exec(e.senses.join('/'))?.[1]?.split('[')[0]?.split('|').pop();
    if (m) return m;
  }
  return null;
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
  private readonly forms = new Map<string, { forms: string[]; inflections: number }>();

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
  private lemmas(lower: string): { forms: string[]; inflections: number } {
    let forms = this.forms.get(lower);
    if (!forms) {
      if (this.forms.size > 50_000) this.forms.clear();
      forms = lemmaForms(lower);
      this.forms.set(lower, forms);
    }
    return forms;
  }

  /** The most tokens a phrase starting with this word (or one of its forms: "took place") may have, or 0. */
  private phraseLength(word: string): number {
    const lower = word.toLowerCase();
    let most = 0;
    for (const l of this.lemmas(lower).forms) most = Math.max(most, this.starts.get(l) ?? 0);
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
    conjunctions(items);
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
    // A compound written as two words (hot pot, ink jet) that the dictionary has as one (hotpot, inkjet).
    const second = tokens[i + 1];
    if (second && /^\p{Ll}{3,}$/u.test(t) && /^\p{Ll}{3,}$/u.test(second) && !EN_FUNCTION.has(t) && !EN_FUNCTION.has(second)) {
      const c = choose(this.best.get(t + second), pos);
      if (c) {
        items.push({ en: `${t} ${second}`, zh: c.zh, tag: c.tag, measure: c.measure, past: false });
        return 2;
      }
    }
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
    // "I like tea": "like" after a subject is the verb 喜欢, not the preposition 像.
    if (fixed !== undefined && !(lower === 'like' && pos === 'v')) {
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
    for (const l of this.lemmas(first).forms.slice(1)) {
      const c = choose(this.best.get(`${l} ${rest}`), pos);
      if (c) return c;
    }
    return undefined;
  }

  private lookupWord(word: string, pos: Pos): Choice | undefined {
    if (/^[A-Z]/.test(word)) {
      const proper = choose(this.best.get(word), pos);
      // Hungarian, Chinese, European: the country's name, as Chinese says it (匈牙利, 中国, 欧洲)
      let country: Choice | undefined;
      for (const name of countryNames(word)) {
        const c = this.best.get(name)?.other;
        if (c && /^ns/.test(c.tag) && (!country || c.score > country.score)) country = c;
      }
      if (country && (!proper || country.score > proper.score)) return country;
      if (proper) return proper;
    }
    const { forms, inflections } = this.lemmas(word.toLowerCase());
    // An everyday word (EN_COMMON) in any of its inflections: years → year 年, not 岁月 "years".
    for (let k = 0; k < inflections; k++) {
      const common = choose(this.best.get(`=${forms[k]}`), pos);
      if (common) return common;
    }
    // A verb's sense from the first form that has one ("used" → use, not 中古 "used; second-hand").
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

/** Nationality words whose country is not found by their suffix. */
const COUNTRY_OF: Readonly<Record<string, string>> = {
  American: 'United States',
  British: 'Britain',
  Dutch: 'Netherlands',
  French: 'France',
  Greek: 'Greece',
  Irish: 'Ireland',
  Scottish: 'Scotland',
  Spanish: 'Spain',
  Swiss: 'Switzerland',
  Thai: 'Thailand',
  Turkish: 'Turkey',
  Welsh: 'Wales',
};

/** The names the country of a nationality word may have: Hungarian → Hungaria, Hungary, Hungar; Japanese → Japan. */
function countryNames(word: string): string[] {
  const fixed = COUNTRY_OF[word];
  if (fixed) return [fixed];
  const out: string[] = [];
  const m = /^(.{3,}?)(ian|ean|an|ese|ish|i)$/.exec(word);
  if (!m) return out;
  const stem = m[1] as string;
  const suffix = m[2] as string;
  if (suffix === 'ian') out.push(`${stem}ia`, `${stem}y`, stem, `${stem}e`);
  else if (suffix === 'ean') out.push(`${stem}e`, `${stem}ea`, `${stem}ia`);
  else if (suffix === 'an') out.push(`${stem}a`, stem);
  else if (suffix === 'ese') out.push(`${stem}a`, stem);
  else if (suffix === 'ish') out.push(`${stem}land`, stem);
  else if (suffix === 'i') out.push(stem);
  return out;
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

/**
 * A number before a noun takes the noun's measure word: three cats → 三只猫; so does "a", which Chinese says
 * as 一 with the measure word (a new tool → 一个新工具) where it says one at all.
 */
function measures(items: Item[]): void {
  for (let i = 0; i < items.length - 1; i++) {
    const it = items[i] as Item;
    const article = it.tag === 'det' && /^an?$/i.test(it.en);
    if (!article && !(it.tag === 'num' && /^(一|两|三|四|五|六|七|八|九|十|几|\d+)$/.test(it.zh))) continue;
    let k = i + 1;
    while (k < items.length - 1 && /^(a|b)$/.test((items[k] as Item).tag)) k++;
    const noun = items[k] as Item;
    if (!/^n/.test(noun.tag) || !/^\p{Script=Han}/u.test(noun.zh)) continue;
    const m = noun.measure ?? '个';
    it.zh = `${article ? '一' : it.zh}${m}`;
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
    // in 2009, the 2009 season: a year, unless it counts what follows (2000 people)
    const yearWord = /^(in|since|the|of|by|until|from|during|before|after|to|between|and|early|late|mid)$/i.test(items[i - 1]?.en ?? '');
    if (/^\d{4}$/.test(it.en) && value >= 1000 && value <= 2100 && (yearWord || !/^(n|q)/.test(next?.tag ?? ''))) {
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

/** Chinese marks a new clause with a comma where English may not ("…, but", "…, while"), and closes a "when" clause with 时. */
function clauses(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    const lower = it.en.toLowerCase();
    const prev = items[i - 1] as Item;
    if (/^(but|while|although|though|because|whereas|so|which|where)$/.test(lower) && prev.tag !== 'punct')
      items.splice(i++, 0, { en: '', zh: '，', tag: 'punct', measure: null, past: false });
    // "when X, Y": 当 X 时，Y
    if (/^(when|while)$/.test(lower)) {
      it.zh = '当';
      let k = i + 1;
      while (k < items.length && items[k]?.tag !== 'punct') k++;
      if (k - i > 1) items.splice(k, 0, { en: '', zh: '时', tag: 'f', measure: null, past: false });
    }
  }
}

/**
 * "…, and" joining clauses is the comma alone (和 joins nouns); "that", "which", "who" after a noun open a
 * relative clause, which Chinese closes with 的.
 */
function conjunctions(items: Item[]): void {
  for (let i = 1; i < items.length; i++) {
    const it = items[i] as Item;
    const prev = items[i - 1] as Item;
    if (it.tag === 'conj' && /^and$/i.test(it.en) && prev.zh === '，') it.zh = '';
    else if (/^(that|which|who)$/i.test(it.en) && /^n/.test(prev.tag)) it.zh = '的';
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
