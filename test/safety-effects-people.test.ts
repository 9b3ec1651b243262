// Point 8 of trust & safety, for people and the other kinds of content, through the real app on
// both databases: a suspended person reads but cannot write (until an appeal restores them), a
// banned one is signed out everywhere and cannot sign in; a comment, a chat message and a room
// message removed through the queue are gone for other readers; members get 403 from every
// moderation route and anonymous callers 401.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Note } from '../src/shared/api/notes.ts';
import { type Account, assertNo5xx, ORIGIN, STRONG_PASSWORD, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { postNote, uploadImage } from './support/notes.ts';
import { assertProblem } from './support/problem.ts';
import { act, call, getJson, type Method, moderator, report } from './support/safety.ts';

type Message = { id: string; body: string; deleted?: boolean };

for (const kind of DB_KINDS) {
  describe(`moderation effects on people, comments and chat [${kind}]`, () => {
    const k = kind.slice(0, 2);
    let t: TestApp;
    let admin: Account;
    let mod: Account;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let anaNote: Note;
    let boNote: Note;
    let dmId = '';

    before(async () => {
      t = await testApp(kind);
      admin = await signUp(t.app, `sfp_admin_${k}`);
      mod = await moderator(t, `sfp_mod_${k}`);
      ana = await signUp(t.app, `sfp_ana_${k}`);
      bo = await signUp(t.app, `sfp_bo_${k}`);
      cy = await signUp(t.app, `sfp_cy_${k}`);
      // Ana and Bo follow each other, so their DM is no request.
      for (const [a, b] of [
        [ana, bo],
        [bo, ana],
      ] as const)
        assert.equal((await call(t, a, 'PUT', `/api/v1/users/${b.handle}/follow`)).statusCode, 204);
      anaNote = await postNote(t.app, ana, { title: 'Ana writes', body: 'a note by ana' });
      boNote = await postNote(t.app, bo, { title: 'Bo writes', body: 'a note by bo' });
      const dm = await call(t, ana, 'POST', '/api/v1/conversations', { members: [bo.handle] });
      assert.equal(dm.statusCode < 300, true, dm.body);
      dmId = (dm.json() as { id: string }).id;
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    /** Every kind of write Bo might try, each answering `status` (and `code` for refusals). */
    async function bosWrites(expect: (res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string) => void, mediaId: string) {
      const writes: Array<[string, Method, string, unknown]> = [
        ['note', 'POST', '/api/v1/notes', { title: 'Bo again', body: 'more from bo', mediaIds: [mediaId], visibility: 'public' }],
        ['comment', 'POST', `/api/v1/notes/${anaNote.id}/comments`, { body: 'hi ana' }],
        ['like', 'PUT', `/api/v1/notes/${anaNote.id}/like`, undefined],
        ['follow', 'PUT', `/api/v1/users/${cy.handle}/follow`, undefined],
        ['chat message', 'POST', `/api/v1/conversations/${dmId}/messages`, { body: 'hello ana' }],
        ['profile', 'PATCH', '/api/v1/me', { bio: 'new bio' }],
      ];
      for (const [what, method, url, payload] of writes) expect(await call(t, bo, method, url, payload), what);
    }

    it('lets a suspended person read but not write, until an appeal restores them', async () => {
      const photo = await uploadImage(t.app, bo);
      const caseId = await report(t, ana, 'user', bo.handle, 'harassment');
      const decided = await act(t, mod, caseId, 'suspend', 'Harassing replies', 3);
      assert.equal(decided.resolution?.days, 3);
      await bosWrites((res, what) => {
        assert.equal(res.statusCode, 403, `${what} while suspended: ${res.body}`);
        assertProblem(res, 403, 'suspended');
      }, photo.id);
      // Reading goes on.
      assert.equal((await call(t, bo, 'GET', `/api/v1/notes/${anaNote.id}`)).statusCode, 200);
      assert.equal((await call(t, bo, 'GET', '/api/v1/feed/following')).statusCode, 200);
      assert.equal((await call(t, bo, 'GET', `/api/v1/conversations/${dmId}/messages`)).statusCode, 200);
      // Nothing was stored.
      const comments = await getJson<{ items: Array<{ body: string }> }>(t, ana, `/api/v1/notes/${anaNote.id}/comments`);
      assert.ok(!comments.items.some((c) => c.body === 'hi ana'));
      // Bo is told and appeals (an appeal is not a write the suspension stops).
      const notices = await getJson<{ items: Array<{ caseId: string; action: string; days: number | null; canAppeal: boolean }> }>(
        t,
        bo,
        '/api/v1/me/moderation',
      );
      const notice = notices.items.find((n) => n.caseId === caseId);
      assert.equal(notice?.action, 'suspend');
      assert.equal(notice?.days, 3);
      assert.equal(notice?.canAppeal, true);
      const appeal = await call(t, bo, 'POST', '/api/v1/appeals', { caseId, text: 'I apologise, it was a joke between friends' });
      assert.equal(appeal.statusCode, 201, appeal.body);
      await act(t, mod, caseId, 'restore', 'Lifted on appeal');
      await bosWrites(
        (res, what) => assert.ok(res.statusCode >= 200 && res.statusCode < 300, `${what} after restore: ${res.statusCode} ${res.body}`),
        photo.id,
      );
    });

    it('ends a banned person’s sessions and refuses their log-in', async () => {
      const victim = await signUp(t.app, `sfp_spam_${k}`);
      assert.equal((await call(t, victim, 'GET', '/api/v1/me')).statusCode, 200);
      const caseId = await report(t, ana, 'user', victim.handle, 'spam');
      await act(t, mod, caseId, 'ban', 'Spam account');
      assert.equal((await call(t, victim, 'GET', '/api/v1/me')).statusCode, 401);
      assert.equal((await call(t, victim, 'POST', `/api/v1/notes/${anaNote.id}/comments`, { body: 'spam' })).statusCode, 401);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { origin: ORIGIN },
        payload: { handle: victim.handle, password: STRONG_PASSWORD },
      });
      assertProblem(login, 403, 'banned');
    });

    it('takes a removed comment down for its readers', async () => {
      const posted = await call(t, cy, 'POST', `/api/v1/notes/${boNote.id}/comments`, { body: 'buy cheap watches here' });
      assert.equal(posted.statusCode, 201, posted.body);
      const commentId = (posted.json() as { id: string }).id;
      const kept = await call(t, ana, 'POST', `/api/v1/notes/${boNote.id}/comments`, { body: 'nice note bo' });
      assert.equal(kept.statusCode, 201);
      const caseId = await report(t, bo, 'comment', commentId, 'spam');
      await act(t, mod, caseId, 'remove', 'Spam comment');
      for (const who of [ana, bo, null]) {
        const page = await getJson<{ items: Array<{ id: string; body: string; deleted?: boolean }> }>(t, who, `/api/v1/notes/${boNote.id}/comments`);
        assert.ok(!page.items.some((c) => c.body.includes('cheap watches')), 'the removed comment is still readable');
        assert.ok(
          page.items.some((c) => c.body === 'nice note bo'),
          'the other comment went too',
        );
      }
      assert.equal((await call(t, ana, 'GET', `/api/v1/comments/${commentId}/context`)).statusCode, 404);
      assertProblem(await call(t, mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'remove', note: 'again' }), 409, 'case_closed');
    });

    it('takes a removed chat message down: a tombstone for the people in the conversation', async () => {
      const sent = await call(t, ana, 'POST', `/api/v1/conversations/${dmId}/messages`, { body: 'a threatening message' });
      assert.equal(sent.statusCode, 201, sent.body);
      const messageId = (sent.json() as { id: string }).id;
      const caseId = await report(t, bo, 'message', messageId, 'harassment');
      await act(t, mod, caseId, 'remove', 'Threats');
      for (const who of [ana, bo]) {
        const history = await getJson<{ items: Message[] }>(t, who, `/api/v1/conversations/${dmId}/messages`);
        const m = history.items.find((x) => x.id === messageId);
        assert.ok(!m || (m.deleted === true && m.body === ''), `the message is still readable: ${JSON.stringify(m)}`);
        assert.ok(!history.items.some((x) => x.body.includes('threatening')));
      }
    });

    it('takes a removed room message down for the room', async () => {
      const room = await call(t, admin, 'POST', '/api/v1/rooms', { name: `Safety room ${k}`, description: 'a room' });
      assert.equal(room.statusCode, 201, room.body);
      const roomId = (room.json() as { id: string }).id;
      for (const who of [ana, bo]) assert.equal((await call(t, who, 'POST', `/api/v1/rooms/${roomId}/join`)).statusCode < 300, true);
      const posted = await call(t, ana, 'POST', `/api/v1/rooms/${roomId}/messages`, { body: 'hateful words in the room' });
      assert.equal(posted.statusCode, 201, posted.body);
      const messageId = (posted.json() as { id: string }).id;
      const caseId = await report(t, bo, 'room_message', messageId, 'hate');
      await act(t, mod, caseId, 'remove', 'Hate');
      const history = await getJson<{ items: Message[] }>(t, bo, `/api/v1/rooms/${roomId}/messages`);
      const m = history.items.find((x) => x.id === messageId);
      assert.ok(!m || (m.deleted === true && m.body === ''), `the room message is still readable: ${JSON.stringify(m)}`);
      assert.ok(!history.items.some((x) => x.body.includes('hateful')));
    });

    it('answers members 403 and anonymous callers 401 on every moderation route', async () => {
      const caseId = await report(t, ana, 'note', boNote.id, 'other');
      const filters = await getJson<{ items: Array<{ id: string }> }>(t, admin, '/api/v1/moderation/filters');
      const listId = filters.items[0]?.id as string;
      const routes: Array<[Method, string, unknown, 'moderators_only' | 'admins_only']> = [
        ['GET', '/api/v1/moderation/cases?status=open', undefined, 'moderators_only'],
        ['GET', '/api/v1/moderation/cases?status=appealed', undefined, 'moderators_only'],
        ['GET', `/api/v1/moderation/cases/${caseId}`, undefined, 'moderators_only'],
        ['POST', `/api/v1/moderation/cases/${caseId}/claim`, undefined, 'moderators_only'],
        ['DELETE', `/api/v1/moderation/cases/${caseId}/claim`, undefined, 'moderators_only'],
        ['POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'dismiss', note: 'nothing here' }, 'moderators_only'],
        ['GET', '/api/v1/moderation/probation', undefined, 'moderators_only'],
        ['POST', `/api/v1/moderation/probation/${cy.handle}/approve`, undefined, 'moderators_only'],
        ['GET', '/api/v1/moderation/audit', undefined, 'admins_only'],
        ['GET', '/api/v1/moderation/filters', undefined, 'admins_only'],
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'hold', terms: ['x'] }, 'admins_only'],
        ['POST', '/api/v1/moderation/filters/test', { text: 'x' }, 'admins_only'],
        ['PATCH', `/api/v1/moderation/filters/${listId}`, { enabled: false }, 'admins_only'],
        ['DELETE', `/api/v1/moderation/filters/${listId}`, undefined, 'admins_only'],
      ];
      for (const [method, url, payload, code] of routes) {
        assertProblem(await call(t, cy, method, url, payload), 403, code);
        assertProblem(await call(t, null, method, url, payload), 401, 'unauthenticated');
      }
      // Moderators are no admins either.
      for (const [method, url, payload, code] of routes) if (code === 'admins_only') assertProblem(await call(t, mod, method, url, payload), 403, code);
      // Nothing changed: the case is still open and unclaimed, the list still enabled.
      const c = await getJson<{ status: string; claimedBy: unknown }>(t, mod, `/api/v1/moderation/cases/${caseId}`);
      assert.equal(c.status, 'open');
      assert.equal(c.claimedBy, null);
      const after = await getJson<{ items: Array<{ id: string; enabled: boolean }> }>(t, admin, '/api/v1/moderation/filters');
      assert.equal(after.items.find((l) => l.id === listId)?.enabled, true);
      // Reports and appeals need a session too.
      assertProblem(await call(t, null, 'POST', '/api/v1/reports', { targetType: 'note', targetId: boNote.id, reason: 'spam' }), 401, 'unauthenticated');
      assertProblem(await call(t, null, 'POST', '/api/v1/appeals', { caseId, text: 'x' }), 401, 'unauthenticated');
    });
  });
}
