// The moderation queue's mechanics over HTTP, on SQLite and PostgreSQL: reports gather into one
// case, claims keep two moderators apart, a case is decided once (an appeal reopens it once), the
// people concerned are told, and the audit log keeps every decision and refuses to be rewritten.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Account, bearer, ORIGIN, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { assertProblem } from '../../../../test/support/problem.ts';
import type { AuditPage, CaseDetail, CasePage, ModerationCase, NoticePage, ReportReceipt } from '../../../shared/api/moderation.ts';
import type { NotificationPage } from '../../../shared/api/notify.ts';

for (const kind of DB_KINDS) {
  describe(`moderation cases [${kind}]`, () => {
    let t: TestApp;
    let admin: Account;
    let mod: Account;
    let author: Account;
    let r1: Account;
    let r2: Account;
    const as = (who: Account | null, method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { origin: ORIGIN, ...(who ? bearer(who) : {}) }, ...(payload ? { payload } : {}) });
    const post = async (who: Account, title: string) => (await postNote(t.app, who, { title, body: `${title}, a note to report` })).id;
    const report = (who: Account, targetId: string, reason = 'spam', targetType = 'note') =>
      as(who, 'POST', '/api/v1/reports', { targetType, targetId, reason, text: 'please look' });

    before(async () => {
      t = await testApp(kind);
      admin = await signUp(t.app, 'mod_admin');
      // A moderator's role is read with their session: made before they sign in.
      const modHandle = 'mod_mod';
      mod = await signUp(t.app, modHandle);
      await t.ctx.accounts.setRole(modHandle, 'moderator');
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { origin: ORIGIN },
        payload: { handle: modHandle, password: 'correct-horse-battery-7' },
      });
      mod = { ...mod, token: (login.json() as { token: string }).token };
      author = await signUp(t.app, 'mod_author');
      r1 = await signUp(t.app, 'mod_r1');
      r2 = await signUp(t.app, 'mod_r2');
    });
    after(() => t.close());

    it('gathers every report of one thing into one open case, one report a person', async () => {
      const noteId = await post(author, 'gathered');
      const a = (await report(r1, noteId, 'spam')).json() as ReportReceipt;
      const b = await report(r2, noteId, 'harassment');
      assert.equal(b.statusCode, 201);
      assert.equal((b.json() as ReportReceipt).caseId, a.caseId);
      const again = (await report(r1, noteId, 'hate')).json() as ReportReceipt;
      assert.deepEqual([again.caseId, again.created, again.id], [a.caseId, false, a.id]);
      const c = (await as(mod, 'GET', `/api/v1/moderation/cases/${a.caseId}`)).json() as CaseDetail;
      assert.equal(c.reporterCount, 2);
      assert.deepEqual(c.reasons.map((r) => r.reason).sort(), ['harassment', 'spam']);
      assert.deepEqual(c.target, { type: 'note', id: noteId });
      assert.equal(c.content?.title, 'gathered');
      assert.equal(c.authorHistory?.handle, 'mod_author');
      assert.equal(c.reports.length, 2);
      const open = (await as(mod, 'GET', '/api/v1/moderation/cases?status=open')).json() as CasePage;
      assert.ok(open.items.some((i) => i.id === a.caseId));
    });

    it('refuses reports of oneself, of what the reporter cannot see, and of nothing; 401 without a session', async () => {
      const noteId = await post(author, 'mine');
      await assertProblem(await report(author, noteId), 400, 'self_target');
      await assertProblem(await report(r1, '0190aaaa-0000-7000-8000-000000000000'), 404, 'not_found');
      const hidden = await post(author, 'hidden');
      await as(author, 'PATCH', `/api/v1/notes/${hidden}`, { visibility: 'only_me' });
      await assertProblem(await report(r1, hidden), 404, 'not_found');
      await assertProblem(await report(null as unknown as Account, noteId), 401, 'unauthenticated');
      await assertProblem(await as(r1, 'POST', '/api/v1/reports', { targetType: 'note', targetId: noteId, reason: 'rude' }), 400, 'validation_failed');
      // A person is reported by handle.
      const person = await report(r1, 'mod_author', 'spam', 'user');
      assert.equal(person.statusCode, 201, person.body);
    });

    it('keeps a claimed case to its moderator until released; an admin may step in', async () => {
      const noteId = await post(author, 'claimed');
      const { caseId } = (await report(r1, noteId)).json() as ReportReceipt;
      const claimed = (await as(mod, 'POST', `/api/v1/moderation/cases/${caseId}/claim`)).json() as ModerationCase;
      assert.equal(claimed.claimedBy?.handle, 'mod_mod');
      const mine = (await as(mod, 'GET', '/api/v1/moderation/cases?status=claimed')).json() as CasePage;
      assert.deepEqual(
        mine.items.map((i) => i.id),
        [caseId],
      );
      // Another moderator is kept off; the admin is not.
      const other = await signUp(t.app, 'mod_other');
      await t.ctx.accounts.setRole('mod_other', 'moderator');
      const otherLogin = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { origin: ORIGIN },
        payload: { handle: 'mod_other', password: 'correct-horse-battery-7' },
      });
      const other2 = { ...other, token: (otherLogin.json() as { token: string }).token };
      await assertProblem(await as(other2, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'dismiss', note: 'fine' }), 409, 'case_claimed');
      const released = (await as(mod, 'DELETE', `/api/v1/moderation/cases/${caseId}/claim`)).json() as ModerationCase;
      assert.equal(released.claimedBy, null);
      const done = await as(admin, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'dismiss', note: 'not spam' });
      assert.equal(done.statusCode, 200, done.body);
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'remove', note: 'late' }), 409, 'case_closed');
    });

    it('checks the action fits the case: no limit for a person, no uphold without an appeal, suspend needs days, a note is required', async () => {
      const { caseId: personCase } = (await report(r2, 'mod_author', 'harassment', 'user')).json() as ReportReceipt;
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'limit', note: 'x' }), 409, 'invalid_action');
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'uphold', note: 'x' }), 409, 'invalid_action');
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'suspend', note: 'x' }), 400, 'validation_failed');
      await assertProblem(
        await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'dismiss', note: '   ' }),
        400,
        'validation_failed',
      );
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'erase', note: 'x' }), 400, 'validation_failed');
      await assertProblem(await as(mod, 'GET', '/api/v1/moderation/cases/0190aaaa-0000-7000-8000-000000000000'), 404, 'not_found');
      const ok = await as(mod, 'POST', `/api/v1/moderation/cases/${personCase}/actions`, { action: 'dismiss', note: 'nothing wrong' });
      assert.equal(ok.statusCode, 200);
    });

    it('tells the author and the reporters, hears one appeal, and reopens the case for it', async () => {
      const noteId = await post(author, 'appealed');
      const { caseId } = (await report(r1, noteId, 'misinformation')).json() as ReportReceipt;
      const removed = (
        await as(mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'remove', note: 'False claims about vaccines.' })
      ).json() as ModerationCase;
      assert.equal(removed.status, 'resolved');
      assert.equal(removed.resolution?.action, 'remove');
      assert.equal(removed.state.removed, true);

      const authorNotes = (await as(author, 'GET', '/api/v1/notifications')).json() as NotificationPage;
      const told = authorNotes.items.find((i) => i.kind === 'moderation' && i.moderation?.caseId === caseId);
      assert.equal(told?.moderation?.action, 'remove');
      const reporterNotes = (await as(r1, 'GET', '/api/v1/notifications')).json() as NotificationPage;
      assert.ok(reporterNotes.items.some((i) => i.kind === 'report_outcome' && i.moderation?.caseId === caseId));

      const notices = (await as(author, 'GET', '/api/v1/me/moderation')).json() as NoticePage;
      const notice = notices.items.find((n) => n.caseId === caseId);
      assert.deepEqual([notice?.kind, notice?.note, notice?.canAppeal], ['action', 'False claims about vaccines.', true]);
      const theirs = (await as(r1, 'GET', '/api/v1/me/moderation')).json() as NoticePage;
      const outcome = theirs.items.find((n) => n.caseId === caseId);
      assert.deepEqual([outcome?.kind, outcome?.note, outcome?.canAppeal], ['report_outcome', '', false]);

      await assertProblem(await as(r1, 'POST', '/api/v1/appeals', { caseId, text: 'not mine to appeal' }), 404, 'not_found');
      const appeal = await as(author, 'POST', '/api/v1/appeals', { caseId, text: 'The sources are in the comments.' });
      assert.equal(appeal.statusCode, 201, appeal.body);
      await assertProblem(await as(author, 'POST', '/api/v1/appeals', { caseId, text: 'again' }), 409, 'already_appealed');
      const appealed = (await as(mod, 'GET', '/api/v1/moderation/cases?status=appealed')).json() as CasePage;
      const back = appealed.items.find((i) => i.id === caseId);
      assert.equal(back?.appeal?.text, 'The sources are in the comments.');
      assert.equal(back?.status, 'open');
      await assertProblem(await as(mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'dismiss', note: 'x' }), 409, 'invalid_action');
      const restored = (
        await as(mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action: 'restore', note: 'Sources check out.' })
      ).json() as ModerationCase;
      assert.equal(restored.state.removed, false);
      assert.equal(restored.appeal?.state, 'decided');
      assert.equal((await as(r2, 'GET', `/api/v1/notes/${noteId}`)).statusCode, 200);
      // A dismissal is not appealable: nothing was done.
      const { caseId: dismissed } = (await report(r2, await post(author, 'fine'))).json() as ReportReceipt;
      await as(mod, 'POST', `/api/v1/moderation/cases/${dismissed}/actions`, { action: 'dismiss', note: 'fine' });
      await assertProblem(await as(author, 'POST', '/api/v1/appeals', { caseId: dismissed, text: 'why' }), 409, 'not_appealable');
    });

    it('writes every decision to an audit log admins read and filter, which refuses to be rewritten', async () => {
      const all = (await as(admin, 'GET', '/api/v1/moderation/audit')).json() as AuditPage;
      assert.ok(all.items.length >= 4);
      assert.ok(all.items.every((e) => e.caseId === null || typeof e.caseId === 'string'));
      const removes = (await as(admin, 'GET', '/api/v1/moderation/audit?action=remove')).json() as AuditPage;
      assert.ok(removes.items.length >= 1 && removes.items.every((e) => e.action === 'remove'));
      const byMod = (await as(admin, 'GET', '/api/v1/moderation/audit?actor=mod_mod&limit=1')).json() as AuditPage;
      assert.equal(byMod.items.length, 1);
      assert.equal(byMod.items[0]?.actor?.handle, 'mod_mod');
      assert.ok(byMod.nextCursor);
      const next = (await as(admin, 'GET', `/api/v1/moderation/audit?actor=mod_mod&limit=1&cursor=${byMod.nextCursor}`)).json() as AuditPage;
      assert.notEqual(next.items[0]?.id, byMod.items[0]?.id);
      await assertProblem(await as(mod, 'GET', '/api/v1/moderation/audit'), 403, 'admins_only');
      const db = t.ctx.db.kysely;
      await assert.rejects(sql`UPDATE moderation_audit SET note = 'rewritten'`.execute(db), /append-only/);
      await assert.rejects(sql`DELETE FROM moderation_audit`.execute(db), /append-only/);
    });

    it('keeps the queue from members (403) and strangers (401)', async () => {
      for (const [method, url, payload] of [
        ['GET', '/api/v1/moderation/cases', undefined],
        ['GET', '/api/v1/moderation/probation', undefined],
        ['POST', '/api/v1/moderation/probation/mod_author/approve', undefined],
      ] as const) {
        await assertProblem(await as(r1, method, url, payload), 403, 'moderators_only');
        await assertProblem(await as(null, method, url, payload), 401, 'unauthenticated');
      }
    });
  });
}
