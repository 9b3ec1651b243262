// The SQL of a person's export and erasure in the search module that the index does not already have.
import type { Kysely } from 'kysely';
import type { SearchTables } from './tables.ts';

export class SearchPersonalStore {
  constructor(private readonly db: Kysely<SearchTables>) {}

  /** A page of a person's search history, in query order after `after`. */
  history(userId: string, after: string, limit: number): Promise<Array<{ user_id: string; q: string; at: string }>> {
    return this.db.selectFrom('search_history').selectAll().where('user_id', '=', userId).where('q', '>', after).orderBy('q').limit(limit).execute();
  }

  /** A page of an author's indexed notes, in id order after `after`. */
  async notesOf(authorId: string, after: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('search_notes')
      .select('note_id')
      .where('author_id', '=', authorId)
      .where('note_id', '>', after)
      .orderBy('note_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.note_id);
  }

  async deleteHistory(userId: string): Promise<void> {
    await this.db.deleteFrom('search_history').where('user_id', '=', userId).execute();
  }
}
