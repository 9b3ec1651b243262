// All of the moderation module's SQL (cases, reports, audit, approvals); states live in states.ts.
import { type Kysely, sql } from 'kysely';
import type { ReportReason, ReportTargetType } from '../../../shared/api/moderation.ts';
import type { AuditRow, CaseRow, ModerationTables, ReportRow } from './tables.ts';

export type CaseFilter = { status: 'open' } | { status: 'appealed' } | { status: 'claimed'; by: string } | { status: 'resolved' };

export class ModerationStore {
  constructor(readonly db: Kysely<ModerationTables>) {}

  within(db: Kysely<ModerationTables>): ModerationStore {
    return new ModerationStore(db);
  }

  openCase(targetType: ReportTargetType, targetId: string): Promise<CaseRow | undefined> {
    return this.db
      .selectFrom('moderation_cases')
      .selectAll()
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .where('status', '=', 'open')
      .executeTakeFirst();
  }

  /** Whether any case (open or decided) is about this thing. */
  async hasCase(targetType: ReportTargetType, targetId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('moderation_cases')
      .select('id')
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  caseById(id: string): Promise<CaseRow | undefined> {
    return this.db.selectFrom('moderation_cases').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertCase(row: CaseRow): Promise<void> {
    await this.db.insertInto('moderation_cases').values(row).execute();
  }

  async updateCase(id: string, set: Partial<CaseRow>): Promise<void> {
    await this.db.updateTable('moderation_cases').set(set).where('id', '=', id).execute();
  }

  /** Records a report unless this person already reported this case; true when it was new. */
  async insertReport(row: ReportRow): Promise<boolean> {
    const r = await this.db
      .insertInto('moderation_reports')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'reporter_id']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    await this.db
      .updateTable('moderation_cases')
      .set({ report_count: sql`report_count + 1`, updated_at: row.created_at })
      .where('id', '=', row.case_id)
      .execute();
    return true;
  }

  reportOf(caseId: string, reporterId: string): Promise<ReportRow | undefined> {
    return this.db.selectFrom('moderation_reports').selectAll().where('case_id', '=', caseId).where('reporter_id', '=', reporterId).executeTakeFirst();
  }

  reports(caseId: string, limit: number): Promise<ReportRow[]> {
    return this.db.selectFrom('moderation_reports').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').limit(limit).execute();
  }

  reporterIds(caseId: string): Promise<string[]> {
    return this.db
      .selectFrom('moderation_reports')
      .select('reporter_id')
      .where('case_id', '=', caseId)
      .execute()
      .then((rows) => rows.map((r) => r.reporter_id));
  }

  /** Reasons given in each case, most given first. */
  async reasons(caseIds: readonly string[]): Promise<Map<string, Array<{ reason: ReportReason; count: number }>>> {
    const out = new Map<string, Array<{ reason: ReportReason; count: number }>>();
    if (caseIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('moderation_reports')
      .select(['case_id', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('case_id', 'in', caseIds)
      .groupBy(['case_id', 'reason'])
      .execute();
    for (const r of rows) {
      const list = out.get(r.case_id) ?? [];
      list.push({ reason: r.reason, count: Number(r.n) });
      out.set(r.case_id, list);
    }
    for (const list of out.values()) list.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    return out;
  }

  /** A page of the queue: open and appealed cases oldest first (first come, first served), resolved ones newest first. */
  cases(filter: CaseFilter, targetType: ReportTargetType | undefined, after: [string, string] | null, limit: number): Promise<CaseRow[]> {
    let q = this.db.selectFrom('moderation_cases').selectAll();
    if (targetType) q = q.where('target_type', '=', targetType);
    if (filter.status === 'resolved') {
      q = q.where('status', '=', 'resolved');
      if (after) q = q.where((eb) => eb.or([eb('updated_at', '<', after[0]), eb.and([eb('updated_at', '=', after[0]), eb('id', '<', after[1])])]));
      return q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    }
    q = q.where('status', '=', 'open');
    if (filter.status === 'open') q = q.where('appeal_state', '!=', 'pending');
    if (filter.status === 'appealed') q = q.where('appeal_state', '=', 'pending');
    if (filter.status === 'claimed') q = q.where('claimed_by', '=', filter.by);
    if (after) q = q.where((eb) => eb.or([eb('created_at', '>', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '>', after[1])])]));
    return q.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
  }

  /** Cases about a person's content or account, newest first (the author's history). */
  async history(ownerId: string, exceptCaseId: string, limit: number): Promise<{ total: number; actioned: number; recent: CaseRow[] }> {
    const [counts, recent] = await Promise.all([
      this.db
        .selectFrom('moderation_cases')
        .select([
          (eb) => eb.fn.countAll<number>().as('total'),
          (eb) => eb.fn.sum<number>(eb.case().when('action', 'not in', ['dismiss', 'restore']).then(1).else(0).end()).as('actioned'),
        ])
        .where('owner_id', '=', ownerId)
        .where('id', '!=', exceptCaseId)
        .executeTakeFirst(),
      this.db
        .selectFrom('moderation_cases')
        .selectAll()
        .where('owner_id', '=', ownerId)
        .where('id', '!=', exceptCaseId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute(),
    ]);
    return { total: Number(counts?.total ?? 0), actioned: Number(counts?.actioned ?? 0), recent };
  }

  async insertAudit(row: AuditRow): Promise<void> {
    await this.db.insertInto('moderation_audit').values(row).execute();
  }

  audit(filter: { actorId?: string; action?: string; caseId?: string; targetType?: string }, before: string | null, limit: number): Promise<AuditRow[]> {
    let q = this.db.selectFrom('moderation_audit').selectAll();
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    if (filter.targetType) q = q.where('target_type', '=', filter.targetType);
    if (before) q = q.where('id', '<', before);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }

  /**
   * What a person is told: decided cases about their content or account (not dismissals), and
   * decided cases they reported — newest decision first.
   */
  async notices(userId: string, after: [string, string] | null, limit: number): Promise<Array<CaseRow & { mine: number }>> {
    const page = (q: ReturnType<typeof this.noticeBase>) =>
      (after ? q.where((eb) => eb.or([eb('resolved_at', '<', after[0]), eb.and([eb('resolved_at', '=', after[0]), eb('id', '<', after[1])])])) : q)
        .orderBy('resolved_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit);
    const [own, reported] = await Promise.all([
      page(this.noticeBase().where('owner_id', '=', userId).where('action', 'not in', ['dismiss'])).execute(),
      page(
        this.noticeBase()
          .where('id', 'in', (eb) => eb.selectFrom('moderation_reports').select('case_id').where('reporter_id', '=', userId))
          .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '!=', userId)])),
      ).execute(),
    ]);
    const all = [...own.map((r) => ({ ...r, mine: 1 })), ...reported.map((r) => ({ ...r, mine: 0 }))];
    all.sort((a, b) => (b.resolved_at ?? '').localeCompare(a.resolved_at ?? '') || b.id.localeCompare(a.id));
    return all.slice(0, limit);
  }

