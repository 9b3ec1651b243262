// Highlighting the words a search matched: a text cut into runs, each a hit or not. The runs are
// rendered as text (never as HTML), so a title with "<b>" in it stays those four characters.

export type Run = { text: string; hit: boolean };

/** Longer words than this are not looked for (a matched list is words, not paragraphs). */
const MAX_WORD = 100;
/** At most this many words are looked for. */
const MAX_WORDS = 30;

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` in runs, the occurrences of any of `words` (case-insensitively) as hits. Where two words
 * overlap at one place, the longer wins ("hot pot" over "hot").
 */
export function highlightRuns(text: string, words: readonly string[]): Run[] {
  if (!text) return [];
  const wanted = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0 && w.length <= MAX_WORD))]
    .sort((a, b) => b.length - a.length)
    .slice(0, MAX_WORDS);
  if (wanted.length === 0) return [{ text, hit: false }];
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'giu');
  const runs: Run[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    if (match[0].length === 0) continue;
    if (start > at) runs.push({ text: text.slice(at, start), hit: false });
    runs.push({ text: match[0], hit: true });
    at = start + match[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hit: false });
  return runs;
}
