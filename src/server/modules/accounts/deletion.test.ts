// Deleting an account over HTTP: sessions end and the profile is gone at once, the handle stays
// taken, logging in during the grace period cancels, and the instance keeps an admin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { assertProblem } from '../../../../test/support/problem.ts';

const DAY_MS = 86_400_000;

for (const kind of DB_KINDS) {
  describe(`deleting an account [${kind}]`, () => {
    let t: TestApp;
    let admin: Account;
    const requested: Array<{ userId: string; erasesAt: string }> = [];
    const cancelled: string[] = [];
    before(async () => {
      t = await testApp(kind);
      // The first account is the instance's admin.
      admin = await signUp(t.app, 'del_admin');
      t.ctx.events.on('account.deletion_requested', 'test.deletion', async (p) => void requested.push(p));
      t.ctx.events.on('account.deletion_cancelled', 'test.deletion', async (p) => void cancelled.push(p.userId));
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const del = (who: Account | null, payload: unknown) =>
      t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: who ? bearer(who) : {}, payload: payload as object });
    const logIn = (handle: string, password = STRONG_PASSWORD) => t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle, password } });

    it('answers 202 with when everything will be erased, ends every session at once and hides the profile from everyone', async () => {
      const gone = await signUp(t.app, 'del_gone');
      const friend = await signUp(t.app, 'del_friend');
      const second = (await logIn('del_gone')).json().token as string;
      for (const [a, b] of [
        [gone, friend],
        [friend, gone],
      ] as const)
        assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/users/${b.handle}/follow`, headers: bearer(a) })).statusCode, 204);
      // Warm every cache of them first: what is shown must not come from a stale copy.
      assert.equal((await t.app.inject({ url: '/api/v1/users/del_gone' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/api/v1/users/del_gone', headers: bearer(friend) })).statusCode, 200);

      const before = Date.now();
      const res = await del(gone, { password: STRONG_PASSWORD });
      assert.equal(res.statusCode, 202, res.body);
      const { erasesAt } = res.json() as { erasesAt: string };
      const due = Date.parse(erasesAt);
      assert.ok(due >= before + 7 * DAY_MS - 1000 && due <= Date.now() + 7 * DAY_MS + 1000, erasesAt);
      assert.deepEqual(
        requested.filter((r) => r.userId === gone.id),
        [{ userId: gone.id, erasesAt }],
      );
      assert.equal(await t.ctx.accounts.pendingErasure(gone.id), erasesAt);

      // Every session is over: the one that asked and the other device.
      for (const token of [gone.token, second]) {
        const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
        assert.equal(me.statusCode, 401, 'the old token no longer signs in');
      }
      // The profile is gone for anonymous readers, for people who followed them, and for the admin.
      for (const headers of [{}, bearer(friend), bearer(admin)]) {
        assertProblem(await t.app.inject({ url: '/api/v1/users/del_gone', headers }), 404, 'not_found');
        assertProblem(await t.app.inject({ url: '/api/v1/users/del_gone/followers', headers }), 404, 'not_found');
      }
      await assert.rejects(t.ctx.accounts.me(gone.id));
      assert.equal((await t.ctx.accounts.summaries([gone.id])).size, 0);
      // …and from others' lists.
      for (const which of ['followers', 'following']) {
        const list = await t.app.inject({ url: `/api/v1/users/del_friend/${which}` });
        assert.deepEqual(list.json().items, [], which);
      }
      assertProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/users/del_gone/follow', headers: bearer(friend) }), 404, 'not_found');
      // The handle stays taken until they are erased.
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { handle: 'del_gone', password: STRONG_PASSWORD, displayName: 'x' },
      });
      assertProblem(again, 409, 'handle_taken');
    });

    it('cancels the deletion when the person logs in during the grace period, and says so', async () => {
      const back = await signUp(t.app, 'del_back', { displayName: 'Back Again' });
      assert.equal((await del(back, { password: STRONG_PASSWORD })).statusCode, 202);
      assertProblem(await t.app.inject({ url: '/api/v1/users/del_back' }), 404, 'not_found');

      const login = await logIn('DEL_BACK');
      assert.equal(login.statusCode, 200, login.body);
      assert.equal(login.json().deletionCancelled, true);
      assert.deepEqual(cancelled, [back.id]);
      assert.equal(await t.ctx.accounts.pendingErasure(back.id), null);
      const profile = await t.app.inject({ url: '/api/v1/users/del_back' });
      assert.equal(profile.statusCode, 200);
      assert.equal(profile.json().displayName, 'Back Again');
      const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${login.json().token}` } });
      assert.equal(me.statusCode, 200);
      // An ordinary log-in says nothing about a deletion.
      const plain = await logIn('del_back');
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.json().deletionCancelled, undefined);
    });

    it('refuses a wrong password like a wrong log-in, and changes nothing', async () => {
      const careful = await signUp(t.app, 'del_careful');
      assertProblem(await del(careful, { password: 'not-my-password-1' }), 401, 'invalid_credentials');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(careful) })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/api/v1/users/del_careful' })).statusCode, 200);
      assert.equal(await t.ctx.accounts.pendingErasure(careful.id), null);
    });

    it('refuses the instance’s only admin with a 409 until someone else is an admin', async () => {
      const p = assertProblem(await del(admin, { password: STRONG_PASSWORD }), 409, 'last_admin');
      assert.match(p.detail, /only admin/);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(admin) })).statusCode, 200, 'still signed in');
      const heir = await signUp(t.app, 'del_heir');
      await t.ctx.accounts.setRole(heir.handle, 'admin');
      assert.equal((await del(admin, { password: STRONG_PASSWORD })).statusCode, 202);
      // Now the heir is the only admin left standing (the leaving one does not count).
      assertProblem(await del(heir, { password: STRONG_PASSWORD }), 409, 'last_admin');
      await assert.rejects(t.ctx.accounts.setRole(heir.handle, 'member'), /only admin/);
    });

    it('refuses a request without a valid body (400) or without a session (401)', async () => {
      const who = await signUp(t.app, 'del_invalid');
      for (const payload of [
        {},
        { password: '' },
        { password: { value: STRONG_PASSWORD } },
        { password: STRONG_PASSWORD, extra: true },
        { password: 'x'.repeat(1025) },
      ]) {
        assertProblem(await del(who, payload), 400, 'validation_failed');
      }
      assertProblem(await del(null, { password: STRONG_PASSWORD }), 401, 'unauthenticated');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(who) })).statusCode, 200);
    });

    it('documents the route in OpenAPI', () => {
      const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
      const op = doc.paths['/api/v1/me']?.delete;
      assert.equal(op?.operationId, 'deleteAccount');
      assert.ok(op?.responses['202']);
      assert.ok(op?.responses['409']);
    });
  });

  describe(`deleting an account with no grace period left [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind, { DELETE_GRACE_DAYS: '0' });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('refuses a log-in once the erasure is due, and leaves it pending', async () => {
      await signUp(t.app, 'due_admin');
      const due = await signUp(t.app, 'due_person');
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(due), payload: { password: STRONG_PASSWORD } })).statusCode, 202);
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: 'due_person', password: STRONG_PASSWORD } });
      assertProblem(login, 403, 'forbidden');
      assert.notEqual(await t.ctx.accounts.pendingErasure(due.id), null);
    });
  });
}
