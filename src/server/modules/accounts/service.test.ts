import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STRONG_PASSWORD, testContext } from '../../../../test/support/app.ts';
import { rejectsWith } from '../../../../test/support/assert.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import type { AppContext } from '../../app.ts';
import type { AppError } from '../../platform/errors.ts';

const meta = { ip: '127.0.0.1', userAgent: 'node-test' };

for (const kind of DB_KINDS) {
  describe(`accounts service [${kind}]`, () => {
    let ctx: AppContext;
    let close: () => Promise<void>;
    const signUp = (handle: string, extra: Partial<{ languages: string[]; uiLanguage: 'en' | 'zh' }> = {}) =>
      ctx.accounts.signUp({ handle, password: STRONG_PASSWORD, displayName: `N ${handle}`, ...extra }, meta);

    before(async () => {
      ({ ctx, close } = await testContext(kind));
    });
    after(() => close());

    it('makes the first account the admin and later ones members', async () => {
      const first = await signUp('first_one');
      const second = await signUp('second_one');
      assert.equal(first.user.role, 'admin');
      assert.equal(second.user.role, 'member');
    });

    it('stores the handle lower-cased and refuses the same handle in another case', async () => {
      const r = await signUp('Mixed.Case_1', { languages: ['en', 'zh'], uiLanguage: 'zh' });
      assert.equal(r.user.handle, 'mixed.case_1');
      assert.deepEqual(r.user.languages, ['en', 'zh']);
      assert.equal(r.user.uiLanguage, 'zh');
      await rejectsWith(signUp('MIXED.case_1'), 409, 'handle_taken');
    });

    it('refuses common passwords and passwords made of the handle', async () => {
      for (const password of ['password1', 'iloveyou', 'password123', 'qwertyuiop']) {
        await rejectsWith(ctx.accounts.signUp({ handle: 'weak_pw', password, displayName: 'W' }, meta), 400, 'password_too_common');
      }
      await rejectsWith(ctx.accounts.signUp({ handle: 'catlover99', password: 'catlover99!', displayName: 'C' }, meta), 400, 'password_too_common');
      assert.equal(await ctx.accounts.profile(null, 'weak_pw').catch((e: AppError) => e.code), 'not_found');
    });

    it('refuses a display name that is only spaces or control characters', async () => {
      await rejectsWith(
        ctx.accounts.signUp({ handle: 'blank_name', password: STRONG_PASSWORD, displayName: ' \u200e\u0007 ' }, meta),
        400,
        'validation_failed',
      );
    });

    it('logs in with the right password and gives the same 401 for a wrong password or unknown handle', async () => {
      await signUp('login_me');
      const ok = await ctx.accounts.logIn({ handle: 'LOGIN_ME', password: STRONG_PASSWORD }, meta);
      assert.equal(ok.user.handle, 'login_me');
      await rejectsWith(ctx.accounts.logIn({ handle: 'login_me', password: 'wrong-password-1' }, meta), 401, 'invalid_credentials');
      await rejectsWith(ctx.accounts.logIn({ handle: 'nobody_here', password: 'wrong-password-1' }, meta), 401, 'invalid_credentials');
    });

    it('authenticates a token until its session is revoked', async () => {
      const r = await signUp('session_user');
      const second = await ctx.accounts.logIn({ handle: 'session_user', password: STRONG_PASSWORD }, meta);
      const auth = await ctx.accounts.authenticate(r.token);
      assert.ok(auth);
      assert.equal(auth.userId, r.user.id);
      const sessions = await ctx.accounts.listSessions(auth);
      assert.equal(sessions.length, 2);
      assert.equal(sessions.filter((s) => s.current).length, 1);
      await ctx.accounts.revokeSession(auth, second.sessionId);
      assert.equal(await ctx.accounts.authenticate(second.token), null);
      await ctx.accounts.logOut(auth);
      assert.equal(await ctx.accounts.authenticate(r.token), null);
      assert.equal(await ctx.accounts.authenticate('x'.repeat(43)), null);
    });

    it('counts follows exactly, both ways, and is idempotent', async () => {
      const a = await signUp('follow_a');
      const b = await signUp('follow_b');
      await ctx.accounts.follow(a.user.id, 'follow_b');
      await ctx.accounts.follow(a.user.id, 'follow_b');
      let pb = await ctx.accounts.profile(a.user.id, 'follow_b');
      assert.equal(pb.followersCount, 1);
      assert.deepEqual(pb.viewer, { following: true, followedBy: false, blocking: false, muting: false });
      assert.equal((await ctx.accounts.me(a.user.id)).followingCount, 1);
      await ctx.accounts.unfollow(a.user.id, 'follow_b');
      await ctx.accounts.unfollow(a.user.id, 'follow_b');
      pb = await ctx.accounts.profile(b.user.id, 'follow_b');
      assert.equal(pb.followersCount, 0);
      assert.equal(pb.viewer, null);
      await rejectsWith(ctx.accounts.follow(a.user.id, 'follow_a'), 400, 'cannot_follow_self');
      await rejectsWith(ctx.accounts.follow(a.user.id, 'no_such_person'), 404, 'not_found');
    });

    it('keeps counts exact under 30 concurrent follows of one person', async () => {
      const star = await signUp('star_person');
      const fans = await Promise.all(Array.from({ length: 30 }, (_, i) => signUp(`fan_${i}`)));
      await Promise.all(fans.map((f) => ctx.accounts.follow(f.user.id, 'star_person')));
      await Promise.all(fans.slice(0, 5).map((f) => ctx.accounts.follow(f.user.id, 'star_person')));
      assert.equal((await ctx.accounts.me(star.user.id)).followersCount, 30);
      // and the followers list pages through all of them, newest first, without repeats
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const p = await ctx.accounts.followList(null, 'star_person', 'followers', cursor, 7);
        seen.push(...p.items.map((i) => i.handle));
        if (!p.nextCursor) break;
        cursor = p.nextCursor;
      }
      assert.equal(seen.length, 30);
      assert.equal(new Set(seen).size, 30);
      const following = await ctx.accounts.followList(null, 'fan_0', 'following', undefined, 20);
      assert.deepEqual(
        following.items.map((i) => i.handle),
        ['star_person'],
      );
    });

    it('a block ends follows both ways, stops new follows and hides the blocker from the blocked', async () => {
      const a = await signUp('blocker_a');
      const b = await signUp('blocked_b');
      await ctx.accounts.follow(a.user.id, 'blocked_b');
      await ctx.accounts.follow(b.user.id, 'blocker_a');
      await ctx.accounts.setEdge('blocks', a.user.id, 'blocked_b', true);
      assert.equal((await ctx.accounts.me(a.user.id)).followersCount, 0);
      assert.equal((await ctx.accounts.me(a.user.id)).followingCount, 0);
      assert.equal((await ctx.accounts.me(b.user.id)).followersCount, 0);
      await rejectsWith(ctx.accounts.follow(b.user.id, 'blocker_a'), 404, 'not_found');
      await rejectsWith(ctx.accounts.follow(a.user.id, 'blocked_b'), 403, 'blocked');
      await rejectsWith(ctx.accounts.profile(b.user.id, 'blocker_a'), 404, 'not_found');
      await rejectsWith(ctx.accounts.followList(b.user.id, 'blocker_a', 'followers', undefined, 20), 404, 'not_found');
      const seenByBlocker = await ctx.accounts.profile(a.user.id, 'blocked_b');
      assert.equal(seenByBlocker.viewer?.blocking, true);
      assert.equal(await ctx.accounts.blockedEitherWay(b.user.id, a.user.id), true);
      await ctx.accounts.setEdge('blocks', a.user.id, 'blocked_b', false);
      await ctx.accounts.follow(b.user.id, 'blocker_a');
      assert.equal((await ctx.accounts.me(a.user.id)).followersCount, 1);
    });

    it('mutes and unmutes without touching follows', async () => {
      const a = await signUp('muter_a');
      await signUp('muted_b');
      await ctx.accounts.follow(a.user.id, 'muted_b');
      await ctx.accounts.setEdge('mutes', a.user.id, 'muted_b', true);
      let p = await ctx.accounts.profile(a.user.id, 'muted_b');
      assert.equal(p.viewer?.muting, true);
      assert.equal(p.viewer?.following, true);
      await ctx.accounts.setEdge('mutes', a.user.id, 'muted_b', false);
      p = await ctx.accounts.profile(a.user.id, 'muted_b');
      assert.equal(p.viewer?.muting, false);
    });

    it('edits the profile and keeps text as written, trimmed', async () => {
      const r = await signUp('editor_one');
      const me = await ctx.accounts.updateMe(r.user.id, {
        displayName: '  小雨 Xiaoyu ',
        bio: '成都 student 🐼 <b>not html</b>',
        region: ' Chengdu ',
        languages: ['zh', 'en'],
        uiLanguage: 'zh',
      });
      assert.equal(me.displayName, '小雨 Xiaoyu');
      assert.equal(me.bio, '成都 student 🐼 <b>not html</b>');
      assert.equal(me.region, 'Chengdu');
      assert.deepEqual(me.languages, ['zh', 'en']);
      const cleared = await ctx.accounts.updateMe(r.user.id, { region: null });
      assert.equal(cleared.region, null);
    });
  });
}
