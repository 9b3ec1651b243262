// The search module's tables, and the one place the two databases' full-text search differs:
// SQLite matches an FTS5 expression over the contentless `search_notes_fts` (rowid = doc_id) and
// ranks with bm25(); PostgreSQL matches a tsquery against the generated `doc` tsvector (GIN) and
// ranks with ts_rank(). Both are built here from the same plan, with every word quoted: what a
// person types never reaches either parser as syntax.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DbKind } from '../../platform/db/index.ts';
import type { Group, Variant } from './query.ts';
import type { SearchNoteRow, SearchTables } from './tables.ts';

export type NoteOrder = 'relevance' | 'new' | 'likes';

export interface NoteFilters {
  /** followers-only notes too (a signed-in reader; the read pipeline's rules decide which they see) */
  followers: boolean;
  media?: 'photo' | 'video';
  lang?: string;
  sinceS?: number;
}

export type Candidate = Omit<SearchNoteRow, 'version' | 'lang' | 'media'> & { rank: number };

const COLUMNS = sql`n.doc_id, n.note_id, n.author_id, n.visibility, n.created_s, n.likes, n.engagement, n.tags, n.title_words, n.tag_words, n.body_words, n.chars`;
/** Matches PostgreSQL ranks by ts_rank at most (the newest); the rest of a huge match set is left unranked. */
const POSTGRES_RANKED = 1_000;

/** Weights of the text columns: a title counts more than tags, tags more than the body; characters least. */
const WEIGHTS = { title: 3, tags: 2, body: 1, chars: 0.4 };

export class SearchStore {
  constructor(
    readonly db: Kysely<SearchTables>,
    readonly kind: DbKind,
  ) {}

