// The word filter, compiled once from the lists and then asked synchronously for every text written
// (notes, comments, bios, names, chat): pure, no I/O.
//
// - The built-in `en` list is obscenity's English dataset with its recommended transformers
//   (leetspeak, look-alike letters, repeated letters: sh1t, fuuuck, ｆｕｃｋ). Letters spelled out one
//   by one (f u c k, s.h.i.t) are joined and asked again, which obscenity alone does not catch.
// - Every other term (the built-in `zh` list, terms admins add to any list) goes into one
//   Aho–Corasick automaton over the folded text (fold-text.ts). A term in a script written with
//   spaces (Latin, Cyrillic…) must sit on word boundaries; a Han term matches anywhere.
// - `allowed` words are a list's exceptions: a hit inside an allowed word of the same list is not one.
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import type { FilterAction } from '../../../../shared/api/moderation.ts';
import { Automaton } from './automaton.ts';
import { baseFold, type Fold, foldText, isWordChar } from './fold-text.ts';
import { ZH_ALLOWED, ZH_TERMS } from './terms-zh.ts';

export type BuiltinList = 'en' | 'zh';

/** A list as the engine needs it. */
export interface EngineList {
  name: string;
  builtin: BuiltinList | null;
  action: FilterAction;
  enabled: boolean;
  /** terms an admin added */
  terms: readonly string[];
  allowed: readonly string[];
}

export interface FilterHit {
  list: string;
  term: string;
  action: FilterAction;
}

/** The strongest action among the hits (null: nothing hit), and the hits, one per list and term (the shape of FilterTestResult). */
export interface FilterVerdict {
  action: FilterAction | null;
  hits: FilterHit[];
}

export interface FieldVerdict extends FilterVerdict {
  name: string;
}

/** A verdict over several fields: overall, and per field that hit something. */
export interface FieldsVerdict extends FilterVerdict {
  fields: FieldVerdict[];
}

const RANK: Record<FilterAction, number> = { sensitive: 1, hold: 2, refuse: 3 };

/** The stronger of two actions: refuse > hold > sensitive. */
export function stronger(a: FilterAction | null, b: FilterAction | null): FilterAction | null {
  if (a === null) return b;
  if (b === null) return a;
  return RANK[b] > RANK[a] ? b : a;
}

/** How many terms a built-in list brings of its own. */
export const BUILTIN_TERM_COUNT: Record<BuiltinList, number> = {
  en: englishDataset.build().blacklistedTerms.length,
  zh: ZH_TERMS.length,
};

interface Pattern {
  list: number;
  /** the term as written in its list (reported in hits) */
  term: string;
  allowed: boolean;
  /** the first and last characters are letters of a spaced script: that edge must be a word boundary */
  edgeStart: boolean;
  edgeEnd: boolean;
}

/** Everyday phrases obscenity's English dataset would flag (same-sex → sex, Assyrian → ass). */
const EN_ALLOWED = ['same-sex', 'same sex', 'opposite sex', 'sex education', 'assyria'];

/** Letters and digits spelled out one at a time with separators between (f u c k, s.h.1.t). */
const SPELLED = /(?<![\p{L}\p{N}])(?:[\p{Script=Latin}\p{N}@$][\s.*_·-]+){2,}[\p{Script=Latin}\p{N}@$](?![\p{L}\p{N}])/gu;
const SPELLED_SEPARATORS = /[\s.*_·-]+/gu;
/** Anything obscenity could read as an English letter (Latin, look-alikes, digits, leetspeak symbols). */
const MAYBE_ENGLISH = /[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\s\p{P}]/u;
/** Runs of Chinese and Japanese (with their punctuation): obscenity reads only what is between them. */
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]+/u;
const HAS_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** A cheap first look for SPELLED: three single characters with separators between. */
const MAYBE_SPELLED = /(?:^|[^a-z0-9])[a-z0-9@$][\s.*_·-]+[a-z0-9@$][\s.*_·-]+[a-z0-9@$](?:[^a-z0-9]|$)/i;

export class FilterEngine {
  private readonly lists: Array<{ name: string; action: FilterAction }> = [];
  private readonly automaton = new Automaton<Pattern>();
  private english: { matcher: RegExpMatcher; list: number } | null = null;

