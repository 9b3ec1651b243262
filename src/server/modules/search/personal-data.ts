// What the search module holds about a person: their search history. The index of their notes and
// of them as a person is derived from the notes and the profile (exported by those modules): erased,
// not exported. Searches counted per query and hour, popular and trending queries name nobody.
import type { Kysely } from 'kysely';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { SearchIndexer } from './indexer.ts';
import { SearchPersonalStore } from './personal-store.ts';
import type { SearchTables } from './tables.ts';

const PAGE = 500;

export interface SearchPersonalDeps {
  db: Kysely<SearchTables>;
  indexer: Pick<SearchIndexer, 'forgetNotes' | 'forgetPeople'>;
  /** writes the history this process still holds in memory */
  flush(): Promise<void>;
  /** forgets this process's cached rankings and suggestions */
  dropCaches?: () => void;
}

export function createSearchPersonalData(deps: SearchPersonalDeps): PersonalData {
  const store = new SearchPersonalStore(deps.db);
  async function* history(userId: string) {
    let after = '';
    for (;;) {
      const rows = await store.history(userId, after, PAGE);
      for (const r of rows) yield { userId: r.user_id, q: r.q, at: r.at };
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last) return;
      after = last.q;
    }
  }
  return {
    module: 'search',
    tables: {
      search_history: { kind: 'personal', owner: ['user_id'] },
      search_notes: { kind: 'derived' },
      // SQLite only: the full-text index over search_notes (FTS5 keeps its own shadow tables beside it).
      search_notes_fts: { kind: 'derived' },
      search_users: { kind: 'derived' },
      search_user_keys: { kind: 'derived' },
      search_topics: { kind: 'none' },
      search_topic_keys: { kind: 'none' },
      search_counts: { kind: 'none' },
      search_popular: { kind: 'none' },
      search_trending: { kind: 'none' },
    },
    files: { 'search/history.json': 'Your recent searches (signed in), each with when you last made it.' },
    async export(userId, out) {
      await deps.flush();
      await out.json('search/history.json', history(userId));
    },
    async erase(userId) {
      await deps.flush();
      await store.deleteHistory(userId);
      // Each page taken out of the index is gone from the next query: the loop ends with their notes.
      for (;;) {
        const ids = await store.notesOf(userId, '', PAGE);
        await deps.indexer.forgetNotes(ids);
        if (ids.length < PAGE) break;
      }
      await deps.indexer.forgetPeople([userId]);
      deps.dropCaches?.();
    },
  };
}
