import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DB_KINDS } from '../../../../../test/support/db.ts';
import { type MediaTestApp, mediaTestApp } from '../../../../../test/support/media-app.ts';
import { newId } from '../../../platform/ids.ts';
import * as inputs from '../../media/test-inputs.ts';
import { mediaImageReader, pickRendition } from './media-bytes.ts';

describe('which stored rendition the image check reads', () => {
  const variants = (...names: string[]) => ({ variants: JSON.stringify(names.map((name) => ({ name, key: `media/x/${name}` }))) });

  it('takes the 360 px one, else the next size up, never a video file', () => {
    assert.equal(pickRendition(variants('original', '1440', '720', '360')), 'media/x/360');
    assert.equal(pickRendition(variants('original', '720')), 'media/x/720');
    assert.equal(pickRendition(variants('source', 'video', 'original')), 'media/x/original');
    assert.equal(pickRendition(variants('512', '256', '96', 'original')), 'media/x/256');
    assert.equal(pickRendition(variants('source', 'video')), null);
    assert.equal(pickRendition({ variants: 'not json' }), null);
  });
});

for (const kind of DB_KINDS) {
  describe(`media bytes for the image check [${kind}]`, () => {
    let t: MediaTestApp;
    const owner = newId();

    before(async () => {
      t = await mediaTestApp(kind);
    });
    after(() => t.close());

    it('reads a photo’s 360 px rendition, a video’s poster, and nothing once deleted', async () => {
      const read = mediaImageReader(t.media);
      const photo = await t.media.ingest(owner, 'note', { path: await inputs.smallJpeg(800, 600) });
      const got = await read(photo.id);
      assert.ok(got);
      assert.deepEqual([got.ownerId, got.attachedTo, got.kind], [owner, null, 'image']);
      const meta = await sharp(got.data).metadata();
      assert.deepEqual([meta.format, meta.width], ['webp', 360]);

      const clip = await t.media.ingest(owner, 'note', { path: await inputs.mp4Clip() });
      const poster = await read(clip.id);
      assert.equal(poster?.kind, 'video');
      assert.ok(((await sharp(poster?.data).metadata()).width ?? 0) > 0, 'the poster is an image');

      await t.media.attach([photo.id], 'note-1');
      assert.equal((await read(photo.id))?.attachedTo, 'note-1');
      await t.media.deleteJob('note-1');
      assert.equal(await read(photo.id), null);
      assert.equal(await read(newId()), null);
    });
  });
}