  /** `toSimplified` is the language module's loaded folding (loadFolding()). */
  constructor(
    lists: readonly EngineList[],
    private readonly toSimplified: Fold,
  ) {
    for (const l of lists) {
      if (!l.enabled) continue;
      const index = this.lists.length;
      this.lists.push({ name: l.name, action: l.action });
      const terms = l.builtin === 'zh' ? [...ZH_TERMS, ...l.terms] : l.terms;
      const allowed = l.builtin === 'zh' ? [...ZH_ALLOWED, ...l.allowed] : l.allowed;
      for (const term of terms) this.addPattern(index, term, false);
      for (const word of allowed) this.addPattern(index, word, true);
      if (l.builtin === 'en') {
        const dataset = englishDataset.build();
        const whitelistedTerms = [...(dataset.whitelistedTerms ?? []), ...EN_ALLOWED, ...l.allowed.map((w) => baseFold(w).trim()).filter((w) => w.length > 0)];
        this.english = { matcher: new RegExpMatcher({ ...dataset, whitelistedTerms, ...englishRecommendedTransformers }), list: index };
      }
    }
    this.automaton.build();
  }

  /** Whether any list is on (a text can hit something). */
  get active(): boolean {
    return this.lists.length > 0;
  }

  check(text: string): FilterVerdict {
    const hits: FilterHit[] = [];
    const seen = new Set<string>();
    const hit = (list: number, term: string) => {
      const key = `${list}\u0000${term}`;
      if (seen.has(key)) return;
      seen.add(key);
      const l = this.lists[list] as { name: string; action: FilterAction };
      hits.push({ list: l.name, term, action: l.action });
    };
    if (this.english && MAYBE_ENGLISH.test(text)) this.checkEnglish(text, (term) => hit((this.english as { list: number }).list, term));
    if (!this.automaton.empty) this.checkTerms(foldText(text, this.toSimplified), hit);
    let action: FilterAction | null = null;
    for (const h of hits) action = stronger(action, h.action);
    return { action, hits };
  }

  /** Every field checked; the overall verdict and the fields that hit something. */
  checkFields(fields: ReadonlyArray<{ name: string; text: string }>): FieldsVerdict {
    const out: FieldsVerdict = { action: null, hits: [], fields: [] };
    const seen = new Set<string>();
    for (const f of fields) {
      if (f.text.length === 0) continue;
      const v = this.check(f.text);
      if (v.hits.length === 0) continue;
      out.fields.push({ name: f.name, ...v });
      out.action = stronger(out.action, v.action);
      for (const h of v.hits) {
        const key = `${h.list}\u0000${h.term}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.hits.push(h);
        }
      }
    }
    return out;
  }

  private addPattern(list: number, raw: string, allowed: boolean): void {
    const folded = foldText(raw, this.toSimplified).trim();
    if (folded.length === 0) return;
    this.automaton.add(folded, {
      list,
      term: raw.trim(),
      allowed,
      edgeStart: isWordChar(folded[0]),
      edgeEnd: isWordChar(folded[folded.length - 1]),
    });
  }

  private checkEnglish(text: string, found: (term: string) => void): void {
    const { matcher } = this.english as { matcher: RegExpMatcher };
    const report = (input: string) => {
      for (const m of matcher.getAllMatches(input)) {
        const word = englishDataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord;
        if (word) found(word);
      }
    };
    // Chinese runs cost obscenity time and can hold no English word: only what lies between them is read.
    report(
      HAS_UNSPACED.test(text)
        ? text
            .split(UNSPACED_RUN)
            .filter((part) => MAYBE_ENGLISH.test(part))
            .join(' ')
        : text,
    );
    if (MAYBE_SPELLED.test(text)) for (const m of text.matchAll(SPELLED)) report(m[0].replace(SPELLED_SEPARATORS, ''));
  }

  private checkTerms(folded: string, hit: (list: number, term: string) => void): void {
    const found: Array<{ start: number; end: number; p: Pattern }> = [];
    let anyAllowed = false;
    this.automaton.search(folded, ({ start, end, payload: p }) => {
      if (p.edgeStart && isWordChar(folded[start - 1])) return;
      if (p.edgeEnd && isWordChar(folded[end])) return;
      if (p.allowed) anyAllowed = true;
      found.push({ start, end, p });
    });
    for (const f of found) {
      if (f.p.allowed) continue;
      // Inside an allowed word of the same list: not a hit.
      if (anyAllowed && found.some((a) => a.p.allowed && a.p.list === f.p.list && a.start <= f.start && a.end >= f.end)) continue;
      // Inside a longer hit of the same list (刷单 in 兼职刷单): the longer term says it all.
      if (found.some((g) => g !== f && !g.p.allowed && g.p.list === f.p.list && g.start <= f.start && g.end >= f.end && g.end - g.start > f.end - f.start))
        continue;
      hit(f.p.list, f.p.term);
    }
  }
}
