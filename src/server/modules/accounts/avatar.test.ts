import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote, testJpeg, uploadImage } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`avatars [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, 'avatar_ana');
      bo = await signUp(t.app, 'avatar_bo');
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    const setAvatar = (who: Account, mediaId: string | null) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/me/avatar', headers: bearer(who), payload: { mediaId } });

    it('sets a square avatar from an avatar upload and shows it wherever the person appears', async () => {
      const up = await uploadImage(t.app, ana, await testJpeg(800, 500), 'avatar');
      assert.equal(up.width, up.height, 'avatars are cropped square');
      const res = await setAvatar(ana, up.id);
      assert.equal(res.statusCode, 200, res.body);
      const avatar = res.json().avatar;
      assert.match(avatar.url, new RegExp(`^/media/${up.id}/`));
      assert.ok(avatar.placeholder);
      assert.equal((await t.app.inject({ url: avatar.url })).statusCode, 200, 'anyone may load an avatar');
      assert.deepEqual((await t.app.inject({ url: '/api/v1/users/avatar_ana' })).json().avatar, avatar);
      await t.app.inject({ method: 'PUT', url: '/api/v1/users/avatar_bo/follow', headers: bearer(ana) });
      const followers = (await t.app.inject({ url: '/api/v1/users/avatar_bo/followers' })).json();
      assert.deepEqual(followers.items[0].avatar, avatar);
      const note = await postNote(t.app, ana);
      assert.deepEqual(note.author.avatar, avatar);
    });

    it('replacing the avatar deletes the old one’s files; null removes it', async () => {
      const first = (await t.app.inject({ url: '/api/v1/me', headers: bearer(ana) })).json().avatar.url as string;
      const next = await uploadImage(t.app, ana, await testJpeg(300, 300), 'avatar');
      assert.equal((await setAvatar(ana, next.id)).statusCode, 200);
      await t.ctx.jobs.drain();
      assert.equal((await t.app.inject({ url: first })).statusCode, 404);
      const cleared = await setAvatar(ana, null);
      assert.equal(cleared.json().avatar, null);
    });

    it('refuses note photos, other people’s uploads and unknown ids as avatars', async () => {
      const notePhoto = await uploadImage(t.app, bo);
      const theirs = await uploadImage(t.app, ana, undefined, 'avatar');
      for (const id of [notePhoto.id, theirs.id, '01a20000-0000-7000-8000-000000000000']) {
        const res = await setAvatar(bo, id);
        assert.equal(res.statusCode, 400, id);
        assert.equal(res.json().code, 'invalid_media');
      }
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(bo) })).json().avatar, null);
      const mine = await uploadImage(t.app, bo, undefined, 'avatar');
      assert.equal((await setAvatar(bo, mine.id)).statusCode, 200);
      assert.equal((await setAvatar(ana, mine.id)).statusCode, 400, 'an avatar in use cannot be taken by someone else');
    });
  });
}
