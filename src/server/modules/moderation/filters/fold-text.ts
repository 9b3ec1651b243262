// How a text is folded before the word lists see it, so that a term is written once and its
// disguises still meet it: full-width letters (ｓｂ → sb) and compatibility forms through NFKC,
// upper case through lower case, traditional characters through the language module's folding
// (幹 → 干, only in runs that hold a traditional character), and whatever people slip between Han
// characters to dodge a filter (傻 逼, 傻*逼, 傻\u200b逼) removed. Terms are folded the same way.

/** Invisible characters (zero-width spaces and joiners, BOM, soft hyphen): removed everywhere. */
const INVISIBLE = /[\p{Cf}]/gu;
const SPACES = /\s+/gu;
/** Spaces, punctuation, symbols (emoji) and marks between two Han characters. */
const BETWEEN_HAN = /(?<=\p{Script=Han})[\s\p{P}\p{S}\p{M}]+(?=\p{Script=Han})/gu;
const HAS_HAN = /\p{Script=Han}/u;

export type Fold = (text: string) => string;

/** NFKC, lower case, no invisible characters, runs of white space as one space. */
export function baseFold(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().replace(SPACES, ' ');
}

/** The text as the substring matcher sees it; `toSimplified` is language/fold's loaded folding. */
export function foldText(text: string, toSimplified: Fold): string {
  const base = baseFold(text);
  return HAS_HAN.test(base) ? toSimplified(base.replace(BETWEEN_HAN, '')) : base;
}

/** Scripts written without spaces between words: their terms match anywhere, not on word boundaries. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORDISH = /[\p{L}\p{N}\p{M}]/u;

/** A letter or digit of a script written with spaces: a Latin-side word edge must not touch one. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORDISH.test(ch) && !UNSPACED.test(ch);
}
