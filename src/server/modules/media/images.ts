// The image pipeline (sharp / libvips): one input, every stored output in one pass.
// Each output is a clone of one pipeline, so the file is opened once and the outputs run in
// parallel on libvips' thread pool; JPEG shrink-on-load keeps the small widths cheap.
// Nothing stored keeps metadata: sharp writes none unless asked (no EXIF, GPS, XMP, IPTC or ICC),
// after converting to sRGB, so the original is kept only as such a re-encode.
import path from 'node:path';
import type { Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { AppError } from '../../platform/errors.ts';
import type { MediaPurpose } from './tables.ts';

export const NOTE_WIDTHS = [360, 720, 1440] as const;
export const AVATAR_SIZES = [96, 256, 512] as const;
/** An avatar's "original" is its square crop, no larger than this: nobody needs a bigger face. */
const AVATAR_ORIGINAL_MAX = 1024;
// WebP cannot encode a side longer than this; larger originals with transparency go to PNG.
const WEBP_MAX_SIDE = 16383;
const FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'gif']);

/** sharp (libvips) loads with the first image, not with the server: most starts serve reads first. */
let sharpModule: Promise<typeof import('sharp')> | null = null;
async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

export interface ImageOutput {
  /** role: "360" | "720" | "1440" | "96" | "256" | "512" | "original" */
  name: string;
  /** file name, also the last segment of its storage key and URL */
  fileName: string;
  file: string;
  width: number;
  height: number;
  contentType: string;
  bytes: number;
}

export interface ProcessedImage {
  /** displayed size, after EXIF orientation */
  width: number;
  height: number;
  dominantColor: string;
  /** thumbhash, base64 */
  placeholder: string;
  outputs: ImageOutput[];
}

export interface ImageOptions {
  purpose: MediaPurpose;
  maxPixels: number;
  /** prefixed to every file name ("poster-" for a video's poster frame) */
  filePrefix?: string;
  /** the original's file name without extension (default: prefix + "original"; a poster: "poster") */
  originalBase?: string;
}

export const corruptImage = (): AppError => new AppError(422, 'corrupt_image', 'The image could not be decoded: it is damaged or not really an image.');

const hex = (n: number): string =>
  Math.max(0, Math.min(255, Math.round(n)))
    .toString(16)
    .padStart(2, '0');

/**
 * The size slots to make: those not larger than the image, but always at least the smallest one
 * (made at the image's own size: never upscaled), so every image has a "360" (avatar: "96").
 */
export function pickSizes(available: number, sizes: readonly number[]): number[] {
  const fit = sizes.filter((s) => s <= available);
  return fit.length > 0 ? fit : sizes.slice(0, 1);
}

/**
 * Decodes, orients, and writes every output into outDir. Refuses with a 4xx an image over the pixel
 * limit (before any pixel is decoded) and one that cannot be decoded.
 */
export async function processImage(input: string, outDir: string, opts: ImageOptions): Promise<ProcessedImage> {
  const prefix = opts.filePrefix ?? '';
  const sharp = await loadSharp();
  // The header alone, without the pixel limit, so a decompression bomb is named as such.
  const meta = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw corruptImage();
    });
  if (!FORMATS.has(meta.format ?? '') || !meta.width || !meta.height) throw corruptImage();
  if (meta.width * meta.height > opts.maxPixels) {
    throw new AppError(
      413,
      'too_many_pixels',
      `The image is ${meta.width}×${meta.height}; at most ${(opts.maxPixels / 1e6).toFixed(0)} megapixels are accepted.`,
    );
  }
  // Displayed size: EXIF orientations 5–8 swap the sides.
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;

  // failOn 'error': refuse truncated or undecodable files, but accept the small warnings many real
  // cameras' JPEGs carry and browsers ignore. Animated GIF/WebP: the first frame only (pages: 1).
  const base: Sharp = sharp(input, { limitInputPixels: opts.maxPixels, failOn: 'error', pages: 1 }).autoOrient();

  const avatar = opts.purpose === 'avatar';
  const side = Math.min(width, height);
  const jobs: Array<Promise<ImageOutput>> = [];
  const write = (name: string, fileName: string, pipeline: Sharp, contentType: string): Promise<ImageOutput> => {
    const file = path.join(outDir, fileName);
    return pipeline.toFile(file).then((info) => ({ name, fileName, file, width: info.width, height: info.height, contentType, bytes: info.size }));
  };

  if (avatar) {
    for (const s of pickSizes(side, AVATAR_SIZES)) {
      const crop = base.clone().resize(Math.min(s, side), Math.min(s, side), { fit: 'cover', position: 'centre' });
      jobs.push(write(String(s), `${prefix}${s}.webp`, crop.webp({ quality: 82 }), 'image/webp'));
    }
  } else {
    for (const w of pickSizes(width, NOTE_WIDTHS)) {
      const resized = base.clone().resize({ width: w, withoutEnlargement: true });
      jobs.push(write(String(w), `${prefix}${w}.webp`, resized.webp({ quality: 80 }), 'image/webp'));
    }
  }

  // The original: full size (an avatar: its square crop), JPEG when opaque — five times faster to
  // encode than WebP at this size, and every client shows it; WebP (or PNG) keeps transparency.
  const originalBase = opts.originalBase ?? `${prefix}original`;
  const full = avatar
    ? base.clone().resize(Math.min(side, AVATAR_ORIGINAL_MAX), Math.min(side, AVATAR_ORIGINAL_MAX), { fit: 'cover', position: 'centre' })
    : base.clone();
  if (!meta.hasAlpha) {
    jobs.push(write('original', `${originalBase}.jpg`, full.jpeg({ quality: 90 }), 'image/jpeg'));
  } else if (Math.max(width, height) <= WEBP_MAX_SIDE) {
    jobs.push(write('original', `${originalBase}.webp`, full.webp({ quality: 90, alphaQuality: 100 }), 'image/webp'));
  } else {
    jobs.push(write('original', `${originalBase}.png`, full.png(), 'image/png'));
  }

  // Placeholder and dominant colour from one ≤100 px RGBA thumbnail (thumbhash's own limit).
  const thumb = base
    .clone()
    .resize(100, 100, avatar ? { fit: 'cover', position: 'centre' } : { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  // allSettled: on a failure, no encoder is still writing into outDir when the caller removes it.
  const [small, ...done] = await Promise.allSettled([thumb, ...jobs]);
  const failed = [small, ...done].find((r) => r.status === 'rejected');
  if (failed || small?.status !== 'fulfilled') {
    const reason: unknown = failed?.status === 'rejected' ? failed.reason : null;
    if (reason instanceof AppError) throw reason;
    // A system error (disk full…) is ours, not the image's: let it be a 5xx.
    if (typeof (reason as NodeJS.ErrnoException | null)?.code === 'string') throw reason;
    throw corruptImage();
  }
  const outputs = done.map((r) => (r as PromiseFulfilledResult<ImageOutput>).value);
  const placeholder = Buffer.from(rgbaToThumbHash(small.value.info.width, small.value.info.height, small.value.data)).toString('base64');
  const { dominant } = await sharp(small.value.data, { raw: { width: small.value.info.width, height: small.value.info.height, channels: 4 } }).stats();
  const dominantColor = `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`;
  // An avatar is its square crop: that is the shape every client gets.
  const shown = avatar ? Math.min(side, AVATAR_ORIGINAL_MAX) : null;
  return { width: shown ?? width, height: shown ?? height, dominantColor, placeholder, outputs };
}
