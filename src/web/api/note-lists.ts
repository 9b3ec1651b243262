// Tags as the server has them: how it normalises them and what it accepts. (The lists of notes
// themselves are the feeds' and topics' — api/feed.ts.)

/** As the server stores tags: NFKC, lower-case ("#CatTax" and "#cattax" are one tag). */
export function normalizeTag(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

/** What the server accepts as a tag: 1–50 letters, marks, digits or _ of any script. */
export function isTag(tag: string): boolean {
  return /^[\p{L}\p{M}\p{N}_]{1,50}$/u.test(tag);
}
