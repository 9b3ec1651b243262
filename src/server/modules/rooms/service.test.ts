// The rooms service on a real database (SQLite and PostgreSQL), its clock in the test's hands:
// seqs under concurrent senders, resume and resync, retention, and live counts across processes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DB_KINDS, freshDb, type TestDb } from '../../../../test/support/db.ts';
import type { ChatItem } from '../../../shared/api/messages.ts';
import { type Db, openDb, scoped } from '../../platform/db/index.ts';
import { allowAll } from '../../platform/policy.ts';
import { MemoryPubSub } from '../../platform/pubsub/memory.ts';
import { NoRateLimiter } from '../../platform/ratelimit/index.ts';
import { RoomOutbox } from './outbox.ts';
import { RoomPresence } from './presence.ts';
import { RESUME_MAX, RoomsService } from './service.ts';
import { RoomsStore } from './store.ts';
import { mergeRoomFrames } from './stream.ts';
import type { RoomsTables } from './tables.ts';

const HOUR = 3_600_000;

for (const kind of DB_KINDS) {
  describe(`rooms service [${kind}]`, () => {
    let tdb: TestDb;
    let db: Db;
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const published: Array<{ roomId: string; frame: Record<string, unknown> }> = [];
    let outbox: RoomOutbox;
    let rooms: RoomsService;
    const make = () =>
      new RoomsService(
        {
          store: new RoomsStore(scoped<RoomsTables>(db)),
          outbox,
          liveMembers: () => 0,
          publish: async () => {},
          limiter: new NoRateLimiter(),
          authors: async () => new Map(),
          isAdmin: async (id) => id === 'admin',
          idByHandle: async (h) => h,
          policy: allowAll,
        },
        {
          recentMessages: 5,
          retentionHours: 24,
          retentionMessages: 300,
          sendPerUser: { limit: 1, windowMs: 1 },
          sendPerRoom: { limit: 1, windowMs: 1 },
          now: () => clock,
        },
      );
    before(async () => {
      tdb = await freshDb(kind);
      db = await openDb(tdb.target);
      outbox = new RoomOutbox(async (roomId, frame) => void published.push({ roomId, frame }), 10_000);
      rooms = make();
    });
    after(async () => {
      await outbox.close();
      await db.close();
      await tdb.drop();
    });

    it('gives concurrent senders (two service instances, as two processes) distinct, gapless seqs', async () => {
      const room = await rooms.create('admin', { name: 'seqs', description: '' });
      const other = make();
      const people = Array.from({ length: 8 }, (_, i) => `p${i}`);
      for (const p of people) await rooms.join(p, room.id);
      const sent = await Promise.all(people.flatMap((p, i) => [0, 1, 2].map((k) => (i % 2 ? other : rooms).send(p, room.id, { body: `${p} ${k}` }))));
      const seqs = sent.map((s) => s.item.seq).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      // One flush: one frame for the room, in seq order.
      published.length = 0;
      await outbox.flush();
      const frames = published.filter((p) => p.roomId === room.id && p.frame.type === 'messages');
      assert.equal(frames.length, 1);
      const items = frames[0]?.frame.items as ChatItem[];
      assert.deepEqual(
        items.map((i) => i.seq),
        [...items.map((i) => i.seq)].sort((a, b) => a - b),
      );
    });

    it('resumes with what came after, and says resync when too far behind or past the retention', async () => {
      const room = await rooms.create('admin', { name: 'resume', description: '' });
      await rooms.join('u', room.id);
      for (let i = 0; i < RESUME_MAX + 5; i++) await rooms.send('u', room.id, { body: `m${i}` });
      assert.deepEqual(
        (await rooms.resume('u', room.id, RESUME_MAX))?.map((i) => i.seq),
        [RESUME_MAX + 1, RESUME_MAX + 2, RESUME_MAX + 3, RESUME_MAX + 4, RESUME_MAX + 5],
      );
      assert.deepEqual(await rooms.resume('u', room.id, RESUME_MAX + 5), []);
      assert.equal(await rooms.resume('u', room.id, 0), null, 'too far behind');
      await assert.rejects(rooms.resume('stranger', room.id, 0), { code: 'not_member' });
      // 300 kept per room: the first eight go.
      await rooms.send('u', room.id, { body: 'one more' });
      await rooms.send('u', room.id, { body: 'and one more' });
      await rooms.send('u', room.id, { body: 'past three hundred?' });
      for (let i = 0; i < 100; i++) await rooms.send('u', room.id, { body: `n${i}` });
      assert.ok((await rooms.purge()) >= 8);
      const page = await rooms.history('u', room.id, { limit: 100, before: 20 });
      assert.deepEqual(page.items.at(0)?.seq, 9, 'seqs 1–8 were purged (308 sent, 300 kept)');
      assert.equal(await rooms.resume('u', room.id, 10), null);
    });

    it('purges messages older than the window, but keeps a pinned one; history stays within the window', async () => {
      const room = await rooms.create('admin', { name: 'window', description: '' });
      await rooms.join('v', room.id);
      const old = await rooms.send('v', room.id, { body: 'yesterday' });
      await rooms.send('v', room.id, { body: 'also yesterday' });
      await rooms.pin('admin', room.id, old.item.id);
      clock += 25 * HOUR;
      await rooms.send('v', room.id, { body: 'today' });
      assert.deepEqual(
        (await rooms.history('v', room.id, {})).items.map((i) => i.body),
        ['today'],
      );
      assert.ok((await rooms.purge()) >= 1);
      const v = await rooms.view('v', room.id);
      assert.equal(v.pinned?.body, 'yesterday', 'the pinned message outlives the window');
      const hello = await rooms.hello(room.id);
      assert.deepEqual(
        hello.recent.map((i) => i.body),
        ['today'],
      );
    });
  });
}

