// The language module's services for learners: a dictionary card for any word, either way between
// Chinese and English, and pinyin for Chinese text cut into words. Everything is read-only data
// loaded on first use (the dictionary index in well under a second), so any number of readers share it.
import type { DictionaryEntry, Dictionary as DictionaryPage } from '../../../shared/api/language.ts';
import { HAN } from '../../../shared/text/han.ts';
import { type DictEntry, Dictionary, POINTER, plainSense } from './dictionary.ts';
import { loadFolding } from './fold.ts';
import { loadJieba, type Segment, segment } from './segment.ts';

/** What other modules (search) cut and fold text with, the same way the language module does. */
export interface TextTools {
  /** traditional characters (and Taiwan phrasings) to simplified */
  fold(text: string): string;
  /** jieba's cut (the words a reader sees) */
  cut(text: string): string[];
  /** jieba's search-mode cut: the words, and the shorter dictionary words inside long ones (中华人民共和国 → 中华, 人民, 共和国, …) */
  cutForSearch(text: string): string[];
  /** toneless pinyin syllables of the Han characters of `text`, in order (王小明 → wang, xiao, ming) */
  syllables(text: string): string[];
}

/** Entries a look-up returns at most. */
const MAX_ENTRIES = 10;

const present = (e: DictEntry): DictionaryEntry => ({ simplified: e.simplified, traditional: e.traditional, pinyin: e.pinyin, senses: e.senses });

export class LanguageService {
  private dict: Dictionary | null = null;
  private loading: Promise<Dictionary> | null = null;

  constructor(
    private readonly load: () => Dictionary = Dictionary.fromPackage,
    private readonly loadSoftly: () => Promise<Dictionary> = Dictionary.fromPackageSoftly,
  ) {}

  /** The dictionary, indexed on first use (at once: for scripts and tests; a server awaits ready()). */
  dictionary(): Dictionary {
    this.dict ??= this.load();
    return this.dict;
  }

  /** The dictionary, indexed on first need a slice at a time, so a server keeps answering meanwhile. */
  ready(): Promise<Dictionary> {
    if (this.dict) return Promise.resolve(this.dict);
    this.loading ??= this.loadSoftly().then((d) => {
      this.dict ??= d;
      return this.dict;
    });
    return this.loading;
  }

  /**
   * A Chinese word in either script: its entries (every reading); text that is not one dictionary word
   * (今天吃) is cut into the longest words it knows (今天, 吃). English: the Chinese words it translates.
   */
  lookup(query: string): DictionaryPage {
    const q = query.normalize('NFC').trim();
    const d = this.dictionary();
    if (!HAN.test(q)) return { entries: d.fromEnglish(q, MAX_ENTRIES).map(present), source: 'CC-CEDICT' };
    const exact = d.lookup(q);
    if (exact.length > 0) return { entries: exact.slice(0, MAX_ENTRIES).map(present), source: 'CC-CEDICT' };
    const entries: DictEntry[] = [];
    const seen = new Set<string>();
    for (let at = 0; at < q.length && entries.length < MAX_ENTRIES; ) {
      const n = d.longestAt(q, at);
      if (n === 0) {
        at += 1;
        continue;
      }
      const word = q.slice(at, at + n);
      if (!seen.has(word)) {
        seen.add(word);
        entries.push(...d.lookup(word).slice(0, 2));
      }
      at += n;
    }
    return { entries: entries.slice(0, MAX_ENTRIES).map(present), source: 'CC-CEDICT' };
  }

  /** As lookup(), and a word not found as written is looked up again folded to simplified (軟體 → 软件). */
  async find(query: string): Promise<DictionaryPage> {
    const d = await this.ready();
    const q = query.normalize('NFC').trim();
    if (!HAN.test(q)) await d.englishReady();
    if (HAN.test(q) && this.dictionary().lookup(q).length === 0) {
      const folded = (await loadFolding())(q);
      if (folded !== q && this.dictionary().lookup(folded).length > 0) return this.lookup(folded);
    }
    return this.lookup(q);
  }

  /** relatedTags(), once the dictionary (and for an English tag its English side) is ready. */
  async relatedTagsWhenReady(tag: string): Promise<string[]> {
    const d = await this.ready();
    if (!HAN.test(tag)) await d.englishReady();
    return this.relatedTags(tag);
  }

