// Hashtags as every part of Biji stores and matches them (notes parse them; topics, feeds and the
// web client look them up).

/** Lower-case, NFKC: "#CatTax" and "#cattax" are one tag; full-width letters fold to ASCII. */
export const normalizeTag = (tag: string): string => tag.normalize('NFKC').toLowerCase();

/** A hashtag as stored (after normalizeTag), without its "#": 1–50 letters, marks, digits or _ of any script. */
export const TAG = /^[\p{L}\p{M}\p{N}_]{1,50}$/u;
