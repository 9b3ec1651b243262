// Corpus chrF (Popović 2015) and chrF++ (Popović 2017) exactly as sacreBLEU 2.x computes them.
// Ported from sacreBLEU 2.6.0 (github.com/mjpost/sacrebleu): sacrebleu/metrics/chrf.py (CHRF._compute_f_score,
// _get_match_statistics, _remove_punctuation, _extract_reference_info, _compute_segment_statistics) and
// sacrebleu/metrics/helpers.py (extract_all_char_ngrams, extract_word_ngrams). Statistics are summed over the
// corpus first and the F-score is taken once, from the sums (CHRF._aggregate_and_compute).
import { pyRemoveWhitespace, pySplit, type References, referencesBySegment } from './bleu.ts';

export interface ChrfOptions {
  /** Character n-gram order; default 6. */
  charOrder?: number;
  /** Word n-gram order; default 0 (chrF). 2 gives chrF++. */
  wordOrder?: number;
  /** Weight of recall over precision; default 2. */
  beta?: number;
  /**
   * Default false, sacreBLEU's default: precision and recall are averaged over the orders that have both
   * hypothesis and reference n-grams ("effective order", as sacreBLEU < 2.0 did), and the F-score is taken
   * of those averages. True: chrF++.py/NLTK/Moses style, the mean over all orders of each order's F-score,
   * with 1e-16 standing in for an undefined value.
   */
  eps_smoothing?: boolean;
  /** Compare lowercased text; default false. */
  lowercase?: boolean;
  /** Keep whitespace inside character n-grams; default false (it is removed first). */
  whitespace?: boolean;
}

/** CHRF._remove_punctuation: string.punctuation, stripped from one end of each word (chrF++ only). */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/**
 * Words for chrF++'s word n-grams: one punctuation mark is split off the end of a word, or else off its
 * start, never both (so "(hi)" gives "(hi" and ")", sacreBLEU issue #124). Python checks `len(w) == 1` in
 * code points; a lone astral character has JS length 2 but is kept whole by the other branches too, since
 * neither of its surrogates is punctuation.
 */
function removePunctuation(sent: string): string[] {
  const words: string[] = [];
  for (const w of pySplit(sent)) {
    if (w.length === 1) words.push(w);
    else if (PUNCTUATION.has(w.slice(-1))) words.push(w.slice(0, -1), w.slice(-1));
    else if (PUNCTUATION.has(w.slice(0, 1))) words.push(w.slice(0, 1), w.slice(1));
    else words.push(w);
  }
  return words;
}

/** helpers.py extract_all_char_ngrams: n-gram counts for n = 1…maxOrder over code points (as Python slices). */
function charNgrams(line: string, maxOrder: number, whitespace: boolean): Map<string, number>[] {
  const s = whitespace ? line : pyRemoveWhitespace(line);
  // UTF-16 offset of every code point, plus the end, so that an n-gram is one slice of the string.
  const offsets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    offsets.push(i);
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  const length = offsets.length;
  offsets.push(s.length);

  const byOrder: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= length; i++) {
      const key = s.slice(offsets[i], offsets[i + n]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    byOrder.push(counts);
  }
  return byOrder;
}

/** helpers.py extract_word_ngrams. */
function wordNgrams(words: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const key = words.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Character n-gram maps for orders 1…charOrder, then word n-gram maps for orders 1…wordOrder. */
function allNgrams(sent: string, charOrder: number, wordOrder: number, whitespace: boolean): Map<string, number>[] {
  const ngrams = charNgrams(sent, charOrder, whitespace);
  if (wordOrder > 0) {
    const words = removePunctuation(sent);
    for (let n = 1; n <= wordOrder; n++) ngrams.push(wordNgrams(words, n));
  }
  return ngrams;
}

/**
 * CHRF._get_match_statistics for one order: [hypothesis n-grams, reference n-grams, matches]. The hypothesis
 * count is reported as 0 when the reference has no n-gram of this order, as sacreBLEU does.
 */
function matchStatistics(hyp: Map<string, number>, ref: Map<string, number>): [number, number, number] {
  let matches = 0;
  let hypCount = 0;
  for (const [ngram, count] of hyp) {
    hypCount += count;
    const refCount = ref.get(ngram);
    if (refCount !== undefined) matches += Math.min(count, refCount);
  }
  let refCount = 0;
  for (const count of ref.values()) refCount += count;
  return [ref.size > 0 ? hypCount : 0, refCount, matches];
}

/** CHRF._compute_f_score: 0–100 from the flattened [hyp, ref, match] triples of each order. */
function fScore(stats: readonly number[], order: number, beta: number, epsSmoothing: boolean): number {
  const eps = 1e-16;
  const factor = beta ** 2;
  let score = 0;
  let effectiveOrder = 0;
  let avgPrec = 0;
  let avgRec = 0;

  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!;
    const nRef = stats[3 * i + 1]!;
    const nMatch = stats[3 * i + 2]!;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder++;
    }
  }

  if (epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  // Same operation order as chrf.py, so that the result is the same double.
  return 100 * (((1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec));
}

/** Corpus chrF (0–100) as sacreBLEU's `CHRF(...).corpus_score(hypotheses, references)` computes it. */
export function chrf(hypotheses: readonly string[], references: References, opts: ChrfOptions = {}): number {
  const charOrder = opts.charOrder ?? 6;
  const wordOrder = opts.wordOrder ?? 0;
  const beta = opts.beta ?? 2;
  const epsSmoothing = opts.eps_smoothing ?? false;
  const whitespace = opts.whitespace ?? false;
  const order = charOrder + wordOrder;
  // CHRF._preprocess_segment: lowercasing is all the preprocessing there is.
  const ngramsOf = (s: string) => allNgrams(opts.lowercase ? s.toLowerCase() : s, charOrder, wordOrder, whitespace);

  const segments = referencesBySegment(hypotheses, references);
  const totals = new Array<number>(3 * order).fill(0);

  hypotheses.forEach((hyp, i) => {
    const hypNgrams = ngramsOf(hyp);
    // With several references a segment takes the statistics of the one with the best F-score (the first
    // of equals), scored on its own (CHRF._compute_segment_statistics).
    let best: number[] = [];
    let bestF = -1;
    for (const ref of segments[i]!) {
      const refNgrams = ngramsOf(ref);
      const stats = hypNgrams.flatMap((h, n) => matchStatistics(h, refNgrams[n]!));
      const f = fScore(stats, order, beta, epsSmoothing);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    best.forEach((v, k) => {
      totals[k]! += v;
    });
  });

  return fScore(totals, order, beta, epsSmoothing);
}
