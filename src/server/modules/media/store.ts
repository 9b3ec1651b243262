// All of the media module's SQL. Nothing here knows about HTTP, files or rules.
import type { Kysely } from 'kysely';
import type { AnyDb } from '../../platform/db/index.ts';
import { prepare } from '../../platform/db/prepared.ts';
import { nowIso } from '../../platform/ids.ts';
import type { MediaRow, MediaTables, MediaVariant } from './tables.ts';

// Callers (the notes module) pass their own transaction, typed for their tables.
export type AnyTrx = AnyDb;

export const parseVariants = (row: Pick<MediaRow, 'variants'>): MediaVariant[] => JSON.parse(row.variants) as MediaVariant[];

export class MediaStore {
  /** Media rows by id, compiled once: every page of notes asks for them (on the root database). */
  private readonly fastByIds;

  constructor(readonly db: Kysely<MediaTables>) {
    this.fastByIds = prepare(db, (ids: readonly string[]) => db.selectFrom('media').selectAll().where('id', 'in', ids));
  }

  private q(trx?: AnyTrx): Kysely<MediaTables> {
    return (trx as Kysely<MediaTables> | undefined) ?? this.db;
  }

  transaction<T>(fn: (trx: Kysely<MediaTables>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async insert(row: MediaRow, trx?: AnyTrx): Promise<void> {
    await this.q(trx).insertInto('media').values(row).execute();
  }

  byId(id: string, trx?: AnyTrx): Promise<MediaRow | undefined> {
    return this.q(trx).selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIds(ids: readonly string[], trx?: AnyTrx): Promise<MediaRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    if (!trx) return this.fastByIds(ids);
    return this.q(trx).selectFrom('media').selectAll().where('id', 'in', ids).execute();
  }

  /** Every row ever attached to `attachedTo`, deleted or not (deletion is retried until done). */
  byAttachedTo(attachedTo: string): Promise<MediaRow[]> {
    return this.db.selectFrom('media').selectAll().where('attached_to', '=', attachedTo).execute();
  }

  /** Attaches only rows still free; returns how many it took, so a race loses visibly. */
  async attach(ids: readonly string[], attachedTo: string, trx?: AnyTrx): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.q(trx)
      .updateTable('media')
      .set({ attached_to: attachedTo, updated_at: nowIso() })
      .where('id', 'in', ids)
      .where('attached_to', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  /** The transcode's result; false when the row was deleted meanwhile (the caller removes its file). */
  async markReady(id: string, patch: Pick<MediaRow, 'variants' | 'width' | 'height' | 'duration_ms'>): Promise<boolean> {
    const res = await this.db
      .updateTable('media')
      .set({ ...patch, status: 'ready', error: null, updated_at: nowIso() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** True when this call marked it (it was still processing). */
  async markFailed(id: string, error: string, trx?: AnyTrx): Promise<boolean> {
    const res = await this.q(trx)
      .updateTable('media')
      .set({ status: 'failed', error: error.slice(0, 1000), updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** A failed video goes back to processing for another try; false unless it was failed. */
  async markRetrying(id: string, trx?: AnyTrx): Promise<boolean> {
    const res = await this.q(trx)
      .updateTable('media')
      .set({ status: 'processing', error: null, updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  /** Uploads never attached to anything, made before `before`: what a sweep removes. */
  unattachedBefore(before: string, limit: number): Promise<MediaRow[]> {
    return this.db
      .selectFrom('media')
      .selectAll()
      .where('attached_to', 'is', null)
      .where('created_at', '<', before)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  async markDeleted(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const now = nowIso();
    await this.db.updateTable('media').set({ deleted_at: now, updated_at: now }).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  }

  // ---- a person's media (export and erasure)

  /** A page of every media row the person owns (deleted ones too, as stored), in id order. */
  ownedPage(ownerId: string, afterId: string | null, limit: number): Promise<MediaRow[]> {
    let q = this.db.selectFrom('media').selectAll().where('owner_id', '=', ownerId).orderBy('id').limit(limit);
    if (afterId !== null) q = q.where('id', '>', afterId);
    return q.execute();
  }

  async deleteRows(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('media').where('id', 'in', ids).execute();
  }
}
