// The tables the accounts module owns. No other module reads them; they ask the service.
export interface UserRow {
  id: string;
  handle: string;
  display_name: string;
  bio: string;
  /** the bio's languages, space-separated, the main one first */
  bio_langs: string;
  languages: string; // JSON array of language codes
  ui_language: string;
  /** 1: show foreign text translated at once */
  auto_translate: number;
  region: string | null;
  avatar_media_id: string | null;
  role: 'admin' | 'moderator' | 'member';
  password_hash: string;
  followers_count: number;
  following_count: number;
  created_at: string;
  updated_at: string;
  /** moves with every change others see (name, bio, avatar…): the read cache's key */
  version: number;
  /** a moderator's suspension: no writes until then (ISO time), null when none */
  suspended_until: string | null;
  /** a moderator's ban: no sign-in, every session ended */
  banned_at: string | null;
  /** who may comment on my notes and start conversations with me: 'everyone' | 'following' | 'nobody' */
  comments_from: string;
  messages_from: string;
  /** the TikTok username the person declares (lower case, without '@'; unique), null when none */
  tiktok_username: string | null;
  /** set while the person's deletion is pending: the profile is gone, and everything is erased at this time (ISO) unless they log in before */
  erases_at: string | null;
}

export interface SessionRow {
  id: string;
  user_id: string;
  token_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

export interface EdgeRow {
  actor_id: string;
  target_id: string;
  created_at: string;
}

export interface MutedWordRow {
  user_id: string;
  word: string;
  created_at: string;
}

export interface AccountsTables {
  users: UserRow;
  /** a person's muted words and #topics (controls-store.ts writes them) */
  muted_words: MutedWordRow;
  instance_claims: { name: string; user_id: string; created_at: string };
  sessions: SessionRow;
  follows: { id: string; follower_id: string; followee_id: string; created_at: string };
  /** actor blocks target */
  blocks: EdgeRow;
  /** actor mutes target */
  mutes: EdgeRow;
}
