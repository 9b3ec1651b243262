// Live rooms on the stream, end to end over real WebSockets, on SQLite and PostgreSQL: the room
// topic's hello, batched delivery, live member counts, resume, deletes, and every kind of bad input
// answered with an error frame or a close while everyone else is still served.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { connect, type LiveClient, type StreamFrame } from '../../../../test/support/ws-client.ts';

/** Reads frames until one matches (bounded: at most 50 frames, each within the client's wait). */
async function until(c: LiveClient, match: (f: StreamFrame) => boolean): Promise<StreamFrame> {
  for (let i = 0; i < 50; i++) {
    const f = await c.next();
    if (match(f)) return f;
  }
  throw new Error('no matching frame among 50');
}

for (const kind of DB_KINDS) {
  describe(`live rooms on the stream [${kind}]`, () => {
    let t: TestApp;
    let ws: string;
    let admin: Account;
    let roomId: string;
    let n = 0;
    const k = kind.slice(0, 2);
    const clients: LiveClient[] = [];
    const person = () => signUp(t.app, `rs_${k}_${++n}`);
    const open = async (who: Account) => {
      const r = await connect(ws, bearer(who));
      assert.ok(r.ok);
      clients.push(r.client);
      assert.equal((await r.client.next()).type, 'hello');
      return r.client;
    };
    const join = async (who: Account, room = roomId) =>
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/rooms/${room}/join`, headers: bearer(who) })).statusCode, 200);
    const enter = async (who: Account) => {
      const c = await open(who);
      c.socket.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` }));
      const hello = await until(c, (f) => f.type === 'room');
      return { c, hello };
    };
    const say = (c: LiveClient, body: string, clientId: string, room = roomId) => c.socket.send(JSON.stringify({ type: 'send', room, body, clientId }));

    before(async () => {
      t = await testApp(kind, {
        ROOM_TICK_MS: '200',
        ROOM_PRESENCE_MS: '200',
        ROOM_RECENT_MESSAGES: '3',
        RATE_LIMITS: 'on',
        RATE_LIMIT_SIGNUP_PER_IP: '1000/3600',
        ROOM_SEND_PER_USER: '6/60',
      });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const addr = t.app.server.address();
      if (!addr || typeof addr === 'string') throw new Error('no port');
      ws = `ws://127.0.0.1:${addr.port}/api/v1/stream`;
      admin = await person();
      roomId = (await t.app.inject({ method: 'POST', url: '/api/v1/rooms', headers: bearer(admin), payload: { name: 'Lobby 大厅', description: '' } })).json()
        .id;
    });
    after(async () => {
      for (const c of clients) c.socket.terminate();
      assertNo5xx(t.logs);
      await t.close();
    });

    it('refuses the room topic to someone who has not joined, and greets a member with the room frame', async () => {
      const ana = await person();
      const c = await open(ana);
      c.socket.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` }));
      const refused = await c.next();
      assert.deepEqual([refused.type, refused.code], ['error', 'forbidden_topic']);
      await join(ana);
      for (let i = 1; i <= 4; i++)
        await t.app.inject({ method: 'POST', url: `/api/v1/rooms/${roomId}/messages`, headers: bearer(admin), payload: { body: `before ${i}` } });
      c.socket.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` }));
      const hello = await until(c, (f) => f.type === 'room');
      assert.equal(hello.topic, `room:${roomId}`);
      assert.equal(hello.lastSeq, 4);
      assert.equal(hello.slowModeS, 0);
      assert.equal(hello.pinned, null);
      assert.ok((hello.members as number) >= 1);
      assert.deepEqual(
        (hello.recent as Array<{ body: string }>).map((m) => m.body),
        ['before 2', 'before 3', 'before 4'],
      );
    });

    it('answers a send with `sent` and delivers messages to every member batched, fewer frames than messages', async () => {
      const [ana, bo] = [await person(), await person()];
      await join(ana);
      await join(bo);
      const a = (await enter(ana)).c;
      const { c: b, hello } = await enter(bo);
      // A burst: a frame carries everything posted in its tick. Ticks sit on the clock (every
      // ROOM_TICK_MS), so a burst may straddle a boundary and come in two frames, never one a message.
      const bodies = ['hi 你好', 'second', 'third', 'fourth'];
      for (const [i, body] of bodies.entries()) say(a, body, `a-${i + 1}`);
      const sent = await until(a, (f) => f.type === 'sent');
      assert.equal(sent.clientId, 'a-1');
      assert.equal(sent.room, roomId);
      const items: Array<{ body: string; seq: number; lang: string; author: { handle: string } }> = [];
      const frames: StreamFrame[] = [];
      while (items.length < bodies.length) {
        const got = await until(b, (f) => f.type === 'messages');
        frames.push(got);
        assert.equal(got.topic, `room:${roomId}`);
        // A tick may also carry messages the hello already had (posted just before it): clients skip seq ≤ lastSeq.
        items.push(...(got.items as typeof items).filter((i) => i.seq > (hello.lastSeq as number)));
      }
      assert.deepEqual(
        items.map((i) => i.body),
        bodies,
        'every message, in order',
      );
      assert.deepEqual(
        items.map((i) => i.seq),
        bodies.map((_, i) => (items[0]?.seq ?? 0) + i),
        'gapless seqs',
      );
      assert.ok(items.every((i) => i.author.handle === ana.handle));
      assert.ok(frames.length < bodies.length, `batched: ${bodies.length} messages came in ${frames.length} frames`);
    });

    it('counts the people holding the room live, and pushes the count when it changes', async () => {
      const [cy, dee] = [await person(), await person()];
      await join(cy);
      await join(dee);
      const { c, hello } = await enter(cy);
      const before = hello.members as number;
      const d = await enter(dee);
      const up = await until(c, (f) => f.type === 'room' && (f.members as number) > before);
      assert.equal(up.members, before + 1);
      d.c.socket.close();
      const down = await until(c, (f) => f.type === 'room' && (f.members as number) === before);
      assert.equal(down.members, before);
      const listed = (await t.app.inject({ url: `/api/v1/rooms/${roomId}`, headers: bearer(cy) })).json();
      assert.equal(listed.liveMembers, before);
    });

    it('resumes after a given seq with exactly the messages after it', async () => {
      const eve = await person();
      await join(eve);
      const c = await open(eve);
      c.socket.send(JSON.stringify({ type: 'resume', room: roomId, after: 3 }));
      const got = await until(c, (f) => f.type === 'messages');
      const seqs = (got.items as Array<{ seq: number }>).map((i) => i.seq);
      assert.equal(seqs[0], 4);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => 4 + i),
      );
    });

    it('tells members that a message was deleted', async () => {
      const fay = await person();
      await join(fay);
      const { c } = await enter(fay);
      say(c, 'oops', 'f-1');
      const sent = await until(c, (f) => f.type === 'sent');
      await until(c, (f) => f.type === 'messages');
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/rooms/${roomId}/messages/${sent.id}`, headers: bearer(fay) });
      assert.equal(del.statusCode, 204);
      const gone = await until(c, (f) => f.type === 'deleted');
      assert.deepEqual([gone.id, gone.seq, gone.room], [sent.id, sent.seq, roomId]);
    });

    it('answers bad input with an error frame and keeps serving: bad JSON, unknown type, not a member, reused clientId', async () => {
      const [gus, hal] = [await person(), await person()];
      await join(gus);
      const g = (await enter(gus)).c;
      const h = await open(hal);
      g.socket.send('{not json');
      assert.equal((await until(g, (f) => f.type === 'error')).code, 'bad_json');
      g.socket.send(JSON.stringify({ type: 'shout', room: roomId }));
      assert.equal((await until(g, (f) => f.type === 'error')).code, 'unknown_type');
      say(h, 'let me in', 'h-1');
      const nm = await until(h, (f) => f.type === 'error');
      assert.deepEqual([nm.code, nm.clientId, nm.room], ['not_member', 'h-1', roomId]);
      say(g, 'first', 'g-1');
      await until(g, (f) => f.type === 'sent');
      say(g, 'first', 'g-1');
      const dup = await until(g, (f) => f.type === 'sent');
      assert.equal(dup.duplicate, true);
      say(g, 'not the same', 'g-1');
      const reused = await until(g, (f) => f.type === 'error');
      assert.deepEqual([reused.code, reused.clientId], ['client_id_reused', 'g-1']);
      // Still served.
      say(g, 'still here', 'g-2');
      assert.equal((await until(g, (f) => f.type === 'sent')).clientId, 'g-2');
    });

    it('holds a sender to the per-person budget (rate_limited with retryAfterMs) and slow mode (slow_mode)', async () => {
      const [ivy, jo] = [await person(), await person()];
      await join(ivy);
      await join(jo);
      const i = (await enter(ivy)).c;
      const j = (await enter(jo)).c;
      for (let x = 0; x < 6; x++) say(i, `flood ${x}`, `i-${x}`);
      for (let x = 0; x < 6; x++) await until(i, (f) => f.type === 'sent');
      say(i, 'one too many', 'i-6');
      const limited = await until(i, (f) => f.type === 'error');
      assert.equal(limited.code, 'rate_limited');
      assert.ok((limited.retryAfterMs as number) > 0);
      // Someone else is still served.
      say(j, 'I am fine', 'j-0');
      assert.equal((await until(j, (f) => f.type === 'sent')).clientId, 'j-0');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/rooms/${roomId}`, headers: bearer(admin), payload: { slowModeS: 60 } });
      assert.equal((await until(j, (f) => f.type === 'room' && f.slowModeS === 60)).slowModeS, 60);
      // Jo posted a moment ago: the next one waits out the minute.
      say(j, 'two', 'j-2');
      const slowed = await until(j, (f) => f.type === 'error');
      assert.equal(slowed.code, 'slow_mode');
      assert.ok((slowed.retryAfterMs as number) > 50_000);
      // A moderator is exempt.
      const a = (await enter(admin)).c;
      say(a, 'mod 1', 'adm-1');
      say(a, 'mod 2', 'adm-2');
      assert.equal((await until(a, (f) => f.type === 'sent' && f.clientId === 'adm-2')).clientId, 'adm-2');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/rooms/${roomId}`, headers: bearer(admin), payload: { slowModeS: 0 } });
    });

    it('closes a socket that floods frames (4008) and one that sends an oversized frame (1009); others stay', async () => {
      const [kim, lu, mo] = [await person(), await person(), await person()];
      await join(mo);
      const flooder = await open(kim);
      const big = await open(lu);
      const m = (await enter(mo)).c;
      for (let x = 0; x < 400; x++) flooder.socket.send(JSON.stringify({ type: 'ping' }));
      assert.equal(await flooder.closed(), 4008);
      big.socket.send(JSON.stringify({ type: 'send', room: roomId, clientId: 'big', body: 'x'.repeat(20_000) }));
      assert.equal(await big.closed(), 1009);
      say(m, 'after the storm', 'm-1');
      assert.equal((await until(m, (f) => f.type === 'sent')).clientId, 'm-1');
      const got = await until(m, (f) => f.type === 'messages');
      assert.equal((got.items as Array<{ body: string }>).at(-1)?.body, 'after the storm');
    });
  });
}
