// Links to one comment: GET /comments/:id/context finds a comment in its thread however deep it
// sits, hidden by the rules of the lists; and notifications about a comment carry its words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';

type Reply = { id: string; body: string; parentId: string | null; deleted?: boolean };
type Context = { head: Reply & { replies: Reply[]; repliesCursor: string | null; replyCount: number }; reply: Reply | null };
type Item = { kind: string; commentId: string | null; comment: { id: string; body: string } | null };

for (const kind of DB_KINDS) {
  describe(`comment context and notification excerpts HTTP [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, 'ctx_ana');
      bo = await signUp(t.app, 'ctx_bo');
      cy = await signUp(t.app, 'ctx_cy');
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const send = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who?: Account, payload?: object, expect?: number) => {
      const res = await t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
      assert.equal(res.statusCode, expect ?? (method === 'POST' ? 201 : method === 'GET' ? 200 : 204), `${method} ${url}: ${res.body}`);
      return (res.body ? res.json() : undefined) as T;
    };
    const comment = (who: Account, noteId: string, body: string, replyTo?: string) =>
      send<Reply>('POST', `/api/v1/notes/${noteId}/comments`, who, { body, ...(replyTo ? { replyTo } : {}) });
    const context = (id: string, who?: Account) => send<Context>('GET', `/api/v1/comments/${id}/context`, who);
    const notFound = async (id: string, who?: Account) => {
      const res = await t.app.inject({ url: `/api/v1/comments/${id}/context`, ...(who ? { headers: bearer(who) } : {}) });
      assert.equal(res.statusCode, 404, `${who?.handle ?? 'anonymous'}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().code, 'comment_not_found');
    };

    it('finds a top-level comment with its first replies, and a reply deep in its thread', async () => {
      const note = await postNote(t.app, ana, { title: 'threads' });
      const head = await comment(bo, note.id, 'the thread starts here');
      const replies: Reply[] = [];
      for (let i = 1; i <= 8; i++) replies.push(await comment(i % 2 ? ana : cy, note.id, `reply ${i}`, head.id));
      // Newer threads push the first one off the first page of comments.
      for (let i = 1; i <= 3; i++) await comment(cy, note.id, `newer thread ${i}`);

      const top = await context(head.id);
      assert.equal(top.head.id, head.id);
      assert.equal(top.head.body, 'the thread starts here');
      assert.equal(top.head.replyCount, 8);
      assert.deepEqual(
        top.head.replies.map((r) => r.body),
        ['reply 1', 'reply 2', 'reply 3'],
      );
      assert.ok(top.head.repliesCursor, 'the rest of the thread pages on from the inlined replies');
      assert.equal(top.reply, null);

      const deep = await context(replies[6]!.id, cy);
      assert.equal(deep.head.id, head.id);
      assert.deepEqual(deep.reply && { id: deep.reply.id, body: deep.reply.body, parentId: deep.reply.parentId }, {
        id: replies[6]!.id,
        body: 'reply 7',
        parentId: head.id,
      });
    });

    it('answers 404 comment_not_found where the lists would not show the comment', async () => {
      const secret = await postNote(t.app, ana, { title: 'friends only', visibility: 'followers' });
      const own = await comment(ana, secret.id, 'only for my followers');
      await notFound(own.id);
      await notFound(own.id, cy);
      assert.equal((await context(own.id, ana)).head.id, own.id, 'the author sees it');

      const open = await postNote(t.app, ana, { title: 'open' });
      const byBo = await comment(bo, open.id, 'from bo');
      const reply = await comment(ana, open.id, 'to be deleted', byBo.id);
      await send('DELETE', `/api/v1/comments/${reply.id}`, ana);
      await notFound(reply.id);
      await notFound('01900000-0000-7000-8000-000000000000');

      // Blocks hide a person's comments both ways.
      await send('PUT', `/api/v1/users/${cy.handle}/block`, bo);
      await notFound(byBo.id, cy);
      assert.equal((await context(byBo.id, ana)).head.id, byBo.id);
      const cyComment = await comment(cy, open.id, 'from cy');
      await notFound(cyComment.id, bo);

      const bad = await t.app.inject({ url: '/api/v1/comments/not-an-id/context' });
      assert.equal(bad.statusCode, 400);
    });

    it('puts the comment’s words on comment, reply, mention and comment-like notifications, and says when it is deleted', async () => {
      const note = await postNote(t.app, ana, { title: 'excerpts' });
      const c = await comment(bo, note.id, '好可爱！ Where was this taken?');
      const r = await comment(ana, note.id, 'In 成都, last spring.', c.id);
      await send('PUT', `/api/v1/comments/${r.id}/like`, bo);
      await send('PUT', `/api/v1/notes/${note.id}/like`, bo);
      const dee = await signUp(t.app, 'ctx_dee');
      const mention = await comment(dee, note.id, `look @${bo.handle}`);

      const inbox = async (who: Account) => (await send<{ items: Item[] }>('GET', '/api/v1/notifications', who)).items;
      const forAna = await inbox(ana);
      const about = (items: Item[], k: string, commentId: string | null) => {
        const item = items.find((i) => i.kind === k && i.commentId === commentId);
        assert.ok(item, `a ${k} item about ${commentId}`);
        return item.comment;
      };
      assert.deepEqual(about(forAna, 'comment', c.id), { id: c.id, body: '好可爱！ Where was this taken?' });
      assert.deepEqual(about(forAna, 'comment', mention.id), { id: mention.id, body: `look @${bo.handle}` });
      assert.equal(about(forAna, 'like', null), null, 'a like of the note has no comment');
      const forBo = await inbox(bo);
      assert.deepEqual(about(forBo, 'reply', r.id), { id: r.id, body: 'In 成都, last spring.' });
      assert.deepEqual(about(forBo, 'mention', mention.id), { id: mention.id, body: `look @${bo.handle}` });
      // Bo liked Ana's reply: the like is about her words.
      assert.deepEqual(about(forAna, 'comment_like', r.id), { id: r.id, body: 'In 成都, last spring.' });

      await send('DELETE', `/api/v1/comments/${c.id}`, bo);
      assert.deepEqual(about(await inbox(ana), 'comment', c.id), { id: c.id, body: '' }, 'a deleted comment keeps its item, without its words');
    });
  });
}
