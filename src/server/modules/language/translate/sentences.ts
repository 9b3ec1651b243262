// Text cut into what a provider translates — a line (paragraph) at a time, so a machine translator sees
// each sentence in its context, a long line cut between sentences — and into the sentences a reader
// reads side by side with their translation. Each piece keeps the whitespace after it, so the pieces
// joined are the text again and a translation reassembles with the original's line breaks. Each piece
// also says which language it needs translating from, if any:
// toward English, anything with Chinese in it; toward Chinese, Latin text that outweighs its Chinese
// (a Chinese sentence with "hotpot" in it is already Chinese).
import type { Lang } from './types.ts';

export interface Piece {
  /** the sentence, without the whitespace after it */
  text: string;
  /** the whitespace (spaces, line breaks) between it and the next */
  tail: string;
}

/**
 * A sentence ends at 。！？!?… (and closing quotes or brackets after them), at a "." or ";" followed by
 * whitespace, or at a line break. A sentence longer than `max` characters is cut at its last comma or
 * space before the limit (providers take a few thousand characters a call; a reader a few lines).
 */
const SENTENCE = /[^\n]*?(?:[。！？!?…]+[”’"'）)」』]*|[.;](?=\s)|(?=\n)|$)/gy;

export function splitSentences(text: string, max = 1000): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  while (at < text.length) {
    // Leading whitespace belongs to the piece before (or, at the very start, to an empty head).
    const lead = /^\s+/.exec(text.slice(at))?.[0] ?? '';
    if (lead) {
      const last = out[out.length - 1];
      if (last) last.tail += lead;
      else out.push({ text: '', tail: lead });
      at += lead.length;
      continue;
    }
    SENTENCE.lastIndex = at;
    const m = SENTENCE.exec(text);
    let sentence = m?.[0] ?? '';
    if (sentence.length === 0) sentence = text.slice(at, at + 1);
    for (const part of cut(sentence, max)) out.push({ text: part, tail: '' });
    at += sentence.length;
  }
  return out;
}

/**
 * The units a provider gets: each line (paragraph) whole, or — when longer than `max` characters —
 * cut into runs of whole sentences of at most `max` (a sentence longer than that, at commas or spaces).
 */
export function splitForTranslation(text: string, max = 1000): Piece[] {
  const out: Piece[] = [];
  for (const s of splitSentences(text, max)) {
    const last = out[out.length - 1];
    // A sentence joins the piece before it when that piece does not end a line and has room.
    if (last?.text && !last.tail.includes('\n') && s.text && last.text.length + last.tail.length + s.text.length <= max) {
      last.text += last.tail + s.text;
      last.tail = s.tail;
    } else out.push({ ...s });
  }
  return out;
}

/** A run longer than `max` cut at commas or spaces (or hard, when there are none). */
function cut(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const soft = Math.max(window.lastIndexOf('，'), window.lastIndexOf(','), window.lastIndexOf(' '), window.lastIndexOf('、'));
    const end = soft > max / 2 ? soft + 1 : max;
    out.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  if (rest) out.push(rest);
  return out;
}

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;

/** The language a piece must be translated from to reach `target`, or null when it reads as it is. */
export function sourceOf(text: string, target: Lang): Lang | null {
  const han = text.match(HAN)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (target === 'en') return han > 0 ? 'zh' : null;
  // Toward Chinese: a word is worth about two characters.
  return latinWords > 0 && latinWords * 2 > han ? 'en' : null;
}