  /**
   * Hashtags in the other script that the dictionary says mean the same: #火锅 → hotpot, hot_pot;
   * #hotpot → 火锅, 火鍋 (a Chinese tag's senses, an English tag's Chinese words whose sense is just it).
   * Candidates only: whether such a topic exists is the caller's to know.
   */
  relatedTags(tag: string): string[] {
    const d = this.dictionary();
    const out = new Set<string>();
    if (HAN.test(tag)) {
      for (const e of d.lookup(tag).slice(0, 3))
        for (const sense of e.senses.filter((s) => !POINTER.test(s)).slice(0, 3))
          for (const part of sense.split(';')) {
            const p = plainSense(part);
            if (!/^[a-z][a-z' -]{0,40}$/.test(p)) continue;
            const words = p.replace(/'/g, '').split(/[\s-]+/);
            out.add(words.join(''));
            if (words.length > 1) out.add(words.join('_'));
          }
    } else {
      const wanted = tag.toLowerCase().replace(/_/g, '');
      for (const e of d.fromEnglish(tag.replace(/_/g, ' '), 5))
        if (e.senses.some((s) => s.split(';').some((part) => plainSense(part).replace(/[\s'-]/g, '') === wanted))) {
          out.add(e.simplified);
          out.add(e.traditional);
        }
    }
    out.delete(tag);
    return [...out].slice(0, 12);
  }

  /** The cutting, folding and reading tools, loaded (with the dictionary) on first need. */
  async textTools(): Promise<TextTools> {
    const [fold, jieba, { pinyin }] = await Promise.all([loadFolding(), loadJieba(), import('pinyin-pro')]);
    return {
      fold,
      cut: (text) => jieba.cut(text, true),
      cutForSearch: (text) => jieba.cutForSearch(text, true),
      syllables: (text) => pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true }) as string[],
    };
  }

  /**
   * The dictionary's words in the other language for a word or phrase: 火锅 → hot pot; hot pot → 火锅;
   * 猫 → cat. Plain translations only (no "variant of…" pointers), the most common readings first.
   */
  async translationsOf(term: string, limit = 4): Promise<string[]> {
    const d = await this.ready();
    const q = term.normalize('NFC').trim().toLowerCase();
    if (q.length === 0) return [];
    const out = new Set<string>();
    // A name's head: "Zhangjiajie, prefecture-level city in Hunan" / "Huangshan prefecture-level city" → the name.
    const nameOf = (sense: string) => /^([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:[ ,]|$)/.exec(sense)?.[1]?.toLowerCase() ?? null;
    if (HAN.test(q)) {
      // "see 成都市[Cheng2 du1 Shi4]": the entry it points to says what the word means.
      const entries = d.lookup(q).slice(0, 2);
      for (const e of [...entries])
        for (const sense of e.senses) {
          const to = /^see ([^[|]+)(?:\|([^[]+))?\[/.exec(sense);
          if (to) entries.push(...d.lookup((to[2] ?? to[1]) as string).slice(0, 1));
        }
      for (const e of entries.slice(0, 3)) {
        const proper = /^[A-Z]/.test(e.pinyinNumbered);
        // Plain senses only: "(basketball) block" is a field's slang, not what the word says.
        for (const sense of e.senses.filter((s) => !POINTER.test(s) && !s.startsWith('(')).slice(0, 2)) {
          const name = proper ? nameOf(sense) : null;
          if (name) out.add(name);
          for (const part of sense.split(';')) {
            const p = plainSense(part);
            if (/^[a-z][a-z' -]{0,30}$/.test(p) && p.split(/[\s-]+/).length <= 3) out.add(p);
          }
        }
      }
    } else {
      await d.englishReady();
      const said = (wanted: string) => {
        const found: string[] = [];
        for (const e of d.fromEnglish(wanted, 12)) {
          const proper = /^[A-Z]/.test(e.pinyinNumbered);
          const says = (sense: string) =>
            !POINTER.test(sense) && (sense.split(';').some((part) => plainSense(part) === wanted) || (proper && nameOf(sense) === wanted));
          if (!e.senses.some(says)) continue;
          // A city's entry (成都市) stands for the name people write (成都).
          const base = /^(.{2,})[市省县]$/u.exec(e.simplified)?.[1];
          found.push(base && d.lookup(base).length > 0 ? base : e.simplified);
        }
        return found;
      };
      // A plural asks for the word too (dumplings → dumpling).
      const singular = q.replace(/(?<=[^aeiou])es$|(?<=[^s])s$/, '');
      let found = said(plainSense(q));
      if (found.length === 0 && singular !== q) found = said(plainSense(singular));
      // The everyday words for it (猫 for "cat"), not every rare synonym (狸奴).
      const top = Math.max(0, ...found.map((w) => d.commonness(w)));
      for (const w of found) if (d.commonness(w) >= top / 20) out.add(w);
    }
    out.delete(q);
    return [...out].slice(0, limit);
  }

  /** Chinese words that read as the typed pinyin (huoguo → 火锅, jiuzhaigou → 九寨沟), the commonest first. */
  async wordsForPinyin(typed: string, limit = 3): Promise<string[]> {
    const d = await this.ready();
    await Promise.all([d.pinyinReady(), d.englishReady()]);
    const key = typed
      .toLowerCase()
      .replace(/ü/g, 'v')
      .replace(/[^a-z]/g, '');
    return [...new Set(d.byPinyin(key, limit).map((e) => e.simplified))];
  }

  /** English words the dictionary's senses use, each with how many entries use it (spelling correction, word breaks). */
  async englishVocabulary(): Promise<ReadonlyMap<string, number>> {
    const d = await this.ready();
    await d.englishReady();
    return d.englishVocabulary();
  }

  /** The text cut into words, each Chinese one with its pinyin. */
  pinyin(text: string): Promise<{ segments: Segment[] }> {
    return segment(text.normalize('NFC')).then((segments) => ({ segments }));
  }
}
