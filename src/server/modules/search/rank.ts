// Relevance: how well a candidate the index found matches the query, as a person would judge it.
// The database's own text score (bm25 / ts_rank) cannot weigh a word's translations below the word
// itself, so each candidate is scored again here from its stored words:
//   - coverage: for each query word, the best variant it contains (the word as typed 1, translations
//     and fixes less), counted more in the title and tags than in the body;
//   - the database's text score, scaled to the best candidate's;
//   - the query's words in order in the title (an exact phrase) or body;
//   - engagement (likes, collects, comments) and freshness, lightly.
import type { Group, Variant } from './query.ts';
import type { Candidate } from './store.ts';

const PLACE = { title: 1, tags: 0.9, body: 0.7, chars: 0.6 } as const;
const MIX = { coverage: 0.55, text: 0.2, phrase: 0.12, engagement: 0.08, freshness: 0.05 } as const;
/** Freshness halves every this many days. */
const HALF_LIFE_DAYS = 30;

interface Field {
  tokens: string[];
  set: Set<string>;
}

interface Fields {
  title: Field;
  tags: Field;
  body: Field;
  chars: string;
}

const field = (s: string): Field => {
  const tokens = s.length > 0 ? s.split(' ') : [];
  return { tokens, set: new Set(tokens) };
};
const fieldsOf = (c: Candidate): Fields => ({ title: field(c.title_words), tags: field(c.tag_words), body: field(c.body_words), chars: ` ${c.chars} ` });

function contains(f: Field, v: Pick<Variant, 'tokens' | 'prefix'>): boolean {
  const n = v.tokens.length;
  if (n === 1 && !v.prefix) return f.set.has(v.tokens[0] as string);
  // Every word of a phrase must be there before its order is worth checking.
  if (!v.prefix && !v.tokens.every((t) => f.set.has(t))) return false;
  const tokens = f.tokens;
  const last = v.tokens[n - 1] as string;
  for (let i = 0; i + n <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const t = tokens[i + k] as string;
      ok = k === n - 1 && v.prefix ? t.startsWith(last) : t === v.tokens[k];
    }
    if (ok) return true;
  }
  return false;
}

/** Where a variant occurs in a candidate (the best place), or null. */
function placeOf(f: Fields, v: Variant): keyof typeof PLACE | null {
  if (v.column === 'chars') return f.chars.includes(` ${v.tokens.join(' ')} `) ? 'chars' : null;
  if (v.column === 'tags') return contains(f.tags, v) ? 'tags' : null;
  if (contains(f.title, v)) return 'title';
  if (contains(f.tags, v)) return 'tags';
  if (contains(f.body, v)) return 'body';
  return null;
}

export interface Scored {
  candidate: Candidate;
  score: number;
  /** words to highlight: each matched variant's */
  matched: string[];
  /** how many of the query's groups it matched */
  groups: number;
}

/** What each candidate matched, without ranking them (newest and most-liked orders). */
export function matchedWords(c: Candidate, groups: readonly Group[], alternative: readonly Group[]): string[] {
  const f = fieldsOf(c);
  const out = new Set<string>();
  for (const g of [...groups, ...alternative]) for (const v of g.variants) if (placeOf(f, v)) out.add(v.show);
  return [...out];
}

export function rank(
  candidates: readonly Candidate[],
  groups: readonly Group[],
  alternative: readonly Group[],
  phrase: readonly string[],
  nowS: number,
): Scored[] {
  const bestText = Math.max(1e-9, ...candidates.map((c) => c.rank));
  const bestEngagement = Math.max(1, ...candidates.map((c) => c.engagement));
  const fields = candidates.map(fieldsOf);
  // A word most candidates have (night) tells less than one few have (library): each group counts by its
  // rarity among the candidates (all equal when every candidate has every word).
  const rarity = (gs: readonly Group[]) => {
    const df = gs.map((g) => fields.filter((f) => g.variants.some((v) => placeOf(f, v))).length);
    const idf = df.map((n) => Math.log(1 + (candidates.length + 1) / (n + 1)));
    const mean = idf.reduce((a, b) => a + b, 0) / Math.max(1, idf.length);
    return idf.map((x) => (mean > 0 ? x / mean : 1));
  };
  const weights = { main: rarity(groups), alt: rarity(alternative) };
  const scored = candidates.map((c, i) => {
    const f = fields[i] as Fields;
    const matched = new Set<string>();
    const cover = (gs: readonly Group[], gw: readonly number[]) => {
      let sum = 0;
      let hit = 0;
      for (const [k, g] of gs.entries()) {
        let best = 0;
        for (const v of g.variants) {
          const at = placeOf(f, v);
          if (!at) continue;
          matched.add(v.show);
          best = Math.max(best, v.weight * PLACE[at]);
        }
        sum += best * (gw[k] ?? 1);
        if (best > 0) hit += 1;
      }
      return { coverage: gs.length > 0 ? sum / gs.length : 0, hit };
    };
    const main = cover(groups, weights.main);
    const alt = cover(alternative, weights.alt);
    const coverage = Math.max(main.coverage, alt.coverage);
    const inOrder = phrase.length > 1 ? (contains(f.title, { tokens: [...phrase] }) ? 1 : contains(f.body, { tokens: [...phrase] }) ? 0.5 : 0) : 0;
    const ageDays = Math.max(0, (nowS - c.created_s) / 86_400);
    const score =
      MIX.coverage * coverage +
      MIX.text * (c.rank / bestText) +
      MIX.phrase * inOrder +
      MIX.engagement * (Math.log1p(c.engagement) / Math.log1p(bestEngagement)) +
      MIX.freshness * 0.5 ** (ageDays / HALF_LIFE_DAYS);
    return { candidate: c, score, matched: [...matched], groups: Math.max(main.hit, alt.hit) };
  });
  // Notes matching more of the query first (a relaxed match only fills in after the full ones), then by score.
  return scored.sort((a, b) => b.groups - a.groups || b.score - a.score || b.candidate.doc_id - a.candidate.doc_id);
}
