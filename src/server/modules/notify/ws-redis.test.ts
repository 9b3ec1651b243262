import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DB_KINDS, TEST_REDIS_URL } from '../../../../test/support/db.ts';
import { RedisPubSub } from '../../platform/pubsub/redis.ts';
import { connect, type Ground, type Instance, openGround, openInstance } from './test-helpers.ts';

// Two app instances on one database, each with its own Redis connections: two processes' worth of
// fan-out. A run-unique prefix keeps parallel runs on the shared Redis apart.
for (const kind of DB_KINDS) {
  describe(`notifications across instances over Redis pub/sub [${kind}]`, () => {
    const prefix = `biji:test:notify:${randomBytes(4).toString('hex')}:`;
    let g: Ground;
    let a: Instance;
    let b: Instance;
    let psA: RedisPubSub;
    let psB: RedisPubSub;

    before(async () => {
      g = await openGround(kind);
      psA = new RedisPubSub(TEST_REDIS_URL, { prefix });
      psB = new RedisPubSub(TEST_REDIS_URL, { prefix });
      a = await openInstance(g, psA);
      b = await openInstance(g, psB);
    });
    after(async () => {
      await a.close();
      await b.close();
      await psA.close();
      await psB.close();
      await g.close();
    });

    it('delivers a notification written by one instance to a socket held by another', async () => {
      const [author, fan] = [await g.user(`nr_author_${kind.slice(0, 2)}`), await g.user(`nr_fan_${kind.slice(0, 2)}`)];
      const url = await a.listen();
      const r = await connect(url.ws, { cookie: `biji_session=${author.token}`, origin: url.origin });
      assert.ok(r.ok);
      try {
        assert.deepEqual(await r.client.next(), { type: 'hello', unread: 0 });
        await b.notify.service.notify({ recipientId: author.id, kind: 'like', actorId: fan.id, subjectId: g.notes.add() });
        assert.deepEqual(await r.client.next(), { type: 'notification', unread: 1 });
        await b.notify.service.markRead(author.id, { all: true });
        assert.deepEqual(await r.client.next(), { type: 'read', unread: 0 });
      } finally {
        r.client.socket.close();
      }
    });
  });
}
