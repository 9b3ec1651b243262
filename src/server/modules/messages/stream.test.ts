// Conversations on the live stream, over real WebSockets to the whole app: send and its `sent`
// answer, delivery to every member's sockets, idempotent retries, resume without gap or duplicate,
// read receipts, typing, tombstones, ended DMs, and error frames for bad sends — on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { connect, type LiveClient, type StreamFrame } from '../../../../test/support/ws-client.ts';

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('not listening on a port');
  return `ws://127.0.0.1:${addr.port}/api/v1/stream`;
}

/** Frames a wait passed over, per client: another wait may want them (a reply and a published frame race). */
const stashed = new Map<LiveClient, StreamFrame[]>();

/** The next frame of this type (hello and conversation changes, side effects of the setup, are skipped). */
async function nextOf(c: LiveClient, type: string): Promise<StreamFrame> {
  const stash = stashed.get(c) ?? [];
  stashed.set(c, stash);
  const i = stash.findIndex((f) => f.type === type);
  if (i >= 0) return stash.splice(i, 1)[0] as StreamFrame;
  for (;;) {
    const f = await c.next();
    if (f.type === type) return f;
    if (f.type !== 'hello' && f.type !== 'conversation') stash.push(f);
  }
}

for (const kind of DB_KINDS) {
  describe(`conversations on the stream [${kind}]`, () => {
    let t: TestApp;
    let limited: TestApp;
    let ws: string;
    let limitedWs: string;
    let n = 0;
    const clients: LiveClient[] = [];
    const person = (app = t.app) => signUp(app, `cs_${kind.slice(0, 2)}_${++n}`);
    const open = async (who: Account, url = ws): Promise<LiveClient> => {
      const r = await connect(url, bearer(who));
      assert.ok(r.ok);
      clients.push(r.client);
      assert.equal((await r.client.next()).type, 'hello');
      return r.client;
    };
    const api = async (app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: Account, payload?: object) => {
      const r = await app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
      assert.ok(r.statusCode < 300, `${method} ${url}: ${r.body}`);
      return r.statusCode === 204 ? null : r.json();
    };
    const friendsDm = async (app = t.app) => {
      const [a, b] = [await person(app), await person(app)];
      await api(app, 'PUT', `/api/v1/users/${b.handle}/follow`, a);
      await api(app, 'PUT', `/api/v1/users/${a.handle}/follow`, b);
      const c = await api(app, 'POST', '/api/v1/conversations', a, { members: [b.handle] });
      return { a, b, id: c.id as string };
    };

    before(async () => {
      t = await testApp(kind);
      ws = await listen(t.app);
      limited = await testApp(kind, { RATE_LIMITS: 'on', MESSAGES_SEND_RATE: '3/60', RATE_LIMIT_WRITES_PER_USER: '1000/60' });
      limitedWs = await listen(limited.app);
    });
    after(async () => {
      for (const c of clients) c.socket.terminate();
      assertNo5xx(t.logs);
      assertNo5xx(limited.logs);
      await t.close();
      await limited.close();
    });

    it('answers a send with `sent` and delivers the message to every member’s sockets, the sender’s other tab too', async () => {
      const { a, b, id } = await friendsDm();
      const [ca, ca2, cb] = [await open(a), await open(a), await open(b)];
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'k1', body: 'hello over the wire' }));
      const sent = await nextOf(ca, 'sent');
      assert.deepEqual({ ...sent, id: undefined }, { type: 'sent', clientId: 'k1', conversation: id, id: undefined, seq: 1 });
      for (const c of [ca, ca2, cb]) {
        const m = await nextOf(c, 'messages');
        assert.equal(m.conversation, id);
        const items = m.items as Array<{ seq: number; id: string; body: string; author: { handle: string }; clientId: string }>;
        assert.equal(items.length, 1);
        const [item] = items as [(typeof items)[number]];
        assert.deepEqual(
          { seq: item.seq, id: item.id, body: item.body, author: item.author.handle, clientId: item.clientId },
          { seq: 1, id: sent.id, body: 'hello over the wire', author: a.handle, clientId: 'k1' },
        );
      }
      // A retry (the `sent` was lost): the same message, flagged, nothing posted twice.
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'k1', body: 'hello over the wire' }));
      assert.deepEqual(await nextOf(ca, 'sent'), { type: 'sent', clientId: 'k1', conversation: id, id: sent.id, seq: 1, duplicate: true });
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'k1', body: 'something else' }));
      const reused = await nextOf(ca, 'error');
      assert.deepEqual([reused.code, reused.clientId, reused.conversation], ['client_id_reused', 'k1', id]);
    });

    it('refuses bad sends with error frames and keeps serving the socket', async () => {
      const { a, id } = await friendsDm();
      const eve = await person();
      const [ca, ce] = [await open(a), await open(eve)];
      ce.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'e1', body: 'let me in' }));
      assert.deepEqual(
        [await nextOf(ce, 'error')].map((f) => [f.code, f.clientId, f.conversation]),
        [['not_member', 'e1', id]],
      );
      ce.socket.send(JSON.stringify({ type: 'resume', conversation: id, after: 0 }));
      assert.equal((await nextOf(ce, 'error')).code, 'not_member');
      ce.socket.send(JSON.stringify({ type: 'ack', conversation: id, seq: 1 }));
      assert.equal((await nextOf(ce, 'error')).code, 'not_member');
      ca.socket.send(JSON.stringify({ type: 'send', conversation: '0190a1b2-0000-7000-8000-000000000000', clientId: 'x', body: 'hi' }));
      assert.equal((await nextOf(ca, 'error')).code, 'not_found');
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'long', body: '长'.repeat(2001) }));
      const long = await nextOf(ca, 'error');
      assert.deepEqual([long.code, long.clientId], ['invalid', 'long']);
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'blank', body: '  ' }));
      assert.equal((await nextOf(ca, 'error')).code, 'invalid');
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'bad id!', body: 'hi' }));
      assert.equal((await nextOf(ca, 'error')).code, 'bad_frame');
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'ok', body: 'still fine' }));
      assert.equal((await nextOf(ca, 'sent')).seq, 1);
    });

    it('resumes after a reconnect with exactly the messages missed, in order, and tombstones as such', async () => {
      const { a, b, id } = await friendsDm();
      const cb = await open(b);
      for (let i = 1; i <= 3; i++) await api(t.app, 'POST', `/api/v1/conversations/${id}/messages`, a, { body: `m${i}` });
      for (let i = 1; i <= 3; i++) assert.equal(((await nextOf(cb, 'messages')).items as Array<{ seq: number }>)[0]?.seq, i);
      cb.socket.terminate();
      const posted = [];
      for (let i = 4; i <= 8; i++) posted.push(await api(t.app, 'POST', `/api/v1/conversations/${id}/messages`, a, { body: `m${i}` }));
      await api(t.app, 'DELETE', `/api/v1/conversations/${id}/messages/${posted[1].id}`, a);
      const again = await open(b);
      again.socket.send(JSON.stringify({ type: 'resume', conversation: id, after: 3 }));
      const frame = await nextOf(again, 'messages');
      const items = frame.items as Array<{ seq: number; body: string; deleted?: boolean }>;
      assert.deepEqual(
        items.map((m) => [m.seq, m.body, m.deleted ?? false]),
        [
          [4, 'm4', false],
          [5, '', true],
          [6, 'm6', false],
          [7, 'm7', false],
          [8, 'm8', false],
        ],
      );
      // Up to date: a resume from the last seq has nothing to send; the next frame is the next message.
      again.socket.send(JSON.stringify({ type: 'resume', conversation: id, after: 8 }));
      await api(t.app, 'POST', `/api/v1/conversations/${id}/messages`, a, { body: 'm9' });
      assert.deepEqual(
        ((await nextOf(again, 'messages')).items as Array<{ seq: number }>).map((m) => m.seq),
        [9],
      );
      // Too far behind: resync instead of a flood.
      t.ctx.messages.service.posting.resumeMax = 5;
      try {
        again.socket.send(JSON.stringify({ type: 'resume', conversation: id, after: 0 }));
        assert.deepEqual(await nextOf(again, 'resync'), { type: 'resync', conversation: id });
      } finally {
        t.ctx.messages.service.posting.resumeMax = 1000;
      }
    });

    it('sends read receipts to the others and typing to the others only, throttled; deletes reach everyone', async () => {
      const { a, b, id } = await friendsDm();
      const [ca, cb] = [await open(a), await open(b)];
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'r1', body: 'read me' }));
      const sent = await nextOf(ca, 'sent');
      await nextOf(ca, 'messages');
      await nextOf(cb, 'messages');
      cb.socket.send(JSON.stringify({ type: 'ack', conversation: id, seq: 1 }));
      assert.deepEqual(await nextOf(ca, 'read'), { type: 'read', conversation: id, handle: b.handle, seq: 1, topic: `user:${a.id}` });
      assert.equal((await nextOf(cb, 'read')).handle, b.handle, 'the reader’s own devices hear it too');
      cb.socket.send(JSON.stringify({ type: 'typing', conversation: id }));
      cb.socket.send(JSON.stringify({ type: 'typing', conversation: id }));
      assert.deepEqual(await nextOf(ca, 'typing'), { type: 'typing', conversation: id, handle: b.handle, topic: `user:${a.id}` });
      await api(t.app, 'DELETE', `/api/v1/conversations/${id}/messages/${sent.id}`, a);
      // The second typing was throttled: the next frame A hears is the delete.
      assert.deepEqual(await nextOf(ca, 'deleted'), { type: 'deleted', conversation: id, id: sent.id, seq: 1, topic: `user:${a.id}` });
      assert.equal((await nextOf(cb, 'deleted')).id, sent.id);
      assert.deepEqual(
        (stashed.get(ca) ?? []).filter((f) => f.type === 'typing'),
        [],
        'the second typing within the throttle was not sent',
      );
    });

    it('keeps the read receipt of a message request from its sender until it is accepted', async () => {
      const [stranger, star] = [await person(), await person()];
      const c = await api(t.app, 'POST', '/api/v1/conversations', stranger, { members: [star.handle] });
      const [cs, cstar] = [await open(stranger), await open(star)];
      await api(t.app, 'POST', `/api/v1/conversations/${c.id}/messages`, stranger, { body: 'hi, big fan' });
      assert.equal((await nextOf(cstar, 'messages')).conversation, c.id, 'a request arrives live');
      cstar.socket.send(JSON.stringify({ type: 'ack', conversation: c.id, seq: 1 }));
      assert.equal((await nextOf(cstar, 'read')).seq, 1, 'the reader’s own devices hear it');
      await api(t.app, 'POST', `/api/v1/conversations/${c.id}/accept`, star);
      await api(t.app, 'POST', `/api/v1/conversations/${c.id}/messages`, stranger, { body: 'thanks!' });
      cstar.socket.send(JSON.stringify({ type: 'ack', conversation: c.id, seq: 2 }));
      assert.equal((await nextOf(cs, 'read')).seq, 2, 'the first receipt the sender hears is after acceptance');
    });

    it('tells both sides when a block ends their DM, and refuses sends with `blocked`', async () => {
      const { a, b, id } = await friendsDm();
      const [ca, cb] = [await open(a), await open(b)];
      await api(t.app, 'PUT', `/api/v1/users/${a.handle}/block`, b);
      for (const c of [ca, cb]) {
        let f = await c.next();
        while (f.type !== 'conversation') f = await c.next();
        assert.deepEqual([f.conversation, f.change], [id, 'ended']);
      }
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'after', body: 'hello?' }));
      assert.equal((await nextOf(ca, 'error')).code, 'blocked');
    });

    it('answers sends past the person’s rate with `rate_limited` and when to retry', async () => {
      const { a, id } = await friendsDm(limited.app);
      const ca = await open(a, limitedWs);
      for (let i = 0; i < 3; i++) {
        ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: `f${i}`, body: `flood ${i}` }));
        assert.equal((await nextOf(ca, 'sent')).clientId, `f${i}`);
      }
      ca.socket.send(JSON.stringify({ type: 'send', conversation: id, clientId: 'f3', body: 'one too many' }));
      const err = await nextOf(ca, 'error');
      assert.equal(err.code, 'rate_limited');
      assert.ok((err.retryAfterMs as number) > 0);
      const r = await limited.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: bearer(a), payload: { body: 'http too' } });
      assert.equal(r.statusCode, 429);
    });
  });
}
