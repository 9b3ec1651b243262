// The room bench's people: N accounts with a session each, all members of one room, written
// straight into the database (signing 50,000 people up through argon2id would take the bench's
// whole budget and measure nothing about rooms). Runs the migrations first, as a server would.
import { randomBytes } from 'node:crypto';
import { type DbTarget, openDb } from '../../src/server/platform/db/index.ts';
import { newId, sha256 } from '../../src/server/platform/ids.ts';

const BATCH = 500;

export async function seedRoom(target: DbTarget, n: number, tag: string): Promise<{ roomId: string; tokens: string[] }> {
  const db = await openDb(target);
  try {
    const k = db.kysely;
    const now = new Date().toISOString();
    const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const roomId = newId();
    await k
      .insertInto('rooms')
      .values({
        id: roomId,
        name: `Bench ${tag}`,
        description: 'the room bench',
        slow_mode_s: 0,
        pinned_message_id: null,
        last_seq: 0,
        version: 0,
        created_by: 'bench',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const tokens: string[] = [];
    for (let from = 0; from < n; from += BATCH) {
      const users = [];
      const sessions = [];
      const members = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const id = newId();
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        users.push({
          id,
          handle: `rb_${tag}_${i}`,
          display_name: `Bench ${i}`,
          bio: '',
          bio_langs: '',
          languages: '["en","zh"]',
          ui_language: 'en',
          auto_translate: 0,
          region: null,
          avatar_media_id: null,
          role: 'member',
          password_hash: 'x',
          followers_count: 0,
          following_count: 0,
          created_at: now,
          updated_at: now,
          version: 0,
        });
        sessions.push({
          id: newId(),
          user_id: id,
          token_hash: sha256(token),
          user_agent: null,
          ip: null,
          created_at: now,
          last_used_at: now,
          expires_at: expires,
        });
        members.push({ room_id: roomId, user_id: id, role: 'member', joined_at: now });
      }
      await k.insertInto('users').values(users).execute();
      await k.insertInto('sessions').values(sessions).execute();
      await k.insertInto('room_members').values(members).execute();
    }
    return { roomId, tokens };
  } finally {
    await db.close();
  }
}
