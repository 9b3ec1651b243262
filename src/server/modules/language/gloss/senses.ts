// Picking the one English rendering a word-by-word gloss shows for a Chinese word, out of the senses
// CC-CEDICT lists for it: its first plain sense, as a reader would take it (not a note in parentheses,
// not a pointer to another entry, not a literary or dialect use), without "to " and "sb"/"sth".
import type { DictEntry } from '../dictionary.ts';

/** Senses that point to another entry or say how a word is written rather than what it means. */
export const POINTER = /variant of|Taiwan pr\.|^(see |used in|surname |abbr\. |CL:|also written|also pr\.|erhua )/i;

/** Usage labels that mark a sense a reader of today's text rarely means. */
const RARE =
  /^\((literary|old|archaic|dialect|classical|Cantonese|Tw|slang|vulgar|coll\.|onom\.|Buddhism|TCM|Taiwan|math\.|chemistry|physics|computing|loanword|euphemism|derog\.|fig\.|lit\.)/i;

/** The sense as a phrase of plain English, or '' when it only describes ("(completed action marker)"). */
export function cleanSense(sense: string): string {
  // A sense that explains by example ("the cat (as in "let the cat out of the bag")") does not translate.
  if (/\(as in\b|"/.test(sense)) return '';
  return (
    sense
      .replace(/\([^)]*\)/g, ' ')
      .replace(/\[[^\]]*\]/g, ' ')
      .replace(/,.*$/, '')
      .replace(/[\p{Script=Han}|]+/gu, ' ')
      .replace(/\b(sb|sth|sb's|sth's|one's|oneself|etc)\b\.?/g, ' ')
      .replace(/\.\.\./g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^(to|a|an|the) /i, '')
      // "general term for a bird of prey": the thing itself
      .replace(/^(general|generic|common) (term|name) for (an? |the )?/i, '')
      .replace(/^be (?=\S)/, '')
      .replace(/[\s,;:.]+$/, '')
      .trim()
  );
}

/** An English rendering, and whether it is a verb's ("to invent" → invent) */
export interface Rendering {
  text: string;
  verbal: boolean;
  /** a count noun, which English may make plural */
  countable?: boolean;
}

interface Candidate extends Rendering {
  score: number;
}

/**
 * What a rendering loses for each thing against it: being in a later entry, a traditional-only or proper-noun
 * entry, a later sense, a later synonym within its sense, a usage label, each word past the first and a long
 * description (longAt words or more); and what it gains for matching jieba's part of speech (a verb's "to …"
 * sense for a verb, another for a noun). Tuned on the FLORES-200 dev set; CC-CEDICT's own order does the rest.
 */
export const SENSE_WEIGHTS = { entry: 1, traditional: 6, proper: 4, sense: 2, part: 1.5, rare: 8, words: 1.5, pos: 1, long: 1, longAt: 4 };

/**
 * The best English for `word` among `entries` (its CC-CEDICT entries), or null when none of them has a sense
 * that translates. `pos` is jieba's part of speech for the word in its sentence (v, vn, n, a, d or '').
 */
export function bestSense(word: string, entries: readonly DictEntry[], pos = ''): Rendering | null {
  const W = SENSE_WEIGHTS;
  const wantVerb = pos === 'v' ? 1 : pos.startsWith('n') || pos === 'vn' ? -1 : 0;
  let best: Candidate | null = null;
  entries.forEach((e, ei) => {
    const proper = /^[A-Z]/.test(e.pinyinNumbered);
    let base = -ei * W.entry;
    if (e.simplified !== word) base -= W.traditional;
    if (proper) base -= W.proper;
    e.senses.forEach((sense, si) => {
      if (POINTER.test(sense)) return;
      const rare = RARE.test(sense) ? W.rare : 0;
      sense.split(';').forEach((part, pi) => {
        const text = cleanSense(part);
        if (!text || /^classifier\b/i.test(text)) return;
        const words = text.split(' ').length;
        // "to be good at" is read "good at": an adjective's sense, not a verb's
        const verbal = /^(\([^)]*\)\s*)*to (?!be )/.test(part.trim()) ? 1 : -1;
        const score = base - si * W.sense - pi * W.part - rare - (words - 1) * W.words - (words >= W.longAt ? W.long : 0) + (verbal === wantVerb ? W.pos : 0);
        if (!best || score > best.score) best = { text, score, verbal: verbal === 1 };
      });
    });
  });
  const found = best as Candidate | null;
  return found && { text: found.text, verbal: found.verbal };
}

/**
 * A proper noun's English name: the capitalised words a sense starts with ("Shanghai municipality" →
 * Shanghai, "Chengdu subprovincial city and capital of …" → Chengdu), else its pinyin run together
 * ("Cheng2 du1" → Chengdu) — so a place or a person is named even when CC-CEDICT only points elsewhere
 * ("see 成都市"). Null for a word with no proper-noun entry.
 */
export function properName(word: string, entries: readonly DictEntry[]): string | null {
  const proper = entries.find((e) => e.simplified === word && /^[A-Z]/.test(e.pinyinNumbered)) ?? entries.find((e) => /^[A-Z]/.test(e.pinyinNumbered));
  if (!proper) return null;
  for (const sense of proper.senses) {
    if (POINTER.test(sense)) continue;
    const name = leadingName(sense);
    if (name) return name;
  }
  const syllables = proper.pinyinNumbered.split(' ').map((s) => s.replace(/[0-9]$/, '').replace(/u:/g, 'ü'));
  if (syllables.some((s) => !/^[A-Za-zü]+$/.test(s))) return null;
  const joined = syllables.join('').toLowerCase();
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** The capitalised words a sense begins with: "Beijing municipality, capital of …" → "Beijing"; '' if none. */
export function leadingName(sense: string): string {
  const words = sense
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/);
  const name: string[] = [];
  for (const w of words) {
    const clean = w.replace(/[,;:.]+$/, '');
    if (!/^[A-Z][\p{L}'-]*$/u.test(clean)) break;
    name.push(clean);
    if (clean !== w) break;
  }
  return name.join(' ');
}
