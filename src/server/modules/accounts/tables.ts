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
  role: 'admin' | 'member';
  password_hash: string;
  followers_count: number;
  following_count: number;
  created_at: string;
  updated_at: string;
  /** moves with every change others see (name, bio, avatar…): the read cache's key */
  version: number;
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

export interface AccountsTables {
  users: UserRow;
  instance_claims: { name: string; user_id: string; created_at: string };
  sessions: SessionRow;
  follows: { id: string; follower_id: string; followee_id: string; created_at: string };
  /** actor blocks target */
  blocks: EdgeRow;
  /** actor mutes target */
  mutes: EdgeRow;
}
