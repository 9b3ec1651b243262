// The SQL of a person's own controls: who may comment on their notes and message them (two columns
// of `users`), and their muted words (`muted_words`, migration 0011). Nothing here knows about rules.
import type { Kysely, Transaction } from 'kysely';
import type { Audience } from '../../../shared/api/moderation.ts';

export interface MutedWordRow {
  user_id: string;
  /** normalised (NFKC, lower-case); a #topic keeps its '#' */
  word: string;
  created_at: string;
}

/** The part of the accounts tables the controls touch. */
export interface ControlsTables {
  users: { id: string; comments_from: Audience; messages_from: Audience };
  muted_words: MutedWordRow;
}

export interface AudienceRow {
  id: string;
  comments_from: Audience;
  messages_from: Audience;
}

export class ControlsStore {
  constructor(readonly db: Kysely<ControlsTables>) {}

  /** The same queries inside a transaction. */
  within(trx: Transaction<ControlsTables>): ControlsStore {
    return new ControlsStore(trx);
  }

  audiences(ids: readonly string[]): Promise<AudienceRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('users').select(['id', 'comments_from', 'messages_from']).where('id', 'in', ids).execute();
  }

  /** Each person's muted words, oldest first. */
  mutedWords(userIds: readonly string[]): Promise<Array<Pick<MutedWordRow, 'user_id' | 'word'>>> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('muted_words').select(['user_id', 'word']).where('user_id', 'in', userIds).orderBy('created_at').orderBy('word').execute();
  }

  /**
   * Sets the given columns (none: rewrites one as it is), which also holds the person's row until the
   * transaction ends, so two edits of one person's controls run one after the other. False: no such person.
   */
  async setAudience(userId: string, set: Partial<Pick<AudienceRow, 'comments_from' | 'messages_from'>>): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set((eb) => (Object.keys(set).length > 0 ? set : { comments_from: eb.ref('comments_from') }))
      .where('id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Makes the person's muted words exactly `words`, keeping when each surviving word was added. */
  async replaceMutedWords(userId: string, words: readonly string[], at: string): Promise<void> {
    const current = new Set((await this.mutedWords([userId])).map((r) => r.word));
    const wanted = new Set(words);
    const gone = [...current].filter((w) => !wanted.has(w));
    const added = words.filter((w) => !current.has(w));
    if (gone.length > 0) await this.db.deleteFrom('muted_words').where('user_id', '=', userId).where('word', 'in', gone).execute();
    if (added.length > 0)
      await this.db
        .insertInto('muted_words')
        .values(added.map((word) => ({ user_id: userId, word, created_at: at })))
        .onConflict((oc) => oc.columns(['user_id', 'word']).doNothing())
        .execute();
  }
}
