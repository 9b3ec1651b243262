// The tables the rooms module owns (created by migration 0010).
export interface RoomRow {
  id: string;
  name: string;
  description: string;
  /** 0: off; else seconds between one person's messages (moderators exempt) */
  slow_mode_s: number;
  pinned_message_id: string | null;
  /** the seq of the room's newest message; bumped in the inserting transaction */
  last_seq: number;
  /** moves on every change a hello shows besides new messages (pin, edit, delete) */
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface RoomMemberRow {
  room_id: string;
  user_id: string;
  role: 'member' | 'moderator';
  joined_at: string;
}

export interface RoomMessageRow {
  id: string;
  room_id: string;
  seq: number;
  author_id: string;
  body: string;
  lang: string | null;
  client_id: string | null;
  deleted: number;
  created_at: string;
}

export interface RoomsTables {
  rooms: RoomRow;
  room_members: RoomMemberRow;
  room_messages: RoomMessageRow;
}
