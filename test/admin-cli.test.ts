// `npm run admin -- promote HANDLE moderator|admin` and `demote HANDLE` on a real SQLite DATA_DIR:
// roles change, each change is in the audit log, the last admin stays, bad usage exits 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildContext, closeContext } from '../src/server/app.ts';
import { testConfig } from './support/app.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const META = { ip: '127.0.0.1', userAgent: 'test' };

function admin(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run admin', () => {
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'biji-admin-'));
    const ctx = await buildContext(testConfig(dataDir));
    try {
      await ctx.accounts.signUp({ handle: 'first_admin', password: 'correct-horse-battery-7', displayName: 'First' }, META);
      await ctx.accounts.signUp({ handle: 'second_person', password: 'correct-horse-battery-7', displayName: 'Second' }, META);
    } finally {
      await closeContext(ctx);
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('promotes and demotes, writing each change to the audit log; never demotes the last admin', async () => {
    const promoted = admin(dataDir, 'promote', '@second_person', 'moderator');
    assert.equal(promoted.code, 0, promoted.out);
    assert.match(promoted.out, /member → moderator/);
    assert.equal(admin(dataDir, 'promote', 'second_person', 'moderator').code, 0, 'already so: nothing to do');

    const last = admin(dataDir, 'demote', 'first_admin');
    assert.equal(last.code, 1, last.out);
    assert.match(last.out, /only admin/);
    assert.equal(admin(dataDir, 'promote', 'second_person', 'admin').code, 0);
    assert.equal(admin(dataDir, 'demote', 'first_admin').code, 0);

    const ctx = await buildContext(testConfig(dataDir));
    try {
      const first = await ctx.accounts.me(await ctx.accounts.idByHandle('first_admin'));
      const second = await ctx.accounts.me(await ctx.accounts.idByHandle('second_person'));
      assert.deepEqual([first.role, second.role], ['member', 'admin']);
      const audit = await ctx.moderation.service.audit({ userId: second.id, role: 'admin' }, {}, null, 10);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['demote', 'promote', 'promote'],
      );
      assert.ok(audit.every((a) => a.actor_id === 'system:cli'));
    } finally {
      await closeContext(ctx);
    }
  });

  it('explains its usage and exits 2 on anything else; an unknown handle is an error', () => {
    for (const args of [[], ['promote', 'x'], ['promote', 'x', 'king'], ['demote'], ['delete', 'x']]) {
      const r = admin(dataDir, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
      assert.match(r.out, /usage:/);
    }
    const nobody = admin(dataDir, 'promote', 'no_such_person', 'moderator');
    assert.equal(nobody.code, 1, nobody.out);
    assert.match(nobody.out, /no_such_person/);
  });
});
