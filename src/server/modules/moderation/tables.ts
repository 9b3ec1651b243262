// The tables the moderation module owns (migration 0011). No other module reads them.
import type { CaseSource, ModerationAction, ReportReason, ReportTargetType } from '../../../shared/api/moderation.ts';

export interface CaseRow {
  id: string;
  target_type: ReportTargetType;
  target_id: string;
  /** whose content or account it is (null when it could not be told) */
  owner_id: string | null;
  source: CaseSource;
  status: 'open' | 'resolved';
  report_count: number;
  reasons: string;
  /** JSON: string[] of flags (list:term, image score, duplicate) that opened it */
  detail: string;
  claimed_by: string | null;
  claimed_at: string | null;
  action: ModerationAction | null;
  action_note: string | null;
  action_days: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
  appeal_state: 'none' | 'pending' | 'decided';
  appeal_text: string | null;
  appealed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportRow {
  id: string;
  case_id: string;
  reporter_id: string;
  reason: ReportReason;
  text: string | null;
  created_at: string;
}

export interface StateRow {
  target_type: string;
  target_id: string;
  owner_id: string | null;
  removed: number;
  held: number;
  limited: number;
  sensitive: number;
  probation_until: string | null;
  reason: string | null;
  case_id: string | null;
  version: number;
  updated_at: string;
}

export interface AuditRow {
  id: string;
  case_id: string | null;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  owner_id: string | null;
  note: string;
  days: number | null;
  created_at: string;
}

export interface PeopleRow {
  user_id: string;
  approved_by: string;
  approved_at: string;
}

export interface ModerationTables {
  moderation_cases: CaseRow;
  moderation_reports: ReportRow;
  moderation_states: StateRow;
  moderation_audit: AuditRow;
  moderation_people: PeopleRow;
}
