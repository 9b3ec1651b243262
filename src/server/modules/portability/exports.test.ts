// Exporting everything through HTTP, on both engines: a job with progress, one export at a time, a zip
// for its owner only (README, profile, notes, the original photo without its EXIF, Mastodon's follows
// CSV, an ActivityStreams outbox), gone once its time is up.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { unzip } from '../../../../test/support/zip.ts';

for (const kind of DB_KINDS) {
  describe(`export everything [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const call = (who: Account | null, method: 'GET' | 'POST' | 'PUT', url: string) => t.app.inject({ method, url, headers: who ? bearer(who) : {} });

    test('makes a zip as a job, one at a time, that only its owner downloads, with every file the README names', async () => {
      const ana = await signUp(t.app);
      const bo = await signUp(t.app);
      const note = await postNote(t.app, ana, { title: 'Biscuit', body: 'cat tax #cattax', images: 1 });
      assert.equal((await call(ana, 'PUT', `/api/v1/users/${bo.handle}/follow`)).statusCode, 204);

      assert.equal((await call(null, 'POST', '/api/v1/me/export')).statusCode, 401);
      const started = await call(ana, 'POST', '/api/v1/me/export');
      assert.equal(started.statusCode, 202, started.body);
      const { id } = started.json() as { id: string };
      const again = await call(ana, 'POST', '/api/v1/me/export');
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'export_running');

      const queued = (await call(ana, 'GET', `/api/v1/me/exports/${id}`)).json();
      assert.equal(queued.status, 'queued');
      assert.equal(queued.url, undefined, 'no download before it is made');
      assert.ok(queued.progress.total > 5, 'progress counts the modules');
      assert.equal((await call(bo, 'GET', `/api/v1/me/exports/${id}`)).statusCode, 404, 'another person’s export does not exist for Bo');

      await t.ctx.jobs.drain();
      const done = (await call(ana, 'GET', `/api/v1/me/exports/${id}`)).json();
      assert.equal(done.status, 'done');
      assert.equal(done.progress.done, done.progress.total);
      assert.equal(done.url, `/api/v1/me/exports/${id}/download`);
      assert.ok(done.bytes > 0);
      const ttl = Date.parse(done.expiresAt) - Date.now();
      assert.ok(ttl > 71 * 3600_000 && ttl <= 72 * 3600_000, `expires after EXPORT_TTL_HOURS (${ttl} ms)`);
      const listed = (await call(ana, 'GET', '/api/v1/me/exports')).json();
      assert.deepEqual(
        listed.items.map((x: { id: string }) => x.id),
        [id],
      );
      assert.equal((await call(bo, 'GET', '/api/v1/me/exports')).json().items.length, 0);

      assert.equal((await call(null, 'GET', done.url)).statusCode, 401);
      assert.equal((await call(bo, 'GET', done.url)).statusCode, 404);
      const zip = await call(ana, 'GET', done.url);
      assert.equal(zip.statusCode, 200);
      assert.equal(zip.headers['content-type'], 'application/zip');
      assert.match(String(zip.headers['content-disposition']), /^attachment; filename="biji-archive-\d{4}-\d{2}-\d{2}\.zip"$/);
      assert.equal(zip.rawPayload.length, done.bytes);
      const files = await unzip(zip.rawPayload);

      const readme = files.get('README.txt')?.toString('utf8') ?? '';
      for (const name of ['profile.json', 'notes/notes.json', 'following_accounts.csv', 'outbox.json', 'comments/comments.json', 'sessions.json']) {
        assert.ok(files.has(name), `${name} is in the archive`);
        assert.ok(readme.includes(name), `README.txt explains ${name}`);
      }
      const profile = JSON.parse(files.get('profile.json')?.toString('utf8') ?? '{}');
      assert.equal(profile.handle, ana.handle);
      assert.ok(!JSON.stringify(profile).includes('password'), 'no password hash in the profile');
      assert.ok(!(files.get('sessions.json')?.toString('utf8') ?? '').includes(ana.token), 'no session secret');
      assert.match(
        files.get('following_accounts.csv')?.toString('utf8') ?? '',
        new RegExp(`^Account address,Show boosts,Notify on new posts,Languages\\r?\\n${bo.handle}@`),
      );
      const outbox = JSON.parse(files.get('outbox.json')?.toString('utf8') ?? '{}');
      assert.equal(outbox.type, 'OrderedCollection');
      assert.equal(outbox.totalItems, 1);
      assert.match(JSON.stringify(outbox.orderedItems[0]), /cat tax/);
      const notes = JSON.parse(files.get('notes/notes.json')?.toString('utf8') ?? '[]');
      assert.ok(JSON.stringify(notes).includes(note.id));

      // The original photo is in the archive, and it carries no EXIF (no location).
      const photos = [...files.keys()].filter((f) => f.startsWith('media/') && f !== 'media/media.json');
      assert.equal(photos.length, 1, `one original photo: ${photos.join(', ')}`);
      const meta = await sharp(files.get(photos[0] as string)).metadata();
      assert.ok(meta.width && meta.width > 0, 'a real picture');
      assert.equal(meta.exif, undefined, 'no EXIF');

      // A second export may start once the first is done.
      const second = await call(ana, 'POST', '/api/v1/me/export');
      assert.equal(second.statusCode, 202);
      await t.ctx.jobs.drain();
    });

    test('an expired export answers 410, and the sweep deletes its archive', async () => {
      const cai = await signUp(t.app);
      const { id } = (await call(cai, 'POST', '/api/v1/me/export')).json() as { id: string };
      await t.ctx.jobs.drain();
      const row = await t.ctx.db.kysely.selectFrom('data_exports').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.storage_key);
      assert.ok(await t.ctx.storage.get(row.storage_key as string), 'the archive is stored');

      await t.ctx.db.kysely
        .updateTable('data_exports')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      const view = (await call(cai, 'GET', `/api/v1/me/exports/${id}`)).json();
      assert.equal(view.status, 'expired');
      assert.equal(view.url, undefined);
      const gone = await call(cai, 'GET', `/api/v1/me/exports/${id}/download`);
      assert.equal(gone.statusCode, 410);
      assert.equal(gone.json().code, 'export_expired');

      assert.ok((await t.ctx.portability.exports.sweep()) >= 1);
      assert.equal(await t.ctx.storage.get(row.storage_key as string), null, 'the archive is deleted from storage');
      assert.equal((await call(cai, 'GET', `/api/v1/me/exports/${id}/download`)).statusCode, 410);
    });
  });
}
