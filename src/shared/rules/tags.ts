// Hashtags as every part of Biji stores and matches them (notes parse them; topics, feeds and the
// web client look them up).

/** Lower-case, NFKC: "#CatTax" and "#cattax" are one tag; full-width letters fold to ASCII. */
export const normalizeTag = (tag: string): string => tag.normalize('NFKC').toLowerCase();

/** A hashtag as stored (after normalizeTag), without its "#": 1–50 letters, marks, digits or _ of any script. */
export const TAG = /^[\p{L}\p{M}\p{N}_]{1,50}$/u;

// '#' then letters/marks/numbers/_ of any script, up to 50; ended by whitespace, punctuation
// (ASCII or CJK) or another '#'. Not inside a word or URL ("a#b", "/page#x").
export const HASHTAG = /(?<![\p{L}\p{N}_&/])#([\p{L}\p{M}\p{N}_]{1,50})/gu;
/** "@handle" (3–30 of A–Z, 0–9, _ and .), not inside a word or an e-mail address */
export const MENTION = /(?<![\p{L}\p{N}_.@/])@([A-Za-z0-9_.]{3,30})/gu;
