// Picking the one English rendering a word-by-word gloss shows for a Chinese word, out of the senses
// CC-CEDICT lists for it: its first plain sense, as a reader would take it (not a note in parentheses,
// not a pointer to another entry, not a literary or dialect use), without "to " and "sb"/"sth".
import type { DictEntry } from '../dictionary.ts';

/** Senses that point to another entry or say how a word is written rather than what it means. */
export const POINTER = /variant of|^(see |used in|surname |abbr\. |CL:|also written|also pr\.|erhua )/i;

/** Usage labels that mark a sense a reader of today's text rarely means. */
const RARE =
  /^\((literary|old|archaic|dialect|classical|Cantonese|Tw|slang|vulgar|coll\.|onom\.|Buddhism|TCM|Taiwan|math\.|chemistry|physics|computing|loanword|euphemism|derog\.|fig\.|lit\.)/i;

/** The sense as a phrase of plain English, or '' when it only describes ("(completed action marker)"). */
export function cleanSense(sense: string): string {
  // A sense that explains by example ("the cat (as in "let the cat out of the bag")") does not translate.
  if (/\(as in\b|"/.test(sense)) return '';
  return sense
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/,.*$/, '')
    .replace(/[\p{Script=Han}|]+/gu, ' ')
    .replace(/\b(sb|sth|sb's|sth's|one's|oneself|etc)\b\.?/g, ' ')
    .replace(/\.\.\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(to|a|an|the) /i, '')
    .replace(/^be (?=\S)/, '')
    .replace(/[\s,;:.]+$/, '')
    .trim();
}

/** An English rendering, and whether it is a verb's ("to invent" → invent) */
export interface Rendering {
  text: string;
  verbal: boolean;
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
