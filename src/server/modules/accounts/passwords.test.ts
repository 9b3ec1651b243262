import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { hashPassword, PasswordCheckError, verifyPassword } from './passwords.ts';

describe('password verification', () => {
  it('is true for the right password and false for a wrong one', async () => {
    const stored = await hashPassword(STRONG_PASSWORD);
    assert.equal(await verifyPassword(stored, STRONG_PASSWORD), true);
    assert.equal(await verifyPassword(stored, `${STRONG_PASSWORD}x`), false);
  });

  it('fails loudly, not as a wrong password, when the stored hash cannot be read', async () => {
    const stored = await hashPassword(STRONG_PASSWORD);
    // (A hash merely cut short may still decode, as a shorter one that does not match: the cut ones
    // here lose their hash part, or end in characters that are not base64.)
    const cut = [stored.slice(0, stored.lastIndexOf('$')), `${stored.slice(0, -8)}!!!!!!!!`];
    for (const broken of ['', 'plain-text-password', ...cut, '$2b$10$abcdefghijklmnopqrstuv']) {
      await assert.rejects(verifyPassword(broken, STRONG_PASSWORD), (err: unknown) => {
        assert.ok(err instanceof PasswordCheckError, String(err));
        assert.ok(err.cause, 'keeps the cause for the log');
        return true;
      });
    }
  });
});

for (const kind of DB_KINDS) {
  describe(`log-in with an unreadable stored hash (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind);
    });
    after(async () => {
      await t.close();
    });

    it('answers 500 internal with a request id and logs the failure, while a wrong password stays 401', async () => {
      const a = await signUp(t.app, `broken_hash_${kind}`);
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: a.handle, password: 'not-the-password-1' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().code, 'invalid_credentials');

      await t.ctx.db.kysely.updateTable('users').set({ password_hash: 'not-an-argon2-hash' }).where('id', '=', a.id).execute();
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: a.handle, password: STRONG_PASSWORD } });
      assert.equal(res.statusCode, 500);
      const problem = res.json();
      assert.equal(problem.code, 'internal');
      assert.doesNotMatch(res.body, /argon|hash|Decoding/i, 'the cause stays in the log');
      const logged = t.logs.find((l) => l.includes(`"reqId":"${problem.requestId}"`) && l.includes('PasswordCheckError'));
      assert.ok(logged, 'the failure is logged with the request id');
      assert.match(logged, /"level":50/);
    });
  });
}
