import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type MediaTestApp, mediaTestApp } from '../../../../test/support/media-app.ts';
import { scoped } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import { MemoryRateLimiter } from '../../platform/ratelimit/index.ts';
import type { Storage } from '../../platform/storage/types.ts';
import { MediaService } from './service.ts';
import { MediaStore, parseVariants } from './store.ts';
import type { MediaTables } from './tables.ts';
import * as inputs from './test-inputs.ts';

async function rejectsWith(p: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.status, status);
    return true;
  });
}

for (const kind of DB_KINDS) {
  describe(`media service [${kind}]`, () => {
    let t: MediaTestApp;
    const owner = newId();
    const other = newId();
    const rows = () => scoped<MediaTables>(t.db).selectFrom('media').selectAll().execute();
    const ingestFile = async (file: Promise<string>, purpose: 'note' | 'avatar' = 'note', who = owner) => t.media.ingest(who, purpose, { path: await file });

    before(async () => {
      t = await mediaTestApp(kind, { MEDIA_MAX_VIDEO_SECONDS: '5' });
    });
    after(() => t.close());

    it('turns a photo into a ready row and stored WebP widths plus a metadata-free original', async () => {
      const view = await ingestFile(inputs.jpegWithExif());
      assert.equal(view.kind, 'image');
      assert.equal(view.status, 'ready');
      assert.deepEqual([view.width, view.height, view.aspectRatio], [3000, 4000, 0.75]);
      assert.match(view.dominantColor ?? '', /^#[0-9a-f]{6}$/);
      assert.ok((view.placeholder ?? '').length > 10);
      assert.deepEqual(view.urls, {
        '360': `/media/${view.id}/360.webp`,
        '720': `/media/${view.id}/720.webp`,
        '1440': `/media/${view.id}/1440.webp`,
        original: `/media/${view.id}/original.jpg`,
      });
      const [row] = (await t.media.byIds([view.id])).values();
      assert.ok(row);
      assert.equal(row.owner_id, owner);
      assert.equal(row.attached_to, null);
      for (const v of parseVariants(row)) {
        const obj = await t.storage.stat(v.key);
        assert.equal(obj?.size, v.bytes);
        assert.equal(obj?.contentType, v.contentType);
      }
      assert.deepEqual(fs.readdirSync(t.tmpDir), [], 'no work files are left');
    });

    it('refuses bad files with a 4xx and leaves no row, no stored file and no temp file behind', async () => {
      const before = await rows();
      const filesBefore = await inputs.listFiles(t.storageDir);
      await rejectsWith(ingestFile(inputs.emptyFile()), 400, 'empty_file');
      await rejectsWith(ingestFile(inputs.textNamedJpg()), 415, 'unsupported_type');
      await rejectsWith(ingestFile(inputs.truncatedJpeg()), 422, 'corrupt_image');
      await rejectsWith(ingestFile(inputs.pngBomb()), 413, 'too_many_pixels');
      await rejectsWith(ingestFile(inputs.audioOnly()), 422, 'no_video_stream');
      await rejectsWith(ingestFile(inputs.unknownCodec()), 422, 'unsupported_codec');
      await rejectsWith(ingestFile(inputs.mp4Clip(), 'avatar'), 415, 'unsupported_type');
      assert.equal((await rows()).length, before.length);
      assert.deepEqual(await inputs.listFiles(t.storageDir), filesBefore);
      assert.deepEqual(fs.readdirSync(t.tmpDir), []);
    });

    it('deletes what it had stored when a later step fails (storage, then the database)', async () => {
      const store = new MediaStore(scoped<MediaTables>(t.db));
      let puts = 0;
      const flaky: Storage = Object.assign(Object.create(t.storage) as Storage, {
        putFile: async (key: string, file: string, type: string) => {
          if (++puts === 3) throw new Error('disk full');
          return t.storage.putFile(key, file, type);
        },
      });
      const failingQueue: JobQueue = Object.assign(Object.create(t.queue) as JobQueue, {
        enqueue: async () => {
          throw new Error('database went away');
        },
      });
      const base = { store, config: t.config, events: t.events, tmpDir: t.tmpDir };
      const before = await rows();
      const filesBefore = await inputs.listFiles(t.storageDir);
      const a = new MediaService({ ...base, storage: flaky, queue: t.queue });
      await assert.rejects(a.ingest(owner, 'note', { path: await inputs.jpegWithExif() }), /disk full/);
      const b = new MediaService({ ...base, storage: t.storage, queue: failingQueue });
      await assert.rejects(b.ingest(owner, 'note', { path: await inputs.mp4Clip() }), /database went away/);
      assert.equal((await rows()).length, before.length, 'the row insert was rolled back with the job');
      assert.deepEqual(await inputs.listFiles(t.storageDir), filesBefore);
      assert.deepEqual(fs.readdirSync(t.tmpDir), []);
    });

    it('lets a note use only its author’s own unused, usable note media, in the order given', async () => {
      const [a, b, mine2, theirs, avatar] = await Promise.all([
        ingestFile(inputs.smallJpeg()),
        ingestFile(inputs.webp()),
        ingestFile(inputs.avif()),
        ingestFile(inputs.smallJpeg(), 'note', other),
        ingestFile(inputs.smallJpeg(), 'avatar'),
      ]);
      const ok = await t.media.checkAttachable(owner, [b.id, a.id]);
      assert.deepEqual(
        ok.map((r) => r.id),
        [b.id, a.id],
      );
      const invalid = (ids: string[]) => rejectsWith(t.media.checkAttachable(owner, ids), 400, 'invalid_media');
      await invalid([a.id, theirs.id]);
      await invalid([avatar.id]);
      await invalid([newId()]);
      await invalid([a.id, a.id]);
      await assert.rejects(t.media.checkAttachable(owner, [theirs.id]), (e: AppError) => e.errors?.[0]?.field === 'mediaIds');

      const noteId = newId();
      await t.media.attach([a.id, b.id], noteId);
      await invalid([a.id]);
      await rejectsWith(t.media.attach([b.id, mine2.id], newId()), 400, 'invalid_media');

      // Inside a transaction that rolls back, the attachment rolls back with it.
      await assert.rejects(
        t.db.kysely.transaction().execute(async (trx) => {
          await t.media.attach([mine2.id], newId(), trx);
          throw new Error('the note insert failed');
        }),
        /note insert failed/,
      );
      assert.equal((await t.media.byIds([mine2.id])).get(mine2.id)?.attached_to, null);
      await scoped<MediaTables>(t.db).updateTable('media').set({ status: 'failed' }).where('id', '=', mine2.id).execute();
      await invalid([mine2.id]);
    });

    it('transcodes a video in a job: processing with a poster first, then ready with H.264 MP4', async () => {
      const ready: Array<[string, string | null]> = [];
      t.events.on('media.ready', 'test', async ({ mediaId, attachedTo }) => {
        ready.push([mediaId, attachedTo]);
      });
      const view = await ingestFile(inputs.mp4Clip());
      assert.equal(view.kind, 'video');
      assert.equal(view.status, 'processing');
      assert.deepEqual([view.width, view.height], [640, 360]);
      assert.equal(view.durationMs, 2000);
      assert.equal(view.urls.video, undefined);
      assert.equal(view.urls.poster, `/media/${view.id}/poster.jpg`);
      assert.equal(view.urls['360'], `/media/${view.id}/poster-360.webp`);
      assert.ok(view.placeholder);
      const noteId = newId();
      await t.media.attach([view.id], noteId);

      assert.ok((await t.queue.drain()) >= 1);
      const row = (await t.media.byIds([view.id])).get(view.id);
      assert.ok(row);
      assert.equal(row.status, 'ready');
      const done = t.media.present(row);
      assert.equal(done.urls.video, `/media/${view.id}/video.mp4`);
      const variants = parseVariants(row);
      assert.equal(
        variants.find((v) => v.name === 'source'),
        undefined,
      );
      assert.equal(await t.storage.stat(`media/${view.id}/source.mp4`), null, 'the upload itself is gone');
      const video = path.join(t.storageDir, 'media', view.id, 'video.mp4');
      const probe = inputs.ffprobeJson(video);
      assert.deepEqual(probe.streams.map((s) => s.codec_name).sort(), ['aac', 'h264']);
      assert.deepEqual(ready, [[view.id, noteId]]);
    });

    it('marks a video failed when its last transcode attempt fails, and not before', async () => {
      const view = await ingestFile(inputs.mp4Clip());
      await t.storage.delete([`media/${view.id}/source.mp4`]);
      await assert.rejects(t.media.transcodeJob(view.id, { attempts: 1, maxAttempts: 3 }), /missing/);
      assert.equal((await t.media.byIds([view.id])).get(view.id)?.status, 'processing');
      await assert.rejects(t.media.transcodeJob(view.id, { attempts: 3, maxAttempts: 3 }), /missing/);
      const row = (await t.media.byIds([view.id])).get(view.id);
      assert.equal(row?.status, 'failed');
      assert.match(row?.error ?? '', /missing/);
      await t.media.transcodeJob(view.id, { attempts: 4, maxAttempts: 3 }); // a failed row is left alone
      await rejectsWith(t.media.checkAttachable(owner, [view.id]), 400, 'invalid_media');
      await t.queue.drain();
    });

    it('deletes a note’s media files and marks the rows deleted in a job, idempotently', async () => {
      const noteId = newId();
      const [p, v] = await Promise.all([ingestFile(inputs.smallJpeg()), ingestFile(inputs.mp4Clip())]);
      await t.media.attach([p.id, v.id], noteId);
      await t.media.scheduleDelete(noteId);
      await t.queue.drain(); // runs the delete and the (now pointless) transcode, in either order
      for (const id of [p.id, v.id]) {
        assert.deepEqual(await inputs.listFiles(path.join(t.storageDir, 'media', id)), []);
        assert.ok((await t.media.byIds([id])).get(id)?.deleted_at);
      }
      await t.media.deleteJob(noteId);
      await rejectsWith(
        t.media.locate(owner, p.id, '360.webp', async () => true),
        404,
        'not_found',
      );
    });

    it('refuses a video longer than the limit', async () => {
      const strict = await mediaTestApp(kind, { MEDIA_MAX_VIDEO_SECONDS: '1' });
      try {
        await rejectsWith(strict.media.ingest(owner, 'note', { path: await inputs.mp4Clip() }), 422, 'video_too_long');
        assert.deepEqual(await inputs.listFiles(strict.storageDir), []);
      } finally {
        await strict.close();
      }
    });

    it('accepts WebM and portrait phone video, keeping the shown orientation', async () => {
      const webm = await ingestFile(inputs.webmClip());
      assert.deepEqual([webm.width, webm.height], [320, 240]);
      const upright = await ingestFile(inputs.rotatedClip());
      assert.deepEqual([upright.width, upright.height], [1080, 1920]);
      const poster = await sharp(path.join(t.storageDir, 'media', upright.id, 'poster.jpg')).metadata();
      assert.deepEqual([poster.width, poster.height], [1080, 1920]);
      await t.queue.drain();
      const rows = await t.media.byIds([webm.id, upright.id]);
      assert.equal(rows.get(webm.id)?.status, 'ready');
      assert.equal(rows.get(upright.id)?.status, 'ready');
    });
  });
}
