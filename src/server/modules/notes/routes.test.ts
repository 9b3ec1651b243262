import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { multipart, postNote, testJpeg, uploadImage } from '../../../../test/support/notes.ts';
import { mp4Clip } from '../media/test-inputs.ts';

for (const kind of DB_KINDS) {
  describe(`notes HTTP [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let xiaoyu: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, 'ohio_ana');
      xiaoyu = await signUp(t.app, 'chengdu_xiaoyu');
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('posts a carousel note with entities, tags, language and its media in order', async () => {
      const media = [];
      for (let i = 0; i < 3; i++) media.push(await uploadImage(t.app, ana));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: {
          title: 'Mittens says hi 🐱',
          body: 'Cat tax for @chengdu_xiaoyu and @nobody_here #cattax #TikTokRefugee #美食 https://biji.dev',
          mediaIds: media.map((m) => m.id),
          visibility: 'public',
          placeName: 'Columbus, Ohio',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const note = res.json();
      assert.deepEqual(
        note.media.map((m: { id: string }) => m.id),
        media.map((m) => m.id),
      );
      assert.equal(note.media[0].kind, 'image');
      assert.ok(note.media[0].placeholder);
      assert.ok(note.media[0].urls['360']);
      assert.equal(note.lang, 'en');
      assert.deepEqual(note.tags, ['cattax', 'tiktokrefugee', '美食']);
      const types = note.entities.body.map((e: { type: string }) => e.type);
      assert.deepEqual(types, ['mention', 'hashtag', 'hashtag', 'hashtag', 'link']);
      assert.ok(note.body.includes('@nobody_here'), 'an unknown mention stays as text');
      assert.deepEqual(note.author, { handle: 'ohio_ana', displayName: 'Test ohio_ana', avatar: null });
      assert.deepEqual(note.counts, { likes: 0, collects: 0, comments: 0, views: 0 });
      assert.equal(note.placeName, 'Columbus, Ohio');
      assert.equal(note.status, 'published');
      // the media are now taken: they can't go on a second note
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'x', body: '', mediaIds: [media[0]!.id] },
      });
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().code, 'invalid_media');
    });

    it('detects a Chinese note and limits the title to 20 Chinese characters (40 units)', async () => {
      const ok = await postNote(t.app, xiaoyu, { title: '成都'.repeat(10), body: '火锅太好吃了 #成都#美食' });
      assert.equal(ok.lang, 'zh');
      assert.deepEqual(ok.tags, ['成都', '美食']);
      const media = await uploadImage(t.app, xiaoyu);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(xiaoyu),
        payload: { title: '成'.repeat(21), body: '', mediaIds: [media.id] },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'title');
      const longBody = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(xiaoyu),
        payload: { title: 'ok', body: '字'.repeat(1001), mediaIds: [media.id] },
      });
      assert.equal(longBody.statusCode, 400);
      assert.equal(longBody.json().errors[0].field, 'body');
      // the refused posts left the media free for a good one
      const good = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(xiaoyu),
        payload: { title: '👍'.repeat(40), body: '字'.repeat(1000), mediaIds: [media.id] },
      });
      assert.equal(good.statusCode, 201);
    });

    it('refuses 19 images, someone else’s media, missing media and an empty note', async () => {
      const small = await testJpeg(32, 32);
      const ids = [];
      for (let i = 0; i < 19; i++) ids.push((await uploadImage(t.app, ana, small)).id);
      const tooMany = await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: bearer(ana), payload: { title: 'many', body: '', mediaIds: ids } });
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.json().code, 'too_many_media');
      const eighteen = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'eighteen', body: '', mediaIds: ids.slice(0, 18) },
      });
      assert.equal(eighteen.statusCode, 201);
      assert.equal(eighteen.json().media.length, 18);
      const theirs = await uploadImage(t.app, xiaoyu);
      const steal = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'mine', body: '', mediaIds: [theirs.id] },
      });
      assert.equal(steal.statusCode, 400);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'x', body: '', mediaIds: ['01a20000-0000-7000-8000-000000000000'] },
      });
      assert.equal(missing.statusCode, 400);
      const none = await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: bearer(ana), payload: { title: 'x', body: '', mediaIds: [] } });
      assert.equal(none.statusCode, 400);
      const empty = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: '  ', body: '', mediaIds: [ids[18]!] },
      });
      assert.equal(empty.statusCode, 400);
      const anon = await t.app.inject({ method: 'POST', url: '/api/v1/notes', payload: { title: 'x', body: '', mediaIds: [ids[18]!] } });
      assert.equal(anon.statusCode, 401);
    });

    it('counts 100 concurrent likes from 100 people exactly, and likes are idempotent', async () => {
      const note = await postNote(t.app, ana, { title: 'like me' });
      const people = [];
      for (let i = 0; i < 100; i++)
        people.push(
          (
            await t.ctx.accounts.signUp(
              { handle: `liker_${kind}_${i}`, password: 'correct-horse-battery-7', displayName: `L${i}` },
              { ip: null, userAgent: null },
            )
          ).token,
        );
      const results = await Promise.all(
        people.map((token) => t.app.inject({ method: 'PUT', url: `/api/v1/notes/${note.id}/like`, headers: { authorization: `Bearer ${token}` } })),
      );
      assert.ok(results.every((r) => r.statusCode === 204));
      await Promise.all(
        people
          .slice(0, 10)
          .map((token) => t.app.inject({ method: 'PUT', url: `/api/v1/notes/${note.id}/like`, headers: { authorization: `Bearer ${token}` } })),
      );
      const seen = (await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: { authorization: `Bearer ${people[0]}` } })).json();
      assert.equal(seen.counts.likes, 100);
      assert.equal(seen.viewer.liked, true);
      await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/like`, headers: { authorization: `Bearer ${people[0]}` } });
      await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/like`, headers: { authorization: `Bearer ${people[0]}` } });
      const after = (await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: { authorization: `Bearer ${people[0]}` } })).json();
      assert.equal(after.counts.likes, 99);
      assert.equal(after.viewer.liked, false);
      // The page is serialised once for readers who see the same: no reader gets another's flags.
      const read = async (token?: string) =>
        (await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: token ? { authorization: `Bearer ${token}` } : {} })).json().viewer;
      for (let round = 0; round < 2; round++) {
        assert.deepEqual(await read(people[1]), { liked: true, collected: false, isAuthor: false });
        assert.deepEqual(await read(people[0]), { liked: false, collected: false, isAuthor: false });
        assert.deepEqual(await read(), { liked: false, collected: false, isAuthor: false });
      }
      const liked = (await t.app.inject({ url: `/api/v1/users/liker_${kind}_1/likes` })).json();
      assert.deepEqual(
        liked.items.map((n: { id: string }) => n.id),
        [note.id],
      );
    });

    it('counts a view once per viewer per day, anonymous viewers by address and agent', async () => {
      const note = await postNote(t.app, ana, { title: 'views' });
      const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => t.app.inject({ url: `/api/v1/notes/${note.id}`, headers, remoteAddress });
      await get(bearer(xiaoyu));
      await get(bearer(xiaoyu));
      await get({ 'user-agent': 'A' }, '10.0.0.1');
      await get({ 'user-agent': 'A' }, '10.0.0.1');
      await get({ 'user-agent': 'A' }, '10.0.0.2');
      await get({ 'user-agent': 'B' }, '10.0.0.2');
      // Views are written in batches (about once a second); a graceful stop writes what is pending.
      await t.ctx.notes.flushViews();
      const seen = (await get({ 'user-agent': 'B' }, '10.0.0.2')).json();
      assert.equal(seen.counts.views, 4, 'a repeat viewer is not counted again');
      await t.ctx.notes.flushViews();
      await get(bearer(xiaoyu));
      await t.ctx.notes.flushViews();
      const rows = await t.ctx.db.kysely.selectFrom('note_views').select('viewer_key').where('note_id', '=', note.id).execute();
      assert.equal(rows.length, 4, 'one row a viewer a day');
      assert.equal((await get({ 'user-agent': 'A' }, '10.0.0.1')).json().counts.views, 4);
    });

    it('edits text and visibility, only by the author; deletes and cleans up', async () => {
      const note = await postNote(t.app, ana, { title: 'edit me', body: 'first' });
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/notes/${note.id}`,
        headers: bearer(ana),
        payload: { body: '改了 #旅行 @chengdu_xiaoyu', commentsEnabled: false },
      });
      assert.equal(edited.statusCode, 200);
      assert.deepEqual(edited.json().tags, ['旅行']);
      assert.equal(edited.json().commentsEnabled, false);
      const notMine = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${note.id}`, headers: bearer(xiaoyu), payload: { title: 'hacked' } });
      assert.equal(notMine.statusCode, 403);
      const media = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${note.id}`, headers: bearer(ana), payload: { mediaIds: [] } });
      assert.equal(media.statusCode, 400, 'media cannot be edited');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}`, headers: bearer(xiaoyu) })).statusCode, 403);
      const url = note.media[0]!.urls['360']!;
      assert.equal((await t.app.inject({ url })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}`, headers: bearer(ana) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: bearer(ana) })).statusCode, 404);
      await t.ctx.jobs.drain();
      assert.equal((await t.app.inject({ url })).statusCode, 404, 'media files are cleaned up by the delete job');
    });

    it('keeps followers-only and only-me notes to those who may see them', async () => {
      const fan = await signUp(t.app, `fan_${kind}`);
      const stranger = await signUp(t.app, `stranger_${kind}`);
      await t.app.inject({ method: 'PUT', url: '/api/v1/users/ohio_ana/follow', headers: bearer(fan) });
      const followers = await postNote(t.app, ana, { title: 'for followers', visibility: 'followers' });
      const mine = await postNote(t.app, ana, { title: 'just me', visibility: 'only_me' });
      const status = async (who: Account | null, id: string) =>
        (await t.app.inject({ url: `/api/v1/notes/${id}`, headers: who ? bearer(who) : {} })).statusCode;
      assert.deepEqual(
        [await status(ana, followers.id), await status(fan, followers.id), await status(stranger, followers.id), await status(null, followers.id)],
        [200, 200, 404, 404],
      );
      assert.deepEqual([await status(ana, mine.id), await status(fan, mine.id), await status(null, mine.id)], [200, 404, 404]);
      const list = async (who: Account | null) =>
        ((await t.app.inject({ url: '/api/v1/users/ohio_ana/notes?limit=100', headers: who ? bearer(who) : {} })).json().items as Array<{ id: string }>).map(
          (n) => n.id,
        );
      assert.ok((await list(fan)).includes(followers.id));
      assert.ok(!(await list(fan)).includes(mine.id));
      assert.ok(!(await list(stranger)).includes(followers.id));
      assert.ok((await list(ana)).includes(mine.id));
      // media of a followers-only note: served to a follower, not to a stranger
      const url = followers.media[0]!.urls['720'] ?? followers.media[0]!.urls.original!;
      assert.equal((await t.app.inject({ url, headers: bearer(fan) })).statusCode, 200);
      assert.equal((await t.app.inject({ url, headers: bearer(stranger) })).statusCode, 404);
      assert.equal((await t.app.inject({ url })).statusCode, 404);
      // making it public opens it
      await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${followers.id}`, headers: bearer(ana), payload: { visibility: 'public' } });
      assert.equal(await status(stranger, followers.id), 200);
    });

    it('a video note shows "processing" to its author only, and goes live when the transcode job is done', async () => {
      const body = multipart({}, { name: 'clip.mp4', data: fs.readFileSync(await mp4Clip()), type: 'video/mp4' });
      const up = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(ana), ...body.headers }, payload: body.payload });
      assert.equal(up.statusCode, 201, up.body);
      assert.equal(up.json().kind, 'video');
      assert.equal(up.json().status, 'processing');
      const photo = await uploadImage(t.app, ana);
      const mixed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'mixed', body: '', mediaIds: [up.json().id, photo.id] },
      });
      assert.equal(mixed.statusCode, 400, 'photos or one video, not both');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'Mittens video', body: `hi @chengdu_xiaoyu`, mediaIds: [up.json().id] },
      });
      assert.equal(res.statusCode, 201, res.body);
      const note = res.json();
      assert.equal(note.kind, 'video');
      assert.equal(note.status, 'processing');
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: bearer(xiaoyu) })).statusCode, 404, 'not live yet');
      await t.ctx.jobs.drain();
      const live = await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: bearer(xiaoyu) });
      assert.equal(live.statusCode, 200);
      assert.equal(live.json().status, 'published');
      assert.ok(live.json().media[0].urls.video, 'the transcoded MP4 is there');
      const video = await t.app.inject({ url: live.json().media[0].urls.video, headers: { ...bearer(xiaoyu), range: 'bytes=0-99' } });
      assert.equal(video.statusCode, 206);
      const told = (await t.app.inject({ url: '/api/v1/notifications', headers: bearer(xiaoyu) })).json();
      assert.ok(
        told.items.some((i: { kind: string; subject: { id: string } | null }) => i.kind === 'mention' && i.subject?.id === note.id),
        'mentioned once live',
      );
    });

    it('a video that fails for good marks its note failed, tells its author, and may be retried or deleted', async () => {
      const body = multipart({}, { name: 'clip.mp4', data: fs.readFileSync(await mp4Clip()), type: 'video/mp4' });
      const up = (await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(ana), ...body.headers }, payload: body.payload })).json();
      const note = (
        await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: bearer(ana), payload: { title: 'doomed video', body: '', mediaIds: [up.id] } })
      ).json();
      // The uploaded source is lost before it could be transcoded; this is its last attempt.
      const row = (await t.ctx.media.service.byIds([up.id])).get(up.id)!;
      const source = (JSON.parse(row.variants) as Array<{ name: string; key: string }>).find((v) => v.name === 'source')!;
      await t.ctx.storage.delete([source.key]);
      await assert.rejects(t.ctx.media.service.transcodeJob(up.id, { attempts: 5, maxAttempts: 5 }));

      const mine = await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: bearer(ana) });
      assert.equal(mine.json().status, 'failed', 'its author sees it failed');
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: bearer(xiaoyu) })).statusCode, 404, 'nobody else sees it');
      const told = (await t.app.inject({ url: '/api/v1/notifications', headers: bearer(ana) })).json();
      assert.ok(told.items.some((i: { kind: string; subject: { id: string } | null }) => i.kind === 'note_failed' && i.subject?.id === note.id));
      const card = (await t.app.inject({ url: '/api/v1/users/ohio_ana/notes?limit=100', headers: bearer(ana) }))
        .json()
        .items.find((n: { id: string }) => n.id === note.id);
      assert.equal(card.status, 'failed');

      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/notes/${note.id}/retry`, headers: bearer(xiaoyu) })).statusCode, 404);
      const retried = await t.app.inject({ method: 'POST', url: `/api/v1/notes/${note.id}/retry`, headers: bearer(ana) });
      assert.equal(retried.statusCode, 200, retried.body);
      assert.equal(retried.json().status, 'processing');
      assert.equal((await t.ctx.media.service.byIds([up.id])).get(up.id)?.status, 'processing');
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/notes/${note.id}/retry`, headers: bearer(ana) });
      assert.equal(again.statusCode, 400, 'only a failed note can be retried');
      assert.equal(again.json().code, 'not_failed');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}`, headers: bearer(ana) })).statusCode, 204);
    });

    it('pages a person’s notes newest first with a cursor', async () => {
      const writer = await signUp(t.app, `writer_${kind}`);
      const posted = [];
      for (let i = 0; i < 5; i++) posted.push((await postNote(t.app, writer, { title: `n${i}` })).id);
      const seen: string[] = [];
      let url = `/api/v1/users/writer_${kind}/notes?limit=2`;
      for (let i = 0; i < 5; i++) {
        const page = (await t.app.inject({ url })).json();
        seen.push(...page.items.map((n: { id: string }) => n.id));
        if (!page.nextCursor) break;
        url = `/api/v1/users/writer_${kind}/notes?limit=2&cursor=${page.nextCursor}`;
      }
      assert.deepEqual(seen, posted.reverse());
    });
  });
}