  transaction<T>(fn: (store: SearchStore) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new SearchStore(trx, this.kind)));
  }

  // ---- notes

  async note(noteId: string): Promise<Pick<SearchNoteRow, 'doc_id' | 'tags' | 'visibility' | 'version'> | undefined> {
    return this.db.selectFrom('search_notes').select(['doc_id', 'tags', 'visibility', 'version']).where('note_id', '=', noteId).executeTakeFirst() as Promise<
      Pick<SearchNoteRow, 'doc_id' | 'tags' | 'visibility' | 'version'> | undefined
    >;
  }

  /** Writes a note's row and its full-text entry (replacing what was there). */
  async putNote(row: Omit<SearchNoteRow, 'doc_id'>, docId: number | undefined): Promise<void> {
    if (this.kind === 'postgres') {
      const { note_id: _, ...rest } = row;
      await this.db
        .insertInto('search_notes')
        .values(row)
        .onConflict((oc) => oc.column('note_id').doUpdateSet(rest))
        .execute();
      return;
    }
    let id = docId;
    if (id === undefined) {
      const inserted = await this.db.insertInto('search_notes').values(row).returning('doc_id').executeTakeFirstOrThrow();
      id = Number(inserted.doc_id);
    } else {
      await this.db.updateTable('search_notes').set(row).where('doc_id', '=', id).execute();
      await sql`DELETE FROM search_notes_fts WHERE rowid = ${id}`.execute(this.db);
    }
    await sql`INSERT INTO search_notes_fts (rowid, title, tags, body, chars) VALUES (${id}, ${row.title_words}, ${row.tag_words}, ${row.body_words}, ${row.chars})`.execute(
      this.db,
    );
  }

  async dropNote(docId: number): Promise<void> {
    if (this.kind === 'sqlite') await sql`DELETE FROM search_notes_fts WHERE rowid = ${docId}`.execute(this.db);
    await this.db.deleteFrom('search_notes').where('doc_id', '=', docId).execute();
  }

  async setCounts(noteId: string, likes: number, engagement: number): Promise<void> {
    await this.db.updateTable('search_notes').set({ likes, engagement }).where('note_id', '=', noteId).execute();
  }

  /** Notes matching the plan (every group; or, when given, every group of the alternative), best first by `order`. */
  async candidates(
    groups: readonly Group[],
    alternative: readonly Group[],
    f: NoteFilters,
    order: NoteOrder,
    limit: number,
    opts: { fallback?: boolean; any?: boolean } = {},
  ): Promise<Candidate[]> {
    if (groups.length === 0) return [];
    const fallback = opts.fallback ?? false;
    const any = opts.any ?? false;
    const filters: RawBuilder<unknown>[] = [];
    if (f.media) filters.push(sql`n.media = ${f.media}`);
    if (f.lang) filters.push(sql`n.lang = ${f.lang}`);
    if (f.sinceS !== undefined) filters.push(sql`n.created_s >= ${f.sinceS}`);
    const narrowed = filters.length > 0;
    if (!f.followers) filters.push(sql`n.visibility = 'public'`);
    const where = filters.length > 0 ? sql` AND ${sql.join(filters, sql` AND `)}` : sql``;
    if (this.kind === 'sqlite') {
      const match = alternative.length > 0 ? `(${ftsAll(groups, fallback, any)}) OR (${ftsAll(alternative, fallback, any)})` : ftsAll(groups, fallback, any);
      const rank = sql`bm25(search_notes_fts, ${sql.lit(WEIGHTS.title)}, ${sql.lit(WEIGHTS.tags)}, ${sql.lit(WEIGHTS.body)}, ${sql.lit(WEIGHTS.chars)})`;
      if (!narrowed && order !== 'likes') {
        // The full-text table alone picks the best (or newest: doc ids grow with time) ids; only they are read.
        const by = order === 'new' ? sql`rowid DESC` : rank;
        const top = (
          await sql<{
            doc_id: number;
            rank: number;
          }>`SELECT rowid AS doc_id, -${rank} AS rank FROM search_notes_fts WHERE search_notes_fts MATCH ${match} ORDER BY ${by} LIMIT ${limit}`.execute(
            this.db,
          )
        ).rows;
        if (top.length === 0) return [];
        const rows = await sql<Candidate>`SELECT ${COLUMNS} FROM search_notes n WHERE n.doc_id IN (${sql.join(top.map((t) => t.doc_id))})`.execute(this.db);
        const byId = new Map(rows.rows.map((r) => [r.doc_id, r]));
        return top.flatMap((t) => {
          const row = byId.get(t.doc_id);
          return row && (f.followers || row.visibility === 'public') ? [{ ...row, rank: t.rank }] : [];
        });
      }
      const by = order === 'new' ? sql`n.created_s DESC, n.doc_id DESC` : order === 'likes' ? sql`n.likes DESC, n.doc_id DESC` : sql`rank`;
      const q = sql<Candidate>`SELECT ${COLUMNS}, -${rank} AS rank FROM search_notes_fts JOIN search_notes n ON n.doc_id = search_notes_fts.rowid
        WHERE search_notes_fts MATCH ${match}${where} ORDER BY ${by} LIMIT ${limit}`;
      return (await q.execute(this.db)).rows;
    }
    const query = alternative.length > 0 ? `(${tsAll(groups, fallback, any)}) | (${tsAll(alternative, fallback, any)})` : tsAll(groups, fallback, any);
    const w = WEIGHTS;
    const weights = `{${w.chars / w.title},${w.body / w.title},${w.tags / w.title},1}`;
    // ts_rank reads each match's whole vector: it ranks the newest POSTGRES_RANKED matches, not every one.
    const by = order === 'likes' ? sql`n.likes DESC, n.doc_id DESC` : order === 'new' ? sql`n.doc_id DESC` : sql`rank DESC`;
    const q = sql<Candidate>`WITH m AS (SELECT n.doc_id FROM search_notes n WHERE n.doc @@ to_tsquery('simple', ${query})${where} ORDER BY ${order === 'likes' ? sql`n.likes DESC, n.doc_id DESC` : sql`n.doc_id DESC`} LIMIT ${Math.max(limit, POSTGRES_RANKED)})
      SELECT ${COLUMNS}, ${order === 'relevance' ? sql`ts_rank(${weights}::float4[], n.doc, to_tsquery('simple', ${query}))` : sql`0`} AS rank FROM m JOIN search_notes n ON n.doc_id = m.doc_id ORDER BY ${by} LIMIT ${limit}`;
    return (await q.execute(this.db)).rows.map((r) => ({ ...r, doc_id: Number(r.doc_id), rank: Number(r.rank) }));
  }

  /** Empties the notes index (a rebuild starts from nothing). */
  async clearNotes(): Promise<void> {
    if (this.kind === 'sqlite') await sql`DELETE FROM search_notes_fts`.execute(this.db);
    await this.db.deleteFrom('search_notes').execute();
    await this.db.deleteFrom('search_topic_keys').execute();
    await this.db.deleteFrom('search_topics').execute();
  }

  // ---- topics

  /** Moves public-note counts of tags (+1 for each in `add`, −1 in `remove`); a topic at 0 goes. */
  async adjustTopics(add: readonly string[], remove: readonly string[], keysOf: (tag: string) => string[]): Promise<void> {
    for (const tag of add) {
      const r = await this.db
        .insertInto('search_topics')
        .values({ tag, notes: 1 })
        .onConflict((oc) => oc.column('tag').doUpdateSet({ notes: sql`search_topics.notes + 1` }))
        .returning('notes')
        .executeTakeFirst();
      if (Number(r?.notes) === 1)
        await this.db
          .insertInto('search_topic_keys')
          .values(keysOf(tag).map((key) => ({ key, tag })))
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
    if (remove.length > 0) {
      await this.db
        .updateTable('search_topics')
        .set({ notes: sql`notes - 1` })
        .where('tag', 'in', [...remove])
        .execute();
      const gone = (
        await this.db
          .selectFrom('search_topics')
          .select('tag')
          .where('tag', 'in', [...remove])
          .where('notes', '<=', 0)
          .execute()
      ).map((r) => r.tag);
      if (gone.length > 0) {
        await this.db.deleteFrom('search_topics').where('tag', 'in', gone).execute();
        await this.db.deleteFrom('search_topic_keys').where('tag', 'in', gone).execute();
      }
    }
  }

  /** Topics with a key starting with `prefix` (exactly `prefix` with `exact`), the most used first. */
  async topicsByKey(prefix: string, limit: number, exact = false): Promise<Array<{ tag: string; notes: number }>> {
    const inner = this.db
      .selectFrom('search_topic_keys')
      .select('tag')
      .distinct()
      .where('key', '>=', prefix)
      .where('key', exact ? '<=' : '<', exact ? prefix : `${prefix}\u{10FFFF}`)
      .limit(2000);
    return this.db
      .selectFrom('search_topics')
      .select(['tag', 'notes'])
      .where('tag', 'in', inner)
      .orderBy('notes', 'desc')
      .orderBy('tag')
      .limit(limit)
      .execute();
  }

  // ---- people

  async putUser(user: { user_id: string; handle: string; name: string; followers: number }, keys: readonly string[]): Promise<void> {
    await this.db
      .insertInto('search_users')
      .values(user)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ handle: user.handle, name: user.name, followers: user.followers }))
      .execute();
    await this.db.deleteFrom('search_user_keys').where('user_id', '=', user.user_id).execute();
    if (keys.length > 0)
      await this.db
        .insertInto('search_user_keys')
        .values(keys.map((key) => ({ key, user_id: user.user_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
  }

  async dropUser(userId: string): Promise<void> {
    await this.db.deleteFrom('search_user_keys').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('search_users').where('user_id', '=', userId).execute();
  }

  async setFollowers(userId: string, followers: number): Promise<void> {
    await this.db.updateTable('search_users').set({ followers }).where('user_id', '=', userId).execute();
  }

  /** People with a key starting with each of `prefixes` (all of them), the most followed first. */
  async usersByKeys(prefixes: readonly string[], limit: number, offset = 0): Promise<Array<{ user_id: string; handle: string; followers: number }>> {
    const sets: Array<Set<string>> = [];
    for (const prefix of prefixes) {
      const rows = await this.db
        .selectFrom('search_user_keys')
        .select('user_id')
        .distinct()
        .where('key', '>=', prefix)
        .where('key', '<', `${prefix}\u{10FFFF}`)
        .limit(5000)
        .execute();
      if (rows.length === 0) return [];
      sets.push(new Set(rows.map((r) => r.user_id)));
    }
    const [first, ...rest] = sets;
    const ids = [...(first ?? [])].filter((id) => rest.every((set) => set.has(id)));
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('search_users')
      .select(['user_id', 'handle', 'followers'])
      .where('user_id', 'in', ids.slice(0, 5000))
      .orderBy('followers', 'desc')
      .orderBy('handle')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  /** People with a key starting with `prefix`, the most followed first. */
  async usersByKey(prefix: string, limit: number, offset = 0): Promise<Array<{ user_id: string; handle: string; followers: number }>> {
    const inner = this.db
      .selectFrom('search_user_keys')
      .select('user_id')
      .distinct()
      .where('key', '>=', prefix)
      .where('key', '<', `${prefix}\u{10FFFF}`)
      .limit(2000);
    return this.db
      .selectFrom('search_users')
      .select(['user_id', 'handle', 'followers'])
      .where('user_id', 'in', inner)
      .orderBy('followers', 'desc')
      .orderBy('handle')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async clearUsers(): Promise<void> {
    await this.db.deleteFrom('search_user_keys').execute();
    await this.db.deleteFrom('search_users').execute();
  }

  // ---- history, counts, trending

  async history(userId: string, limit: number): Promise<Array<{ q: string; at: string }>> {
    return this.db.selectFrom('search_history').select(['q', 'at']).where('user_id', '=', userId).orderBy('at', 'desc').limit(limit).execute();
  }

  async remember(entries: ReadonlyArray<{ user_id: string; q: string; at: string }>, keep: number): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto('search_history')
      .values([...entries])
      .onConflict((oc) => oc.columns(['user_id', 'q']).doUpdateSet({ at: sql`excluded.at` }))
      .execute();
    for (const userId of new Set(entries.map((e) => e.user_id))) {
      const old = this.db.selectFrom('search_history').select('q').where('user_id', '=', userId).orderBy('at', 'desc').offset(keep).limit(1000);
      await this.db.deleteFrom('search_history').where('user_id', '=', userId).where('q', 'in', old).execute();
    }
  }

  async forget(userId: string, q?: string): Promise<void> {
    let d = this.db.deleteFrom('search_history').where('user_id', '=', userId);
    if (q !== undefined) d = d.where('q', '=', q);
    await d.execute();
  }

  async count(counts: ReadonlyMap<string, number>, hour: number): Promise<void> {
    for (const [q, n] of counts) {
      await this.db
        .insertInto('search_counts')
        .values({ q, hour, n })
        .onConflict((oc) => oc.columns(['q', 'hour']).doUpdateSet({ n: sql`search_counts.n + ${n}` }))
        .execute();
      await this.db
        .insertInto('search_popular')
        .values({ q, n, last_hour: hour })
        .onConflict((oc) => oc.column('q').doUpdateSet({ n: sql`search_popular.n + ${n}`, last_hour: hour }))
        .execute();
    }
  }

  /** Popular queries starting with `prefix` (searched at least `min` times). */
  async popular(prefix: string, limit: number, min: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('search_popular')
      .select('q')
      .where('q', '>=', prefix)
      .where('q', '<', `${prefix}\u{10FFFF}`)
      .where('n', '>=', min)
      .orderBy('n', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.q);
  }

  /** Popular queries that start with one of `words` (related searches: each a short range of the key). */
  async popularWith(words: readonly string[], limit: number, min: number): Promise<string[]> {
    const found = await Promise.all(words.slice(0, 4).map((w) => this.popular(`${w} `, limit, min)));
    return [...new Set(found.flat())].slice(0, limit);
  }

  async countsSince(fromHour: number): Promise<Array<{ q: string; hour: number; n: number }>> {
    return this.db.selectFrom('search_counts').select(['q', 'hour', 'n']).where('hour', '>=', fromHour).execute();
  }

  async setTrending(rows: ReadonlyArray<{ q: string; last_hour: number; score: number }>, computedAt: string): Promise<void> {
    await this.db.deleteFrom('search_trending').execute();
    if (rows.length > 0)
      await this.db
        .insertInto('search_trending')
        .values(rows.map((r, rank) => ({ ...r, rank, computed_at: computedAt })))
        .execute();
  }

  async trending(): Promise<Array<{ q: string; last_hour: number; score: number }>> {
    return this.db.selectFrom('search_trending').select(['q', 'last_hour', 'score']).orderBy('rank').execute();
  }

  async purgeCounts(beforeHour: number): Promise<void> {
    await this.db.deleteFrom('search_counts').where('hour', '<', beforeHour).execute();
  }
}

// ---- SQLite FTS5 expressions

const ftsString = (tokens: readonly string[]) => `"${tokens.join(' ').replace(/"/g, '""')}"`;

function ftsVariant(v: Variant): string {
  const phrase = `${ftsString(v.tokens)}${v.prefix ? ' *' : ''}`;
  return v.column ? `${v.column} : ${phrase}` : `{title tags body} : ${phrase}`;
}

/** A group's variants for a pass: without the fallback ones unless asked (or unless it has nothing else). */
function asked(g: Group, fallback: boolean): Variant[] {
  const primary = fallback ? g.variants : g.variants.filter((v) => !v.fallback);
  return primary.length > 0 ? primary : g.variants;
}

/** Every group (or, with `any`, at least one), each as any of its variants. */
function ftsAll(groups: readonly Group[], fallback: boolean, any = false): string {
  return groups.map((g) => `(${asked(g, fallback).map(ftsVariant).join(' OR ')})`).join(any ? ' OR ' : ' AND ');
}

// ---- PostgreSQL tsquery

const lexeme = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

function tsVariant(v: Variant): string {
  const label = v.column === 'tags' ? ':B' : v.column === 'chars' ? ':D' : ':ABC';
  const parts = v.tokens.map((t, i) => `${lexeme(t)}${label}${v.prefix && i === v.tokens.length - 1 ? '*' : ''}`.replace(':ABC*', ':*ABC'));
  return parts.length > 1 ? `(${parts.join(' <-> ')})` : (parts[0] ?? "''");
}

function tsAll(groups: readonly Group[], fallback: boolean, any = false): string {
  return groups.map((g) => `(${asked(g, fallback).map(tsVariant).join(' | ')})`).join(any ? ' | ' : ' & ');
}
