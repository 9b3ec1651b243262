// Which language a text is in, on write: a note (title and body), a comment, a bio, a message. Each
// gets its main language (what it is filed and ranked under) and every language it holds enough of
// to need translating — code-switched text ("今天吃了hotpot, so good") is both Chinese and English,
// so a reader of either gets a Translate action. Text too short to tell ("ok", "666", "🐱") is `und`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { HASHTAG, MENTION } from '../../../shared/rules/tags.ts';

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const HANGUL = /\p{Script=Hangul}/gu;
const LATIN = /\p{Script=Latin}/gu;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
const NON_LATIN_SCRIPT_LANGS = ['zh', 'ja', 'ko', 'ru', 'ar', 'he', 'th', 'el', 'uk', 'hi'];

/** The text without what is not language: #tags, @handles, links. */
const plainOf = (text: string): string =>
  text
    .replace(HASHTAG, ' ')
    .replace(MENTION, ' ')
    .replace(/https?:\/\/\S+/giu, ' ');

/**
 * The language of a text, as a BCP-47 primary code ("en", "zh", …) or "und".
 * Script decides first (a Han character is worth two Latin letters, as in the weighted length);
 * for Latin text the statistical detector (eld) decides when it is reliable, else the author's
 * own languages break the tie — short English posts ("my cat!") fool every n-gram detector.
 * Fewer than three Latin letters and nothing else ("ok", "666") say nothing: `und`.
 */
export function detectLanguage(text: string, authorLanguages: readonly string[] = []): string {
  const plain = plainOf(text);
  const han = count(plain, HAN);
  const kana = count(plain, KANA);
  const hangul = count(plain, HANGUL);
  const latin = count(plain, LATIN);
  if (kana > 0 && kana + han >= latin / 2) return 'ja';
  if (hangul > 0 && hangul * 2 >= latin) return 'ko';
  if (han > 0 && han * 2 >= latin) return 'zh';
  if (latin < 3) return han > 0 ? 'zh' : 'und';
  const primary = authorLanguages.map((l) => l.split('-')[0] ?? l);
  const result = detector().detect(plain);
  const guess = result.language;
  if (guess && result.isReliable() && (latin >= 25 || primary.includes(guess) || primary.length === 0)) return guess;
  // Unreliable or short: the author's first Latin-script language, else English.
  const latinLangs = primary.filter((l) => !NON_LATIN_SCRIPT_LANGS.includes(l));
  return latinLangs[0] ?? (guess && result.isReliable() ? guess : 'en');
}

export interface DetectedLanguages {
  /** the main language, or "und" */
  lang: string;
  /** every language the text holds a sentence or phrase of, the main one first; [] when `und` */
  langs: string[];
}

/** Runs of one script: Han (with kana: Japanese), Hangul, Latin; what lies between belongs to neither. */
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|\p{Script=Hangul}+|[\p{Script=Latin}\p{N}'’][\p{Script=Latin}\p{N}'’\s,.;:!?()-]*/gu;

/**
 * The main language and every language present, phrase by phrase: a Han phrase of two or more
 * characters is Chinese (Japanese with kana), a Latin phrase of two or more words is in the text's
 * Latin-script language. A lone Latin word inside Chinese ("我爱NBA", "iPhone") is not English to
 * translate, nor a lone character inside English.
 */
export function detectLanguages(text: string, authorLanguages: readonly string[] = []): DetectedLanguages {
  const lang = detectLanguage(text, authorLanguages);
  const plain = plainOf(text);
  const found = new Set<string>();
  if (lang !== 'und') found.add(lang);
  let latinText = '';
  for (const m of plain.matchAll(RUN)) {
    const run = m[0];
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run)) {
      if ([...run].length >= 2) found.add(count(run, KANA) > 0 ? 'ja' : 'zh');
    } else if (count(run, HANGUL) >= 2) found.add('ko');
    else if ((run.match(/\p{Script=Latin}{2,}/gu)?.length ?? 0) >= 2) latinText += ` ${run}`;
  }
  if (latinText) {
    const latinLang = detectLanguage(latinText, authorLanguages);
    if (latinLang !== 'und') found.add(latinLang);
  }
  if (lang === 'und' && found.size > 0) return { lang: [...found][0] as string, langs: [...found] };
  return { lang, langs: [...found] };
}

// The statistical detector's n-gram tables are large JavaScript modules: `eld/large` costs ~190 MB and
// seconds of start-up, paid by every process whether or not anyone writes. So the tables load on the
// first Latin-script text, and the `small` set is used: on the Latin-script languages this function
// asks it about it answers like `large` (the tests hold on both), at a third of the heap.
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

/** The columns a row stores: the main language, and every language space-separated ("zh en"). */
export function languageColumns(text: string, authorLanguages: readonly string[] = []): { lang: string; langs: string } {
  const d = detectLanguages(text, authorLanguages);
  return { lang: d.lang, langs: d.langs.join(' ') };
}

/** A row's languages; '' (a row written before they were stored) is its main language alone. */
export const langsOf = (lang: string, langs: string): string[] => (langs ? langs.split(' ') : lang === 'und' ? [] : [lang]);
