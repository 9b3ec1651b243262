// What accounts gives back of a person (their archive files) and how it forgets them: after the
// erasure no accounts row names them, other people's counts match their rows, and everyone else's
// data is as it was.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Account, assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import type { AnyDb, DbKind } from '../../platform/db/index.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';
import { createAccountsPersonalData, csvField, MASTODON_FOLLOWS_HEADER } from './personal-data.ts';
import { AccountsPersonalStore } from './personal-store.ts';

/** Collects the archive's files in memory (the test's accounts are small). */
class CaptureArchive implements ArchiveWriter {
  readonly texts = new Map<string, string>();
  readonly rows = new Map<string, unknown[]>();
  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.rows.set(path, all);
    this.texts.set(path, JSON.stringify(all));
  }
  async file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    if (typeof body !== 'function') return void this.texts.set(path, body.toString());
    const chunks: Buffer[] = [];
    for await (const c of await body()) chunks.push(Buffer.from(c));
    this.texts.set(path, Buffer.concat(chunks).toString('utf8'));
  }
  get all(): string {
    return [...this.texts.values()].join('\n');
  }
}

async function textColumns(db: AnyDb, kind: DbKind, table: string): Promise<string[]> {
  if (kind === 'sqlite') {
    const r = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table})`.execute(db);
    return r.rows.filter((c) => c.type.toLowerCase() === 'text').map((c) => c.name);
  }
  const r = await sql<{ name: string }>`select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and data_type = 'text'`.execute(db);
  return r.rows.map((c) => c.name);
}

/** "table.column" for every text column of these tables holding the id somewhere. */
async function rowsNaming(db: AnyDb, kind: DbKind, tables: readonly string[], id: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const cols = await textColumns(db, kind, table);
    assert.ok(cols.length > 0, `${table} has text columns`);
    for (const col of cols) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(col)} like ${`%${id}%`}`.execute(db);
      if (Number(r.rows[0]?.n) > 0) found.push(`${table}.${col}`);
    }
  }
  return found;
}

/** Each table's primary key columns. */
const KEYS: Record<string, string[]> = {
  users: ['id'],
  sessions: ['id'],
  follows: ['id'],
  blocks: ['actor_id', 'target_id'],
  mutes: ['actor_id', 'target_id'],
  muted_words: ['user_id', 'word'],
  instance_claims: ['name'],
};

describe('CSV fields', () => {
  it('are quoted per RFC 4180 only when they hold a comma, a quote or a line break', () => {
    assert.deepEqual(['ana@biji.example', 'a,b', 'say "hi"', 'two\nlines'].map(csvField), ['ana@biji.example', '"a,b"', '"say ""hi"""', '"two\nlines"']);
  });
});

