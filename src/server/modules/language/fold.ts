// Traditional Chinese folded to simplified (OpenCC's Taiwan → mainland tables, phrases included:
// 軟體 → 软件), so that a 火鍋 reader and a 火锅 reader find the same word, save the same word and get
// the same gloss. Only a run of Han characters that holds a traditional character is converted: the
// phrase tables would also rewrite simplified text that happens to spell a Taiwan phrase (程序员 is
// mainland for "programmer", and would become 进程员). The tables load on first use (~15 ms): most
// requests never meet traditional text.
import type { ConverterFunction } from 'opencc-js';

let toSimplified: ConverterFunction | null = null;

const HAN_RUN = /\p{Script=Han}+/gu;

export async function loadFolding(): Promise<ConverterFunction> {
  if (!toSimplified) {
    const OpenCC = await import('opencc-js/t2cn');
    const phrases = OpenCC.Converter({ from: 'twp', to: 'cn' });
    const chars = OpenCC.Converter({ from: 't', to: 'cn' });
    toSimplified = (text: string) => text.replace(HAN_RUN, (run) => (chars(run) === run ? run : phrases(run)));
  }
  return toSimplified;
}

/** The text with traditional characters (and Taiwan phrasings) in simplified form; null before loadFolding(). */
export const foldNow = (text: string): string | null => (toSimplified ? toSimplified(text) : null);
