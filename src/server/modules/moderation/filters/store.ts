// All of the word lists' SQL.
import { type Kysely, sql } from 'kysely';
import type { FilterListRow, FilterTables } from './tables.ts';

export type FilterListPatch = Partial<Pick<FilterListRow, 'name' | 'action' | 'enabled' | 'terms' | 'allowed'>>;

export class FilterStore {
  constructor(private readonly db: Kysely<FilterTables>) {}

  /** Every list: the built-in ones first, then the others oldest first. */
  async all(): Promise<FilterListRow[]> {
    return this.db
      .selectFrom('filter_lists')
      .selectAll()
      .orderBy(sql`case when builtin is null then 1 else 0 end`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  byId(id: string): Promise<FilterListRow | undefined> {
    return this.db.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Whether another list already has this name (case-insensitive). */
  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('filter_lists').select('id').where(sql<string>`lower(name)`, '=', name.toLowerCase());
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** Inserts the rows that are not there yet (by id): seeding, safe when processes race. */
  async insertMissing(rows: FilterListRow[]): Promise<void> {
    for (const row of rows) {
      await this.db
        .insertInto('filter_lists')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  }

  async insert(row: FilterListRow): Promise<void> {
    await this.db.insertInto('filter_lists').values(row).execute();
  }

  /** Applies a change and moves the version; the new version, or null when the list is gone. */
  async update(id: string, patch: FilterListPatch, by: string, at: string): Promise<number | null> {
    const r = await this.db
      .updateTable('filter_lists')
      .set({ ...patch, updated_by: by, updated_at: at, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirst();
    return r ? Number(r.version) : null;
  }

  /** Deletes a list an admin made (never a built-in one); whether it was there. */
  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('filter_lists').where('id', '=', id).where('builtin', 'is', null).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
