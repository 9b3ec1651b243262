// The rules of moderation: reports gather into one case per thing; moderators claim cases and
// resolve them with an action; the affected person is told and may appeal once, which reopens the
// case; every moderator action is written to the append-only audit log in the same transaction as
// the decision. What a decision does to a note is a state the shared read rules apply everywhere
// at once; to a comment, message or room message, its removal by the module that owns it; to a
// person, a suspension or ban kept by accounts.
import type { CaseActionBody, CreateReportBody, ModerationAction, ReportReceipt, ReportTargetType } from '../../../shared/api/moderation.ts';
import { cleanMultiline } from '../../../shared/text/clean.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events/index.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import type { ModerationState } from '../notes/index.ts';
import './events.ts';
import type { ModerationStates, StatePatch } from './states.ts';
import type { CaseFilter, ModerationStore } from './store.ts';
import type { CaseRow } from './tables.ts';

const DAY_MS = 86_400_000;
/** A claim older than this no longer keeps other moderators off the case. */
export const CLAIM_TTL_MS = 30 * 60_000;

/** What moderation needs of the modules that own the things people report. */
export interface ModerationTargets {
  /** The thing as the reporter may see it (its owner), or null when it does not exist or they may not see it. */
  visibleTo(viewerId: string, type: ReportTargetType, id: string): Promise<{ id: string; ownerId: string } | null>;
  /** Takes a comment, message or room message down (by its owning module, which tells its readers). */
  remove(type: 'comment' | 'message' | 'room_message', id: string): Promise<void>;
}

export interface ModerationStanding {
  restrict(userId: string, r: { suspendedUntil?: string | null; banned?: boolean }): Promise<void>;
}

export interface Moderator {
  userId: string;
  role: 'admin' | 'moderator' | 'member';
}

/** The actions each kind of target takes. */
const ACTIONS: Record<ReportTargetType, ReadonlySet<ModerationAction>> = {
  note: new Set(['dismiss', 'remove', 'limit', 'sensitive', 'suspend', 'ban', 'restore', 'uphold']),
  comment: new Set(['dismiss', 'remove', 'suspend', 'ban', 'restore', 'uphold']),
  message: new Set(['dismiss', 'remove', 'suspend', 'ban', 'restore', 'uphold']),
  room_message: new Set(['dismiss', 'remove', 'suspend', 'ban', 'restore', 'uphold']),
  user: new Set(['dismiss', 'suspend', 'ban', 'restore', 'uphold']),
};
/** Decisions a person may appeal: something was done to them. */
const APPEALABLE: ReadonlySet<ModerationAction> = new Set(['remove', 'limit', 'sensitive', 'suspend', 'ban']);

export function requireModerator(m: Moderator): void {
  if (m.role !== 'admin' && m.role !== 'moderator') throw new ForbiddenError('Only moderators and admins may do this.', 'moderators_only');
}
export function requireAdmin(m: Moderator): void {
  if (m.role !== 'admin') throw new ForbiddenError('Only admins may do this.', 'admins_only');
}

const clean = (raw: string | undefined, max: number, field: string): string => {
  const text = cleanMultiline(raw ?? '');
  if ([...text].length > max) throw new ValidationError(`The ${field} is too long.`, [{ field, message: `at most ${max} characters` }]);
  return text;
};

export class ModerationService {
  constructor(
    private readonly store: ModerationStore,
    private readonly events: EventBus,
    private readonly states: ModerationStates,
    private readonly targets: ModerationTargets,
    private readonly standing: ModerationStanding,
    private readonly now: () => number = Date.now,
  ) {}

  // ---- reports

