// Corpus BLEU exactly as sacreBLEU 2.x computes it, with its `13a`, `zh` and `none` tokenizers.
// Ported from sacreBLEU 2.6.0 (github.com/mjpost/sacrebleu): sacrebleu/metrics/bleu.py (BLEU.compute_bleu,
// _extract_reference_info, _compute_segment_statistics, _get_closest_ref_len), sacrebleu/metrics/helpers.py
// (extract_all_word_ngrams), sacrebleu/utils.py (my_log, sum_of_lists) and sacrebleu/tokenizers/
// tokenizer_13a.py, tokenizer_re.py, tokenizer_zh.py, tokenizer_none.py. Python strings are sequences of code
// points and Python's str.split()/strip() know their own set of whitespace, so both are reproduced below rather
// than left to JavaScript's UTF-16 and `\s`.

/** Python's str.isspace() characters: JS `\s` lacks U+001C–U+001F and U+0085 and adds U+FEFF. */
const PY_WHITESPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WHITESPACE_RUN = new RegExp(`[${PY_WHITESPACE}]+`, 'gu');
const PY_TRAILING_WHITESPACE = new RegExp(`[${PY_WHITESPACE}]+$`, 'u');
const PY_LEADING_WHITESPACE = new RegExp(`^[${PY_WHITESPACE}]+`, 'u');

/** Python's `s.split()`: split on runs of whitespace, dropping empty pieces. */
export function pySplit(s: string): string[] {
  return s.split(PY_WHITESPACE_RUN).filter((w) => w !== '');
}

/** Python's `''.join(s.split())`: every whitespace character removed. */
export function pyRemoveWhitespace(s: string): string {
  return s.replace(PY_WHITESPACE_RUN, '');
}

function pyRstrip(s: string): string {
  return s.replace(PY_TRAILING_WHITESPACE, '');
}

function pyStrip(s: string): string {
  return pyRstrip(s).replace(PY_LEADING_WHITESPACE, '');
}

/**
 * One reference stream (`refs[segment]`) or several, the sacreBLEU way (`refs[stream][segment]`): every
 * stream holds one reference for each hypothesis.
 */
export type References = readonly string[] | readonly (readonly string[])[];

/** The references of each segment, `[segment][reference]`, checked against the number of hypotheses. */
export function referencesBySegment(hypotheses: readonly string[], references: References): string[][] {
  const streams: readonly (readonly string[])[] = isSingleStream(references) ? [references] : references;
  if (streams.length === 0) throw new RangeError('no reference stream given');
  for (const stream of streams) {
    // sacreBLEU zips hypotheses with references and so silently drops the surplus of the longer side;
    // for an evaluation a length mismatch is a bug, so it is refused here.
    if (stream.length !== hypotheses.length) {
      throw new RangeError(`a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses`);
    }
  }
  return hypotheses.map((_, i) => streams.map((stream) => stream[i]!));
}

function isSingleStream(references: References): references is readonly string[] {
  return references.length === 0 || typeof references[0] === 'string';
}

// tokenizer_re.py (TokenizerRegexp), shared by 13a and zh. The first class is the Python one,
// [\{-\~\[-\` -\&\(-\+\:-\@\/], spelled as code-point ranges: ASCII punctuation except ' , - and .
const RE_PUNCT = /([\x20-\x26\x28-\x2b\x2f\x3a-\x40\x5b-\x60\x7b-\x7e])/gu;
// Period and comma unless preceded by a digit.
const RE_PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/gu;
// Period and comma unless followed by a digit.
const RE_PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/gu;
// Dash when preceded by a digit.
const RE_DASH_AFTER_DIGIT = /([0-9])(-)/gu;

