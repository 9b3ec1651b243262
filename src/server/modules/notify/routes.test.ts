import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`notifications HTTP [${kind}]`, () => {
    let t: TestApp;
    let n = 0;
    const person = () => signUp(t.app, `nh_${kind.slice(0, 2)}_${++n}`);
    const auth = (u: Account) => bearer(u);
    const like = async (who: Account, noteId: string) =>
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${noteId}/like`, headers: bearer(who) })).statusCode, 204);

    before(async () => {
      t = await testApp(kind);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('answers 401 problem+json to every notifications route when signed out', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/notifications'],
        ['GET', '/api/v1/notifications/unread-count'],
        ['POST', '/api/v1/notifications/read'],
      ] as const) {
        const res = await t.app.inject({ method, url, ...(method === 'POST' ? { payload: { all: true } } : {}) });
        assert.equal(res.statusCode, 401, url);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().code, 'unauthenticated');
      }
    });

    it('lists grouped items with people and the note, counts unread, and marks read', async () => {
      const [author, a, b] = [await person(), await person(), await person()];
      const note = await postNote(t.app, author, { title: '成都 hotpot' });
      for (const actor of [a, b]) await like(actor, note.id);
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/users/${author.handle}/follow`, headers: bearer(a) })).statusCode, 204);

      const res = await t.app.inject({ url: '/api/v1/notifications', headers: auth(author) });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.unread, 2);
      assert.equal(body.nextCursor, null);
      assert.deepEqual(
        body.items.map((i: { kind: string; actorCount: number }) => [i.kind, i.actorCount]),
        [
          ['follow', 1],
          ['like', 2],
        ],
      );
      const likeItem = body.items[1];
      assert.deepEqual(Object.keys(likeItem).sort(), ['actorCount', 'actors', 'comment', 'commentId', 'createdAt', 'id', 'kind', 'read', 'subject']);
      assert.deepEqual(likeItem.actors[0], { handle: b.handle, displayName: `Test ${b.handle}`, bio: '', avatar: null });
      assert.equal(likeItem.subject.id, note.id);
      assert.equal(likeItem.subject.title, '成都 hotpot');
      assert.equal(likeItem.subject.cover.url, note.media[0]?.urls['360']);

      const count = await t.app.inject({ url: '/api/v1/notifications/unread-count', headers: auth(author) });
      assert.deepEqual(count.json(), { unread: 2 });

      const read = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: auth(author), payload: { ids: [likeItem.id] } });
      assert.equal(read.statusCode, 204);
      assert.deepEqual((await t.app.inject({ url: '/api/v1/notifications/unread-count', headers: auth(author) })).json(), { unread: 1 });
      const all = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: auth(author), payload: { all: true } });
      assert.equal(all.statusCode, 204);
      const after = (await t.app.inject({ url: '/api/v1/notifications', headers: auth(author) })).json();
      assert.equal(after.unread, 0);
      assert.ok(after.items.every((i: { read: boolean }) => i.read));
    });

    it('pages with cursor and limit', async () => {
      const [author, fan] = [await person(), await person()];
      for (const title of ['1', '2', '3']) await like(fan, (await postNote(t.app, author, { title })).id);
      const p1 = (await t.app.inject({ url: '/api/v1/notifications?limit=2', headers: auth(author) })).json();
      assert.deepEqual(
        p1.items.map((i: { subject: { title: string } }) => i.subject.title),
        ['3', '2'],
      );
      assert.ok(p1.nextCursor);
      const p2 = (await t.app.inject({ url: `/api/v1/notifications?limit=2&cursor=${p1.nextCursor}`, headers: auth(author) })).json();
      assert.deepEqual(
        p2.items.map((i: { subject: { title: string } }) => i.subject.title),
        ['1'],
      );
      assert.equal(p2.nextCursor, null);
      const bad = await t.app.inject({ url: '/api/v1/notifications?limit=500', headers: auth(author) });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');
    });

    it('refuses a mark-read body that is empty, too long, or not ids', async () => {
      const u = await person();
      const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: auth(u), payload: payload as object });
      const tooMany = Array.from({ length: 101 }, (_, i) => `0190a0a0-0000-7000-8000-${String(i).padStart(12, '0')}`);
      for (const payload of [{}, { ids: tooMany }, { ids: ['not-an-id'] }, { all: 'yes' }, { all: true, extra: 1 }]) {
        const res = await post(payload);
        assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60));
        assert.equal(res.json().code, 'validation_failed');
      }
      assert.equal((await post({ ids: tooMany.slice(0, 100) })).statusCode, 204, 'unknown ids are simply not found');
    });

    it('documents the routes and their responses in OpenAPI', () => {
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      assert.ok(doc.paths['/api/v1/notifications']?.get?.responses['200']);
      assert.ok(doc.paths['/api/v1/notifications']?.get?.responses['401']);
      assert.ok(doc.paths['/api/v1/notifications/unread-count']?.get?.responses['200']);
      assert.ok(doc.paths['/api/v1/notifications/read']?.post?.responses['204']);
      assert.ok(doc.paths['/api/v1/stream']?.get);
    });
  });
}
