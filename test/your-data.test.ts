// Your data is yours, checked against the schema itself on SQLite and PostgreSQL: a person who used
// every feature exports, and every row of theirs in every table (enumerated from the database's
// catalogue, so a future table without export fails here) appears in the archive; then they delete
// their account, and no row of any table names them, no file of theirs is left in storage, the
// counts on other people's things match their rows, and their handle is free again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PersonalData } from '../src/server/platform/personal-data.ts';
import { type Account, assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { multipart, postNote, uploadImage } from './support/notes.ts';
import { rowsMentioning, schemaTables, type TableShape } from './support/schema.ts';
import { unzip } from './support/zip.ts';

const SAMPLE = fs.readFileSync(path.resolve(process.cwd(), '../shared/data/tiktok-export/user_data_tiktok_2025_layout.json'));

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).flatMap((d) => (d.isFile() ? [path.join(d.parentPath, d.name)] : []));
}

for (const kind of DB_KINDS) {
  describe(`your data, every table [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind, { DELETE_GRACE_DAYS: '0' });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    const call = (who: Account | null, method: Method, url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: who ? bearer(who) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
    async function ok<T = Record<string, unknown>>(who: Account, method: Method, url: string, payload?: unknown): Promise<T> {
      const res = await call(who, method, url, payload);
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return (res.body ? res.json() : null) as T;
    }

    test('an account that used every feature: its archive holds every row of theirs, and erasing it leaves nothing of them', { timeout: 240_000 }, async () => {
      const zed = await signUp(t.app); // the admin (first account): makes the room
      const ana = await signUp(t.app);
      const bo = await signUp(t.app);
      const cai = await signUp(t.app);

      // Ana, everywhere.
      await ok(ana, 'PATCH', '/api/v1/me', { bio: 'cats and dumplings', tiktokUsername: 'ana_on_tiktok' });
      const avatar = await uploadImage(t.app, ana, undefined, 'avatar');
      await ok(ana, 'PUT', '/api/v1/me/avatar', { mediaId: avatar.id });
      const anaNote = await postNote(t.app, ana, { title: 'Biscuit', body: `cat tax #cattax @${bo.handle}`, images: 2 });
      const boNote = await postNote(t.app, bo, { title: 'Mochi', body: 'dumplings #food' });
      await ok(ana, 'PUT', `/api/v1/notes/${boNote.id}/like`);
      await ok(ana, 'PUT', `/api/v1/notes/${boNote.id}/collect`);
      const board = await ok<{ id: string }>(ana, 'POST', '/api/v1/boards', { name: 'Trips' });
      await ok(ana, 'PUT', `/api/v1/boards/${board.id}/notes/${boNote.id}`);
      const anaComment = await ok<{ id: string }>(ana, 'POST', `/api/v1/notes/${boNote.id}/comments`, { body: `so round @${bo.handle}` });
      const boReply = await ok<{ id: string }>(bo, 'POST', `/api/v1/notes/${boNote.id}/comments`, { body: `thanks @${ana.handle}`, replyTo: anaComment.id });
      await ok(bo, 'PUT', `/api/v1/comments/${anaComment.id}/like`);
      await ok(ana, 'PUT', `/api/v1/comments/${boReply.id}/like`);
      await ok(bo, 'POST', `/api/v1/notes/${anaNote.id}/comments`, { body: 'what a cat' });
      await ok(bo, 'PUT', `/api/v1/notes/${anaNote.id}/like`);
      await ok(bo, 'PUT', `/api/v1/notes/${anaNote.id}/collect`);
      await ok(ana, 'PUT', `/api/v1/users/${bo.handle}/follow`);
      await ok(bo, 'PUT', `/api/v1/users/${ana.handle}/follow`);
      await ok(cai, 'PUT', `/api/v1/users/${ana.handle}/follow`);
      await ok(ana, 'PUT', `/api/v1/users/${cai.handle}/mute`);
      await ok(ana, 'PUT', `/api/v1/users/${zed.handle}/block`);
      const dm = await ok<{ id: string }>(ana, 'POST', '/api/v1/conversations', { members: [bo.handle] });
      await ok(ana, 'POST', `/api/v1/conversations/${dm.id}/messages`, { body: 'hi Bo' });
      await ok(bo, 'POST', `/api/v1/conversations/${dm.id}/messages`, { body: 'hi Ana' });
      const group = await ok<{ id: string }>(ana, 'POST', '/api/v1/conversations', { members: [bo.handle, cai.handle], name: 'cat people' });
      await ok(bo, 'POST', `/api/v1/conversations/${group.id}/messages`, { body: 'purr' });
      await ok(ana, 'POST', `/api/v1/conversations/${group.id}/messages`, { body: 'meow' });
      await ok(ana, 'POST', `/api/v1/conversations/${group.id}/invites`, {});
      const room = await ok<{ id: string }>(zed, 'POST', '/api/v1/rooms', { name: 'Refugees', description: 'hello' });
      await ok(ana, 'POST', `/api/v1/rooms/${room.id}/join`);
      await ok(ana, 'POST', `/api/v1/rooms/${room.id}/messages`, { body: 'hello room' });
      await ok(ana, 'GET', '/api/v1/search?q=dumplings');
      await ok(ana, 'POST', '/api/v1/me/words', { word: '猫' });
      await ok(ana, 'POST', '/api/v1/reports', { targetType: 'note', targetId: boNote.id, reason: 'spam' });
      await ok(bo, 'POST', '/api/v1/reports', { targetType: 'note', targetId: anaNote.id, reason: 'other' });
      await ok(ana, 'PATCH', '/api/v1/me/controls', { mutedWords: ['durian'] });
      await ok(ana, 'POST', `/api/v1/notes/${boNote.id}/not-interested`);
      await ok(ana, 'PUT', '/api/v1/topics/cattax/follow');
      const form = multipart({}, { name: 'user_data_tiktok.json', data: SAMPLE, type: 'application/json' });
      const imp = await t.app.inject({ method: 'POST', url: '/api/v1/imports/tiktok', headers: { ...bearer(ana), ...form.headers }, payload: form.payload });
      assert.equal(imp.statusCode, 201, imp.body);
      await ok(ana, 'POST', `/api/v1/imports/${imp.json().id}/apply`, { profile: false, posts: true, likes: true, comments: true });
      await t.ctx.jobs.drain();

      // The export.
      const started = await ok<{ id: string }>(ana, 'POST', '/api/v1/me/export');
      await t.ctx.jobs.drain();
      const view = await ok<{ status: string; url: string }>(ana, 'GET', `/api/v1/me/exports/${started.id}`);
      assert.equal(view.status, 'done');
      assert.equal((await call(bo, 'GET', view.url)).statusCode, 404, 'only its owner downloads an archive');
      const download = await call(ana, 'GET', view.url);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'application/zip');
      const files = await unzip(download.rawPayload);
      for (const f of ['README.txt', 'profile.json', 'following_accounts.csv', 'outbox.json']) assert.ok(files.has(f), `${f} in the archive`);
      assert.match(
        files.get('following_accounts.csv')?.toString() ?? '',
        new RegExp(`^Account address,Show boosts,Notify on new posts,Languages\\r?\\n${bo.handle}@`),
      );
      const outbox = JSON.parse(files.get('outbox.json')?.toString() ?? '{}');
      assert.equal(outbox.type, 'OrderedCollection');
      assert.equal(outbox.orderedItems[0].type, 'Create');
      const archive = [...files.values()].map((b) => b.toString('utf8')).join('\n');

      // Every table is some module's; every row of Ana's in a personal table is in her archive.
      const modules: readonly PersonalData[] = t.ctx.portability.allPersonalData();
      const claims = new Map<string, { module: string; info: PersonalData['tables'][string] }>();
      for (const m of modules)
        for (const [table, info] of Object.entries(m.tables)) {
          assert.ok(!claims.has(table), `${table} is claimed by ${claims.get(table)?.module} and ${m.module}`);
          claims.set(table, { module: m.module, info });
        }
      const tables: TableShape[] = await schemaTables(t.ctx.db);
      const unclaimed = tables.map((x) => x.name).filter((n) => !claims.has(n));
      assert.deepEqual(unclaimed, [], 'every table is claimed by a module (its export and erasure)');
      let checked = 0;
      for (const table of tables) {
        const claim = claims.get(table.name);
        if (claim?.info.kind !== 'personal') continue;
        const owners = claim.info.owner;
        const rows = (await rowsMentioning(t.ctx.db, table, ana.id)).filter((r) => owners.some((c) => r[c] === ana.id));
        for (const row of rows) {
          const key = (table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name)).filter((c) => row[c] !== ana.id && row[c] !== null);
          for (const c of key) assert.ok(archive.includes(String(row[c])), `${table.name}.${c} = ${String(row[c])} (a row of Ana's) is in her archive`);
          checked++;
        }
      }
      assert.ok(checked > 40, `checked ${checked} rows of Ana's`);
      const secrets = (await t.ctx.db.kysely.selectFrom('users').select('password_hash').where('id', '=', ana.id).executeTakeFirstOrThrow())
        .password_hash as string;
      assert.ok(!archive.includes(secrets), 'no password hash in the archive');

      // Delete the account: sessions end at once; with no grace period, everything is erased.
      const mediaIds = (await t.ctx.db.kysely.selectFrom('media').select('id').where('owner_id', '=', ana.id).execute()).map((r) => r.id as string);
      assert.ok(mediaIds.length >= 3);
      assert.equal((await call(ana, 'DELETE', '/api/v1/me', { password: 'not my password at all' })).statusCode >= 400, true);
      const del = await call(ana, 'DELETE', '/api/v1/me', { password: STRONG_PASSWORD });
      assert.equal(del.statusCode, 202, del.body);
      assert.ok(Date.parse(del.json().erasesAt) <= Date.now() + 1000);
      assert.equal((await call(ana, 'GET', '/api/v1/me')).statusCode, 401);
      await t.ctx.jobs.drain();

      const left: string[] = [];
      for (const table of await schemaTables(t.ctx.db)) {
        const rows = await rowsMentioning(t.ctx.db, table, ana.id);
        if (rows.length > 0) left.push(`${table.name}: ${JSON.stringify(rows).slice(0, 300)}`);
      }
      assert.deepEqual(left, [], 'no row of any table names Ana');
      const stored = filesUnder(t.ctx.config.dataDir).filter((f) => mediaIds.some((id) => f.includes(id)) || f.includes(started.id));
      assert.deepEqual(stored, [], 'no file of Ana’s is left in storage');

      // Others' counts match their rows.
      const k = t.ctx.db.kysely;
      const boNoteRow = await k.selectFrom('notes').selectAll().where('id', '=', boNote.id).executeTakeFirstOrThrow();
      const count = async (table: string, col: string, id: string) =>
        Number(
          (
            await k
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where(col, '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(Number(boNoteRow.like_count), await count('note_likes', 'note_id', boNote.id));
      assert.equal(Number(boNoteRow.collect_count), await count('note_collects', 'note_id', boNote.id));
      // A thread Ana started goes whole, Bo's reply in it too (a reply keeps no meaning without its head).
      const liveComments = Number(
        (
          await k
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('note_id', '=', boNote.id)
            .where('deleted_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
      assert.equal(liveComments, 0, 'Ana’s thread went whole');
      assert.equal(Number(boNoteRow.comment_count), liveComments, 'the comment count matches what is left');
      const boRow = await k.selectFrom('users').selectAll().where('id', '=', bo.id).executeTakeFirstOrThrow();
      assert.equal(Number(boRow.followers_count), await count('follows', 'followee_id', bo.id));
      assert.equal(Number(boRow.following_count), await count('follows', 'follower_id', bo.id));
      const caiRow = await k.selectFrom('users').selectAll().where('id', '=', cai.id).executeTakeFirstOrThrow();
      assert.equal(Number(caiRow.following_count), 0);
      // Bo's things still work: his note reads, his DM list answers.
      assert.equal((await call(bo, 'GET', `/api/v1/notes/${boNote.id}`)).statusCode, 200);
      assert.equal((await call(bo, 'GET', '/api/v1/conversations')).statusCode, 200);
      assert.equal((await call(bo, 'GET', '/api/v1/notifications')).statusCode, 200);
      assert.equal((await call(null, 'GET', `/api/v1/users/${ana.handle}`)).statusCode, 404);
      // The handle is free again.
      await signUp(t.app, ana.handle);
    });
  });
}

describe('deleting an account, during the grace period [sqlite]', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite');
  });
  after(async () => {
    assertNo5xx(t.logs);
    await t.close();
  });

  test('the profile disappears at once, the handle stays taken, and erasure falls due after the grace period', async () => {
    const admin = await signUp(t.app);
    const ana = await signUp(t.app);
    await postNote(t.app, ana, { title: 'gone soon' });
    const res = await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: bearer(ana), payload: { password: STRONG_PASSWORD } });
    assert.equal(res.statusCode, 202, res.body);
    const erasesAt = Date.parse(res.json().erasesAt);
    assert.ok(Math.abs(erasesAt - (Date.now() + 7 * 86_400_000)) < 60_000, 'seven days by default');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: `/api/v1/users/${ana.handle}`, headers: bearer(admin) })).statusCode,
      404,
      'not even an admin reads the profile',
    );
    await assert.rejects(signUp(t.app, ana.handle), /409/);
    await t.ctx.jobs.drain();
    const job = await t.ctx.db.kysely.selectFrom('jobs').select(['run_at', 'status']).where('name', '=', 'portability.erase').executeTakeFirstOrThrow();
    assert.equal(job.status, 'queued');
    assert.equal(Date.parse(job.run_at as string), erasesAt);
    // Still there until then.
    assert.ok(await t.ctx.db.kysely.selectFrom('users').select('id').where('id', '=', ana.id).executeTakeFirst());
  });
});
