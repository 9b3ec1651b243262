// The tables the messages module owns (created by migration 0009). Other modules ask its service.
export type ConversationKind = 'dm' | 'group';
export type MemberRole = 'owner' | 'admin' | 'member';
/**
 * active: in it. request: someone who does not follow the person wrote or added them; they accept
 * or decline. pending: the starter of a DM whose other side has not accepted yet. left / removed /
 * declined: no longer in it (kept for the history of who was).
 */
export type MemberState = 'active' | 'request' | 'pending' | 'left' | 'removed' | 'declined';
export type MessageKind = 'text' | 'photo' | 'note' | 'system';

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  name: string;
  avatar_media_id: string | null;
  /** "<lower id>:<higher id>" for a DM, null for a group */
  dm_key: string | null;
  created_by: string;
  last_seq: number;
  /** members in state active, request or pending */
  member_count: number;
  /** 1: a DM ended by a block either way (read-only) */
  ended: number;
  created_at: string;
  updated_at: string;
}

export interface MemberRow {
  conversation_id: string;
  user_id: string;
  role: MemberRole;
  state: MemberState;
  /** the last seq before they (re)joined: what they may read starts after it */
  from_seq: number;
  last_read_seq: number;
  muted: number;
  auto_translate: number;
  added_by: string | null;
  joined_at: string;
  updated_at: string;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  /** null for system lines */
  author_id: string | null;
  kind: MessageKind;
  body: string;
  lang: string | null;
  langs: string;
  media_id: string | null;
  note_id: string | null;
  client_id: string | null;
  /** sha256 of what was sent: a retry with the same clientId is told from a different message */
  content_hash: string;
  created_at: string;
  deleted_at: string | null;
}

export interface InviteRow {
  token: string;
  conversation_id: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
  uses: number;
  created_at: string;
}

export interface MessagesTables {
  conversations: ConversationRow;
  conversation_members: MemberRow;
  messages: MessageRow;
  conversation_invites: InviteRow;
  conversation_notes: { conversation_id: string; note_id: string; invite_token: string; created_at: string };
  stranger_quota: { user_id: string; day: string; used: number };
}

/** States in which a person belongs to a conversation (receives its messages, counts as a member). */
export const IN_STATES: readonly MemberState[] = ['active', 'request', 'pending'];
