import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { assertNo5xx, type MediaTestApp, mediaTestApp, multipart } from '../../../../test/support/media-app.ts';
import { scoped } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import type { MediaView } from './schemas.ts';
import type { MediaTables } from './tables.ts';
import * as inputs from './test-inputs.ts';

const as = (user: string | null) => (user ? { 'x-test-user': user } : {});

for (const kind of DB_KINDS) {
  describe(`media HTTP [${kind}]`, () => {
    let t: MediaTestApp;
    const ana = newId();
    const bo = newId();

    const upload = async (
      file: Promise<string> | Buffer | string,
      opts: { user?: string | null; filename?: string; purpose?: string; app?: MediaTestApp } = {},
    ) => {
      const data = Buffer.isBuffer(file) ? file : fs.readFileSync(typeof file === 'string' ? file : await file);
      const parts: Parameters<typeof multipart>[0] = [{ name: 'file', filename: opts.filename ?? 'photo.jpg', contentType: 'image/jpeg', data }];
      if (opts.purpose) parts.unshift({ name: 'purpose', data: opts.purpose });
      const body = multipart(parts);
      return (opts.app ?? t).app.inject({
        method: 'POST',
        url: '/api/v1/media',
        headers: { ...body.headers, ...as(opts.user === undefined ? ana : opts.user) },
        payload: body.payload,
      });
    };
    const get = (url: string, user: string | null = null, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'GET', url, headers: { ...as(user), ...headers } });
    const problem = (res: LightMyRequestResponse, status: number, code: string) => {
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, code);
    };
    const mediaRows = () => scoped<MediaTables>(t.db).selectFrom('media').select('id').execute();

    before(async () => {
      t = await mediaTestApp(kind);
    });
    after(async () => {
      await t.close();
      assertNo5xx(t.logs);
    });

    it('uploads a photo: 201 with kind, size, status, placeholder, colour and URLs', async () => {
      const res = await upload(inputs.jpegWithExif());
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json() as MediaView;
      assert.equal(body.kind, 'image');
      assert.equal(body.status, 'ready');
      assert.deepEqual([body.width, body.height], [3000, 4000]);
      assert.ok(body.placeholder);
      assert.match(body.dominantColor ?? '', /^#[0-9a-f]{6}$/);
      assert.equal(body.urls['720'], `/media/${body.id}/720.webp`);
      const img = await get(body.urls['720'], ana);
      assert.equal(img.statusCode, 200);
      assert.equal(img.headers['content-type'], 'image/webp');
      const m = await sharp(img.rawPayload).metadata();
      assert.deepEqual([m.width, m.exif], [720, undefined]);
    });

    it('judges a file by its content, not its name or declared type', async () => {
      const res = await upload(inputs.webp(), { filename: 'holiday.gif' });
      assert.equal(res.statusCode, 201, res.body);
      const png = await upload(inputs.pngWithAlpha(), { filename: 'no-extension' });
      assert.equal(png.statusCode, 201, png.body);
    });

    it('refuses bad uploads with the right 4xx, leaving no row, stored file or temp file', async () => {
      const rowsBefore = (await mediaRows()).length;
      const filesBefore = await inputs.listFiles(t.storageDir);
      problem(await upload(inputs.textNamedJpg()), 415, 'unsupported_type');
      problem(await upload(inputs.emptyFile()), 400, 'empty_file');
      problem(await upload(inputs.truncatedJpeg()), 422, 'corrupt_image');
      problem(await upload(inputs.pngBomb(), { filename: 'big.png' }), 413, 'too_many_pixels');
      problem(await upload(inputs.audioOnly(), { filename: 'song.mp4' }), 422, 'no_video_stream');
      problem(await upload(inputs.unknownCodec(), { filename: 'odd.mkv' }), 422, 'unsupported_codec');
      problem(await upload(inputs.mp4Clip(), { purpose: 'avatar' }), 415, 'unsupported_type');
      problem(await upload(inputs.smallJpeg(), { purpose: 'banner' }), 400, 'validation_failed');
      problem(await upload(inputs.smallJpeg(), { user: null }), 401, 'unauthenticated');

      const two = multipart([
        { name: 'file', filename: 'a.jpg', data: fs.readFileSync(await inputs.smallJpeg()) },
        { name: 'file', filename: 'b.jpg', data: fs.readFileSync(await inputs.smallJpeg()) },
      ]);
      problem(
        await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...two.headers, ...as(ana) }, payload: two.payload }),
        400,
        'too_many_files',
      );
      const none = multipart([{ name: 'purpose', data: 'note' }]);
      problem(
        await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...none.headers, ...as(ana) }, payload: none.payload }),
        400,
        'file_required',
      );
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: as(ana), payload: { file: 'x' } });
      problem(json, 415, 'unsupported_media_type');
      const cut = multipart([{ name: 'file', filename: 'a.jpg', data: fs.readFileSync(await inputs.smallJpeg()) }]);
      const truncatedBody = cut.payload.subarray(0, cut.payload.length - 30);
      problem(
        await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...cut.headers, ...as(ana) }, payload: truncatedBody }),
        400,
        'malformed_multipart',
      );

      assert.equal((await mediaRows()).length, rowsBefore);
      assert.deepEqual(await inputs.listFiles(t.storageDir), filesBefore);
      assert.deepEqual(fs.readdirSync(t.tmpDir), []);
    });

    it('refuses a file over its type’s byte limit with 413; a video has its own, larger limit', async () => {
      const small = await mediaTestApp(kind, { MEDIA_MAX_IMAGE_BYTES: '20000' });
      try {
        const big = await inputs.jpegWithExif();
        assert.ok(fs.statSync(big).size > 20000);
        problem(await upload(big, { app: small }), 413, 'file_too_large');
        // Under the photo limit but a video: its own, larger limit applies.
        const clip = await inputs.mp4Clip();
        assert.ok(fs.statSync(clip).size > 20000);
        assert.equal((await upload(clip, { app: small })).statusCode, 201);
        assert.deepEqual(fs.readdirSync(small.tmpDir), []);
        await small.queue.drain();
      } finally {
        await small.close();
        assertNo5xx(small.logs);
      }
    });

    it('rate-limits uploads with the per-person write budget', async () => {
      const limited = await mediaTestApp(kind, { RATE_LIMITS: 'on', RATE_LIMIT_WRITES_PER_USER: '2/60' });
      try {
        for (let i = 0; i < 2; i++) assert.equal((await upload(inputs.smallJpeg(), { app: limited })).statusCode, 201);
        const res = await upload(inputs.smallJpeg(), { app: limited });
        assert.equal(res.statusCode, 429);
        assert.ok(Number(res.headers['retry-after']) > 0);
        assert.equal((await upload(inputs.smallJpeg(), { app: limited, user: bo })).statusCode, 201);
      } finally {
        await limited.close();
      }
    });

    it('serves byte ranges: 206 with the exact bytes, suffixes, 416 past the end, 304 by ETag', async () => {
      const body = (await upload(inputs.jpegWithExif())).json() as MediaView;
      const url = body.urls.original as string;
      const full = await get(url, ana);
      assert.equal(full.statusCode, 200);
      assert.equal(full.headers['accept-ranges'], 'bytes');
      const size = full.rawPayload.length;
      assert.equal(Number(full.headers['content-length']), size);
      const onDisk = fs.readFileSync(path.join(t.storageDir, 'media', body.id, 'original.jpg'));
      assert.ok(onDisk.equals(full.rawPayload));

      const part = await get(url, ana, { range: 'bytes=100-1099' });
      assert.equal(part.statusCode, 206);
      assert.equal(part.headers['content-range'], `bytes 100-1099/${size}`);
      assert.equal(Number(part.headers['content-length']), 1000);
      assert.ok(part.rawPayload.equals(onDisk.subarray(100, 1100)));

      const tail = await get(url, ana, { range: 'bytes=-10' });
      assert.equal(tail.statusCode, 206);
      assert.ok(tail.rawPayload.equals(onDisk.subarray(size - 10)));

      const past = await get(url, ana, { range: `bytes=${size}-` });
      assert.equal(past.statusCode, 416);
      assert.equal(past.headers['content-range'], `bytes */${size}`);
      assert.equal(past.headers['cache-control'], 'no-store');

      const etag = full.headers.etag as string;
      assert.ok(etag);
      const cached = await get(url, ana, { 'if-none-match': etag });
      assert.equal(cached.statusCode, 304);
      assert.equal(cached.rawPayload.length, 0);
      const stale = await get(url, ana, { range: 'bytes=0-9', 'if-range': '"another-version"' });
      assert.equal(stale.statusCode, 200, 'a stale If-Range gets the whole file');

      const head = await t.app.inject({ method: 'HEAD', url, headers: as(ana) });
      assert.equal(head.statusCode, 200);
      assert.equal(Number(head.headers['content-length']), size);
    });

    it('serves media only to those who may see it, and 404s the rest alike', async () => {
      const a = (await upload(inputs.smallJpeg())).json() as MediaView;
      const url = a.urls['360'] as string;
      // Unattached: only its owner.
      const mine = await get(url, ana);
      assert.equal(mine.statusCode, 200);
      assert.match(String(mine.headers['cache-control']), /^private/);
      problem(await get(url, bo), 404, 'not_found');
      problem(await get(url), 404, 'not_found');

      // In a public note: everyone, cacheable anywhere — for ten minutes, then asked again (the note may go private).
      const publicNote = newId();
      t.notes.set(publicNote, { authorId: ana, visibility: 'public' });
      await t.media.attach([a.id], publicNote);
      const anon = await get(url);
      assert.equal(anon.statusCode, 200);
      assert.equal(anon.headers['cache-control'], 'public, max-age=600, must-revalidate');
      // Asked again with its ETag: a 304 without the bytes while the note stays public …
      const again = await t.app.inject({ url, headers: { 'if-none-match': String(anon.headers.etag) } });
      assert.equal(again.statusCode, 304);
      // … and a 404 as soon as it is not.
      t.notes.set(publicNote, { authorId: ana, visibility: 'only_me' });
      problem(await t.app.inject({ url, headers: { 'if-none-match': String(anon.headers.etag) } }), 404, 'not_found');
      t.notes.set(publicNote, { authorId: ana, visibility: 'public' });

      // In an only-me note: the author, privately; nobody else.
      const b = (await upload(inputs.smallJpeg())).json() as MediaView;
      const privateNote = newId();
      t.notes.set(privateNote, { authorId: ana, visibility: 'only_me' });
      await t.media.attach([b.id], privateNote);
      const author = await get(b.urls.original as string, ana);
      assert.equal(author.statusCode, 200);
      assert.match(String(author.headers['cache-control']), /^private/);
      problem(await get(b.urls.original as string, bo), 404, 'not_found');
      problem(await get(b.urls.original as string), 404, 'not_found');

      // Avatars: everyone, square.
      const av = (await upload(inputs.jpegWithExif(), { purpose: 'avatar' })).json() as MediaView;
      const face = await get(av.urls.original as string);
      assert.equal(face.statusCode, 200);
      const fm = await sharp(face.rawPayload).metadata();
      assert.equal(fm.width, fm.height);

      // Unknown media, unknown file names, and names that are not ours.
      problem(await get(`/media/${newId()}/360.webp`, ana), 404, 'not_found');
      problem(await get(`/media/${a.id}/999.webp`, ana), 404, 'not_found');
      assert.equal((await get(`/media/${a.id}/..%2F..%2Fbiji.sqlite`, ana)).statusCode, 400);
    });

    it('uploads a video: processing with a poster, then ready and playable by range; the upload itself is never served', async () => {
      const res = await upload(inputs.mp4Clip(), { filename: 'clip.mp4' });
      assert.equal(res.statusCode, 201, res.body);
      const v = res.json() as MediaView;
      assert.equal(v.kind, 'video');
      assert.equal(v.status, 'processing');
      assert.equal(v.urls.video, undefined);
      assert.equal((await get(v.urls.poster as string, ana)).statusCode, 200);
      problem(await get(`/media/${v.id}/source.mp4`, ana), 404, 'not_found');
      problem(await get(`/media/${v.id}/video.mp4`, ana), 404, 'not_found');

      await t.queue.drain();
      const row = (await t.media.byIds([v.id])).get(v.id);
      assert.ok(row);
      const ready = t.media.present(row);
      assert.equal(ready.status, 'ready');
      const video = await get(ready.urls.video as string, ana, { range: 'bytes=0-1023' });
      assert.equal(video.statusCode, 206);
      assert.equal(video.headers['content-type'], 'video/mp4');
      assert.equal(video.rawPayload.length, 1024);
      assert.equal(video.rawPayload.subarray(4, 8).toString('latin1'), 'ftyp');
      problem(await get(`/media/${v.id}/source.mp4`, ana), 404, 'not_found');
    });
  });
}
