// The SQL of a person's export and erasure in the language module: the words they saved.
import type { Kysely } from 'kysely';
import type { LanguageTables, MyWordRow } from './tables.ts';

export class LanguagePersonalStore {
  constructor(private readonly db: Kysely<LanguageTables>) {}

  /** A page of their words in word order, after `after`. */
  words(userId: string, after: string, limit: number): Promise<MyWordRow[]> {
    return this.db.selectFrom('my_words').selectAll().where('user_id', '=', userId).where('word', '>', after).orderBy('word').limit(limit).execute();
  }

  /** Deletes up to `limit` of their words; how many went. */
  async deleteWords(userId: string, limit: number): Promise<number> {
    const words = (await this.db.selectFrom('my_words').select('word').where('user_id', '=', userId).limit(limit).execute()).map((r) => r.word);
    if (words.length === 0) return 0;
    await this.db.deleteFrom('my_words').where('user_id', '=', userId).where('word', 'in', words).execute();
    return words.length;
  }
}
