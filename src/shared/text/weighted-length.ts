// RedNote measures text in weighted units: a CJK character counts 2, any other grapheme 1
// (an emoji with skin tone or ZWJ sequence is one grapheme). So a 40-unit title holds 20 Chinese
// characters or 40 letters. Shared by the server (limits) and the composer (counters).

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF\u3100-\u312F]/u;

let segmenter: Intl.Segmenter | null = null;

/** The definition: every grapheme cluster (Unicode's, via Intl.Segmenter), weighed 2 when CJK, 1 otherwise. */
export function segmentedWeightedLength(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let units = 0;
  for (const { segment } of segmenter.segment(text)) units += CJK.test(segment) ? 2 : 1;
  return units;
}

/**
 * The weight of one UTF-16 unit that is a grapheme on its own whatever stands beside it, or 0 for
 * any other (combining marks, joiners, variation selectors, surrogates, CR, Hangul, kana and all
 * else the fast path does not vouch for). Covers what most notes are written in: ASCII but CR,
 * Latin-1, general punctuation, CJK ideographs, CJK punctuation and full-width forms.
 */
export function soloWeight(c: number): number {
  if (c >= 0x20 && c <= 0x7e) return 1;
  if (c === 0x0a || c === 0x09) return 1;
  if (c >= 0x4e00 && c <= 0x9fff) return 2;
  if (c >= 0x3400 && c <= 0x4dbf) return 2;
  if (c >= 0xa0 && c <= 0xff) return 1;
  if (c >= 0x3000 && c <= 0x3029) return 2; // CJK punctuation (not the tone marks at 302A–302F)
  if (c >= 0xff01 && c <= 0xff5e) return 2; // full-width ASCII forms
  if (c >= 0x2010 && c <= 0x2027) return 1; // dashes, quotes, bullets, ellipsis
  if (c >= 0x2030 && c <= 0x205e) return 1;
  return 0;
}

/**
 * What `segmentedWeightedLength` answers, segmenting only the stretches that need it. Between two
 * units that are graphemes on their own there is always a grapheme boundary, so the text is cut
 * there; a stretch of one such unit weighs what `soloWeight` says, and only a stretch holding
 * anything else (an emoji, a combining mark, CR LF…) goes to Intl.Segmenter. That matters: V8 copies
 * the whole input into every segment it yields, so segmenting a whole text costs its length squared
 * (about 0.1 ms for a 300-character note, most of what posting it cost).
 */
export function weightedLength(text: string): number {
  const n = text.length;
  let units = 0;
  let start = 0;
  let prev = n > 0 ? soloWeight(text.charCodeAt(0)) : 0;
  for (let p = 1; p <= n; p++) {
    const cur = p < n ? soloWeight(text.charCodeAt(p)) : 0;
    if (p === n || (prev > 0 && cur > 0)) {
      units += p - start === 1 && prev > 0 ? prev : segmentedWeightedLength(text.slice(start, p));
      start = p;
    }
    prev = cur;
  }
  return units;
}
