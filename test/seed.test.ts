// `npm run seed` on a fresh instance: the demo people leave the admin claim to the first real sign-up,
// and each gets a password of their own that a re-run finds again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkSeedData, seed, seedPassword } from '../scripts/seed.ts';
import { SEED_PEOPLE, type SeedPerson } from '../scripts/seed-data.ts';
import type { AppContext } from '../src/server/app.ts';
import { STRONG_PASSWORD, testContext } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';

const meta = { ip: '127.0.0.1', userAgent: 'node-test' };
// Three people who follow one another (notes are left out: they take minutes to draw).
const PEOPLE: SeedPerson[] = SEED_PEOPLE.slice(0, 3).map((p, i, all) => ({ ...p, follows: all.filter((_, j) => j !== i).map((q) => q.handle) }));

describe('seed data', () => {
  it('passes the API schemas, with each password strong enough for sign-up', () => {
    assert.deepEqual(checkSeedData(SEED_PEOPLE), []);
  });

  it('gives each person a different password, the same again for the same secret', () => {
    const a = SEED_PEOPLE.map((p) => seedPassword('secret-a', p.handle));
    assert.equal(new Set(a).size, SEED_PEOPLE.length);
    assert.deepEqual(
      SEED_PEOPLE.map((p) => seedPassword('secret-a', p.handle)),
      a,
    );
    assert.notEqual(seedPassword('secret-b', SEED_PEOPLE[0]!.handle), a[0]);
    for (const pw of a) assert.match(pw, /^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/);
  });
});

for (const kind of DB_KINDS) {
  describe(`seed [${kind}]`, () => {
    let ctx: AppContext;
    let close: () => Promise<void>;
    before(async () => {
      ({ ctx, close } = await testContext(kind));
    });
    after(() => close());

    it('leaves the admin claim to the first person who signs up after it', async () => {
      const s = await seed(ctx, PEOPLE, { notes: false });
      assert.deepEqual(
        s.created,
        PEOPLE.map((p) => p.handle),
      );
      for (const r of s.passwords) assert.equal((await ctx.accounts.logIn({ handle: r.handle, password: r.password }, meta)).user.role, 'member');
      const first = await ctx.accounts.signUp({ handle: 'first_real_person', password: STRONG_PASSWORD, displayName: 'First' }, meta);
      assert.equal(first.user.role, 'admin');
    });

    it('prints a password for each person that signs them in, and finds them again on a re-run', async () => {
      const again = await seed(ctx, PEOPLE, { notes: false });
      assert.deepEqual(again.created, []);
      assert.deepEqual(again.locked, []);
      assert.deepEqual(
        again.passwords.map((r) => r.handle),
        PEOPLE.map((p) => p.handle),
      );
      assert.equal(new Set(again.passwords.map((r) => r.password)).size, PEOPLE.length);
      for (const r of again.passwords) {
        const { user } = await ctx.accounts.logIn({ handle: r.handle, password: r.password }, meta);
        assert.equal(user.handle, r.handle);
      }
      assert.ok(again.followsThere >= PEOPLE.length, 'the follows from the first run are there');
    });
  });
}
