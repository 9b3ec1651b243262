// What a note's text holds: #hashtags in any script, @mentions of real handles, and links,
// parsed into entities on write (the client renders from entities, never from HTML); and the
// language the text is written in (found by the language module's detector).

import * as linkify from 'linkifyjs';

export type Entity =
  | { type: 'hashtag'; start: number; end: number; tag: string }
  | { type: 'mention'; start: number; end: number; handle: string }
  | { type: 'link'; start: number; end: number; url: string };

// '#' then letters/marks/numbers/_ of any script, up to 50; ended by whitespace, punctuation
// (ASCII or CJK) or another '#'. Not inside a word or URL ("a#b", "/page#x").
const HASH_RUN = /#([\p{L}\p{M}\p{N}_]{1,50})/gu;
const WORDISH = /[\p{L}\p{N}_&/]/u;

import { MENTION, normalizeTag } from '../../../shared/rules/tags.ts';

export { normalizeTag };

export interface ParsedText {
  hashtags: Array<{ start: number; end: number; tag: string }>;
  mentions: Array<{ start: number; end: number; handle: string }>;
  links: Array<{ start: number; end: number; url: string }>;
}

/** Finds candidates; mentions are kept only for handles that exist (resolved by the caller). */
export function scanText(text: string): ParsedText {
  const links = linkify
    .find(text, 'url')
    .filter((l) => /^https?:\/\//i.test(l.href))
    .map((l) => ({ start: l.start, end: l.end, url: l.href }));
  const inLink = (i: number) => links.some((l) => i >= l.start && i < l.end);
  const hashtags: ParsedText['hashtags'] = [];
  let lastEnd = -1;
  for (const m of text.matchAll(HASH_RUN)) {
    // "#成都#旅行": a tag may follow another tag directly; otherwise not inside a word or URL.
    if (m.index !== lastEnd && m.index > 0 && WORDISH.test(text[m.index - 1] ?? '')) continue;
    const raw = m[1] ?? '';
    if (/^\p{N}+$/u.test(raw) || inLink(m.index)) continue; // "#1" is a number, not a tag
    lastEnd = m.index + 1 + raw.length;
    hashtags.push({ start: m.index, end: lastEnd, tag: normalizeTag(raw) });
  }
  const mentions: ParsedText['mentions'] = [];
  for (const m of text.matchAll(MENTION)) {
    const handle = (m[1] ?? '').replace(/\.+$/, ''); // a sentence's full stop is not part of the handle
    if (handle.length < 3 || inLink(m.index)) continue;
    mentions.push({ start: m.index, end: m.index + 1 + handle.length, handle: handle.toLowerCase() });
  }
  return { hashtags, mentions, links };
}

/** The entity list, ordered and non-overlapping; `known` says which mentioned handles exist. */
export function toEntities(parsed: ParsedText, known: ReadonlySet<string>): Entity[] {
  const all: Entity[] = [
    ...parsed.links.map((l) => ({ type: 'link' as const, ...l })),
    ...parsed.hashtags.map((h) => ({ type: 'hashtag' as const, ...h })),
    ...parsed.mentions.filter((m) => known.has(m.handle)).map((m) => ({ type: 'mention' as const, ...m })),
  ].sort((a, b) => a.start - b.start);
  const out: Entity[] = [];
  for (const e of all) {
    const prev = out[out.length - 1];
    if (!prev || e.start >= prev.end) out.push(e);
  }
  return out;
}
