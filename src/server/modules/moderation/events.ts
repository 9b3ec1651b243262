// The moderation module's domain events.
import type { ModerationAction, ReportTargetType } from '../../../shared/api/moderation.ts';

declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    /** A moderator decided a case: the affected person and the reporters are told (notify). */
    'moderation.decided': {
      caseId: string;
      action: ModerationAction;
      targetType: ReportTargetType;
      targetId: string;
      ownerId: string | null;
      reporterIds: string[];
    };
    /** What moderation decided about a note changed (removed, held, limited, sensitive, probation): indexes drop or re-add it. */
    'note.moderated': { noteId: string; authorId: string | null; version: number; hidden: boolean; limited: boolean };
  }
}
