// What personal controls do to the rest of Biji, through HTTP on the whole app: muted words and
// #topics leave lists (not links), "who may comment" refuses comments and replies with
// comments_restricted, "who may message me" refuses new conversations (DMs and group adds) with
// messages_restricted while existing ones go on — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { assertProblem } from '../../../../test/support/problem.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

for (const kind of DB_KINDS) {
  describe(`personal controls, their effects [${kind}]`, () => {
    let t: InteractionsTest;
    let n = 0;
    const person = () => signUp(t.app, `pe_${kind.slice(0, 2)}_${++n}`);
    before(async () => {
      t = await interactionsTest(kind);
    });
    after(() => t.close());

    const call = (method: Method, url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    const ok = async (method: Method, url: string, who: Account, payload?: object, status = 200) => {
      const r = await call(method, url, who, payload);
      assert.equal(r.statusCode, status, r.body);
      return r.statusCode === 204 ? null : r.json();
    };
    const follow = (who: Account, whom: Account) => ok('PUT', `/api/v1/users/${whom.handle}/follow`, who, undefined, 204);
    const setControls = (who: Account, body: object) => ok('PATCH', '/api/v1/me/controls', who, body);
    const comment = (who: Account, noteId: string, body: object) => call('POST', `/api/v1/notes/${noteId}/comments`, who, body);
    const recent = async (who: Account) => (await ok('GET', '/api/v1/notes/recent?limit=50', who)).items.map((x: { id: string }) => x.id) as string[];

    it('takes notes with a muted word or #topic out of my lists at once, but not off their link', async () => {
      const [ana, bo] = [await person(), await person()];
      const spoiler = await postNote(t.app, ana, { title: 'Big SPOILER inside', body: 'the ending' });
      const topic = await postNote(t.app, ana, { title: 'Mittens', body: 'paid #CatTax' });
      const plain = await postNote(t.app, ana, { title: 'Tea', body: 'oolong' });
      for (const id of [spoiler.id, topic.id, plain.id]) assert.ok((await recent(bo)).includes(id));
      await setControls(bo, { mutedWords: ['spoiler', '＃cattax'] });
      const seen = await recent(bo);
      assert.ok(!seen.includes(spoiler.id), 'a muted word');
      assert.ok(!seen.includes(topic.id), 'a muted #topic');
      assert.ok(seen.includes(plain.id));
      assert.ok((await recent(ana)).includes(spoiler.id), 'others still see it');
      assert.equal((await call('GET', `/api/v1/notes/${spoiler.id}`, bo)).statusCode, 200, 'reachable by link');
      await setControls(bo, { mutedWords: [] });
      assert.ok((await recent(bo)).includes(spoiler.id), 'unmuted: back at once');
    });

    it('lets only people the author follows comment when they chose "following", and nobody but them with "nobody"', async () => {
      const [ana, friend, stranger] = [await person(), await person(), await person()];
      const note = await postNote(t.app, ana);
      const early = await comment(stranger, note.id, { body: 'first!' });
      assert.equal(early.statusCode, 201, early.body);
      await follow(ana, friend);
      await follow(stranger, ana);
      await setControls(ana, { commentsFrom: 'following' });
      assert.equal((await comment(friend, note.id, { body: 'hello' })).statusCode, 201);
      assertProblem(await comment(stranger, note.id, { body: 'again' }), 403, 'comments_restricted');
      assertProblem(await comment(stranger, note.id, { body: 'a reply', replyTo: early.json().id }), 403, 'comments_restricted');
      assert.equal((await comment(ana, note.id, { body: 'thanks', replyTo: early.json().id })).statusCode, 201);
      await setControls(ana, { commentsFrom: 'nobody' });
      assertProblem(await comment(friend, note.id, { body: 'hello again' }), 403, 'comments_restricted');
      assert.equal((await comment(ana, note.id, { body: 'note to self' })).statusCode, 201, 'the author always may');
      await setControls(ana, { commentsFrom: 'everyone' });
      assert.equal((await comment(stranger, note.id, { body: 'back' })).statusCode, 201);
    });

    it('refuses new conversations as the recipient chose, counts a group add as one, and lets existing ones go on', async () => {
      const [ana, friend, stranger] = [await person(), await person(), await person()];
      const existing = await ok('POST', '/api/v1/conversations', stranger, { members: [ana.handle] }, 201);
      await ok('POST', `/api/v1/conversations/${existing.id}/messages`, ana, { body: 'hi, welcome' }, 201); // answering accepts the request
      await follow(ana, friend);
      await setControls(ana, { messagesFrom: 'following' });
      await ok('POST', '/api/v1/conversations', friend, { members: [ana.handle] }, 201);
      // The DM that already exists goes on; stranger may open it again.
      assert.equal((await ok('POST', '/api/v1/conversations', stranger, { members: [ana.handle] }, 201)).id, existing.id);
      await ok('POST', `/api/v1/conversations/${existing.id}/messages`, stranger, { body: 'still here' }, 201);
      const newcomer = await person();
      assertProblem(await call('POST', '/api/v1/conversations', newcomer, { members: [ana.handle] }), 403, 'messages_restricted');
      const group = await ok('POST', '/api/v1/conversations', newcomer, { members: [stranger.handle], name: 'club' }, 201);
      assertProblem(await call('POST', `/api/v1/conversations/${group.id}/members`, newcomer, { members: [ana.handle] }), 403, 'messages_restricted');
      assertProblem(
        await call('POST', '/api/v1/conversations', newcomer, { members: [stranger.handle, ana.handle], name: 'trio' }),
        403,
        'messages_restricted',
      );
      await setControls(ana, { messagesFrom: 'nobody' });
      const another = await person();
      await follow(ana, another);
      assertProblem(await call('POST', '/api/v1/conversations', another, { members: [ana.handle] }), 403, 'messages_restricted');
      await ok('POST', `/api/v1/conversations/${existing.id}/messages`, stranger, { body: 'and still' }, 201);
    });
  });
}
