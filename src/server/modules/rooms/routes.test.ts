// Live rooms over HTTP (app.inject), on SQLite and PostgreSQL: the directory, who may create,
// moderate and post, history upward, pins, moderators, tombstones, and the send rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';

for (const kind of DB_KINDS) {
  describe(`live rooms HTTP [${kind}]`, () => {
    let t: TestApp;
    let admin: Account;
    let ana: Account;
    let bo: Account;
    let roomId: string;
    const k = kind.slice(0, 2);
    before(async () => {
      t = await testApp(kind);
      // The first account is the instance's admin.
      admin = await signUp(t.app, `rm_admin_${k}`);
      ana = await signUp(t.app, `rm_ana_${k}`);
      bo = await signUp(t.app, `rm_bo_${k}`);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });
    const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    const post = (who: Account, body: string, clientId?: string, room = roomId) =>
      inject('POST', `/api/v1/rooms/${room}/messages`, who, { body, ...(clientId ? { clientId } : {}) });

    it('lets the admin create a room (201, creator a moderator) and refuses anyone else with 403', async () => {
      const res = await inject('POST', '/api/v1/rooms', admin, { name: '  TikTok Refugees 🐱 ', description: 'Say hi 打个招呼' });
      assert.equal(res.statusCode, 201, res.body);
      const r = res.json();
      roomId = r.id;
      assert.equal(r.name, 'TikTok Refugees 🐱');
      assert.deepEqual(
        { live: r.liveMembers, slow: r.slowModeS, pinned: r.pinned, last: r.lastSeq, viewer: r.viewer },
        {
          live: 0,
          slow: 0,
          pinned: null,
          last: 0,
          viewer: { joined: true, moderator: true },
        },
      );
      const refused = await inject('POST', '/api/v1/rooms', ana, { name: 'mine', description: '' });
      assert.equal(refused.statusCode, 403);
      assert.equal((await inject('POST', '/api/v1/rooms', admin, { name: '   ', description: '' })).statusCode, 400);
    });

    it('lists rooms for anyone, with the viewer’s state when signed in', async () => {
      const anon = (await inject('GET', '/api/v1/rooms')).json();
      assert.ok(anon.items.some((r: { id: string; viewer: unknown }) => r.id === roomId && r.viewer === null));
      const mine = (await inject('GET', '/api/v1/rooms', ana)).json();
      assert.deepEqual(mine.items.find((r: { id: string }) => r.id === roomId).viewer, { joined: false, moderator: false });
      assert.equal((await inject('GET', `/api/v1/rooms/${roomId}`, ana)).json().name, 'TikTok Refugees 🐱');
      assert.equal((await inject('GET', '/api/v1/rooms/0190a0a0-0000-7000-8000-000000000000', ana)).statusCode, 404);
    });

    it('refuses a message from someone who has not joined (not_member), then takes it once they join', async () => {
      const no = await post(ana, 'hello?');
      assert.equal(no.statusCode, 403);
      assert.equal(no.json().code, 'not_member');
      const joined = await inject('POST', `/api/v1/rooms/${roomId}/join`, ana);
      assert.equal(joined.statusCode, 200);
      assert.equal(joined.json().viewer.joined, true);
      const res = await post(ana, '  hello everyone  ', 'c-1');
      assert.equal(res.statusCode, 201, res.body);
      const m = res.json();
      assert.deepEqual(
        { seq: m.seq, body: m.body, lang: m.lang, kind: m.kind, author: m.author.handle, clientId: m.clientId },
        {
          seq: 1,
          body: 'hello everyone',
          lang: 'en',
          kind: 'text',
          author: ana.handle,
          clientId: 'c-1',
        },
      );
    });

    it('answers a retried clientId with the first message, and refuses it for a different body', async () => {
      const again = await post(ana, 'hello everyone', 'c-1');
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().seq, 1);
      const reused = await post(ana, 'something else', 'c-1');
      assert.equal(reused.statusCode, 409);
      assert.equal(reused.json().code, 'client_id_reused');
      assert.equal((await inject('GET', `/api/v1/rooms/${roomId}`, ana)).json().lastSeq, 1, 'nothing was posted twice');
    });

    it('refuses empty and over-long messages', async () => {
      assert.equal((await post(ana, '   ')).statusCode, 400);
      assert.equal((await post(ana, '字'.repeat(2001))).statusCode, 400);
      assert.equal((await post(ana, '字'.repeat(2000))).statusCode, 201);
    });

    it('pages history upward with before, oldest first in each page', async () => {
      await inject('POST', `/api/v1/rooms/${roomId}/join`, bo);
      for (let i = 0; i < 5; i++) assert.equal((await post(bo, `line ${i} 第${i}行`)).statusCode, 201);
      const last = (await inject('GET', `/api/v1/rooms/${roomId}/messages?limit=3`, bo)).json();
      assert.deepEqual(
        last.items.map((m: { seq: number }) => m.seq),
        [5, 6, 7],
      );
      assert.equal(last.hasMore, true);
      const older = (await inject('GET', `/api/v1/rooms/${roomId}/messages?limit=10&before=5`, bo)).json();
      assert.deepEqual(
        older.items.map((m: { seq: number }) => m.seq),
        [1, 2, 3, 4],
      );
      assert.equal(older.hasMore, false);
    });

    it('lets moderators (not members) change the room, pin and unpin; the creator names moderators', async () => {
      assert.equal((await inject('PATCH', `/api/v1/rooms/${roomId}`, ana, { slowModeS: 5 })).statusCode, 403);
      const msgs = (await inject('GET', `/api/v1/rooms/${roomId}/messages`, ana)).json().items;
      assert.equal((await inject('PUT', `/api/v1/rooms/${roomId}/pin`, ana, { messageId: msgs[0].id })).statusCode, 403);
      assert.equal((await inject('PUT', `/api/v1/rooms/${roomId}/moderators/${bo.handle}`, ana)).statusCode, 403);
      assert.equal((await inject('PUT', `/api/v1/rooms/${roomId}/moderators/${bo.handle}`, admin)).statusCode, 204);
      const pinned = await inject('PUT', `/api/v1/rooms/${roomId}/pin`, bo, { messageId: msgs[0].id });
      assert.equal(pinned.statusCode, 200, pinned.body);
      assert.equal(pinned.json().pinned.id, msgs[0].id);
      const edited = await inject('PATCH', `/api/v1/rooms/${roomId}`, bo, { description: 'Be kind 友善', slowModeS: 30 });
      assert.deepEqual({ d: edited.json().description, s: edited.json().slowModeS }, { d: 'Be kind 友善', s: 30 });
      assert.equal((await inject('DELETE', `/api/v1/rooms/${roomId}/pin`, bo)).json().pinned, null);
      assert.equal((await inject('DELETE', `/api/v1/rooms/${roomId}/moderators/${bo.handle}`, admin)).statusCode, 204);
      assert.equal((await inject('GET', `/api/v1/rooms/${roomId}`, bo)).json().viewer.moderator, false);
    });

    it('holds a member to slow mode (429 slow_mode face: rate_limited with Retry-After); moderators are exempt', async () => {
      // Slow mode is 30 s from the previous test; Bo posted within it.
      const slowed = await post(bo, 'too soon');
      assert.equal(slowed.statusCode, 429);
      assert.ok(Number(slowed.headers['retry-after']) >= 1);
      assert.equal((await post(admin, 'moderators are exempt')).statusCode, 201);
      assert.equal((await post(admin, 'still exempt')).statusCode, 201);
      await inject('PATCH', `/api/v1/rooms/${roomId}`, admin, { slowModeS: 0 });
      assert.equal((await post(bo, 'slow mode is off')).statusCode, 201);
    });

    it('lets the author or a moderator delete a message (a tombstone), nobody else', async () => {
      const m = (await post(bo, 'delete me')).json();
      assert.equal((await inject('DELETE', `/api/v1/rooms/${roomId}/messages/${m.id}`, ana)).statusCode, 403);
      assert.equal((await inject('DELETE', `/api/v1/rooms/${roomId}/messages/${m.id}`, bo)).statusCode, 204);
      const n = (await post(bo, 'the moderator deletes this')).json();
      assert.equal((await inject('DELETE', `/api/v1/rooms/${roomId}/messages/${n.id}`, admin)).statusCode, 204);
      const page = (await inject('GET', `/api/v1/rooms/${roomId}/messages?limit=2`, ana)).json();
      assert.deepEqual(
        page.items.map((i: { body: string; deleted?: boolean; seq: number }) => [i.seq, i.body, i.deleted]),
        [
          [m.seq, '', true],
          [n.seq, '', true],
        ],
      );
    });

    it('forgets membership on leave', async () => {
      assert.equal((await inject('POST', `/api/v1/rooms/${roomId}/leave`, ana)).statusCode, 204);
      assert.equal((await post(ana, 'am I still here?')).json().code, 'not_member');
    });
  });

  describe(`live rooms rate limits [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind, { RATE_LIMITS: 'on', ROOM_SEND_PER_USER: '3/60', ROOM_SEND_PER_ROOM: '5/60' });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('refuses a person past their budget and the room past its budget with 429, others still served', async () => {
      const k = kind.slice(0, 2);
      const admin = await signUp(t.app, `rl_admin_${k}`);
      const [ana, bo] = [await signUp(t.app, `rl_ana_${k}`), await signUp(t.app, `rl_bo_${k}`)];
      const room = (await t.app.inject({ method: 'POST', url: '/api/v1/rooms', headers: bearer(admin), payload: { name: 'busy', description: '' } })).json().id;
      const send = (who: Account, body: string) =>
        t.app.inject({ method: 'POST', url: `/api/v1/rooms/${room}/messages`, headers: bearer(who), payload: { body } });
      for (const who of [ana, bo]) await t.app.inject({ method: 'POST', url: `/api/v1/rooms/${room}/join`, headers: bearer(who) });
      for (let i = 0; i < 3; i++) assert.equal((await send(ana, `a${i}`)).statusCode, 201);
      const person = await send(ana, 'a3');
      assert.equal(person.statusCode, 429);
      assert.equal(person.json().code, 'rate_limited');
      assert.equal((await send(bo, 'b0')).statusCode, 201, 'someone else is still served');
      assert.equal((await send(bo, 'b1')).statusCode, 201);
      assert.equal((await send(bo, 'b2')).statusCode, 429, 'the room took its five');
    });
  });
}
