import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { thumbHashToRGBA } from 'thumbhash';
import { AppError } from '../../platform/errors.ts';
import { type ProcessedImage, pickSizes, processImage } from './images.ts';
import * as inputs from './test-inputs.ts';

const MAX_PIXELS = 40_000_000;

async function rejectsWith(p: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    return true;
  });
}

const byName = (r: ProcessedImage, name: string) => {
  const o = r.outputs.find((x) => x.name === name);
  assert.ok(o, `no output named ${name}`);
  return o;
};

describe('image pipeline', () => {
  let out: string;
  let n = 0;
  const outDir = () => fs.mkdtempSync(path.join(out, `${++n}-`));
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-images-test-'));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('orients a 12-MP phone photo by its EXIF, makes three WebP widths and a JPEG original', async () => {
    const r = await processImage(await inputs.jpegWithExif(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual([r.width, r.height], [3000, 4000]);
    assert.deepEqual(r.outputs.map((o) => o.name).sort(), ['1440', '360', '720', 'original']);
    for (const w of [360, 720, 1440]) {
      const o = byName(r, String(w));
      const m = await sharp(o.file).metadata();
      assert.equal(m.format, 'webp');
      assert.equal(m.width, w);
      assert.equal(m.height, Math.round((w * 4000) / 3000));
      assert.deepEqual([o.width, o.height], [m.width, m.height]);
    }
    const original = byName(r, 'original');
    const om = await sharp(original.file).metadata();
    assert.equal(om.format, 'jpeg');
    assert.deepEqual([om.width, om.height], [3000, 4000]);
    // The red block stored at the top-left is at the top-right once turned 90° clockwise.
    const { data, info } = await sharp(original.file).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const [tr, tl] = [px(2950, 50), px(50, 50)];
    assert.ok(tr[0]! > 200 && tr[2]! < 60, `top-right should be red, got ${tr}`);
    assert.ok(tl[2]! > 150 && tl[0]! < 100, `top-left should be blue, got ${tl}`);
  });

  it('keeps no EXIF, GPS, ICC, XMP or IPTC in any output, and writes no orientation to undo', async () => {
    const input = await inputs.jpegWithExif();
    const im = await sharp(input).metadata();
    assert.ok(im.exif && im.icc, 'the input carries EXIF and ICC');
    assert.ok(im.exif.toString('hex').includes('2588'), 'the input has a GPS IFD');
    const r = await processImage(input, outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    for (const o of r.outputs) {
      const m = await sharp(o.file).metadata();
      assert.equal(m.exif, undefined, `${o.fileName} has EXIF`);
      assert.equal(m.icc, undefined, `${o.fileName} has an ICC profile`);
      assert.equal(m.xmp, undefined, `${o.fileName} has XMP`);
      assert.equal(m.iptc, undefined, `${o.fileName} has IPTC`);
      assert.equal(m.orientation, undefined, `${o.fileName} has an orientation tag`);
      assert.equal(m.space, 'srgb');
      const bytes = fs.readFileSync(o.file);
      assert.equal(bytes.includes(Buffer.from(inputs.CAMERA_MAKE)), false, `${o.fileName} has the camera make`);
    }
  });

  it('gives a thumbhash placeholder and the dominant colour', async () => {
    const r = await processImage(await inputs.jpegWithExif(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    const decoded = thumbHashToRGBA(Buffer.from(r.placeholder, 'base64'));
    assert.ok(decoded.w > 0 && decoded.h > decoded.w, 'a portrait placeholder');
    assert.match(r.dominantColor, /^#[0-9a-f]{6}$/);
    const [red, green, blue] = [1, 3, 5].map((i) => parseInt(r.dominantColor.slice(i, i + 2), 16));
    assert.ok(blue! > red! && blue! > green!, `mostly blue, got ${r.dominantColor}`);
  });

  it('never upscales: a 200-px photo gets one 200-px derivative and its original', async () => {
    const r = await processImage(await inputs.smallJpeg(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual(r.outputs.map((o) => o.name).sort(), ['360', 'original']);
    assert.equal(byName(r, '360').width, 200);
    const mid = await processImage(await inputs.smallJpeg(1000, 500), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual(mid.outputs.map((o) => o.name).sort(), ['360', '720', 'original']);
  });

  it('reads PNG, WebP and AVIF, and keeps transparency in a WebP original', async () => {
    const png = await processImage(await inputs.pngWithAlpha(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    const original = byName(png, 'original');
    assert.equal(original.contentType, 'image/webp');
    assert.equal((await sharp(original.file).metadata()).hasAlpha, true);
    const w = await processImage(await inputs.webp(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual([w.width, w.height], [1600, 900]);
    assert.deepEqual(w.outputs.map((o) => o.name).sort(), ['1440', '360', '720', 'original']);
    const a = await processImage(await inputs.avif(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual([a.width, a.height], [800, 600]);
    assert.equal(byName(a, 'original').contentType, 'image/jpeg');
  });

  it('keeps only the first frame of an animated GIF', async () => {
    const r = await processImage(await inputs.animatedGif(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS });
    assert.deepEqual([r.width, r.height], [400, 300]);
    for (const o of r.outputs) {
      const m = await sharp(o.file).metadata();
      assert.equal(m.pages ?? 1, 1);
      assert.equal(m.height, o.name === 'original' ? 300 : Math.round((o.width * 300) / 400));
    }
    const { dominant } = await sharp(byName(r, 'original').file).stats();
    assert.ok(dominant.r > 200 && dominant.g < 60 && dominant.b < 60, 'the red first frame');
  });

  it('crops avatars square at 96, 256 and 512', async () => {
    const r = await processImage(await inputs.jpegWithExif(), outDir(), { purpose: 'avatar', maxPixels: MAX_PIXELS });
    assert.deepEqual(r.outputs.map((o) => o.name).sort(), ['256', '512', '96', 'original']);
    for (const o of r.outputs) {
      const m = await sharp(o.file).metadata();
      assert.equal(m.width, m.height, `${o.fileName} is square`);
    }
    assert.equal(byName(r, 'original').width, 1024);
    const tiny = await processImage(await inputs.smallJpeg(80, 60), outDir(), { purpose: 'avatar', maxPixels: MAX_PIXELS });
    assert.deepEqual(tiny.outputs.map((o) => [o.name, o.width, o.height]).sort(), [
      ['96', 60, 60],
      ['original', 60, 60],
    ]);
  });

  it('refuses a 20000×20000 PNG before decoding it (decompression bomb)', async () => {
    const bomb = await inputs.pngBomb();
    assert.ok(fs.statSync(bomb).size < 200_000, 'the bomb is small on disk');
    const dirOut = outDir();
    await rejectsWith(processImage(bomb, dirOut, { purpose: 'note', maxPixels: MAX_PIXELS }), 413, 'too_many_pixels');
    assert.deepEqual(fs.readdirSync(dirOut), []);
  });

  it('refuses a truncated JPEG as corrupt', async () => {
    await rejectsWith(processImage(await inputs.truncatedJpeg(), outDir(), { purpose: 'note', maxPixels: MAX_PIXELS }), 422, 'corrupt_image');
  });

  it('picks the sizes not larger than the image, but at least one', () => {
    assert.deepEqual(pickSizes(4000, [360, 720, 1440]), [360, 720, 1440]);
    assert.deepEqual(pickSizes(720, [360, 720, 1440]), [360, 720]);
    assert.deepEqual(pickSizes(100, [360, 720, 1440]), [360]);
  });
});