  private noticeBase() {
    return this.db.selectFrom('moderation_cases').selectAll().where('resolved_at', 'is not', null).where('action', 'is not', null);
  }

  isApproved(userId: string): Promise<boolean> {
    return this.db
      .selectFrom('moderation_people')
      .select('user_id')
      .where('user_id', '=', userId)
      .executeTakeFirst()
      .then((r) => r !== undefined);
  }

  async approve(userId: string, by: string, at: string): Promise<void> {
    await this.db
      .insertInto('moderation_people')
      .values({ user_id: userId, approved_by: by, approved_at: at })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  /** Authors with notes on probation now, the longest waiting first, with how many. */
  probation(now: string, after: string | null, limit: number): Promise<Array<{ owner_id: string; notes: number; until: string }>> {
    let q = this.db
      .selectFrom('moderation_states')
      .select(['owner_id', (eb) => eb.fn.countAll<number>().as('notes'), (eb) => eb.fn.max<string>('probation_until').as('until')])
      .where('target_type', '=', 'note')
      .where('probation_until', '>', now)
      .where('owner_id', 'is not', null);
    if (after) q = q.where('owner_id', '>', after);
    return q
      .groupBy('owner_id')
      .orderBy('owner_id')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => ({ owner_id: r.owner_id as string, notes: Number(r.notes), until: String(r.until) })));
  }
}
