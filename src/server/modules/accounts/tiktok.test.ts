// The TikTok username a person declares on their profile: normalised, unique, cleared with null,
// announced to the importer when set, and found again by the importer's batched lookup.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { assertProblem } from '../../../../test/support/problem.ts';
import { TIKTOK_USERNAME_INPUT_PATTERN } from '../../../shared/api/accounts.ts';
import { TIKTOK_USERNAME_PATTERN } from '../../../shared/api/portability.ts';

describe('the TikTok username rule', () => {
  it('is the portability contract’s rule with an optional leading @', () => {
    assert.equal(TIKTOK_USERNAME_INPUT_PATTERN, TIKTOK_USERNAME_PATTERN.replace('^', '^@?'));
  });
});

for (const kind of DB_KINDS) {
  describe(`TikTok usernames on profiles [${kind}]`, () => {
    let t: TestApp;
    const declared: Array<{ userId: string; tiktokUsername: string }> = [];
    before(async () => {
      t = await testApp(kind);
      t.ctx.events.on('account.tiktok_declared', 'test.tiktok', async (p) => void declared.push(p));
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const patch = (who: Account, payload: unknown) => t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(who), payload: payload as object });

    it('stores what the person types lower-case without the @, shows it on /me and the profile, and announces it once', async () => {
      const ana = await signUp(t.app, 'tt_ana');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(ana) })).json().tiktokUsername, null);
      const res = await patch(ana, { tiktokUsername: '@Ana.Dances_88' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().tiktokUsername, 'ana.dances_88');
      assert.equal((await t.app.inject({ url: '/api/v1/users/tt_ana' })).json().tiktokUsername, 'ana.dances_88');
      assert.deepEqual(declared, [{ userId: ana.id, tiktokUsername: 'ana.dances_88' }]);
      // The same again (in another case) is no news; a change is.
      assert.equal((await patch(ana, { tiktokUsername: 'ANA.dances_88' })).statusCode, 200);
      assert.equal(declared.length, 1);
      assert.equal((await patch(ana, { tiktokUsername: 'ana_new' })).json().tiktokUsername, 'ana_new');
      assert.deepEqual(declared.at(-1), { userId: ana.id, tiktokUsername: 'ana_new' });
      // Other fields leave it as it is.
      assert.equal((await patch(ana, { bio: 'hello' })).json().tiktokUsername, 'ana_new');
    });

    it('answers 409 tiktok_username_taken for a username someone declared, in any case', async () => {
      const [bo, cai] = [await signUp(t.app, 'tt_bo'), await signUp(t.app, 'tt_cai')];
      assert.equal((await patch(bo, { tiktokUsername: 'bo.official' })).statusCode, 200);
      const p = assertProblem(await patch(cai, { tiktokUsername: '@BO.Official' }), 409, 'tiktok_username_taken');
      assert.deepEqual(p.errors, [{ field: 'tiktokUsername', message: 'is already declared by someone else' }]);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(cai) })).json().tiktokUsername, null);
      // Cleared with null, it is free for the next person.
      const cleared = await patch(bo, { tiktokUsername: null });
      assert.equal(cleared.json().tiktokUsername, null);
      assert.equal((await patch(cai, { tiktokUsername: 'bo.official' })).json().tiktokUsername, 'bo.official');
      assert.ok(!declared.some((d) => d.userId === bo.id && d.tiktokUsername !== 'bo.official'), 'clearing announces nothing');
    });

    it('refuses what TikTok would not allow with a 400', async () => {
      const dan = await signUp(t.app, 'tt_dan');
      for (const tiktokUsername of ['a', '@', '@@dan', 'has space', 'dan!', 'x'.repeat(25), '丹丹丹', { name: 'dan' }]) {
        assertProblem(await patch(dan, { tiktokUsername }), 400, 'validation_failed');
      }
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(dan) })).json().tiktokUsername, null);
    });

    it('finds people by the usernames they declared, in batches, leaving out people whose deletion is pending', async () => {
      const people: Account[] = [];
      for (let i = 0; i < 3; i++) {
        const p = await signUp(t.app, `tt_find${i}`);
        assert.equal((await patch(p, { tiktokUsername: `find.me_${i}` })).statusCode, 200);
        people.push(p);
      }
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(people[2]!), payload: { password: STRONG_PASSWORD } })).statusCode,
        202,
      );
      // 1,200 asked: three batches, duplicates and other spellings folded.
      const asked = [...Array.from({ length: 1197 }, (_, i) => `nobody_${i}`), '@FIND.me_0', 'find.me_1', 'find.me_2'];
      const found = await t.ctx.accounts.byTikTokUsernames(asked);
      assert.deepEqual([...found.keys()].sort(), ['find.me_0', 'find.me_1']);
      assert.deepEqual(found.get('find.me_0'), { userId: people[0]!.id, handle: 'tt_find0', displayName: 'Test tt_find0', avatar: null });
      assert.equal((await t.ctx.accounts.byTikTokUsernames([])).size, 0);
    });
  });
}
