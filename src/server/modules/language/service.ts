// The language module's services for learners: a dictionary card for any word, either way between
// Chinese and English, and pinyin for Chinese text cut into words. Everything is read-only data
// loaded on first use (the dictionary index in well under a second), so any number of readers share it.
import type { DictionaryEntry, Dictionary as DictionaryPage } from '../../../shared/api/language.ts';
import { HAN } from '../../../shared/text/han.ts';
import { type DictEntry, Dictionary, POINTER, plainSense } from './dictionary.ts';
import { loadFolding } from './fold.ts';
import { type Segment, segment } from './segment.ts';

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

  /** The text cut into words, each Chinese one with its pinyin. */
  pinyin(text: string): Promise<{ segments: Segment[] }> {
    return segment(text.normalize('NFC')).then((segments) => ({ segments }));
  }
}
