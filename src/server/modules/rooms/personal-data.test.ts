// The rooms module's part of a person's archive and erasure, on SQLite and PostgreSQL: their
// memberships, messages and the rooms they made are exported; erasing them deletes their messages
// (unpinning a pinned one) and memberships, and a room they made goes on for the others.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { createRoomsPersonalData } from './personal-data.ts';
import type { RoomsTables } from './tables.ts';

const TABLES = ['rooms', 'room_members', 'room_messages'];

for (const kind of DB_KINDS) {
  describe(`rooms personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let roomId: string;
    let otherRoomId: string;
    const anaMessages: string[] = [];
    const boMessages: string[] = [];
    before(async () => {
      t = await testApp(kind);
      // The first account is the instance's admin, who makes rooms.
      ana = await signUp(t.app);
      bo = await signUp(t.app);
      const rooms = t.ctx.rooms.service;
      roomId = (await rooms.create(ana.id, { name: 'Refugees', description: 'hi' })).id;
      otherRoomId = (await rooms.create(ana.id, { name: 'Quiet', description: '' })).id;
      await rooms.join(bo.id, roomId);
      await rooms.join(bo.id, otherRoomId);
      for (let i = 0; i < 3; i++) {
        anaMessages.push((await rooms.send(ana.id, roomId, { body: `ana ${i}` })).item.id);
        boMessages.push((await rooms.send(bo.id, roomId, { body: `bo ${i}` })).item.id);
      }
      await rooms.pin(ana.id, roomId, anaMessages[0] as string);
    });
    after(async () => t.close());

    const provider = () => createRoomsPersonalData({ db: scoped<RoomsTables>(t.ctx.db) });

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), [...TABLES].sort());
      assert.ok(t.ctx.rooms.personalData);
    });

    it('exports their memberships, their messages only, and the rooms they made', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      assert.deepEqual(
        out
          .rows<{ roomId: string; role: string }>('rooms/memberships.json')
          .map((m) => m.roomId)
          .sort(),
        [roomId, otherRoomId].sort(),
      );
      const msgs = out.rows<{ id: string; body: string; authorId: string; seq: number }>('rooms/messages.json');
      assert.deepEqual(msgs.map((m) => m.id).sort(), [...anaMessages].sort());
      assert.ok(msgs.every((m) => m.authorId === ana.id && m.body.startsWith('ana ')));
      assert.deepEqual(
        out
          .rows<{ id: string }>('rooms/rooms.json')
          .map((r) => r.id)
          .sort(),
        [roomId, otherRoomId].sort(),
      );
      const bos = new CapturingArchive();
      await provider().export(bo.id, bos);
      assert.deepEqual(bos.rows('rooms/rooms.json'), []);
      assert.equal(bos.rows('rooms/messages.json').length, 3);
    });

    it('erases them: messages and memberships gone, pin dropped, rooms kept for the others, and can run again', async () => {
      const bosBefore = (await rowsOf(t.ctx.db, 'room_messages', 'id')).filter((r) => r.author_id === bo.id);
      const versionBefore = (await rowsOf(t.ctx.db, 'rooms', 'id')).find((r) => r.id === roomId)?.version;
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, TABLES, ana.id), []);
      const rooms = await rowsOf(t.ctx.db, 'rooms', 'id');
      assert.equal(rooms.length, 2, 'the rooms stay');
      const room = rooms.find((r) => r.id === roomId);
      assert.equal(room?.pinned_message_id, null);
      assert.ok(Number(room?.version) > Number(versionBefore), 'the room’s version moved (cached hellos drop)');
      assert.deepEqual(
        (await rowsOf(t.ctx.db, 'room_messages', 'id')).filter((r) => r.author_id === bo.id),
        bosBefore,
      );
      assert.equal((await rowsOf(t.ctx.db, 'room_messages', 'id')).length, 3);
      const hello = await t.ctx.rooms.service.hello(roomId);
      assert.equal(hello.pinned, null);
      assert.deepEqual(
        hello.recent.map((m) => m.body),
        ['bo 0', 'bo 1', 'bo 2'],
      );
      assert.equal((await rowsOf(t.ctx.db, 'room_members', 'room_id')).filter((r) => r.user_id === bo.id).length, 2);
      // Bo still talks in the room.
      await t.ctx.rooms.service.send(bo.id, roomId, { body: 'still here' });
    });
  });
}