for (const kind of DB_KINDS) {
  describe(`accounts personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cai: Account;
    let dan: Account;
    let eve: Account;
    const archive = new CaptureArchive();

    const ok = async (method: 'PUT' | 'PATCH' | 'POST', url: string, who: Account, payload?: object) => {
      const res = await t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    const db = () => t.ctx.db.kysely;
    const provider = () => t.ctx.modules.accounts.personalData;

    before(async () => {
      t = await testApp(kind);
      // ana is the first account: the instance's admin, by claim.
      [ana, bo, cai, dan, eve] = [
        await signUp(t.app, 'pd_ana'),
        await signUp(t.app, 'pd_bo'),
        await signUp(t.app, 'pd_cai'),
        await signUp(t.app, 'pd_dan'),
        await signUp(t.app, 'pd_eve'),
      ];
      await ok('PUT', '/api/v1/users/pd_bo/follow', ana);
      await ok('PUT', '/api/v1/users/pd_cai/follow', ana);
      await ok('PUT', '/api/v1/users/pd_ana/follow', bo);
      await ok('PUT', '/api/v1/users/pd_ana/follow', cai);
      await ok('PUT', '/api/v1/users/pd_cai/follow', bo);
      await ok('PUT', '/api/v1/users/pd_ana/follow', dan);
      await ok('PUT', '/api/v1/users/pd_dan/block', ana);
      await ok('PUT', '/api/v1/users/pd_ana/block', eve);
      await ok('PUT', '/api/v1/users/pd_bo/mute', ana);
      await ok('PUT', '/api/v1/users/pd_ana/mute', cai);
      await ok('PATCH', '/api/v1/me/controls', ana, { mutedWords: ['spoiler', '#football'], commentsFrom: 'following' });
      await ok('PATCH', '/api/v1/me/controls', bo, { mutedWords: ['pd_ana'] });
      await ok('PATCH', '/api/v1/me', ana, { tiktokUsername: '@Ana.TT', bio: 'hi from 成都' });
      await ok('POST', '/api/v1/sessions', ana, { handle: 'pd_ana', password: STRONG_PASSWORD });
      await provider().export(ana.id, archive);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('writes exactly the files it describes', () => {
      assert.deepEqual([...archive.texts.keys()].sort(), Object.keys(provider().files).sort());
    });

    it('exports the profile with every column but the password hash', async () => {
      const profile = JSON.parse(archive.texts.get('profile.json') ?? '{}') as Record<string, unknown>;
      const row = await db().selectFrom('users').selectAll().where('id', '=', ana.id).executeTakeFirstOrThrow();
      for (const col of Object.keys(row).filter((c) => c !== 'password_hash')) {
        const key = col.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        assert.ok(key in profile, `profile.json has ${key}`);
      }
      assert.equal(profile.passwordHash, undefined);
      assert.ok(!archive.all.includes(String(row.password_hash)), 'no password hash anywhere');
      assert.equal(profile.id, ana.id);
      assert.equal(profile.tiktokUsername, 'ana.tt');
      assert.equal(profile.bio, 'hi from 成都');
      assert.equal(profile.commentsFrom, 'following');
      assert.equal(profile.createdAt, row.created_at);
      assert.deepEqual(profile.languages, ['en']);
    });

    it('exports sessions without their token hashes', async () => {
      const sessions = archive.rows.get('sessions.json') as Array<Record<string, unknown>>;
      assert.equal(sessions.length, 2);
      assert.ok(sessions.every((s) => s.userId === ana.id && s.tokenHash === undefined && typeof s.expiresAt === 'string'));
      const hashes = await db().selectFrom('sessions').select('token_hash').where('user_id', '=', ana.id).execute();
      for (const h of hashes) assert.ok(!archive.all.includes(h.token_hash as string));
    });

    it('exports follows both ways, and only the blocks and mutes the person made', () => {
      const handles = (path: string) => (archive.rows.get(path) as Array<{ handle: string }>).map((r) => r.handle).sort();
      assert.deepEqual(handles('follows/following.json'), ['pd_bo', 'pd_cai']);
      assert.deepEqual(handles('follows/followers.json'), ['pd_bo', 'pd_cai']);
      assert.deepEqual(handles('follows/blocks.json'), ['pd_dan']);
      assert.deepEqual(handles('follows/mutes.json'), ['pd_bo']);
      assert.ok(!archive.all.includes(eve.id), 'who blocks you is not yours to know');
      const following = archive.rows.get('follows/following.json') as Array<Record<string, unknown>>;
      assert.deepEqual(Object.keys(following[0] ?? {}).sort(), ['createdAt', 'followeeId', 'followerId', 'handle', 'id']);
      assert.deepEqual(
        (archive.rows.get('settings/muted-words.json') as Array<{ word: string }>).map((w) => w.word),
        ['#football', 'spoiler'],
      );
      assert.deepEqual(
        (archive.rows.get('settings/instance-claims.json') as Array<{ name: string; userId: string }>).map((c) => [c.name, c.userId]),
        [['admin', ana.id]],
      );
    });

    it('writes the follows in Mastodon’s import format, addressed at the instance’s host (localhost without a public URL)', async () => {
      assert.equal(archive.texts.get('following_accounts.csv'), `${MASTODON_FOLLOWS_HEADER}\npd_bo@localhost,true,false,\npd_cai@localhost,true,false,\n`);
      // Export reads only the store: the caches an erasure drops are not needed here.
      const none = null as never;
      const onInstance = createAccountsPersonalData({
        store: new AccountsPersonalStore(db()),
        people: none,
        sessions: none,
        relations: none,
        standing: none,
        controls: none,
        publicUrl: 'https://biji.example:8443/app',
      });
      const out = new CaptureArchive();
      await onInstance.export(ana.id, out);
      assert.equal(
        out.texts.get('following_accounts.csv'),
        `${MASTODON_FOLLOWS_HEADER}\npd_bo@biji.example:8443,true,false,\npd_cai@biji.example:8443,true,false,\n`,
      );
    });

    it('puts every row the person owns in the archive, by its key', async () => {
      for (const [table, info] of Object.entries(provider().tables)) {
        assert.equal(info.kind, 'personal', table);
        if (info.kind !== 'personal') continue;
        const rows = await db()
          .selectFrom(table)
          .selectAll()
          .where((eb) => eb.or(info.owner.map((c) => eb(c, '=', ana.id))))
          .execute();
        assert.ok(rows.length > 0, `${table} has rows of the person`);
        for (const row of rows)
          for (const k of KEYS[table] ?? []) assert.ok(archive.all.includes(String(row[k])), `${table}.${k} = ${row[k]} is in the archive`);
      }
    });

    it('erases every row naming the person, keeps everyone else’s rows and counts right, and can run again', async () => {
      // Warm the caches first: what is shown after must not come from a stale copy.
      for (const h of ['pd_ana', 'pd_bo', 'pd_cai']) assert.equal((await t.app.inject({ url: `/api/v1/users/${h}`, headers: bearer(bo) })).statusCode, 200);
      const tables = Object.keys(provider().tables);
      assert.notDeepEqual(await rowsNaming(db(), t.ctx.db.kind, tables, ana.id), []);
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await rowsNaming(db(), t.ctx.db.kind, tables, ana.id), []);

      // Every remaining person's counts match their rows.
      const users = await db().selectFrom('users').select(['id', 'handle', 'followers_count', 'following_count']).execute();
      for (const u of users) {
        const [followers, following] = await Promise.all(
          ['followee_id', 'follower_id'].map(async (c) =>
            Number(
              (
                await db()
                  .selectFrom('follows')
                  .select((eb) => eb.fn.countAll().as('n'))
                  .where(c, '=', u.id)
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          ),
        );
        assert.deepEqual([u.handle, u.followers_count, u.following_count], [u.handle, followers, following]);
      }
      // Others' rows between themselves stay; the instance's admin claim passes on rather than being won again.
      const boProfile = (await t.app.inject({ url: '/api/v1/users/pd_bo' })).json();
      assert.deepEqual([boProfile.followersCount, boProfile.followingCount], [0, 1]);
      const cai_ = (await t.app.inject({ url: '/api/v1/users/pd_cai', headers: bearer(bo) })).json();
      assert.deepEqual([cai_.followersCount, cai_.followingCount, cai_.viewer.followedBy, cai_.viewer.following], [1, 0, false, true]);
      assert.deepEqual(
        (await db().selectFrom('muted_words').select('word').where('user_id', '=', bo.id).execute()).map((w) => w.word),
        ['pd_ana'],
      );
      const claim = await db().selectFrom('instance_claims').select('user_id').where('name', '=', 'admin').executeTakeFirstOrThrow();
      assert.equal(claim.user_id, bo.id);
      assert.equal(users.length, 4);
      void cai;
      void dan;

      // Gone everywhere, and the handle is free again (the newcomer does not become admin).
      assert.equal((await t.app.inject({ url: '/api/v1/users/pd_ana' })).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(ana) })).statusCode, 401);
      const again = await signUp(t.app, 'pd_ana');
      assert.notEqual(again.id, ana.id);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(again) })).json().role, 'member');
      assert.equal((await t.app.inject({ url: '/api/v1/users/pd_ana' })).json().followersCount, 0);
    });
  });
}
