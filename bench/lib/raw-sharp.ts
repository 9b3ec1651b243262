// The media baseline: sharp used by hand, making what Biji's pipeline makes from one photo, with
// the same settings as src/server/modules/media/images.ts (WebP q80 at 360/720/1440 without
// enlargement, the full-size JPEG q90 "original", a ≤100 px RGBA thumbnail and its stats) — and
// nothing else: no header check, no pixel limit, no thumbhash, no storage, no database row.
// Two ways a careful person might write it; the benchmark compares Biji with the faster.
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';

const WIDTHS = [360, 720, 1440] as const;
const WEBP = { quality: 80 } as const;
const ORIGINAL_JPEG = { quality: 90 } as const;
const THUMB = 100;

async function thumbStats(thumb: Sharp): Promise<void> {
  const { data, info } = await thumb.resize(THUMB, THUMB, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).stats();
}

/**
 * One pipeline per output, cloned from one input: each clone decodes the file again, but JPEG
 * shrink-on-load makes the small ones decode at 1/2, 1/4 or 1/8 size, and they run in parallel.
 */
export async function rawClones(input: string, outDir: string): Promise<void> {
  const base = sharp(input).autoOrient();
  await Promise.all([
    ...WIDTHS.map((w) =>
      base
        .clone()
        .resize({ width: w, withoutEnlargement: true })
        .webp(WEBP)
        .toFile(path.join(outDir, `${w}.webp`)),
    ),
    base.clone().jpeg(ORIGINAL_JPEG).toFile(path.join(outDir, 'original.jpg')),
    thumbStats(base.clone()),
  ]);
}

/** Decode and rotate once into memory, then make every output from those pixels. */
export async function rawDecodeOnce(input: string, outDir: string): Promise<void> {
  const { data, info } = await sharp(input).autoOrient().raw().toBuffer({ resolveWithObject: true });
  const from = (): Sharp => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  await Promise.all([
    ...WIDTHS.map((w) =>
      from()
        .resize({ width: w, withoutEnlargement: true })
        .webp(WEBP)
        .toFile(path.join(outDir, `${w}.webp`)),
    ),
    from().jpeg(ORIGINAL_JPEG).toFile(path.join(outDir, 'original.jpg')),
    thumbStats(from()),
  ]);
}
