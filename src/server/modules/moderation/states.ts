// What moderation decided about each note, as the shared read rules see it: one cached lookup per
// page of notes (the notes module's `ModerationSource`), dropped in every process when a moderator
// acts, a filter holds a note or a new account's probation ends. Most notes have no state; the
// cache remembers that too, so a note page pays a map lookup, not a query.
import type { Kysely } from 'kysely';
import { type CacheBus, KeyedCache } from '../../platform/cache/index.ts';
import { nowIso } from '../../platform/ids.ts';
import type { ModerationSource, ModerationState } from '../notes/index.ts';
import type { ModerationTables, StateRow } from './tables.ts';

const NONE: ModerationState = Object.freeze({
  removed: false,
  held: false,
  limited: false,
  sensitive: false,
  probationUntil: null,
  reason: null,
  caseId: null,
}) as ModerationState;

export type StatePatch = Partial<Pick<ModerationState, 'removed' | 'held' | 'limited' | 'sensitive' | 'probationUntil' | 'reason' | 'caseId'>>;

const toState = (r: StateRow): ModerationState => ({
  removed: r.removed === 1,
  held: r.held === 1,
  limited: r.limited === 1,
  sensitive: r.sensitive === 1,
  probationUntil: r.probation_until === null ? null : Date.parse(r.probation_until),
  reason: r.reason,
  caseId: r.case_id,
});

const isNone = (s: ModerationState) => !s.removed && !s.held && !s.limited && !s.sensitive && s.probationUntil === null;

export class ModerationStates implements ModerationSource {
  private readonly cache: KeyedCache<ModerationState>;

  constructor(
    private readonly db: Kysely<ModerationTables>,
    bus: CacheBus,
    maxEntries: number,
  ) {
    this.cache = new KeyedCache({ name: 'moderation.notes', max: maxEntries }, bus, (ids) => this.load(ids), NONE);
  }

  /** The states of the notes that have one (the rules' input). */
  async states(noteIds: readonly string[]): Promise<Map<string, ModerationState>> {
    const all = await this.cache.getMany(noteIds);
    const out = new Map<string, ModerationState>();
    for (const [id, s] of all) if (s !== NONE) out.set(id, s);
    return out;
  }

  /** A note's state now, from the database (for moderators and decisions, never stale). */
  async current(noteId: string, db: Kysely<ModerationTables> = this.db): Promise<ModerationState> {
    const r = await db.selectFrom('moderation_states').selectAll().where('target_type', '=', 'note').where('target_id', '=', noteId).executeTakeFirst();
    return r ? toState(r) : NONE;
  }

  /**
   * Changes a note's state in the caller's transaction; the new state and its version. Call
   * `changed(noteId)` once that transaction has committed.
   */
  async write(db: Kysely<ModerationTables>, noteId: string, ownerId: string | null, patch: StatePatch): Promise<{ state: ModerationState; version: number }> {
    const before = await this.current(noteId, db);
    const next: ModerationState = { ...before, ...patch };
    const row = {
      removed: next.removed ? 1 : 0,
      held: next.held ? 1 : 0,
      limited: next.limited ? 1 : 0,
      sensitive: next.sensitive ? 1 : 0,
      probation_until: next.probationUntil === null ? null : new Date(next.probationUntil).toISOString(),
      reason: next.reason,
      case_id: next.caseId,
      updated_at: nowIso(),
    };
    const saved = await db
      .insertInto('moderation_states')
      .values({ target_type: 'note', target_id: noteId, owner_id: ownerId, version: 1, ...row })
      .onConflict((oc) =>
        oc
          .columns(['target_type', 'target_id'])
          .doUpdateSet((eb) => ({ ...row, ...(ownerId ? { owner_id: ownerId } : {}), version: eb('moderation_states.version', '+', 1) })),
      )
      .returning('version')
      .executeTakeFirstOrThrow();
    return { state: isNone(next) ? NONE : next, version: saved.version };
  }

  /** Drops the note's cached state in every process. */
  changed(noteId: string): Promise<void> {
    return this.cache.invalidate(noteId);
  }

  /** Notes of an author still on probation (a moderator's approval ends it at once). */
  async onProbation(ownerId: string, db: Kysely<ModerationTables> = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom('moderation_states')
      .select('target_id')
      .where('owner_id', '=', ownerId)
      .where('target_type', '=', 'note')
      .where('probation_until', 'is not', null)
      .execute();
    return rows.map((r) => r.target_id);
  }

  private async load(ids: string[]): Promise<Map<string, ModerationState>> {
    const rows = await this.db.selectFrom('moderation_states').selectAll().where('target_type', '=', 'note').where('target_id', 'in', ids).execute();
    const out = new Map<string, ModerationState>();
    for (const r of rows) {
      const s = toState(r);
      if (!isNone(s)) out.set(r.target_id, s);
    }
    return out;
  }
}