function tokenizeRegexp(line: string): string {
  const s = line
    .replace(RE_PUNCT, ' $1 ')
    .replace(RE_PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ')
    .replace(RE_PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2')
    .replace(RE_DASH_AFTER_DIGIT, '$1 $2 ');
  return pySplit(s).join(' ');
}

/** sacreBLEU's `13a` tokenizer (mteval-v13a.pl): tokenizer_13a.py. */
export function tokenize13a(line: string): string {
  let s = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (s.includes('&')) {
    // In this order, as tokenizer_13a.py does: "&amp;quot;" becomes "&quot;", not '"'.
    s = s.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return tokenizeRegexp(` ${s} `);
}

// tokenizer_zh.py's _UCODE_RANGES as its _is_chinese_char really applies them. It compares one character
// with the bounds as strings, and two bounds are written '\u20000'..'\u2a6d6' and '\u2f800'..'\u2fa1d':
// Python reads those as U+2000 followed by "0" and so on, so the ranges in effect are U+2001–U+2A6D
// (which takes in general punctuation such as “ ” — …, arrows, maths symbols and the dingbats that two
// later entries name) and U+2F81–U+2FA1, and no character outside the BMP (CJK Extension B included)
// counts as Chinese. The class below is that set, checked code point by code point against sacreBLEU 2.6.0.
const RE_ZH_CHAR = new RegExp(
  '[' +
    '\\u3400-\\u4db5' + // CJK Unified Ideographs Extension A
    '\\u4e00-\\u9fa5\\u9fa6-\\u9fbb' + // CJK Unified Ideographs
    '\\uf900-\\ufa2d\\ufa30-\\ufa6a\\ufa70-\\ufad9' + // CJK Compatibility Ideographs
    '\\u2001-\\u2a6d' + // meant as Extension B, U+20000–U+2A6D6 (see above)
    '\\u2f81-\\u2fa1' + // meant as CJK Compatibility Supplement, U+2F800–U+2FA1D (see above)
    '\\uff00-\\uffef' + // full-width ASCII and punctuation, half-width kana, Hangul
    '\\u2e80-\\u2eff' + // CJK Radicals Supplement
    '\\u3000-\\u303f' + // CJK punctuation
    '\\u31c0-\\u31ef' + // CJK strokes
    '\\u2f00-\\u2fdf' + // Kangxi Radicals
    '\\u2ff0-\\u2fff' + // ideographic description characters
    '\\u3100-\\u312f\\u31a0-\\u31bf' + // Bopomofo and its extension
    '\\ufe10-\\ufe1f\\ufe30-\\ufe4f' + // vertical forms, CJK compatibility forms
    '\\u2600-\\u26ff\\u2700-\\u27bf' + // miscellaneous symbols, dingbats
    '\\u3200-\\u32ff\\u3300-\\u33ff' + // enclosed CJK letters, CJK compatibility
    ']',
  'gu',
);

/**
 * sacreBLEU's `zh` tokenizer (tokenizer_zh.py): every Chinese character (per the ranges above) becomes its
 * own token, then the rest goes through tokenizer_re.py's rules. Unlike `13a` it does not unescape `&quot;`
 * and friends nor drop `<skipped>`.
 */
export function tokenizeZh(line: string): string {
  return tokenizeRegexp(pyStrip(line).replace(RE_ZH_CHAR, ' $& '));
}

export type BleuTokenizer = '13a' | 'zh' | 'none';
const TOKENIZERS: Record<BleuTokenizer, (line: string) => string> = {
  '13a': tokenize13a,
  zh: tokenizeZh,
  none: (line) => line,
};

/** sacreBLEU's smoothing methods; `floor` and `add-k` take `smoothValue` (defaults 0.1 and 1). */
export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';
const SMOOTH_DEFAULTS = { exp: undefined, floor: 0.1, 'add-k': 1, none: undefined } as const;

export interface BleuScoringOptions {
  /** Default 'exp', sacreBLEU's default (mteval-v13a's NIST smoothing). */
  smooth?: BleuSmoothing;
  smoothValue?: number;
  /** Drop n-gram orders with no hypothesis n-gram (sacreBLEU's `effective_order`); default false. */
  effectiveOrder?: boolean;
  /** Default 4. */
  maxNgramOrder?: number;
}

export interface BleuOptions extends BleuScoringOptions {
  /** Default '13a'; sacreBLEU picks 'zh' for Chinese targets. */
  tokenize?: BleuTokenizer;
  lowercase?: boolean;
}

export interface BleuScore {
  /** 0–100. */
  score: number;
  /** Clipped n-gram matches for n = 1…maxNgramOrder (after add-k smoothing, as sacreBLEU reports them). */
  counts: number[];
  /** Hypothesis n-grams for n = 1…maxNgramOrder (after add-k smoothing). */
  totals: number[];
  /** n-gram precisions, 0–100, smoothed. */
  precisions: number[];
  /** Brevity penalty, 0–1. */
  bp: number;
  /** Hypothesis tokens. */
  sysLen: number;
  /** Reference tokens (per segment, the reference length closest to the hypothesis's). */
  refLen: number;
}

/** sacrebleu/utils.py my_log: log floored to a very low number, so a zero precision zeroes the score. */
function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** BLEU from corpus statistics: BLEU.compute_bleu in sacrebleu/metrics/bleu.py. */
export function computeBleu(correct: readonly number[], total: readonly number[], sysLen: number, refLen: number, opts: BleuScoringOptions = {}): BleuScore {
  const smooth = opts.smooth ?? 'exp';
  const smoothValue = opts.smoothValue ?? SMOOTH_DEFAULTS[smooth] ?? 0;
  const maxOrder = opts.maxNgramOrder ?? 4;
  const counts = [...correct];
  const totals = [...total];

  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;

  const precisions = new Array<number>(maxOrder).fill(0);
  // No match at all: 0, whatever the smoothing (sacreBLEU #141).
  if (!counts.some((c) => c !== 0)) return { score: 0, counts, totals, precisions, bp, sysLen, refLen };

  let smoothMteval = 1;
  let effOrder = maxOrder;
  for (let n = 1; n <= maxOrder; n++) {
    if (smooth === 'add-k' && n > 1) {
      counts[n - 1]! += smoothValue;
      totals[n - 1]! += smoothValue;
    }
    const tot = totals[n - 1]!;
    const cor = counts[n - 1]!;
    if (tot === 0) break;
    if (opts.effectiveOrder) effOrder = n;
    if (cor === 0) {
      if (smooth === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * tot);
      } else if (smooth === 'floor') {
        precisions[n - 1] = (100 * smoothValue) / tot;
      }
    } else {
      precisions[n - 1] = (100 * cor) / tot;
    }
  }

  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += myLog(precisions[i]!);
  return { score: bp * Math.exp(logSum / effOrder), counts, totals, precisions, bp, sysLen, refLen };
}

/** n-gram counts of one segment, one map per order (helpers.py extract_all_word_ngrams). */
function wordNgrams(tokens: readonly string[], maxOrder: number): Map<string, number>[] {
  const byOrder: Map<string, number>[] = [];
  for (let n = 1; n <= maxOrder; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= tokens.length; i++) {
      // Tokens hold no whitespace, so joining on a space keeps n-grams of one order distinct.
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    byOrder.push(counts);
  }
  return byOrder;
}

/** The reference length closest to the hypothesis's, the shorter on a tie (_get_closest_ref_len). */
function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let closestDiff = -1;
  let closestLen = -1;
  for (const len of refLens) {
    const diff = Math.abs(hypLen - len);
    if (closestDiff === -1 || diff < closestDiff) {
      closestDiff = diff;
      closestLen = len;
    } else if (diff === closestDiff && len < closestLen) {
      closestLen = len;
    }
  }
  return closestLen;
}

/** Corpus BLEU as sacreBLEU's `BLEU(...).corpus_score(hypotheses, references)` computes it. */
export function bleu(hypotheses: readonly string[], references: References, opts: BleuOptions = {}): BleuScore {
  const tokenize = TOKENIZERS[opts.tokenize ?? '13a'];
  const maxOrder = opts.maxNgramOrder ?? 4;
  // BLEU._preprocess_segment: lowercase, then tokenize the right-stripped line.
  const preprocess = (s: string): string[] => pySplit(tokenize(pyRstrip(opts.lowercase ? s.toLowerCase() : s)));

  const segments = referencesBySegment(hypotheses, references);
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLen = 0;
  let refLen = 0;

  hypotheses.forEach((hyp, i) => {
    // _extract_reference_info: with several references, each n-gram counts as often as in the reference
    // that has it most.
    const refNgrams: Map<string, number>[] = [];
    const refLens: number[] = [];
    for (const ref of segments[i]!) {
      const tokens = preprocess(ref);
      refLens.push(tokens.length);
      wordNgrams(tokens, maxOrder).forEach((counts, n) => {
        const merged = refNgrams[n];
        if (!merged) {
          refNgrams[n] = counts;
          return;
        }
        for (const [ngram, count] of counts) merged.set(ngram, Math.max(merged.get(ngram) ?? 0, count));
      });
    }

    const tokens = preprocess(hyp);
    sysLen += tokens.length;
    refLen += closestRefLen(tokens.length, refLens);
    wordNgrams(tokens, maxOrder).forEach((counts, n) => {
      const ref = refNgrams[n];
      for (const [ngram, count] of counts) {
        total[n]! += count;
        correct[n]! += Math.min(count, ref?.get(ngram) ?? 0);
      }
    });
  });

  return computeBleu(correct, total, sysLen, refLen, opts);
}