  async report(reporterId: string, body: CreateReportBody): Promise<ReportReceipt> {
    const text = clean(body.text, 500, 'text');
    const target = await this.targets.visibleTo(reporterId, body.targetType, body.targetId);
    if (!target) throw new NotFoundError('There is nothing like that to report, or you may not see it.');
    if (target.ownerId === reporterId) throw new ValidationError('You cannot report yourself or your own posts.', undefined, 'self_target');
    const at = nowIso();
    // Two reports racing to open the same case: the partial unique index lets one in; the other joins it.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        return await this.store.db.transaction().execute(async (trx) => {
          const store = this.store.within(trx);
          let c = await store.openCase(body.targetType, target.id);
          if (!c) {
            c = this.newCase(body.targetType, target.id, target.ownerId, 'report', [], at);
            await store.insertCase(c);
          }
          const id = newId();
          const created = await store.insertReport({ id, case_id: c.id, reporter_id: reporterId, reason: body.reason, text: text || null, created_at: at });
          const existing = created ? null : await store.reportOf(c.id, reporterId);
          return { id: existing?.id ?? id, caseId: c.id, created };
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt === 2) throw err;
      }
    }
    throw new ConflictError('The report could not be recorded; try again.');
  }

  /** A case opened by a filter, the image check or the duplicate check (no reporter); flags join an open case. */
  async flag(
    target: { type: ReportTargetType; id: string; ownerId: string | null },
    source: 'filter' | 'image' | 'duplicate',
    flags: string[],
  ): Promise<string> {
    const at = nowIso();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        return await this.store.db.transaction().execute(async (trx) => {
          const store = this.store.within(trx);
          const open = await store.openCase(target.type, target.id);
          if (open) {
            const merged = [...new Set([...(JSON.parse(open.detail) as string[]), ...flags])].slice(0, 50);
            await store.updateCase(open.id, { detail: JSON.stringify(merged), updated_at: at });
            return open.id;
          }
          const c = this.newCase(target.type, target.id, target.ownerId, source, flags, at);
          await store.insertCase(c);
          return c.id;
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt === 2) throw err;
      }
    }
    throw new ConflictError('The case could not be opened; try again.');
  }

  // ---- the queue

  cases(
    m: Moderator,
    status: 'open' | 'appealed' | 'claimed' | 'resolved',
    targetType: ReportTargetType | undefined,
    after: [string, string] | null,
    limit: number,
  ) {
    requireModerator(m);
    const filter: CaseFilter = status === 'claimed' ? { status, by: m.userId } : { status };
    return this.store.cases(filter, targetType, after, limit);
  }

  async caseById(m: Moderator, id: string): Promise<CaseRow> {
    requireModerator(m);
    const c = await this.store.caseById(id);
    if (!c) throw new NotFoundError('No such case.');
    return c;
  }

  async claim(m: Moderator, id: string, on: boolean): Promise<CaseRow> {
    const c = await this.caseById(m, id);
    if (c.status !== 'open') throw new ConflictError('This case is already resolved.', 'case_closed');
    const at = nowIso();
    if (on) {
      this.refuseOthersClaim(m, c);
      await this.store.updateCase(id, { claimed_by: m.userId, claimed_at: at, updated_at: at });
    } else {
      if (c.claimed_by !== null && c.claimed_by !== m.userId && m.role !== 'admin')
        throw new ConflictError('Another moderator has claimed this case.', 'case_claimed');
      await this.store.updateCase(id, { claimed_by: null, claimed_at: null, updated_at: at });
    }
    return (await this.store.caseById(id)) as CaseRow;
  }

  /**
   * Resolves a case with an action. Removing a comment or message happens first, in its own
   * module; the case, the note's state, the audit entry and the event then commit together.
   */
  async act(m: Moderator, id: string, body: CaseActionBody): Promise<CaseRow> {
    const c = await this.caseById(m, id);
    const note = clean(body.note, 500, 'note');
    if (note.length === 0)
      throw new ValidationError('Say why, in a sentence the person concerned will read.', [{ field: 'note', message: 'must not be blank' }]);
    if (c.status !== 'open') throw new ConflictError('This case is already resolved; an appeal would reopen it.', 'case_closed');
    this.refuseOthersClaim(m, c);
    const action = body.action;
    const appeal = c.appeal_state === 'pending';
    if (!ACTIONS[c.target_type].has(action)) throw new AppError(409, 'invalid_action', `A ${c.target_type.replace('_', ' ')} cannot be given “${action}”.`);
    if (action === 'uphold' && !appeal) throw new AppError(409, 'invalid_action', 'Only an appealed case can be upheld.');
    if (appeal && action === 'dismiss') throw new AppError(409, 'invalid_action', 'Answer an appeal with restore (grant it) or uphold (refuse it).');
    if ((action === 'suspend' || action === 'ban') && c.owner_id === null) throw new AppError(409, 'invalid_action', 'No one to act on: the author is gone.');
    if (action === 'suspend' && !body.days) throw new ValidationError('Say for how many days.', [{ field: 'days', message: 'required for suspend' }]);
    if (action === 'restore' && c.target_type !== 'note' && c.target_type !== 'user' && c.action === 'remove')
      throw new AppError(409, 'invalid_action', 'A removed comment or message is gone for good; only the account side of the decision can be undone.');
    if (c.owner_id && c.owner_id === m.userId && m.role !== 'admin') throw new ForbiddenError('Another moderator must decide a case about you.', 'forbidden');

    if (action === 'remove' && c.target_type !== 'note' && c.target_type !== 'user') await this.targets.remove(c.target_type, c.target_id);
    const at = nowIso();
    const until = action === 'suspend' ? new Date(this.now() + (body.days as number) * DAY_MS).toISOString() : null;
    // What the earlier decision did, to undo on restore.
    const undo = action === 'restore' ? c.action : null;
    if (action === 'suspend' && c.owner_id) await this.standing.restrict(c.owner_id, { suspendedUntil: until });
    if (action === 'ban' && c.owner_id) await this.standing.restrict(c.owner_id, { banned: true });
    if (action === 'restore' && c.owner_id && (undo === 'suspend' || undo === 'ban'))
      await this.standing.restrict(c.owner_id, { suspendedUntil: null, banned: false });

    const reporterIds = await this.store.reporterIds(c.id);
    let noteChanged = false;
    await this.events.transaction(this.store.db, async (tx) => {
      const store = this.store.within(tx.db);
      if (c.target_type === 'note') {
        const patch = this.notePatch(action, c, note);
        if (patch) {
          const { state, version } = await this.states.write(tx.db, c.target_id, c.owner_id, patch);
          noteChanged = true;
          await tx.emit('note.moderated', { noteId: c.target_id, authorId: c.owner_id, version, hidden: state.removed || state.held, limited: state.limited });
        }
      }
      await store.updateCase(c.id, {
        status: 'resolved',
        action,
        action_note: note,
        action_days: body.days ?? null,
        resolved_by: m.userId,
        resolved_at: at,
        updated_at: at,
        claimed_by: null,
        claimed_at: null,
        ...(appeal ? { appeal_state: 'decided' as const } : {}),
      });
      await store.insertAudit({
        id: newId(),
        case_id: c.id,
        actor_id: m.userId,
        action,
        target_type: c.target_type,
        target_id: c.target_id,
        owner_id: c.owner_id,
        note,
        days: body.days ?? null,
        created_at: at,
      });
      await tx.emit('moderation.decided', { caseId: c.id, action, targetType: c.target_type, targetId: c.target_id, ownerId: c.owner_id, reporterIds });
    });
    if (noteChanged) await this.states.changed(c.target_id);
    return (await this.store.caseById(c.id)) as CaseRow;
  }

  /** What an action does to a note's state (null: nothing). Dismissing lets a held note out. */
  private notePatch(action: ModerationAction, c: CaseRow, note: string): StatePatch | null {
    switch (action) {
      case 'remove':
        return { removed: true, held: false, reason: note, caseId: c.id };
      case 'limit':
        return { limited: true, held: false, caseId: c.id };
      case 'sensitive':
        return { sensitive: true, held: false, caseId: c.id };
      case 'dismiss':
        return { held: false };
      case 'restore':
        return { removed: false, held: false, limited: false, sensitive: false, reason: null };
      case 'suspend':
      case 'ban':
        // The person is dealt with; a note held for this case is let out only by a moderator's dismiss or restore.
        return null;
      case 'uphold':
        return null;
    }
  }

  // ---- appeals and notices

  async appeal(userId: string, caseId: string, rawText: string): Promise<CaseRow> {
    const text = clean(rawText, 1000, 'text');
    if (text.length === 0) throw new ValidationError('Say why the decision should change.', [{ field: 'text', message: 'must not be blank' }]);
    const c = await this.store.caseById(caseId);
    if (!c || c.owner_id !== userId || !c.action) throw new NotFoundError('No decision about you has that id.');
    // An appeal still waiting (the case is open again) is as much "already appealed" as a decided one.
    if (c.appeal_state !== 'none') throw new ConflictError('This decision was already appealed; an appeal is heard once.', 'already_appealed');
    if (c.status !== 'resolved') throw new NotFoundError('No decision about you has that id.');
    if (!APPEALABLE.has(c.action)) throw new ConflictError('Nothing was done to you in this case.', 'not_appealable');
    const at = nowIso();
    try {
      await this.store.updateCase(c.id, {
        status: 'open',
        appeal_state: 'pending',
        appeal_text: text,
        appealed_at: at,
        updated_at: at,
        claimed_by: null,
        claimed_at: null,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('A case about this is already open; the moderators will see your appeal there.', 'conflict');
      throw err;
    }
    return (await this.store.caseById(c.id)) as CaseRow;
  }

  notices(userId: string, after: [string, string] | null, limit: number) {
    return this.store.notices(userId, after, limit);
  }

  // ---- probation

  async approve(m: Moderator, userId: string): Promise<void> {
    requireModerator(m);
    const at = nowIso();
    const notes = await this.states.onProbation(userId);
    await this.events.transaction(this.store.db, async (tx) => {
      const store = this.store.within(tx.db);
      await store.approve(userId, m.userId, at);
      for (const noteId of notes) {
        const { state, version } = await this.states.write(tx.db, noteId, userId, { probationUntil: null });
        await tx.emit('note.moderated', { noteId, authorId: userId, version, hidden: state.removed || state.held, limited: state.limited });
      }
      await store.insertAudit({
        id: newId(),
        case_id: null,
        actor_id: m.userId,
        action: 'approve',
        target_type: 'user',
        target_id: userId,
        owner_id: userId,
        note: 'probation ended',
        days: null,
        created_at: at,
      });
    });
    for (const noteId of notes) await this.states.changed(noteId);
  }

  probation(m: Moderator, after: string | null, limit: number) {
    requireModerator(m);
    return this.store.probation(nowIso(), after, limit);
  }

  /** May this person see a thing because a case about it is before them (a moderator reviewing its pictures)? */
  async reviews(m: Moderator, type: ReportTargetType, id: string): Promise<boolean> {
    return (m.role === 'moderator' || m.role === 'admin') && (await this.store.hasCase(type, id));
  }

  isApproved(userId: string): Promise<boolean> {
    return this.store.isApproved(userId);
  }

  // ---- audit

  audit(m: Moderator, filter: { actorId?: string; action?: string; caseId?: string; targetType?: string }, before: string | null, limit: number) {
    requireAdmin(m);
    return this.store.audit(filter, before, limit);
  }

  /** An entry for what is not a case decision (a role change from the command line, a word list edited). */
  async record(entry: { actorId: string; action: string; targetType: string; targetId: string; ownerId?: string | null; note: string }): Promise<void> {
    await this.store.insertAudit({
      id: newId(),
      case_id: null,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      owner_id: entry.ownerId ?? null,
      note: entry.note,
      days: null,
      created_at: nowIso(),
    });
  }

  // ---- notes' states (for the screen and the image check)

  /** Puts a note's held / sensitive / probation state in place (before the note exists, or after an image check). */
  async markNote(noteId: string, authorId: string, mark: { held?: boolean; sensitive?: boolean; probationUntil?: number | null }): Promise<void> {
    const patch: StatePatch = {};
    if (mark.held) patch.held = true;
    if (mark.sensitive) patch.sensitive = true;
    if (mark.probationUntil != null) patch.probationUntil = mark.probationUntil;
    if (Object.keys(patch).length === 0) return;
    await this.events.transaction(this.store.db, async (tx) => {
      const { state, version } = await this.states.write(tx.db, noteId, authorId, patch);
      if (state.held || state.removed) await tx.emit('note.moderated', { noteId, authorId, version, hidden: true, limited: state.limited });
    });
    await this.states.changed(noteId);
  }

  noteState(noteId: string): Promise<ModerationState> {
    return this.states.current(noteId);
  }

  private refuseOthersClaim(m: Moderator, c: CaseRow): void {
    const fresh = c.claimed_at !== null && this.now() - Date.parse(c.claimed_at) < CLAIM_TTL_MS;
    if (c.claimed_by !== null && c.claimed_by !== m.userId && fresh && m.role !== 'admin')
      throw new ConflictError('Another moderator has claimed this case.', 'case_claimed');
  }

  private newCase(type: ReportTargetType, id: string, ownerId: string | null, source: CaseRow['source'], flags: string[], at: string): CaseRow {
    return {
      id: newId(),
      target_type: type,
      target_id: id,
      owner_id: ownerId,
      source,
      status: 'open',
      report_count: 0,
      reasons: '{}',
      detail: JSON.stringify(flags.slice(0, 50)),
      claimed_by: null,
      claimed_at: null,
      action: null,
      action_note: null,
      action_days: null,
      resolved_by: null,
      resolved_at: null,
      appeal_state: 'none',
      appeal_text: null,
      appealed_at: null,
      created_at: at,
      updated_at: at,
    };
  }
}
