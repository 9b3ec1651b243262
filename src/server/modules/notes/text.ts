// What a note's text holds: #hashtags in any script, @mentions of real handles, and links,
// parsed into entities on write (the client renders from entities, never from HTML); and the
// language the text is written in.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as linkify from 'linkifyjs';

export type Entity =
  | { type: 'hashtag'; start: number; end: number; tag: string }
  | { type: 'mention'; start: number; end: number; handle: string }
  | { type: 'link'; start: number; end: number; url: string };

// '#' then letters/marks/numbers/_ of any script, up to 50; ended by whitespace, punctuation
// (ASCII or CJK) or another '#'. Not inside a word or URL ("a#b", "/page#x").
const HASHTAG = /(?<![\p{L}\p{N}_&/])#([\p{L}\p{M}\p{N}_]{1,50})/gu;
const HASH_RUN = /#([\p{L}\p{M}\p{N}_]{1,50})/gu;
const WORDISH = /[\p{L}\p{N}_&/]/u;
const MENTION = /(?<![\p{L}\p{N}_.@/])@([A-Za-z0-9_.]{3,30})/gu;

import { normalizeTag } from '../../../shared/rules/tags.ts';

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

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /\p{Script=Latin}/gu;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/**
 * The language of a text, as a BCP-47 primary code ("en", "zh", …) or "und".
 * Script decides first (a Han character is worth two Latin letters, as in the weighted length);
 * for Latin text the statistical detector (eld) decides when it is reliable, else the author's
 * own languages break the tie — short English posts ("my cat!") fool every n-gram detector.
 */
export function detectLanguage(text: string, authorLanguages: readonly string[] = []): string {
  const plain = text
    .replace(HASHTAG, ' ')
    .replace(MENTION, ' ')
    .replace(/https?:\/\/\S+/giu, ' ');
  const han = count(plain, HAN);
  const kana = count(plain, KANA);
  const hangul = count(plain, HANGUL);
  const latin = count(plain, LATIN);
  if (kana > 0 && kana + han >= latin / 2) return 'ja';
  if (hangul > 0 && hangul * 2 >= latin) return 'ko';
  if (han > 0 && han * 2 >= latin) return 'zh';
  if (latin === 0) {
    if (han > 0) return 'zh';
    return 'und';
  }
  const primary = authorLanguages.map((l) => l.split('-')[0] ?? l);
  const result = detector().detect(plain);
  const guess = result.language;
  if (guess && result.isReliable() && (latin >= 25 || primary.includes(guess) || primary.length === 0)) return guess;
  // Unreliable or short: the author's first Latin-script language, else English.
  const latinLangs = primary.filter((l) => !['zh', 'ja', 'ko', 'ru', 'ar', 'he', 'th', 'el', 'uk', 'hi'].includes(l));
  return latinLangs[0] ?? (guess && result.isReliable() ? guess : 'en');
}

// The statistical detector's n-gram tables are large JavaScript modules: `eld/large` costs ~190 MB and
// seconds of start-up, paid by every process whether or not anyone writes. So the tables load on the
// first Latin-script text, and the `small` set is used: on the Latin-script languages this function
// asks it about it answers like `large` (the tests below hold on both), at a third of the heap.
type Eld = { detect(text: string): { language: string; isReliable(): boolean } };
const DETECTOR = 'eld/small';
let loaded: Eld | null = null;

function detector(): Eld {
  if (loaded) return loaded;
  // `detectLanguage` is synchronous (services call it inside their checks), and eld ships only as an
  // ES module, exported for `import` alone: so resolve the entry as `import` would, then load it with
  // require(esm) (Node 20.19+, 22.12+), which runs it synchronously.
  const file = fileURLToPath(import.meta.resolve(DETECTOR));
  const emit = process.emitWarning;
  // Node 20 marks require(esm) experimental and says so on stderr once; that line is noise here.
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('ES Module')) (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    loaded = (createRequire(import.meta.url)(file) as { eld: Eld }).eld;
  } finally {
    process.emitWarning = emit;
  }
  return loaded;
}
