// The media module's PersonalData: the archive gets each upload's row and its full-size file free
// of metadata; erasure deletes every stored object of every upload of the person, then the rows.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { type Account, assertNo5xx, signUp, type TestApp, testApp, uniqueHandle } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote, uploadImage } from '../../../../test/support/notes.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';
import { archivePath, archivePathOfView, archiveRole } from './archive.ts';
import type { MediaVariant } from './tables.ts';

class CaptureArchive implements ArchiveWriter {
  readonly files = new Map<string, unknown>();
  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.files.set(path, all);
  }
  async file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    if (typeof body !== 'function') {
      this.files.set(path, Buffer.from(body));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of await body()) chunks.push(Buffer.from(c as Buffer));
    this.files.set(path, Buffer.concat(chunks));
  }
}

describe('media archive files', () => {
  it('exports a video as its transcode, a photo as its original, never a video’s kept upload', () => {
    assert.equal(archiveRole('video', ['360', 'original', 'source', 'video']), 'video');
    assert.equal(archiveRole('video', ['360', 'original', 'source']), 'original', 'a video still transcoding: its poster frame');
    assert.equal(archiveRole('video', ['source']), null);
    assert.equal(archiveRole('image', ['360', '720', '1440', 'original']), 'original');
    assert.equal(archiveRole('image', ['360', '720']), '720', 'no original kept: the largest size');
    assert.equal(archivePath('m1', 'media/m1/original.jpg'), 'media/m1.jpg');
    assert.equal(archivePathOfView({ id: 'v1', kind: 'video', urls: { original: '/media/v1/poster.jpg', video: '/media/v1/video.mp4' } }), 'media/v1.mp4');
  });
});

for (const kind of DB_KINDS) {
  describe(`media personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    const rows = async () => (await t.ctx.db.kysely.selectFrom('media').selectAll().execute()) as Array<Record<string, unknown> & { variants: string }>;
    const keysOf = (r: { variants: string }) => (JSON.parse(r.variants) as MediaVariant[]).map((v) => v.key);

    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, uniqueHandle('pdm_ana'));
      bo = await signUp(t.app, uniqueHandle('pdm_bo'));
      // A phone photo: its EXIF names the camera (and could hold the place).
      const phone = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 90, b: 40 } } })
        .jpeg()
        .withExif({ IFD0: { Make: 'PhoneCo', Model: 'Secret 9' } })
        .toBuffer();
      assert.ok((await sharp(phone).metadata()).exif, 'the upload carries EXIF');
      const photo = await uploadImage(t.app, ana, phone);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: { authorization: `Bearer ${ana.token}` },
        payload: { title: 'from my phone', body: '', mediaIds: [photo.id], visibility: 'public' },
      });
      assert.equal(res.statusCode, 201);
      await uploadImage(t.app, ana, undefined, 'avatar');
      await uploadImage(t.app, ana); // never attached: still theirs
      await postNote(t.app, bo, { images: 1 });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('exports every upload’s row, and each file full size without metadata', async () => {
      const out = new CaptureArchive();
      await t.ctx.media.personalData.export(ana.id, out);
      const mine = (await rows()).filter((r) => r.owner_id === ana.id);
      const listed = out.files.get('media/media.json') as Array<{ id: string; ownerId: string; createdAt: string; variants: unknown[] }>;
      assert.deepEqual(listed.map((r) => r.id).sort(), mine.map((r) => r.id).sort());
      assert.equal(mine.length, 3);
      for (const r of listed) assert.equal(r.createdAt, mine.find((m) => m.id === r.id)?.created_at);
      for (const r of mine) {
        const original = (JSON.parse(r.variants) as MediaVariant[]).find((v) => v.name === 'original')!;
        const path = archivePath(r.id as string, original.key);
        const bytes = out.files.get(path) as Buffer | undefined;
        assert.ok(bytes, `${path} is in the archive`);
        const meta = await sharp(bytes).metadata();
        assert.equal(meta.width, original.width);
        assert.equal(meta.exif, undefined, 'no EXIF');
        assert.equal(meta.xmp, undefined, 'no XMP');
      }
      assert.ok(![...out.files.keys()].some((p) => p !== 'media/media.json' && !mine.some((r) => p.startsWith(`media/${r.id}.`))), 'no file of anyone else');
    });

    it('erases every stored object of every upload, then the rows, leaving others’ alone; twice is safe', async () => {
      const all = await rows();
      const mine = all.filter((r) => r.owner_id === ana.id);
      const theirs = all.filter((r) => r.owner_id !== ana.id);
      assert.ok(mine.length > 0 && theirs.length > 0);
      for (const key of mine.flatMap(keysOf)) assert.ok(await t.ctx.storage.stat(key), `${key} is stored before`);
      // In ERASE_ORDER notes go first; media then finds nothing of theirs still in use.
      await t.ctx.modules.notes.personalData.erase(ana.id);
      await t.ctx.media.personalData.erase(ana.id);
      await t.ctx.media.personalData.erase(ana.id);
      for (const key of mine.flatMap(keysOf)) assert.equal(await t.ctx.storage.stat(key), null, `${key} is gone`);
      const left = await rows();
      assert.deepEqual(
        left.filter((r) => JSON.stringify(r).includes(ana.id)),
        [],
      );
      assert.deepEqual(
        left.map((r) => r.id),
        theirs.map((r) => r.id),
      );
      for (const key of theirs.flatMap(keysOf)) assert.ok(await t.ctx.storage.stat(key), `${key} is still stored`);
    });
  });
}
