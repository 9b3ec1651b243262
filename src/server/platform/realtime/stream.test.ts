// The stream end to end: real WebSockets to the whole app, signed in by cookie or bearer token;
// notifications as its first topic; and two instances sharing a database and Redis, as two
// processes behind a load balancer would.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp, testConfig } from '../../../../test/support/app.ts';
import { DB_KINDS, freshDb, TEST_REDIS_URL, type TestDb } from '../../../../test/support/db.ts';
import { connect, type LiveClient } from '../../../../test/support/ws-client.ts';
import { buildApp } from '../../app.ts';

async function opened(p: ReturnType<typeof connect>): Promise<LiveClient> {
  const r = await p;
  assert.ok(r.ok, `refused with ${r.ok ? '' : r.status}`);
  return r.client;
}

async function listen(app: FastifyInstance): Promise<{ ws: string; origin: string; port: number }> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening on a port');
  return { ws: `ws://127.0.0.1:${addr.port}/api/v1/stream`, origin: `http://127.0.0.1:${addr.port}`, port: addr.port };
}

for (const kind of DB_KINDS) {
  describe(`live stream over WebSocket [${kind}]`, () => {
    let t: TestApp;
    let url: { ws: string; origin: string; port: number };
    let n = 0;
    const person = () => signUp(t.app, `ls_${kind.slice(0, 2)}_${++n}`);
    const cookie = (u: Account, origin = url.origin) => ({ cookie: `biji_session=${u.cookie}`, origin });
    const clients: LiveClient[] = [];
    const track = (c: LiveClient) => {
      clients.push(c);
      return c;
    };
    const follow = async (who: Account, whom: Account) =>
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/users/${whom.handle}/follow`, headers: bearer(who) })).statusCode, 204);

    before(async () => {
      t = await testApp(kind);
      url = await listen(t.app);
    });
    after(async () => {
      for (const c of clients) c.socket.terminate();
      assertNo5xx(t.logs);
      await t.close();
    });

    it('says hello with the unread count on the person’s topic, then delivers each notification and mark-read live', async () => {
      const [author, fan, other] = [await person(), await person(), await person()];
      await follow(fan, author);
      const c = track(await opened(connect(url.ws, cookie(author))));
      const topic = `user:${author.id}`;
      assert.deepEqual(await c.next(), { type: 'hello', unread: 1, topic });
      await follow(other, author);
      // A second follower joins the same unread group: the count stays, the news still arrives.
      assert.deepEqual(await c.next(), { type: 'notification', unread: 1, topic });
      await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: bearer(author), payload: { all: true } });
      assert.deepEqual(await c.next(), { type: 'read', unread: 0, topic });
    });

    it('accepts a bearer token without an Origin (API clients), and answers ping with pong', async () => {
      const u = await person();
      const c = track(await opened(connect(url.ws, { authorization: `Bearer ${u.token}` })));
      assert.equal((await c.next()).type, 'hello');
      c.socket.send(JSON.stringify({ type: 'ping' }));
      assert.deepEqual(await c.next(), { type: 'pong' });
    });

    it('refuses an unauthenticated upgrade with 401 before switching protocols', async () => {
      assert.deepEqual(await connect(url.ws, { origin: url.origin }), { ok: false, status: 401 });
      assert.deepEqual(await connect(url.ws, { cookie: `biji_session=${'x'.repeat(43)}`, origin: url.origin }), { ok: false, status: 401 });
    });

    it('refuses a cookie-authenticated upgrade from a foreign or missing Origin (cross-site hijacking)', async () => {
      const u = await person();
      assert.deepEqual(await connect(url.ws, cookie(u, 'https://evil.example')), { ok: false, status: 403 });
      assert.deepEqual(await connect(url.ws, { cookie: `biji_session=${u.cookie}` }), { ok: false, status: 403 });
    });

    it('answers a plain GET of the stream with 426', async () => {
      const u = await person();
      const res = await t.app.inject({ url: '/api/v1/stream', headers: bearer(u) });
      assert.equal(res.statusCode, 426);
      assert.equal(res.json().code, 'upgrade_required');
    });

    it('refuses a subscription to someone else’s topic, keeping the connection', async () => {
      const [a, b] = [await person(), await person()];
      const c = track(await opened(connect(url.ws, bearer(a))));
      assert.equal((await c.next()).type, 'hello');
      c.socket.send(JSON.stringify({ type: 'subscribe', topic: `user:${b.id}` }));
      const refused = await c.next();
      assert.equal(refused.type, 'error');
      assert.equal(refused.code, 'forbidden_topic');
      await follow(b, a);
      assert.equal((await c.next()).type, 'notification');
    });

    it('on shutdown closes sockets with 1001, and does not wait for a peer that never answers', async () => {
      const own = await testApp(kind);
      const ownUrl = await listen(own.app);
      const u = await signUp(own.app, `ls_stop_${kind.slice(0, 2)}`);
      const polite = await opened(connect(ownUrl.ws, bearer(u)));
      assert.equal((await polite.next()).type, 'hello');
      // A raw client that completes the handshake and then never reads or answers anything.
      const stuck = net.connect(ownUrl.port, '127.0.0.1');
      stuck.write(
        `GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:${ownUrl.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${u.token}\r\n\r\n`,
      );
      await new Promise<void>((resolve) =>
        stuck.once('data', (d: Buffer) => {
          assert.match(d.toString('latin1'), /^HTTP\/1\.1 101/);
          resolve();
        }),
      );
      stuck.pause();
      const closing = own.close();
      assert.equal(await polite.closed(), 1001);
      await Promise.race([closing, new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown waited for the stuck peer')), 5_000))]);
      stuck.destroy();
    });
  });

  describe(`live stream across two instances over Redis [${kind}]`, () => {
    let db: TestDb;
    const apps: FastifyInstance[] = [];
    const logs: string[] = [];

    before(async () => {
      db = await freshDb(kind);
      for (let i = 0; i < 2; i++) {
        const stream = new Writable({
          write(chunk, _enc, cb) {
            logs.push(String(chunk));
            cb();
          },
        });
        const { app } = await buildApp(testConfig(db.dataDir, { REDIS_URL: TEST_REDIS_URL }), { dbTarget: db.target, logStream: stream });
        apps.push(app);
      }
    });
    after(async () => {
      for (const app of apps) await app.close();
      await db.drop();
      assertNo5xx(logs);
    });

    it('delivers a notification written by one instance to a socket held by the other', async () => {
      const [a, b] = apps as [FastifyInstance, FastifyInstance];
      const author = await signUp(a, `lr_author_${kind.slice(0, 2)}`);
      const fan = await signUp(b, `lr_fan_${kind.slice(0, 2)}`);
      const url = await listen(a);
      const c = await opened(connect(url.ws, bearer(author)));
      try {
        assert.deepEqual(await c.next(), { type: 'hello', unread: 0, topic: `user:${author.id}` });
        assert.equal((await b.inject({ method: 'PUT', url: `/api/v1/users/${author.handle}/follow`, headers: bearer(fan) })).statusCode, 204);
        assert.deepEqual(await c.next(), { type: 'notification', unread: 1, topic: `user:${author.id}` });
        await b.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: bearer(author), payload: { all: true } });
        assert.deepEqual(await c.next(), { type: 'read', unread: 0, topic: `user:${author.id}` });
      } finally {
        c.socket.close();
      }
    });
  });
}
