import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { MemoryPubSub } from '../../platform/pubsub/memory.ts';
import type { PubSub } from '../../platform/pubsub/types.ts';
import { assertNo5xx, connect, eventually, type Ground, type Instance, type LiveClient, openGround, openInstance, type TestUser } from './test-helpers.ts';

/** In-process pub/sub that also reports how many subscriptions are open (the hub's reference counting). */
class CountingPubSub extends MemoryPubSub {
  open = 0;
  subscribes = 0;
  override async subscribe(channel: string, handler: (m: unknown) => void) {
    const unsubscribe = await super.subscribe(channel, handler);
    this.open++;
    this.subscribes++;
    return async () => {
      this.open--;
      await unsubscribe();
    };
  }
}

async function opened(p: ReturnType<typeof connect>): Promise<LiveClient> {
  const r = await p;
  assert.ok(r.ok, `refused with ${r.ok ? '' : r.status}`);
  return r.client;
}

for (const kind of DB_KINDS) {
  describe(`notifications live stream [${kind}]`, () => {
    let g: Ground;
    let t: Instance;
    let pubsub: CountingPubSub;
    let url: { ws: string; http: string; origin: string };
    let n = 0;
    const person = () => g.user(`nw_${kind.slice(0, 2)}_${++n}`);
    const cookie = (u: TestUser, origin = url.origin) => ({ cookie: `biji_session=${u.token}`, origin });
    const clients: LiveClient[] = [];
    const track = (c: LiveClient) => (clients.push(c), c);

    before(async () => {
      g = await openGround(kind);
      pubsub = new CountingPubSub();
      t = await openInstance(g, pubsub as PubSub, { heartbeatMs: 150 });
      url = await t.listen();
    });
    after(async () => {
      for (const c of clients) c.socket.terminate();
      assertNo5xx(t.logs);
      await t.close();
      await pubsub.close();
      await g.close();
    });

    it('says hello with the unread count, then delivers each notification and mark-read live', async () => {
      const [author, fan] = [await person(), await person()];
      await t.notify.service.notify({ recipientId: author.id, kind: 'follow', actorId: fan.id });
      const c = track(await opened(connect(url.ws, cookie(author))));
      assert.deepEqual(await c.next(), { type: 'hello', unread: 1 });
      await t.notify.service.notify({ recipientId: author.id, kind: 'like', actorId: fan.id, subjectId: g.notes.add() });
      assert.deepEqual(await c.next(), { type: 'notification', unread: 2 });
      await t.notify.service.markRead(author.id, { all: true });
      assert.deepEqual(await c.next(), { type: 'read', unread: 0 });
    });

    it('accepts a bearer token without an Origin (API clients)', async () => {
      const u = await person();
      const c = track(await opened(connect(url.ws, { authorization: `Bearer ${u.token}` })));
      assert.deepEqual(await c.next(), { type: 'hello', unread: 0 });
    });

    it('refuses an unauthenticated upgrade with 401 before switching protocols', async () => {
      const r = await connect(url.ws, { origin: url.origin });
      assert.deepEqual(r, { ok: false, status: 401 });
      const stale = await connect(url.ws, { cookie: `biji_session=${'x'.repeat(43)}`, origin: url.origin });
      assert.deepEqual(stale, { ok: false, status: 401 });
    });

    it('refuses a cookie-authenticated upgrade from a foreign or missing Origin (cross-site hijacking)', async () => {
      const u = await person();
      assert.deepEqual(await connect(url.ws, cookie(u, 'https://evil.example')), { ok: false, status: 403 });
      assert.deepEqual(await connect(url.ws, { cookie: `biji_session=${u.token}` }), { ok: false, status: 403 });
    });

    it('answers a plain GET of the stream with 426', async () => {
      const u = await person();
      const res = await t.app.inject({ url: '/api/v1/stream', headers: { authorization: `Bearer ${u.token}` } });
      assert.equal(res.statusCode, 426);
      assert.equal(res.json().code, 'upgrade_required');
    });

    it('fans out to every tab of a person over one subscription, dropped with the last tab', async () => {
      const [author, fan] = [await person(), await person()];
      const before = pubsub.subscribes;
      const tabs = [track(await opened(connect(url.ws, cookie(author)))), track(await opened(connect(url.ws, cookie(author))))];
      for (const tab of tabs) assert.equal((await tab.next()).type, 'hello');
      assert.equal(pubsub.subscribes - before, 1);
      await t.notify.service.notify({ recipientId: author.id, kind: 'follow', actorId: fan.id });
      for (const tab of tabs) assert.deepEqual(await tab.next(), { type: 'notification', unread: 1 });
      const openBefore = pubsub.open;
      for (const tab of tabs) tab.socket.close();
      await eventually(() => pubsub.open === openBefore - 1);
    });

    it('closes a sixth socket of one person with 4429', async () => {
      const u = await person();
      const five = [];
      for (let i = 0; i < 5; i++) {
        const c = track(await opened(connect(url.ws, cookie(u))));
        assert.equal((await c.next()).type, 'hello');
        five.push(c);
      }
      const sixth = track(await opened(connect(url.ws, cookie(u))));
      assert.equal(await sixth.closed(), 4429);
      for (const c of five) assert.equal(c.socket.readyState, 1, 'the first five stay open');
      for (const c of five) c.socket.close();
    });

    it('on shutdown closes sockets with 1001, and does not wait for a peer that never answers', async () => {
      const own = await openInstance(g, new MemoryPubSub(), { closeGraceMs: 100 });
      const ownUrl = await own.listen();
      const u = await person();
      const polite = await opened(connect(ownUrl.ws, { authorization: `Bearer ${u.token}` }));
      assert.equal((await polite.next()).type, 'hello');
      // A raw client that completes the handshake and then never reads or answers anything.
      const port = Number(new URL(ownUrl.http).port);
      const stuck = net.connect(port, '127.0.0.1');
      stuck.write(
        `GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${u.token}\r\n\r\n`,
      );
      await new Promise<void>((resolve) => stuck.once('data', (d: Buffer) => (assert.match(d.toString('latin1'), /^HTTP\/1\.1 101/), resolve())));
      stuck.pause();
      const closing = own.close();
      assert.equal(await polite.closed(), 1001);
      await Promise.race([closing, new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown waited for the stuck peer')), 3_000))]);
      stuck.destroy();
    });

    it('drops a socket that stops answering pings', async () => {
      const u = await person();
      const c = track(await opened(connect(url.ws, cookie(u), { autoPong: false })));
      assert.equal((await c.next()).type, 'hello');
      assert.equal(await c.closed(), 1006);
    });
  });
}
