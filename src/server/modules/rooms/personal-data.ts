// What the rooms module holds about a person: the rooms they joined (and their role there), the
// messages they wrote, and the rooms they made. Erasing them deletes their messages (a pinned one is
// unpinned) and memberships; a room they made stays for the others with no creator (admins and the
// instance's moderators still manage it). Member counts are live presence, not rows: nothing to correct.
import type { Kysely } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import { RoomsPersonalStore } from './personal-store.ts';
import type { RoomsTables } from './tables.ts';

const PAGE = 500;

/** Pages through a keyset query until a short page; `key` gives the cursor of a row. */
async function* pages<R, O>(read: (after: string) => Promise<R[]>, key: (r: R) => string, present: (r: R) => O): AsyncGenerator<O> {
  let after = '';
  for (;;) {
    const rows = await read(after);
    for (const r of rows) yield present(r);
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || last === undefined) return;
    after = key(last);
  }
}

export function createRoomsPersonalData(deps: { db: Kysely<RoomsTables>; now?: () => number }): PersonalData {
  const store = new RoomsPersonalStore(deps.db);
  const iso = () => (deps.now ? new Date(deps.now()).toISOString() : nowIso());
  return {
    module: 'rooms',
    tables: {
      rooms: { kind: 'personal', owner: ['created_by'] },
      room_members: { kind: 'personal', owner: ['user_id'] },
      room_messages: { kind: 'personal', owner: ['author_id'] },
    },
    files: {
      'rooms/memberships.json': 'The live rooms you joined, with your role in each.',
      'rooms/messages.json': 'The messages you wrote in live rooms (those still kept by the rooms’ retention).',
      'rooms/rooms.json': 'The live rooms you created.',
    },
    async export(userId, out) {
      await out.json(
        'rooms/memberships.json',
        pages(
          (a) => store.memberships(userId, a, PAGE),
          (r) => r.room_id,
          (r) => ({ roomId: r.room_id, userId: r.user_id, role: r.role, joinedAt: r.joined_at }),
        ),
      );
      await out.json(
        'rooms/messages.json',
        pages(
          (a) => store.messages(userId, a, PAGE),
          (r) => r.id,
          (r) => ({
            id: r.id,
            roomId: r.room_id,
            seq: Number(r.seq),
            authorId: r.author_id,
            body: r.body,
            lang: r.lang,
            clientId: r.client_id,
            deleted: Number(r.deleted) === 1,
            createdAt: r.created_at,
          }),
        ),
      );
      await out.json(
        'rooms/rooms.json',
        pages(
          (a) => store.roomsCreated(userId, a, PAGE),
          (r) => r.id,
          (r) => ({
            id: r.id,
            name: r.name,
            description: r.description,
            slowModeS: Number(r.slow_mode_s),
            pinnedMessageId: r.pinned_message_id,
            lastSeq: Number(r.last_seq),
            version: Number(r.version),
            createdBy: r.created_by,
            createdAt: r.created_at,
            updatedAt: r.updated_at,
          }),
        ),
      );
    },
    async erase(userId) {
      // Bounded by their rows: each round deletes up to PAGE of them.
      while ((await store.deleteMessages(userId, PAGE, iso())) === PAGE) {}
      await store.deleteMemberships(userId);
      await store.forgetCreator(userId, iso());
    },
  };
}
