// Point 8 of trust & safety, through the real app on both databases: what a moderator's decision
// about a note does on every surface at once — removed (gone everywhere, 404 by link, 410 with the
// reason to its author), limited (out of discovery, still on the profile and in Following),
// sensitive (marked for readers) — and the way back: the people told, one appeal, a restore that
// brings the note back everywhere, and the append-only audit log that holds every action.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { AuditPage, CasePage, NoticePage } from '../src/shared/api/moderation.ts';
import type { Note } from '../src/shared/api/notes.ts';
import type { NotificationPage } from '../src/shared/api/notify.ts';
import { type Account, assertNo5xx, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { postNote } from './support/notes.ts';
import { assertProblem } from './support/problem.ts';
import { act, call, getJson, moderator, report, surfaces } from './support/safety.ts';

for (const kind of DB_KINDS) {
  describe(`moderation effects on notes [${kind}]`, () => {
    const k = kind.slice(0, 2);
    let t: TestApp;
    let admin: Account;
    let mod: Account;
    let author: Account;
    let follower: Account;
    let stranger: Account;
    let removed: Note;
    let limited: Note;
    let sensitive: Note;
    let control: Note;
    let boardId = '';
    let removeCase = '';
    let limitCase = '';
    let sensitiveCase = '';
    const tag = `saferx${k}`;
    const word = `quokkabeach${k}`;
    const q = () => ({ word, tag, author: author.handle, boardId });

    before(async () => {
      t = await testApp(kind);
      admin = await signUp(t.app, `sfx_admin_${k}`);
      mod = await moderator(t, `sfx_mod_${k}`);
      author = await signUp(t.app, `sfx_author_${k}`);
      follower = await signUp(t.app, `sfx_follow_${k}`);
      stranger = await signUp(t.app, `sfx_stranger_${k}`);
      assert.equal((await call(t, follower, 'PUT', `/api/v1/users/${author.handle}/follow`)).statusCode, 204);
      const body = (what: string) => `${word} ${what}, a quiet morning by the sea #${tag}`;
      removed = await postNote(t.app, author, { title: `${word} removed`, body: `${body('removed')} @${follower.handle}` });
      limited = await postNote(t.app, author, { title: `${word} limited`, body: body('limited') });
      sensitive = await postNote(t.app, author, { title: `${word} sensitive`, body: body('sensitive') });
      control = await postNote(t.app, author, { title: `${word} control`, body: body('control') });
      // Activity on the note to be removed: a like, a comment, and a public board holding it.
      assert.equal((await call(t, follower, 'PUT', `/api/v1/notes/${removed.id}/like`)).statusCode, 204);
      assert.equal((await call(t, stranger, 'POST', `/api/v1/notes/${removed.id}/comments`, { body: 'lovely beach' })).statusCode, 201);
      const board = await call(t, follower, 'POST', '/api/v1/boards', { name: 'Seaside', visibility: 'public' });
      assert.equal(board.statusCode, 201, board.body);
      boardId = (board.json() as { id: string }).id;
      for (const n of [removed, limited, control]) assert.equal((await call(t, follower, 'PUT', `/api/v1/boards/${boardId}/notes/${n.id}`)).statusCode, 204);
      await t.ctx.jobs.drain();
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const mentions = async (who: Account) =>
      (await getJson<NotificationPage>(t, who, '/api/v1/notifications?limit=50')).items.filter((i) => i.subject?.id === removed.id);

    it('shows every note on every surface before any decision', async () => {
      const ids = [removed.id, limited.id, sensitive.id, control.id];
      for (const who of [stranger, null]) {
        const s = await surfaces(t, who, q());
        for (const [name, list] of Object.entries({ explore: s.explore, search: s.search, topicNew: s.topicNew, topicHot: s.topicHot, profile: s.profile }))
          for (const id of ids) assert.ok(list.includes(id), `${name} lacks ${id} for ${who?.handle ?? 'anonymous'}`);
        assert.ok(s.board.includes(removed.id));
      }
      const f = await surfaces(t, follower, q());
      for (const id of ids) assert.ok(f.following.includes(id), 'Following lacks a note');
      assert.equal((await mentions(follower)).length, 1, 'the mention notification is there');
      assert.equal((await call(t, stranger, 'GET', `/api/v1/notes/${removed.id}/comments`)).statusCode, 200);
    });

    it('takes a removed note off every surface; its URL answers 404 to others, 410 with the reason to its author', async () => {
      removeCase = await report(t, stranger, 'note', removed.id, 'spam');
      const decided = await act(t, mod, removeCase, 'remove', 'Advertising for a scam shop');
      assert.equal(decided.status, 'resolved');
      assert.equal(decided.resolution?.action, 'remove');
      await t.ctx.jobs.drain();
      for (const who of [stranger, follower, null]) {
        const s = await surfaces(t, who, q());
        for (const [name, list] of Object.entries(s))
          assert.ok(!list.includes(removed.id), `${name} still shows the removed note to ${who?.handle ?? 'anonymous'}`);
        assert.ok(s.search.includes(control.id) && s.topicNew.includes(control.id), 'the other notes stay');
        assert.ok(s.board.includes(control.id), 'the board keeps its other notes');
        assertProblem(await call(t, who, 'GET', `/api/v1/notes/${removed.id}`), 404, 'not_found');
        assertProblem(await call(t, who, 'GET', `/api/v1/notes/${removed.id}/comments`), 404, 'not_found');
      }
      assert.equal((await mentions(follower)).length, 0, 'a notification still names the removed note');
      const gone = assertProblem(await call(t, author, 'GET', `/api/v1/notes/${removed.id}`), 410, 'removed');
      assert.match(gone.detail, /Advertising for a scam shop/);
      // The author's own lists leave it out too (they reach it by its link only).
      const mine = await surfaces(t, author, q());
      assert.ok(!mine.profile.includes(removed.id));
    });

    it('tells the reporter the outcome and the author what was done, and hears one appeal', async () => {
      const outcome = await getJson<NotificationPage>(t, stranger, '/api/v1/notifications?limit=50');
      assert.ok(
        outcome.items.some((i) => i.kind === 'report_outcome' && i.moderation?.caseId === removeCase && i.moderation.action === 'remove'),
        JSON.stringify(outcome.items.map((i) => i.kind)),
      );
      const told = await getJson<NotificationPage>(t, author, '/api/v1/notifications?limit=50');
      assert.ok(told.items.some((i) => i.kind === 'moderation' && i.moderation?.caseId === removeCase && i.moderation.action === 'remove'));
      const notices = await getJson<NoticePage>(t, author, '/api/v1/me/moderation');
      const notice = notices.items.find((n) => n.caseId === removeCase && n.kind === 'action');
      assert.ok(notice, 'the author sees the decision');
      assert.equal(notice.note, 'Advertising for a scam shop');
      assert.equal(notice.canAppeal, true);
      // Someone else cannot appeal it.
      assertProblem(await call(t, stranger, 'POST', '/api/v1/appeals', { caseId: removeCase, text: 'not mine' }), 404, 'not_found');
      const appealed = await call(t, author, 'POST', '/api/v1/appeals', { caseId: removeCase, text: 'It is my own shop, not a scam' });
      assert.equal(appealed.statusCode, 201, appealed.body);
      assertProblem(await call(t, author, 'POST', '/api/v1/appeals', { caseId: removeCase, text: 'again' }), 409, 'already_appealed');
      const queue = await getJson<CasePage>(t, mod, '/api/v1/moderation/cases?status=appealed');
      const c = queue.items.find((x) => x.id === removeCase);
      assert.ok(c, 'the appealed case is back in the queue');
      assert.equal(c.appeal?.state, 'pending');
      assert.equal(c.target.type, 'note');
      assert.equal(c.target.id, removed.id);
      // Still removed while the appeal waits.
      assertProblem(await call(t, stranger, 'GET', `/api/v1/notes/${removed.id}`), 404, 'not_found');
    });

    it('brings a note back everywhere when an appeal is granted', async () => {
      const restored = await act(t, mod, removeCase, 'restore', 'On a second look it is a real shop');
      assert.equal(restored.resolution?.action, 'restore');
      assert.equal(restored.appeal?.state, 'decided');
      await t.ctx.jobs.drain();
      for (const who of [stranger, null]) {
        const s = await surfaces(t, who, q());
        for (const name of ['explore', 'search', 'topicNew', 'profile', 'board'] as const)
          assert.ok(s[name].includes(removed.id), `${name} lacks the restored note`);
        assert.equal((await call(t, who, 'GET', `/api/v1/notes/${removed.id}`)).statusCode, 200);
        assert.equal((await call(t, who, 'GET', `/api/v1/notes/${removed.id}/comments`)).statusCode, 200);
      }
      assert.ok((await surfaces(t, follower, q())).following.includes(removed.id));
      assert.equal((await call(t, author, 'GET', `/api/v1/notes/${removed.id}`)).statusCode, 200);
      assert.equal((await mentions(follower)).length, 1, 'the notification names the note again');
      // A second appeal of the same decision is refused, granted or not.
      assertProblem(await call(t, author, 'POST', '/api/v1/appeals', { caseId: removeCase, text: 'once more' }), 409, 'already_appealed');
    });

    it('keeps a limited note out of Explore, search and topic pages, but on the profile, in Following and by link', async () => {
      limitCase = await report(t, stranger, 'note', limited.id, 'misinformation');
      await act(t, mod, limitCase, 'limit', 'Unverified claims');
      await t.ctx.jobs.drain();
      for (const who of [stranger, follower, null]) {
        const s = await surfaces(t, who, q());
        for (const name of ['explore', 'search', 'topicNew', 'topicHot'] as const)
          assert.ok(!s[name].includes(limited.id), `${name} shows the limited note to ${who?.handle ?? 'anonymous'}`);
        assert.ok(s.profile.includes(limited.id), 'the profile lacks the limited note');
        assert.ok(s.board.includes(limited.id), 'a board lacks the limited note');
        assert.ok(s.search.includes(control.id), 'search lost the other notes');
        assert.equal((await call(t, who, 'GET', `/api/v1/notes/${limited.id}`)).statusCode, 200);
      }
      assert.ok((await surfaces(t, follower, q())).following.includes(limited.id), 'Following lacks the limited note');
    });

    it('marks a sensitive note on its page and its cards for readers', async () => {
      sensitiveCase = await report(t, stranger, 'note', sensitive.id, 'sexual');
      await act(t, mod, sensitiveCase, 'sensitive', 'Blur it');
      for (const who of [stranger, null]) {
        const page = await getJson<Note>(t, who, `/api/v1/notes/${sensitive.id}`);
        assert.equal(page.moderation?.sensitive, true);
        const cards = await getJson<{ items: Array<{ id: string; moderation?: { sensitive?: boolean } }> }>(
          t,
          who,
          `/api/v1/users/${author.handle}/notes?limit=50`,
        );
        assert.equal(cards.items.find((c) => c.id === sensitive.id)?.moderation?.sensitive, true);
        assert.equal(cards.items.find((c) => c.id === control.id)?.moderation?.sensitive ?? false, false, 'an untouched note is not marked');
      }
      const s = await surfaces(t, stranger, q());
      assert.ok(s.explore.includes(sensitive.id) && s.search.includes(sensitive.id), 'a sensitive note stays in discovery');
    });

    it('writes every action to an audit log admins read and filter, and nothing can change it', async () => {
      const all = await getJson<AuditPage>(t, admin, '/api/v1/moderation/audit?limit=100');
      const actions = all.items.filter((e) => e.caseId !== null).map((e) => `${e.caseId}:${e.action}`);
      for (const want of [`${removeCase}:remove`, `${removeCase}:restore`, `${limitCase}:limit`, `${sensitiveCase}:sensitive`])
        assert.ok(actions.includes(want), `no audit entry ${want}`);
      const entry = all.items.find((e) => e.caseId === limitCase);
      assert.equal(entry?.actor?.handle, mod.handle);
      assert.equal(entry?.target.type, 'note');
      assert.equal(entry?.target.id, limited.id);
      assert.equal(entry?.note, 'Unverified claims');
      const byAction = await getJson<AuditPage>(t, admin, '/api/v1/moderation/audit?action=limit');
      assert.deepEqual(
        byAction.items.map((e) => e.caseId),
        [limitCase],
      );
      const byCase = await getJson<AuditPage>(t, admin, `/api/v1/moderation/audit?caseId=${removeCase}`);
      assert.deepEqual(
        byCase.items.map((e) => e.action),
        ['restore', 'remove'],
        'newest first',
      );
      const byActor = await getJson<AuditPage>(t, admin, `/api/v1/moderation/audit?actor=${mod.handle}`);
      assert.ok(byActor.items.length >= 4 && byActor.items.every((e) => e.actor?.handle === mod.handle));
      assert.equal((await getJson<AuditPage>(t, admin, `/api/v1/moderation/audit?actor=${admin.handle}`)).items.filter((e) => e.caseId !== null).length, 0);
      // A moderator may act but not read the log.
      assertProblem(await call(t, mod, 'GET', '/api/v1/moderation/audit'), 403, 'admins_only');
      // Append-only, below the app too.
      const db = t.ctx.db.kysely;
      await assert.rejects(sql`UPDATE moderation_audit SET note = 'rewritten'`.execute(db), /append-only/);
      await assert.rejects(sql`DELETE FROM moderation_audit`.execute(db), /append-only/);
      const again = await getJson<AuditPage>(t, admin, '/api/v1/moderation/audit?limit=100');
      assert.equal(again.items.length, all.items.length);
      assert.ok(again.items.every((e) => e.note !== 'rewritten'));
    });
  });
}
