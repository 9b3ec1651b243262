// What the moderation module holds about a person: the reports they filed, the cases about them or
// their content (with each decision and their appeal), the states their content is in, their approval
// as a new account, the scores of their images, and the audit entries about them or made by them.
//
// Erasure deletes their reports (each case's count corrected), the cases about them with their states
// (the note-state caches drop in every process), their approval and image scores. What names them in
// the moderators' bookkeeping keeps the fact without the person: a case they claimed or decided, an
// approval they gave and the audit log say 'erased' (the log's trigger lets nothing else change and
// nothing be deleted), a word list they edited forgets its editor.
import type { Kysely } from 'kysely';
import { keysetPages, type PersonalData } from '../../platform/personal-data.ts';
import { ModerationPersonalStore, type PersonalTables } from './personal-store.ts';
import type { AuditRow, CaseRow } from './tables.ts';

const PAGE = 500;

const presentCase = (c: CaseRow) => ({
  id: c.id,
  targetType: c.target_type,
  targetId: c.target_id,
  ownerId: c.owner_id,
  source: c.source,
  status: c.status,
  reportCount: Number(c.report_count),
  reasons: c.reasons,
  detail: c.detail,
  // Who handled the case is the moderators' own business: the decision is the person's, not their names.
  claimedBy: null,
  claimedAt: c.claimed_at,
  action: c.action,
  actionNote: c.action_note,
  actionDays: c.action_days,
  resolvedBy: null,
  resolvedAt: c.resolved_at,
  appealState: c.appeal_state,
  appealText: c.appeal_text,
  appealedAt: c.appealed_at,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

export interface ModerationPersonalDeps {
  db: Kysely<PersonalTables>;
  /** drops a note's cached state in every process (ModerationStates.changed) */
  noteChanged(noteId: string): Promise<void>;
}

export function createModerationPersonalData(deps: ModerationPersonalDeps): PersonalData {
  const store = new ModerationPersonalStore(deps.db);
  const presentAudit = (userId: string) => (a: AuditRow) => ({
    id: a.id,
    caseId: a.case_id,
    // The moderator of an entry about them is not named; their own entries (as a moderator) are.
    actorId: a.actor_id === userId ? a.actor_id : null,
    action: a.action,
    targetType: a.target_type,
    targetId: a.target_id,
    ownerId: a.owner_id,
    note: a.note,
    days: a.days,
    createdAt: a.created_at,
  });
  return {
    module: 'moderation',
    tables: {
      moderation_cases: { kind: 'personal', owner: ['owner_id'] },
      moderation_reports: { kind: 'personal', owner: ['reporter_id'] },
      moderation_states: { kind: 'personal', owner: ['owner_id'] },
      moderation_audit: { kind: 'personal', owner: ['actor_id', 'owner_id'] },
      moderation_people: { kind: 'personal', owner: ['user_id'] },
      // Instance settings: the last editor's id is forgotten on erasure, nothing else is anyone's.
      filter_lists: { kind: 'none' },
      media_safety: { kind: 'personal', owner: ['owner_id'] },
    },
    files: {
      'moderation/reports.json': 'The reports you filed about notes, comments, messages or people.',
      'moderation/cases.json': 'Moderation cases about you or your content: what was flagged, the decision, and your appeal.',
      'moderation/states.json': 'Moderation states of your content (removed, held, limited, sensitive, new-account review).',
      'moderation/approvals.json': 'Whether a moderator approved your new account, and when.',
      'moderation/audit.json': 'Moderation log entries about you or your content, and those you made as a moderator.',
      'moderation/image-checks.json': 'The automatic safety scores of the images you uploaded.',
    },
    async export(userId, out) {
      await out.json(
        'moderation/reports.json',
        keysetPages(
          (a: string) => store.reports(userId, a, PAGE),
          '',
          (r) => r.id,
          (r) => ({ id: r.id, caseId: r.case_id, reporterId: r.reporter_id, reason: r.reason, text: r.text, createdAt: r.created_at }),
        ),
      );
      await out.json(
        'moderation/cases.json',
        keysetPages(
          (a: string) => store.cases(userId, a, PAGE),
          '',
          (r) => r.id,
          presentCase,
        ),
      );
      await out.json(
        'moderation/states.json',
        keysetPages(
          (a: [string, string]) => store.states(userId, a, PAGE),
          ['', ''] as [string, string],
          (r) => [r.target_type, r.target_id] as [string, string],
          (s) => ({
            targetType: s.target_type,
            targetId: s.target_id,
            ownerId: s.owner_id,
            removed: Number(s.removed) === 1,
            held: Number(s.held) === 1,
            limited: Number(s.limited) === 1,
            sensitive: Number(s.sensitive) === 1,
            probationUntil: s.probation_until,
            reason: s.reason,
            caseId: s.case_id,
            version: Number(s.version),
            updatedAt: s.updated_at,
          }),
        ),
      );
      const approval = await store.approval(userId);
      await out.json('moderation/approvals.json', approval ? [{ userId: approval.user_id, approvedBy: null, approvedAt: approval.approved_at }] : []);
      await out.json(
        'moderation/audit.json',
        keysetPages(
          (a: string) => store.audit(userId, a, PAGE),
          '',
          (r) => r.id,
          presentAudit(userId),
        ),
      );
      await out.json(
        'moderation/image-checks.json',
        keysetPages(
          (a: string) => store.mediaScores(userId, a, PAGE),
          '',
          (r) => r.media_id,
          (r) => ({
            mediaId: r.media_id,
            ownerId: r.owner_id,
            scores: r.scores,
            score: Number(r.score),
            flagged: Number(r.flagged) === 1,
            dhash: r.dhash,
            createdAt: r.created_at,
          }),
        ),
      );
    },
    async erase(userId) {
      // Each loop is bounded by the person's rows: every round deletes or blanks up to PAGE of them.
      while ((await store.deleteReports(userId, PAGE)) === PAGE) {}
      while ((await store.deleteCases(userId, PAGE)) === PAGE) {}
      for (;;) {
        const gone = await store.deleteStates(userId, PAGE);
        for (const s of gone) if (s.type === 'note') await deps.noteChanged(s.id);
        if (gone.length < PAGE) break;
      }
      while ((await store.deleteMediaScores(userId, PAGE)) === PAGE) {}
      while ((await store.blankAudit(userId, PAGE)) === PAGE) {}
      await store.forgetMentions(userId);
    },
  };
}
