// The SQL of a person's export and erasure in the moderation module: cases, reports, states, the
// audit log, approvals, image scores and the word lists' last editor. Every erasing step is one short
// transaction over a bounded number of rows, and each can run again.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { FilterTables } from './filters/tables.ts';
import type { MediaSafetyTables } from './images/store.ts';
import type { AuditRow, CaseRow, ModerationTables, PeopleRow, ReportRow, StateRow } from './tables.ts';

export type PersonalTables = ModerationTables & FilterTables & MediaSafetyTables;
type Trx = Transaction<PersonalTables>;

/** What stands for an erased person in a column that must keep a value (the audit's trigger allows only this). */
export const ERASED = 'erased';

export class ModerationPersonalStore {
  constructor(private readonly db: Kysely<PersonalTables>) {}

  private unit<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  // ---- export (keyset pages by primary key)

  reports(userId: string, after: string, limit: number): Promise<ReportRow[]> {
    return this.db.selectFrom('moderation_reports').selectAll().where('reporter_id', '=', userId).where('id', '>', after).orderBy('id').limit(limit).execute();
  }

  /** Cases about their content or about them. */
  cases(userId: string, after: string, limit: number): Promise<CaseRow[]> {
    return this.db
      .selectFrom('moderation_cases')
      .selectAll()
      .where((eb) => eb.or([eb('owner_id', '=', userId), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)])]))
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  states(userId: string, after: [string, string], limit: number): Promise<StateRow[]> {
    const [type, id] = after;
    return this.db
      .selectFrom('moderation_states')
      .selectAll()
      .where('owner_id', '=', userId)
      .where((eb) => eb.or([eb('target_type', '>', type), eb.and([eb('target_type', '=', type), eb('target_id', '>', id)])]))
      .orderBy('target_type')
      .orderBy('target_id')
      .limit(limit)
      .execute();
  }

  /** Audit entries they made (as a moderator) or that are about them. */
  audit(userId: string, after: string, limit: number): Promise<AuditRow[]> {
    return this.db
      .selectFrom('moderation_audit')
      .selectAll()
      .where((eb) => eb.or([eb('actor_id', '=', userId), eb('owner_id', '=', userId)]))
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  approval(userId: string): Promise<PeopleRow | undefined> {
    return this.db.selectFrom('moderation_people').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  mediaScores(userId: string, after: string, limit: number) {
    return this.db
      .selectFrom('media_safety')
      .selectAll()
      .where('owner_id', '=', userId)
      .where('media_id', '>', after)
      .orderBy('media_id')
      .limit(limit)
      .execute();
  }

  // ---- erase

  /** Deletes up to `limit` of the reports they filed, each case's report count moving with it. */
  async deleteReports(userId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const rows = await trx.selectFrom('moderation_reports').select(['id', 'case_id']).where('reporter_id', '=', userId).limit(limit).execute();
      if (rows.length === 0) return 0;
      await trx
        .deleteFrom('moderation_reports')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const perCase = new Map<string, number>();
      for (const r of rows) perCase.set(r.case_id, (perCase.get(r.case_id) ?? 0) + 1);
      for (const [caseId, n] of perCase)
        await trx
          .updateTable('moderation_cases')
          .set({ report_count: sql`case when report_count > ${n} then report_count - ${n} else 0 end` })
          .where('id', '=', caseId)
          .execute();
      return rows.length;
    });
  }

  /** Deletes up to `limit` cases about them or their content, with the others' reports on them. */
  async deleteCases(userId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const ids = (
        await trx
          .selectFrom('moderation_cases')
          .select('id')
          .where((eb) => eb.or([eb('owner_id', '=', userId), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)])]))
          .limit(limit)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      await trx.deleteFrom('moderation_reports').where('case_id', 'in', ids).execute();
      await trx.deleteFrom('moderation_cases').where('id', 'in', ids).execute();
      return ids.length;
    });
  }

  /** Deletes up to `limit` states of their content; the notes whose states went (their caches drop). */
  async deleteStates(userId: string, limit: number): Promise<Array<{ type: string; id: string }>> {
    return this.unit(async (trx) => {
      const rows = await trx
        .selectFrom('moderation_states')
        .select(['target_type', 'target_id'])
        .where((eb) => eb.or([eb('owner_id', '=', userId), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)])]))
        .limit(limit)
        .execute();
      for (const r of rows) await trx.deleteFrom('moderation_states').where('target_type', '=', r.target_type).where('target_id', '=', r.target_id).execute();
      return rows.map((r) => ({ type: r.target_type, id: r.target_id }));
    });
  }

  async deleteMediaScores(userId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const ids = (await trx.selectFrom('media_safety').select('media_id').where('owner_id', '=', userId).limit(limit).execute()).map((r) => r.media_id);
      if (ids.length > 0) await trx.deleteFrom('media_safety').where('media_id', 'in', ids).execute();
      return ids.length;
    });
  }

  /**
   * The audit log keeps what was done, not to whom or by whom: up to `limit` entries naming them get
   * 'erased' in those columns (the only change the log's trigger lets through besides dropping a note).
   */
  async blankAudit(userId: string, limit: number): Promise<number> {
    return this.unit(async (trx) => {
      const rows = await trx
        .selectFrom('moderation_audit')
        .select(['id', 'actor_id', 'owner_id', 'target_id'])
        .where((eb) => eb.or([eb('actor_id', '=', userId), eb('owner_id', '=', userId), eb('target_id', '=', userId)]))
        .limit(limit)
        .execute();
      for (const r of rows)
        await trx
          .updateTable('moderation_audit')
          .set({
            ...(r.actor_id === userId ? { actor_id: ERASED } : {}),
            ...(r.owner_id === userId ? { owner_id: ERASED } : {}),
            ...(r.target_id === userId ? { target_id: ERASED } : {}),
          })
          .where('id', '=', r.id)
          .execute();
      return rows.length;
    });
  }

  /** Other columns naming them: cases they claimed or decided, approvals they gave, lists they edited, their own approval. */
  async forgetMentions(userId: string): Promise<void> {
    await this.unit(async (trx) => {
      await trx.updateTable('moderation_cases').set({ claimed_by: ERASED }).where('claimed_by', '=', userId).execute();
      await trx.updateTable('moderation_cases').set({ resolved_by: ERASED }).where('resolved_by', '=', userId).execute();
      await trx.deleteFrom('moderation_people').where('user_id', '=', userId).execute();
      await trx.updateTable('moderation_people').set({ approved_by: ERASED }).where('approved_by', '=', userId).execute();
      await trx.updateTable('filter_lists').set({ updated_by: null }).where('updated_by', '=', userId).execute();
    });
  }
}
