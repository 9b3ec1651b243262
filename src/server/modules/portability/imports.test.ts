// Coming over from TikTok through HTTP, on both engines: a preview that writes nothing, applying it
// as a job (profile, drafts, a private board of links, the comments archive, follows kept), friends
// found by their declared TikTok username, a draft published with a photo, refusals that leave
// nothing behind.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ZipFile } from 'yazl';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { multipart, uploadImage } from '../../../../test/support/notes.ts';

const SAMPLES = path.resolve(process.cwd(), '../shared/data/tiktok-export');
const SAMPLE_2025 = fs.readFileSync(path.join(SAMPLES, 'user_data_tiktok_2025_layout.json'));

function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

for (const kind of DB_KINDS) {
  describe(`TikTok import [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const call = (who: Account | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: who ? bearer(who) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

    async function upload(who: Account, data: Buffer, name: string) {
      const form = multipart({}, { name, data, type: name.endsWith('.zip') ? 'application/zip' : 'application/json' });
      return t.app.inject({ method: 'POST', url: '/api/v1/imports/tiktok', headers: { ...bearer(who), ...form.headers }, payload: form.payload });
    }

    const importRows = async () =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('data_imports')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('previews an export without changing anything, then applies what the person chose as a job', async () => {
      const friend = await signUp(t.app);
      const res0 = await call(friend, 'PATCH', '/api/v1/me', { tiktokUsername: '@Cincy_CatCafe' });
      assert.equal(res0.statusCode, 200, res0.body);
      const ana = await signUp(t.app);

      const res = await upload(ana, SAMPLE_2025, 'user_data_tiktok.json');
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.equal(created.status, 'previewed');
      assert.equal(created.preview.layout, '2025');
      assert.equal(created.preview.profile.userName, 'catdad_ohio');
      assert.equal(created.preview.following.count, 3);
      assert.equal(created.preview.following.onBiji, 1);
      assert.equal(created.preview.posts.count, 2);
      assert.equal(created.preview.liked.count, 2);
      assert.equal(created.preview.favorites.count, 1);
      assert.equal(created.preview.comments.count, 1);
      // Nothing written yet.
      assert.equal((await call(ana, 'GET', '/api/v1/me/drafts')).json().items.length, 0);
      assert.notEqual((await call(ana, 'GET', '/api/v1/me')).json().displayName, 'Cat Dad (Ohio)');
      // Someone else's import is not theirs to see.
      assert.equal((await call(friend, 'GET', `/api/v1/imports/${created.id}`)).statusCode, 404);

      const applied = await call(ana, 'POST', `/api/v1/imports/${created.id}/apply`, { profile: true, posts: true, likes: true, comments: true });
      assert.equal(applied.statusCode, 202, applied.body);
      assert.equal(applied.json().status, 'queued');
      await t.ctx.jobs.drain();
      const done = (await call(ana, 'GET', `/api/v1/imports/${created.id}`)).json();
      assert.equal(done.status, 'done', JSON.stringify(done));
      assert.deepEqual(done.counts, { profile: true, drafts: 2, links: 3, comments: 1, following: 3, matched: 1 });
      assert.equal(done.progress.done, done.progress.total);
      // Applying twice is refused; the job made each thing once.
      assert.equal(
        (await call(ana, 'POST', `/api/v1/imports/${created.id}/apply`, { profile: true, posts: true, likes: true, comments: true })).statusCode,
        409,
      );

      const me = (await call(ana, 'GET', '/api/v1/me')).json();
      assert.equal(me.displayName, 'Cat Dad (Ohio)');
      assert.match(me.bio, /cat tax collector/);

      const drafts = (await call(ana, 'GET', '/api/v1/me/drafts')).json().items;
      assert.equal(drafts.length, 2);
      assert.equal(drafts[0].originalAt, '2025-01-15T18:20:33.000Z');
      assert.deepEqual(drafts[0].hashtags.map((h: string) => h.toLowerCase()).sort(), ['cattax', 'tiktokrefugee']);
      assert.match(drafts[0].body, /Waving goodbye from Ohio/);
      // A caption over the title limit is cut at a word, with an ellipsis; the body keeps it whole.
      assert.equal(drafts[1].title, 'Biscuit demanded his Sunday before I…');
      assert.match(drafts[1].body, /before I could even make coffee/);
      assert.equal(drafts[0].visibility, 'public');
      // Drafts are nobody else's business: not on the profile, not in anyone's lists.
      const ownNotes = (await call(null, 'GET', `/api/v1/users/${ana.handle}/notes`)).json().items;
      assert.equal(ownNotes.length, 0);

      const board = (await call(ana, 'GET', `/api/v1/boards/${done.boardId}`)).json();
      assert.equal(board.visibility, 'private');
      assert.equal((await call(friend, 'GET', `/api/v1/boards/${done.boardId}`)).statusCode, 404);
      const links = (await call(ana, 'GET', `/api/v1/boards/${done.boardId}/links`)).json().items;
      assert.equal(links.length, 3);
      assert.ok(links.every((l: { url: string }) => l.url.startsWith('https://www.tiktokv.com/share/video/')));

      const comments = (await call(ana, 'GET', '/api/v1/me/imported-comments')).json().items;
      assert.equal(comments.length, 1);
      assert.match(comments[0].text, /cat tax/);

      // Friends: the one who declared a followed username is offered, nobody followed without a tap.
      const friends = (await call(ana, 'GET', `/api/v1/imports/${created.id}/friends`)).json();
      assert.equal(friends.items.length, 1);
      assert.equal(friends.items[0].handle, friend.handle);
      assert.equal(friends.items[0].tiktokUsername, 'cincy_catcafe');
      assert.equal(friends.items[0].following, false);
      assert.equal(friends.waiting, 2);
      assert.equal((await call(ana, 'PUT', `/api/v1/users/${friend.handle}/follow`)).statusCode, 204);
      assert.equal((await call(ana, 'GET', `/api/v1/imports/${created.id}/friends`)).json().items[0].following, true);
      const dismissed = await call(ana, 'POST', `/api/v1/imports/${created.id}/friends/dismiss`, { tiktokUsername: 'cincy_catcafe' });
      assert.equal(dismissed.statusCode, 204);
      assert.equal((await call(ana, 'GET', `/api/v1/imports/${created.id}/friends`)).json().items.length, 0);

      // A followed username not here yet: when its person joins and declares it, the importer is told.
      const late = await signUp(t.app);
      assert.equal((await call(late, 'PATCH', '/api/v1/me', { tiktokUsername: 'daily.loaf.report' })).statusCode, 200);
      await t.ctx.jobs.drain();
      const waiting = await t.ctx.db.kysely
        .selectFrom('import_follows')
        .select(['notified_at'])
        .where('tiktok_username', '=', 'daily.loaf.report')
        .executeTakeFirstOrThrow();
      assert.ok(waiting.notified_at, 'the importer was told');
      const told = (await call(ana, 'GET', '/api/v1/notifications')).json().items;
      assert.deepEqual(
        told.filter((n: { kind: string }) => n.kind === 'tiktok_friend_joined').map((n: { actors: { handle: string }[] }) => n.actors[0]?.handle),
        [late.handle],
      );
      const friendsNow = (await call(ana, 'GET', `/api/v1/imports/${created.id}/friends`)).json();
      assert.deepEqual(
        friendsNow.items.map((f: { handle: string }) => f.handle),
        [late.handle],
      );

      // Finishing a draft: photos added, then published as a note; the draft is gone.
      const photo = await uploadImage(t.app, ana);
      const published = await call(ana, 'POST', `/api/v1/me/drafts/${drafts[1].id}/publish`, {
        title: 'Sunday cat tax',
        body: drafts[1].body,
        mediaIds: [photo.id],
        visibility: 'public',
      });
      assert.equal(published.statusCode, 201, published.body);
      const note = (await call(null, 'GET', `/api/v1/notes/${published.json().noteId}`)).json();
      assert.equal(note.title, 'Sunday cat tax');
      assert.match(note.body, /Biscuit demanded/);
      assert.equal((await call(ana, 'GET', '/api/v1/me/drafts')).json().items.length, 1);
      assert.equal((await call(friend, 'DELETE', `/api/v1/me/drafts/${drafts[0].id}`)).statusCode, 404);
      assert.equal((await call(ana, 'DELETE', `/api/v1/me/drafts/${drafts[0].id}`)).statusCode, 204);

      // The parsed export is not kept once applied.
      const row = await t.ctx.db.kysely.selectFrom('data_imports').select(['upload_key']).where('id', '=', created.id).executeTakeFirstOrThrow();
      assert.equal(row.upload_key, null);

      // The same export imported again: its links go to a board of their own beside the first.
      const second = (await upload(ana, SAMPLE_2025, 'user_data_tiktok.json')).json();
      assert.equal(
        (await call(ana, 'POST', `/api/v1/imports/${second.id}/apply`, { profile: false, posts: false, likes: true, comments: false })).statusCode,
        202,
      );
      await t.ctx.jobs.drain();
      const again = (await call(ana, 'GET', `/api/v1/imports/${second.id}`)).json();
      assert.equal(again.status, 'done', JSON.stringify(again));
      assert.notEqual(again.boardId, done.boardId);
      assert.equal((await call(ana, 'GET', `/api/v1/boards/${again.boardId}`)).json().name, `${board.name} (2)`);
    });

    test('reads the zip TikTok sends, the JSON at any depth; only-me posts stay only-me', async () => {
      const ana = await signUp(t.app);
      const doc = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'user_data_tiktok.json'), 'utf8'));
      const zip = await zipOf({ 'TikTok_Data_1736950000/nested/user_data_tiktok.json': Buffer.from(JSON.stringify(doc)) });
      const res = await upload(ana, zip, 'TikTok_Data_1736950000.zip');
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json();
      assert.equal(created.preview.layout, '2026');
      await call(ana, 'POST', `/api/v1/imports/${created.id}/apply`, { profile: false, posts: true, likes: false, comments: false });
      await t.ctx.jobs.drain();
      const done = (await call(ana, 'GET', `/api/v1/imports/${created.id}`)).json();
      assert.equal(done.status, 'done');
      assert.equal(done.counts.profile, false);
      assert.equal(done.counts.links, 0);
      assert.equal(done.boardId, null);
      const drafts = (await call(ana, 'GET', '/api/v1/me/drafts')).json().items as { visibility: string }[];
      assert.equal(drafts.length, created.preview.posts.count);
      assert.equal(drafts.filter((d) => d.visibility === 'only_me').length, created.preview.posts.onlyMe);
    });

    test('refuses what is no TikTok export with a clear 4xx, writing nothing', async () => {
      const ana = await signUp(t.app);
      const before = await importRows();
      const cases: [Buffer, string, number, string][] = [
        [Buffer.from('{"hello":"world"}'), 'data.json', 422, 'not_tiktok'],
        [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]), 'export.zip', 422, 'not_a_zip_or_json'],
        [await zipOf({ 'readme.txt': Buffer.from('hi') }), 'export.zip', 422, 'no_tiktok_json'],
        [Buffer.from('{"Profile": {'), 'user_data.json', 422, 'invalid_json'],
      ];
      for (const [data, name, status, code] of cases) {
        const res = await upload(ana, data, name);
        assert.equal(res.statusCode, status, `${code}: ${res.body}`);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
        assert.equal(res.json().code, code);
      }
      const noFile = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/tiktok',
        headers: { ...bearer(ana), 'content-type': 'application/json' },
        payload: {},
      });
      assert.equal(noFile.statusCode, 415);
      assert.equal((await call(null, 'GET', '/api/v1/me/drafts')).statusCode, 401);
      assert.equal(await importRows(), before);
    });
  });
}
