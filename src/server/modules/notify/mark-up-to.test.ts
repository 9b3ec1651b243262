// Opening the notifications list marks what it showed read: every event up to the newest item the
// reader saw (older pages too), and nothing that arrived after it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`notifications marked read up to an item [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    const fans: Account[] = [];
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, 'upto_ana');
      for (let i = 0; i < 3; i++) fans.push(await signUp(t.app, `upto_fan${i}`));
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const list = async (limit = 20) => {
      const res = await t.app.inject({ url: `/api/v1/notifications?limit=${limit}`, headers: bearer(ana) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { items: Array<{ id: string; read: boolean; kind: string }>; unread: number };
    };
    const markUpTo = (upTo: string) => t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: bearer(ana), payload: { upTo } });

    it('marks every event up to the item read, on pages not loaded too, but not what came after', async () => {
      // Three groups: a follow and two likes of different notes.
      const [a, b] = [await postNote(t.app, ana, { title: 'one' }), await postNote(t.app, ana, { title: 'two' })];
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${ana.handle}/follow`, headers: bearer(fans[0]!) });
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${a.id}/like`, headers: bearer(fans[1]!) });
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${b.id}/like`, headers: bearer(fans[1]!) });
      // The reader opens the list, which shows only its first page…
      const shown = await list(1);
      assert.equal(shown.unread, 3);
      // …and meanwhile someone else likes the newest note: a newer event in the shown group.
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${b.id}/like`, headers: bearer(fans[2]!) });
      const res = await markUpTo(shown.items[0]!.id);
      assert.equal(res.statusCode, 204, res.body);

      const after = await list();
      assert.equal(after.unread, 1, 'only the like that came after stays unread');
      assert.deepEqual(
        after.items.map((i) => [i.kind, i.read]),
        [
          ['like', false],
          ['like', true],
          ['follow', true],
        ],
      );
    });

    it('refuses an id that is not an id with a 400 problem', async () => {
      const res = await markUpTo('not-an-id');
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    });
  });
}
