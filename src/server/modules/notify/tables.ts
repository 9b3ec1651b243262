// The table the notify module owns (created by migration 0002): one row an event, grouped when read.
import type { NotificationKind } from '../../../shared/api/notify.ts';

export interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  actor_id: string;
  /** The note it is about (for a comment event, the comment's note); null for follows. */
  subject_id: string | null;
  comment_id: string | null;
  /** Events with the same key show as one list item: `like:<note>`, `follow`, or unique for comments. */
  group_key: string;
  read_at: string | null;
  created_at: string;
  /** the domain event it came from: a redelivered event finds its notification already there */
  source_event: string | null;
}

export interface NotifyTables {
  notifications: NotificationRow;
}
