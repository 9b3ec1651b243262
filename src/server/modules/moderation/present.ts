// Cases, notices and audit entries as the API shows them. Batched per page: the people, the
// reasons, the notes' states and the content each come in one call.
import type { AuditEntry, CaseContent, CaseDetail, ModerationCase, ModerationNotice, PersonRef, ReportTargetType } from '../../../shared/api/moderation.ts';
import type { ModerationState } from '../notes/index.ts';
import type { ModerationStore } from './store.ts';
import type { AuditRow, CaseRow } from './tables.ts';

/** What the owning modules show moderators of a thing; null when it is gone. */
export type ContentSource = (type: ReportTargetType, id: string) => Promise<Omit<CaseContent, 'translation'> | null>;

export interface PresentDeps {
  store: ModerationStore;
  people(ids: readonly string[]): Promise<Map<string, PersonRef>>;
  content: ContentSource;
  noteStates(ids: readonly string[]): Promise<Map<string, ModerationState>>;
  /** a translation of the text to this UI language, when it is written in another (null: none) */
  translate?: (text: string, lang: string, target: 'en' | 'zh') => Promise<string | null>;
  history(userId: string): Promise<{ handle: string; role: string; createdAt: string; suspendedUntil: string | null; banned: boolean } | null>;
}

const appealOf = (c: CaseRow): ModerationCase['appeal'] =>
  c.appeal_text !== null && c.appealed_at !== null && c.appeal_state !== 'none'
    ? { text: c.appeal_text, at: c.appealed_at, state: c.appeal_state === 'pending' ? 'pending' : 'decided' }
    : null;

export class CasePresenter {
  constructor(private readonly d: PresentDeps) {}

  async cases(rows: readonly CaseRow[]): Promise<ModerationCase[]> {
    const ids = rows.map((r) => r.id);
    const personIds = rows.flatMap((r) => [r.claimed_by, r.resolved_by].filter((x): x is string => x !== null));
    const noteIds = rows.filter((r) => r.target_type === 'note').map((r) => r.target_id);
    const [reasons, people, states, contents] = await Promise.all([
      this.d.store.reasons(ids),
      this.d.people([...new Set(personIds)]),
      this.d.noteStates(noteIds),
      Promise.all(rows.map((r) => this.d.content(r.target_type, r.target_id))),
    ]);
    return rows.map((c, i) => {
      const s = c.target_type === 'note' ? states.get(c.target_id) : undefined;
      const content = contents[i] ?? null;
      return {
        id: c.id,
        status: c.status,
        source: c.source,
        target: { type: c.target_type, id: c.target_id },
        reporterCount: c.report_count,
        reasons: reasons.get(c.id) ?? [],
        flags: JSON.parse(c.detail) as string[],
        content: content ? { ...content, translation: null } : null,
        state: {
          removed: s?.removed ?? false,
          held: s?.held ?? false,
          limited: s?.limited ?? false,
          sensitive: s?.sensitive ?? false,
          probationUntil: s?.probationUntil != null ? new Date(s.probationUntil).toISOString() : null,
        },
        claimedBy: c.claimed_by ? (people.get(c.claimed_by) ?? null) : null,
        resolution:
          c.action && c.resolved_at
            ? {
                action: c.action,
                note: c.action_note ?? '',
                days: c.action_days,
                by: c.resolved_by ? (people.get(c.resolved_by) ?? null) : null,
                at: c.resolved_at,
              }
            : null,
        appeal: appealOf(c),
        createdAt: c.created_at,
        updatedAt: c.updated_at,
      };
    });
  }

  async detail(c: CaseRow, uiLanguage: 'en' | 'zh'): Promise<CaseDetail> {
    const [view] = await this.cases([c]);
    const reports = await this.d.store.reports(c.id, 50);
    const [reporters, history] = await Promise.all([
      this.d.people([...new Set(reports.map((r) => r.reporter_id))]),
      c.owner_id ? this.authorHistory(c.owner_id, c.id) : Promise.resolve(null),
    ]);
    const v = view as ModerationCase;
    let content = v.content;
    if (content && this.d.translate && content.lang && content.lang !== 'und' && !content.lang.startsWith(uiLanguage)) {
      const text = [content.title, content.text].filter((t) => t.length > 0).join('\n');
      const translation = text ? await this.d.translate(text, content.lang, uiLanguage).catch(() => null) : null;
      content = { ...content, translation };
    }
    return {
      ...v,
      content,
      reports: reports.map((r) => ({ reporter: reporters.get(r.reporter_id) ?? null, reason: r.reason, text: r.text ?? '', createdAt: r.created_at })),
      authorHistory: history,
    };
  }

  private async authorHistory(ownerId: string, caseId: string): Promise<CaseDetail['authorHistory']> {
    const [person, h] = await Promise.all([this.d.history(ownerId), this.d.store.history(ownerId, caseId, 10)]);
    if (!person) return null;
    return {
      ...person,
      cases: h.total,
      actioned: h.actioned,
      recent: h.recent.map((r) => ({ caseId: r.id, action: r.action, targetType: r.target_type, at: r.created_at })),
    };
  }

  async notices(rows: ReadonlyArray<CaseRow & { mine: number }>): Promise<ModerationNotice[]> {
    const contents = await Promise.all(rows.map((r) => this.d.content(r.target_type, r.target_id).catch(() => null)));
    return rows.map((c, i) => {
      const content = contents[i];
      const mine = c.mine === 1;
      const appealable = mine && c.appeal_state === 'none' && ['remove', 'limit', 'sensitive', 'suspend', 'ban'].includes(c.action ?? '');
      return {
        caseId: c.id,
        kind: mine ? 'action' : 'report_outcome',
        action: c.action ?? 'dismiss',
        target: { type: c.target_type, id: c.target_id },
        excerpt: content ? [...(content.title || content.text)].slice(0, 80).join('') : '',
        note: mine ? (c.action_note ?? '') : '',
        days: c.action_days,
        canAppeal: appealable,
        appeal: mine ? appealOf(c) : null,
        at: c.resolved_at ?? c.updated_at,
      };
    });
  }

  async audit(rows: readonly AuditRow[]): Promise<AuditEntry[]> {
    const people = await this.d.people([...new Set(rows.map((r) => r.actor_id))]);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      action: r.action,
      actor: people.get(r.actor_id) ?? null,
      target: { type: r.target_type, id: r.target_id },
      note: r.note,
      days: r.days,
      at: r.created_at,
    }));
  }
}
