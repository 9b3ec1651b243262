// Traditional Chinese folded to simplified (OpenCC's Taiwan → mainland tables, phrases included:
// 軟體 → 软件), so that a 火鍋 reader and a 火锅 reader find the same word, save the same word and get
// the same gloss. The tables load on first use (~15 ms): most requests never meet traditional text.
import type { ConverterFunction } from 'opencc-js';

let toSimplified: ConverterFunction | null = null;

export async function loadFolding(): Promise<ConverterFunction> {
  if (!toSimplified) {
    const OpenCC = await import('opencc-js/t2cn');
    toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });
  }
  return toSimplified;
}

/** The text with traditional characters (and Taiwan phrasings) in simplified form; null before loadFolding(). */
export const foldNow = (text: string): string | null => (toSimplified ? toSimplified(text) : null);