describe('live member counts across processes', () => {
  it('sums each process’s people from their reports, and forgets a process that stops reporting', async () => {
    const bus = new MemoryPubSub();
    const local = new Map<string, number>([
      ['a', 3],
      ['b', 5],
    ]);
    const delivered: Array<{ who: string; members: unknown }> = [];
    const gw = (who: 'a' | 'b') => ({
      localTopics: () => ['room:r1'],
      localPeople: () => local.get(who) ?? 0,
      deliverLocal: (_t: string, m: Record<string, unknown>) => void delivered.push({ who, members: m.members }),
    });
    let now = 1_000_000;
    const a = new RoomPresence(bus, gw('a'), 1000, () => now);
    const b = new RoomPresence(bus, gw('b'), 1000, () => now);
    await a.start();
    await b.start();
    await a.beat();
    await b.beat();
    await new Promise((r) => setImmediate(r));
    assert.equal(a.total('r1'), 8);
    assert.equal(b.total('r1'), 8);
    await a.beat();
    assert.ok(delivered.some((d) => d.who === 'a' && d.members === 8));
    await b.stop();
    await new Promise((r) => setImmediate(r));
    assert.equal(a.total('r1'), 3, 'a stopped process counts no one');
    local.set('b', 1);
    const c = new RoomPresence(bus, gw('b'), 1000, () => now);
    await c.start();
    await c.beat();
    await new Promise((r) => setImmediate(r));
    assert.equal(a.total('r1'), 4);
    now += 3_500;
    assert.equal(a.total('r1'), 3, 'silent for three periods: gone');
    await a.stop();
    await c.stop();
  });
});

describe('several processes’ batches of one tick', () => {
  it('become one frame in seq order, without repeats, followed by the other frames', () => {
    const out = mergeRoomFrames([
      { type: 'messages', room: 'r', items: [{ seq: 3 }, { seq: 5 }] },
      { type: 'deleted', room: 'r', id: 'x', seq: 3 },
      { type: 'messages', room: 'r', items: [{ seq: 4 }, { seq: 5 }] },
    ]);
    assert.deepEqual(out, [
      { type: 'messages', room: 'r', items: [{ seq: 3 }, { seq: 4 }, { seq: 5 }] },
      { type: 'deleted', room: 'r', id: 'x', seq: 3 },
    ]);
  });
});
