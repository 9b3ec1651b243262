// What the language module holds about a person: the words they saved (with the note each was met
// in). Translations are a cache keyed by the sentence's hash and the languages: they record no asker,
// so they hold nothing about anyone.
import type { Kysely } from 'kysely';
import type { PersonalData } from '../../platform/personal-data.ts';
import { LanguagePersonalStore } from './personal-store.ts';
import type { LanguageTables } from './tables.ts';

const PAGE = 500;

export function createLanguagePersonalData(deps: { db: Kysely<LanguageTables> }): PersonalData {
  const store = new LanguagePersonalStore(deps.db);
  async function* words(userId: string) {
    let after = '';
    for (;;) {
      const rows = await store.words(userId, after, PAGE);
      for (const r of rows)
        yield {
          userId: r.user_id,
          word: r.word,
          traditional: r.traditional,
          pinyin: r.pinyin,
          gloss: r.gloss,
          noteId: r.note_id,
          createdAt: r.created_at,
        };
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as { word: string }).word;
    }
  }
  return {
    module: 'language',
    tables: {
      my_words: { kind: 'personal', owner: ['user_id'] },
      translations: { kind: 'none' },
    },
    files: { 'language/words.json': 'The Chinese words you saved from the dictionary card, with their pinyin, meaning and the note you met them in.' },
    async export(userId, out) {
      await out.json('language/words.json', words(userId));
    },
    async erase(userId) {
      // Bounded by their rows: each round deletes up to PAGE of them.
      while ((await store.deleteWords(userId, PAGE)) === PAGE) {}
    },
  };
}
