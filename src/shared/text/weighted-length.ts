// RedNote measures text in weighted units: a CJK character counts 2, any other grapheme 1
// (an emoji with skin tone or ZWJ sequence is one grapheme). So a 40-unit title holds 20 Chinese
// characters or 40 letters. Shared by the server (limits) and the composer (counters).

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF\u3100-\u312F]/u;

let segmenter: Intl.Segmenter | null = null;

export function weightedLength(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let units = 0;
  for (const { segment } of segmenter.segment(text)) units += CJK.test(segment) ? 2 : 1;
  return units;
}
