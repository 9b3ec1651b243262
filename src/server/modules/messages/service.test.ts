// The messages service on a real database (SQLite and PostgreSQL): sequence numbers stay gapless and
// unique under concurrent sends, a clientId sent twice at once posts once, the stranger quota holds
// under concurrent starts, and a block ends the DM through the domain event.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testContext } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import type { AppContext } from '../../app.ts';
import type { AppError } from '../../platform/errors.ts';

for (const kind of DB_KINDS) {
  describe(`messages service [${kind}]`, () => {
    let ctx: AppContext;
    let close: () => Promise<void>;
    let n = 0;
    const person = async () => {
      const r = await ctx.accounts.signUp(
        { handle: `ms_${kind.slice(0, 2)}_${++n}`, password: 'correct-horse-battery-7', displayName: `P${n}` },
        { ip: null, userAgent: null },
      );
      return { id: r.user.id, handle: r.user.handle };
    };
    const friends = async () => {
      const [a, b] = [await person(), await person()];
      await ctx.accounts.follow(a.id, b.handle);
      await ctx.accounts.follow(b.id, a.handle);
      return [a, b] as const;
    };
    before(async () => {
      ({ ctx, close } = await testContext(kind, { MESSAGES_STRANGER_QUOTA: '3' }));
    });
    after(() => close());

    it('numbers concurrent messages 1…N without gap or repeat', async () => {
      const [a, b] = await friends();
      const s = ctx.messages.service;
      const c = await s.conversations.create(a.id, { members: [b.handle] });
      const sends = Array.from({ length: 30 }, (_, i) => s.posting.send(i % 2 ? a.id : b.id, c.id, { body: `m${i}`, clientId: `c${i}` }));
      const seqs = (await Promise.all(sends)).map((p) => p.item.seq).sort((x, y) => x - y);
      assert.deepEqual(
        seqs,
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
      const page = await s.posting.history(a.id, c.id, { limit: 100 });
      assert.deepEqual(
        page.items.map((m) => m.seq),
        seqs,
      );
      assert.equal((await s.conversations.get(b.id, c.id)).lastSeq, 30);
    });

    it('posts a clientId sent twice at once only once', async () => {
      const [a, b] = await friends();
      const s = ctx.messages.service;
      const c = await s.conversations.create(a.id, { members: [b.handle] });
      const [x, y] = await Promise.all([
        s.posting.send(a.id, c.id, { body: 'same', clientId: 'dup' }),
        s.posting.send(a.id, c.id, { body: 'same', clientId: 'dup' }),
      ]);
      assert.equal(x?.item.id, y?.item.id);
      assert.deepEqual([x?.duplicate, y?.duplicate].sort(), [false, true]);
      assert.equal((await s.conversations.get(a.id, c.id)).lastSeq, 1);
    });

    it('holds the stranger quota when starts race', async () => {
      const starter = await person();
      const others = await Promise.all(Array.from({ length: 6 }, () => person()));
      const s = ctx.messages.service;
      const results = await Promise.allSettled(others.map((o) => s.conversations.create(starter.id, { members: [o.handle] })));
      const refused = results.filter((r) => r.status === 'rejected');
      assert.equal(results.length - refused.length, 3);
      for (const r of refused) assert.equal(((r as PromiseRejectedResult).reason as AppError).code, 'rate_limited');
    });

    it('opens one DM for a pair that starts it from both sides at once', async () => {
      const [a, b] = await friends();
      const s = ctx.messages.service;
      const [x, y] = await Promise.all([s.conversations.create(a.id, { members: [b.handle] }), s.conversations.create(b.id, { members: [a.handle] })]);
      assert.equal(x.id, y.id);
    });

    it('ends the DM when one blocks the other (through the event), and leaves groups alone', async () => {
      const [a, b] = await friends();
      const s = ctx.messages.service;
      const dm = await s.conversations.create(a.id, { members: [b.handle] });
      const group = await s.conversations.create(a.id, { members: [b.handle], name: 'both' });
      await ctx.accounts.setEdge('blocks', a.id, b.handle, true);
      await ctx.jobs.drain();
      assert.equal((await s.conversations.get(b.id, dm.id)).ended, true);
      assert.equal((await s.conversations.get(b.id, group.id)).ended, false);
      await assert.rejects(s.posting.send(b.id, dm.id, { body: 'hey' }), (e: AppError) => e.code === 'conversation_ended');
    });
  });
}
