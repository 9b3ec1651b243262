import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, cookieAuth, signUp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`comments HTTP [${kind}]`, () => {
    let t: InteractionsTest;
    let ana: Account;
    let bo: Account;
    before(async () => {
      t = await interactionsTest(kind);
      ana = await signUp(t.app, 'ch_ana');
      bo = await signUp(t.app, 'ch_bo');
    });
    after(() => t.close());

    const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });

    it('posts a comment with 201 and the Comment shape, and a reply to it', async () => {
      const note = await postNote(t.app, ana);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notes/${note.id}/comments`,
        headers: cookieAuth(bo),
        payload: { body: 'Cute! #cattax @ch_ana' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.deepEqual(
        { ...c, id: undefined, createdAt: undefined },
        {
          id: undefined,
          noteId: note.id,
          author: { handle: 'ch_bo', displayName: 'Test ch_bo', avatar: null },
          body: 'Cute! #cattax @ch_ana',
          lang: 'en',
          langs: ['en'],
          entities: [
            { type: 'hashtag', start: 6, end: 13, tag: 'cattax' },
            { type: 'mention', start: 14, end: 21, handle: 'ch_ana' },
          ],
          parentId: null,
          replyTo: null,
          likeCount: 0,
          replyCount: 0,
          viewer: { liked: false, canDelete: true },
          createdAt: undefined,
          replies: [],
          repliesCursor: null,
        },
      );
      const r = await inject('POST', `/api/v1/notes/${note.id}/comments`, ana, { body: '谢谢', replyTo: c.id });
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().parentId, c.id);
      assert.equal(r.json().replies, undefined);
      const list = (await inject('GET', `/api/v1/notes/${note.id}/comments`)).json();
      assert.equal(list.items.length, 1);
      assert.equal(list.items[0].replyCount, 1);
      assert.equal(list.items[0].replies[0].body, '谢谢');
      assert.equal(list.items[0].viewer.canDelete, false, 'anonymous');
      assert.equal((await inject('GET', `/api/v1/notes/${note.id}`)).json().counts.comments, 2);
      const replies = (await inject('GET', `/api/v1/comments/${c.id}/replies`)).json();
      assert.deepEqual(
        replies.items.map((x: { body: string }) => x.body),
        ['谢谢'],
      );
    });

    it('refuses bad input with 400, no session with 401, and a hidden note with 404', async () => {
      const note = await postNote(t.app, ana);
      for (const payload of [{}, { body: '' }, { body: 'x', replyTo: 'nope' }, { body: 'x', extra: 1 }, { body: 'é'.repeat(1001) }]) {
        const r = await inject('POST', `/api/v1/notes/${note.id}/comments`, bo, payload);
        assert.equal(r.statusCode, 400, JSON.stringify(payload).slice(0, 60));
        assert.match(r.json().code, /^(validation_failed|text_too_long)$/);
      }
      assert.equal((await inject('POST', `/api/v1/notes/${note.id}/comments`, undefined, { body: 'hi' })).statusCode, 401);
      assert.equal((await inject('POST', '/api/v1/notes/not-an-id/comments', bo, { body: 'hi' })).statusCode, 400);
      const missing = await inject('POST', '/api/v1/notes/00000000-0000-7000-8000-000000000000/comments', bo, { body: 'hi' });
      assert.equal(missing.statusCode, 404);
      const fo = await postNote(t.app, ana, { visibility: 'followers' });
      const hidden = await inject('POST', `/api/v1/notes/${fo.id}/comments`, bo, { body: 'hi' });
      assert.equal(hidden.statusCode, 404);
      assert.equal(hidden.json().code, 'not_found');
      assert.equal((await inject('GET', `/api/v1/notes/${fo.id}/comments`, bo)).statusCode, 404);
      assert.equal((await inject('GET', `/api/v1/notes/${fo.id}/comments`)).statusCode, 404);
      const own = await inject('POST', `/api/v1/notes/${fo.id}/comments`, ana, { body: 'mine' });
      assert.equal(own.statusCode, 201);
      assert.equal((await inject('GET', `/api/v1/comments/${own.json().id}/replies`, bo)).statusCode, 404);
      assert.equal((await inject('PUT', `/api/v1/comments/${own.json().id}/like`, bo)).statusCode, 404);
    });

    it('answers 403 comments_off after the author turns comments off', async () => {
      const note = await postNote(t.app, ana);
      assert.equal((await inject('PATCH', `/api/v1/notes/${note.id}`, ana, { commentsEnabled: false })).statusCode, 200);
      const r = await inject('POST', `/api/v1/notes/${note.id}/comments`, bo, { body: 'hi' });
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().code, 'comments_off');
    });

    it('deletes with 204 by the right people and 403 for others; likes are idempotent 204s', async () => {
      const note = await postNote(t.app, ana);
      const c = (await inject('POST', `/api/v1/notes/${note.id}/comments`, bo, { body: 'like and delete me' })).json();
      const other = await signUp(t.app, 'ch_other');
      for (let i = 0; i < 2; i++) assert.equal((await inject('PUT', `/api/v1/comments/${c.id}/like`, other)).statusCode, 204);
      assert.equal((await inject('PUT', `/api/v1/comments/${c.id}/like`, ana)).statusCode, 204);
      const seen = (await inject('GET', `/api/v1/notes/${note.id}/comments`, other)).json().items[0];
      assert.equal(seen.likeCount, 2);
      assert.equal(seen.viewer.liked, true);
      assert.equal((await inject('DELETE', `/api/v1/comments/${c.id}/like`, other)).statusCode, 204);
      assert.equal((await inject('DELETE', `/api/v1/comments/${c.id}/like`, other)).statusCode, 204);
      assert.equal((await inject('GET', `/api/v1/notes/${note.id}/comments`, other)).json().items[0].likeCount, 1);
      const refused = await inject('DELETE', `/api/v1/comments/${c.id}`, other);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().code, 'not_allowed');
      assert.equal((await inject('DELETE', `/api/v1/comments/${c.id}`, ana)).statusCode, 204);
      assert.equal((await inject('DELETE', `/api/v1/comments/${c.id}`, ana)).statusCode, 404);
      assert.equal((await inject('PUT', `/api/v1/comments/${c.id}/like`, other)).statusCode, 404);
      assert.equal((await inject('GET', `/api/v1/notes/${note.id}`)).json().counts.comments, 0);
    });

    it('pages comments by cursor', async () => {
      const note = await postNote(t.app, ana);
      for (let i = 0; i < 5; i++) assert.equal((await inject('POST', `/api/v1/notes/${note.id}/comments`, bo, { body: `c${i}` })).statusCode, 201);
      const bodies: string[] = [];
      let url = `/api/v1/notes/${note.id}/comments?limit=2`;
      for (let i = 0; i < 5; i++) {
        const page = (await inject('GET', url)).json();
        bodies.push(...page.items.map((c: { body: string }) => c.body));
        if (!page.nextCursor) break;
        url = `/api/v1/notes/${note.id}/comments?limit=2&cursor=${page.nextCursor}`;
      }
      assert.deepEqual(bodies, ['c4', 'c3', 'c2', 'c1', 'c0']);
      assert.equal((await inject('GET', `/api/v1/notes/${note.id}/comments?limit=101`)).statusCode, 400);
    });
  });
}
