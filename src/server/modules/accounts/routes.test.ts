import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertNo5xx, bearer, cookieAuth, ORIGIN, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';

for (const kind of DB_KINDS) {
  describe(`accounts HTTP [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('signs up with 201, a session cookie with safe flags, and a bearer token', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { origin: ORIGIN },
        payload: { handle: 'Chengdu_Xiaoyu', password: STRONG_PASSWORD, displayName: '小雨', languages: ['zh', 'en'], uiLanguage: 'zh' },
      });
      assert.equal(res.statusCode, 201);
      const body = res.json();
      assert.equal(body.user.handle, 'chengdu_xiaoyu');
      assert.equal(body.user.displayName, '小雨');
      assert.equal(typeof body.token, 'string');
      assert.equal(body.user.password_hash, undefined);
      assert.equal(body.user.passwordHash, undefined);
      const c = res.cookies.find((x) => x.name === 'biji_session');
      assert.ok(c);
      assert.equal(c.httpOnly, true);
      assert.equal(c.sameSite, 'Lax');
      assert.equal(c.value, body.token);
      assert.ok(res.headers['x-request-id']);
    });

    it('answers 409 problem+json for a taken handle in any case', async () => {
      await signUp(t.app, 'taken_handle');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { handle: 'TAKEN_handle', password: STRONG_PASSWORD, displayName: 'x' },
      });
      assert.equal(res.statusCode, 409);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      const p = res.json();
      assert.equal(p.code, 'handle_taken');
      assert.equal(p.status, 409);
      assert.deepEqual(p.errors, [{ field: 'handle', message: 'is already taken' }]);
      assert.equal(p.requestId, res.headers['x-request-id']);
    });

    it('logs in by handle, reads /me by cookie and by bearer, and logs out', async () => {
      const a = await signUp(t.app, 'login_http');
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: 'Login_HTTP', password: STRONG_PASSWORD } });
      assert.equal(login.statusCode, 200);
      const token = login.json().token as string;
      const viaBearer = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(viaBearer.json().handle, 'login_http');
      const viaCookie = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `biji_session=${a.cookie}` } });
      assert.equal(viaCookie.statusCode, 200);
      const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: bearer({ ...a, token }) });
      assert.equal(out.statusCode, 204);
      const after = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().code, 'invalid_token');
      // the other session (the cookie from sign-up) still works
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode, 200);
    });

    it('gives one 401 for a wrong password and an unknown handle', async () => {
      await signUp(t.app, 'pw_owner');
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: 'pw_owner', password: 'not-the-password' } });
      const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: 'no_one_at_all', password: 'not-the-password' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      const strip = (b: { requestId?: string }) => ({ ...b, requestId: undefined });
      assert.deepEqual(strip(wrong.json()), strip(unknown.json()));
    });

    it('answers 401 for a malformed, unknown or missing token', async () => {
      for (const authorization of ['Bearer nope', 'Basic abc', `Bearer ${'a'.repeat(43)}`]) {
        const res = await t.app.inject({ url: '/api/v1/me', headers: { authorization } });
        assert.equal(res.statusCode, 401, authorization);
        assert.equal(res.json().code, 'invalid_token');
      }
      const none = await t.app.inject({ url: '/api/v1/me' });
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().code, 'unauthenticated');
      // a stale cookie on a public route is treated as signed out, not as an error
      const stale = await t.app.inject({ url: '/api/v1/users/pw_owner', headers: { cookie: `biji_session=${'b'.repeat(43)}` } });
      assert.equal(stale.statusCode, 200);
      assert.equal(stale.json().viewer, null);
    });

    it('lists my sessions and revokes one', async () => {
      const a = await signUp(t.app, 'many_sessions');
      const second = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { 'user-agent': 'Phone/1.0' },
        payload: { handle: 'many_sessions', password: STRONG_PASSWORD },
      });
      const list = await t.app.inject({ url: '/api/v1/sessions', headers: bearer(a) });
      const items = list.json().items as Array<{ id: string; current: boolean; userAgent: string | null }>;
      assert.equal(items.length, 2);
      const other = items.find((s) => !s.current);
      assert.ok(other);
      assert.equal(other.userAgent, 'Phone/1.0');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${other.id}`, headers: bearer(a) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${second.json().token}` } })).statusCode, 401);
      const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/sessions/${other.id}`, headers: bearer(a) });
      assert.equal(again.statusCode, 404);
      const bad = await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/not-an-id', headers: bearer(a) });
      assert.equal(bad.statusCode, 400);
    });

    it('edits my profile with PATCH and shows it on the public profile', async () => {
      const a = await signUp(t.app, 'patch_me');
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: cookieAuth(a),
        payload: { displayName: 'Mittens’ human', bio: 'Ohio 🐱 #cattax', region: 'Ohio', languages: ['en'], uiLanguage: 'en' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().bio, 'Ohio 🐱 #cattax');
      const pub = await t.app.inject({ url: '/api/v1/users/patch_me' });
      assert.deepEqual(
        { ...(pub.json() as object), createdAt: undefined },
        {
          handle: 'patch_me',
          displayName: 'Mittens’ human',
          bio: 'Ohio 🐱 #cattax',
          bioLangs: ['en'],
          languages: ['en'],
          region: 'Ohio',
          avatar: null,
          followersCount: 0,
          followingCount: 0,
          createdAt: undefined,
          tiktokUsername: null,
          viewer: null,
        },
      );
      const tooLong = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(a), payload: { bio: '字'.repeat(201) } });
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.json().errors[0].field, 'bio');
      const empty = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(a), payload: {} });
      assert.equal(empty.statusCode, 400);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(a) })).json().bio, 'Ohio 🐱 #cattax');
    });

    it('follows, lists followers and following with cursors, and unfollows', async () => {
      const star = await signUp(t.app, 'http_star');
      const fans = [];
      for (let i = 0; i < 5; i++) fans.push(await signUp(t.app, `http_fan_${i}`));
      for (const f of fans) {
        const r = await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_star/follow', headers: cookieAuth(f) });
        assert.equal(r.statusCode, 204);
      }
      const seen: string[] = [];
      let url = '/api/v1/users/http_star/followers?limit=2';
      for (let i = 0; i < 5; i++) {
        const page = (await t.app.inject({ url })).json();
        seen.push(...page.items.map((x: { handle: string }) => x.handle));
        if (!page.nextCursor) break;
        url = `/api/v1/users/http_star/followers?limit=2&cursor=${page.nextCursor}`;
      }
      assert.deepEqual(seen, fans.map((f) => f.handle).reverse());
      const following = (await t.app.inject({ url: '/api/v1/users/http_fan_0/following' })).json();
      assert.deepEqual(following, { items: [{ handle: 'http_star', displayName: 'Test http_star', bio: '', avatar: null }], nextCursor: null });
      const prof = (await t.app.inject({ url: '/api/v1/users/http_star', headers: bearer(fans[0]!) })).json();
      assert.equal(prof.followersCount, 5);
      assert.deepEqual(prof.viewer, { following: true, followedBy: false, blocking: false, muting: false });
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/users/http_star/follow', headers: bearer(fans[0]!) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/users/http_star', headers: bearer(star) })).json().followersCount, 4);
      const badLimit = await t.app.inject({ url: '/api/v1/users/http_star/followers?limit=1000' });
      assert.equal(badLimit.statusCode, 400);
      assert.equal(badLimit.json().errors[0].field, 'limit');
      const badCursor = await t.app.inject({ url: '/api/v1/users/http_star/followers?cursor=%00%27' });
      assert.equal(badCursor.statusCode, 400);
    });

    it('blocks and mutes through PUT/DELETE, and a blocked person cannot follow or see', async () => {
      const a = await signUp(t.app, 'http_blocker');
      const b = await signUp(t.app, 'http_blocked');
      await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocker/follow', headers: bearer(b) });
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocked/block', headers: bearer(a) })).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocked/mute', headers: bearer(a) })).statusCode, 204);
      const mine = (await t.app.inject({ url: '/api/v1/users/http_blocked', headers: bearer(a) })).json();
      assert.deepEqual(mine.viewer, { following: false, followedBy: false, blocking: true, muting: true });
      assert.equal((await t.app.inject({ url: '/api/v1/users/http_blocker', headers: bearer(b) })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocker/follow', headers: bearer(b) })).statusCode, 404);
      const back = await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocked/follow', headers: bearer(a) });
      assert.equal(back.statusCode, 403);
      assert.equal(back.json().code, 'blocked');
      assert.equal((await t.app.inject({ url: '/api/v1/users/http_blocker', headers: bearer(a) })).json().followersCount, 0);
      assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/users/http_blocked/block', headers: bearer(a) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/users/http_blocker', headers: bearer(b) })).statusCode, 200);
      const self = await t.app.inject({ method: 'PUT', url: '/api/v1/users/http_blocker/block', headers: bearer(a) });
      assert.equal(self.statusCode, 400);
    });

    it('refuses writes without sign-in, and cookie writes from a foreign or missing Origin', async () => {
      const a = await signUp(t.app, 'csrf_target');
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/v1/users/csrf_target/follow' })).statusCode, 401);
      const foreign = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie: `biji_session=${a.cookie}`, origin: 'https://evil.example' },
        payload: { bio: 'pwned' },
      });
      assert.equal(foreign.statusCode, 403);
      assert.equal(foreign.json().code, 'csrf_failed');
      const missing = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: `biji_session=${a.cookie}` }, payload: { bio: 'pwned' } });
      assert.equal(missing.statusCode, 403);
      const sameSite = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { cookie: `biji_session=${a.cookie}`, 'sec-fetch-site': 'same-origin' },
        payload: { bio: 'ok' },
      });
      assert.equal(sameSite.statusCode, 200);
      const loginFromElsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: { origin: 'https://evil.example' },
        payload: { handle: 'csrf_target', password: STRONG_PASSWORD },
      });
      assert.equal(loginFromElsewhere.statusCode, 403);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(a) })).json().bio, 'ok');
      // GET with a cookie and no Origin is fine: reads are not CSRF targets
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { cookie: `biji_session=${a.cookie}` } })).statusCode, 200);
    });
  });
}
