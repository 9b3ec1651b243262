// Chinese text cut into words (jieba, with the dictionary its package ships) and each word's pinyin
// (pinyin-pro, which reads a polyphone by its word and sentence: 银行 yín háng, 行走 xíng zǒu, 吃了 chī le).
// Both load on first use: most servers start to serve reads, not to read Chinese aloud.
import type { Jieba } from '@node-rs/jieba';
import { HAN } from '../../../shared/text/han.ts';

export interface Segment {
  text: string;
  /** a syllable (with tone marks) for each Han character of `text`, space-separated; null when it has none */
  pinyin: string | null;
}

let jieba: Promise<Jieba> | null = null;
let pinyinPro: Promise<typeof import('pinyin-pro')> | null = null;

/** jieba with the dictionary its package ships, loaded once (the gloss cuts with it too). */
export async function loadJieba(): Promise<Jieba> {
  jieba ??= (async () => {
    const [{ Jieba }, { dict }] = await Promise.all([import('@node-rs/jieba'), import('@node-rs/jieba/dict.js')]);
    return Jieba.withDict(dict);
  })();
  return jieba;
}

/** Words of `text` in order, whitespace and punctuation included, so that joined they are `text` again. */
export async function segment(text: string): Promise<Segment[]> {
  pinyinPro ??= import('pinyin-pro');
  const [j, { pinyin }] = await Promise.all([loadJieba(), pinyinPro]);
  const read = (s: string) => pinyin(s, { type: 'array', toneType: 'symbol', nonZh: 'removed' }) as string[];
  const hanCount = (s: string) => [...s].filter((ch) => HAN.test(ch)).length;
  // Read as a whole, so a word is read in its sentence (吃了 chī le, where 了 alone is liǎo), then dealt out to
  // the words; if the reading does not give one syllable a character (a character it does not know), word by word.
  const whole = read(text);
  const aligned = whole.length === hanCount(text);
  let next = 0;
  return j.cut(text, true).map((word) => {
    const n = hanCount(word);
    if (n === 0) return { text: word, pinyin: null };
    const syllables = aligned ? whole.slice(next, next + n) : read(word);
    next += n;
    return { text: word, pinyin: syllables.join(' ') };
  });
}
