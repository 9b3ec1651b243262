// Test inputs, made at test time (nothing downloaded, nothing binary in git): photos with sharp,
// clips with ffmpeg, and the bad files the issue lists. Each is made once per process and cached.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { resolveFfmpeg } from './ffmpeg.ts';

export const tools =
  resolveFfmpeg(null) ??
  (() => {
    throw new Error('tests need ffmpeg');
  })();
/** The static ffmpeg of @ffmpeg-installer/ffmpeg (no ffprobe beside it). */
export const bundledFfmpeg = (): string => (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-media-inputs-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const cache = new Map<string, Promise<string>>();
function once(name: string, make: (file: string) => Promise<void>): Promise<string> {
  let p = cache.get(name);
  if (!p) {
    const file = path.join(dir, name);
    p = make(file).then(() => file);
    cache.set(name, p);
  }
  return p;
}

const ffmpeg = (args: string[]): void => {
  execFileSync(tools.ffmpeg, ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** The camera make written into the EXIF of the photo below: it must never reach an output. */
export const CAMERA_MAKE = 'BijiTestCam';

/**
 * 4000×3000 (12 MP) stored landscape with EXIF orientation 6 (shown rotated 90° clockwise, so
 * 3000×4000), GPS position, camera make and an ICC profile. A red block at the stored top-left
 * must end up top-right once oriented.
 */
export const jpegWithExif = () =>
  once('exif.jpg', async (file) => {
    const red = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#3060c0' } })
      .composite([{ input: red, left: 0, top: 0 }])
      .withExif({
        IFD0: { Make: CAMERA_MAKE },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
      })
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 85 })
      .toFile(file);
  });

export const smallJpeg = (width = 200, height = 150, name = `small-${width}x${height}.jpg`) =>
  once(name, async (file) => {
    await sharp({ create: { width, height, channels: 3, background: '#22aa44' } })
      .jpeg()
      .toFile(file);
  });

export const pngWithAlpha = () =>
  once('alpha.png', async (file) => {
    await sharp({ create: { width: 800, height: 400, channels: 4, background: { r: 250, g: 200, b: 0, alpha: 0.5 } } })
      .png()
      .toFile(file);
  });

export const webp = () =>
  once('photo.webp', async (file) => {
    await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#8040a0' } })
      .webp()
      .toFile(file);
  });

export const avif = () =>
  once('photo.avif', async (file) => {
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#c08020' } })
      .avif({ effort: 0 })
      .toFile(file);
  });

/** Three frames, 400×300 each: red, then green, then blue. Only the red first one may be kept. */
export const animatedGif = () =>
  once('anim.gif', async (file) => {
    const frames = await Promise.all(
      ['#ff0000', '#00ff00', '#0000ff'].map((c) =>
        sharp({ create: { width: 400, height: 300, channels: 3, background: c } })
          .png()
          .toBuffer(),
      ),
    );
    await sharp(frames, { join: { animated: true } })
      .gif({ delay: [100, 100, 100] })
      .toFile(file);
  });

/** A real 20000×20000 PNG (1-bit, all black), ~50 KB on disk and 400 megapixels once decoded. */
export const pngBomb = () =>
  once('bomb.png', async (file) => {
    const W = 20000;
    const raw = Buffer.alloc((1 + W / 8) * W); // every row: filter byte 0, then zeros
    const chunk = (type: string, data: Buffer): Buffer => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(W, 0);
    ihdr.writeUInt32BE(W, 4);
    ihdr[8] = 1; // bit depth
    ihdr[9] = 0; // greyscale
    await fsp.writeFile(
      file,
      Buffer.concat([
        Buffer.from('89504e470d0a1a0a', 'hex'),
        chunk('IHDR', ihdr),
        chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
        chunk('IEND', Buffer.alloc(0)),
      ]),
    );
  });

/** The first 40% of a real JPEG. */
export const truncatedJpeg = () =>
  once('truncated.jpg', async (file) => {
    const full = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } } })
      .jpeg()
      .toBuffer();
    await fsp.writeFile(file, full.subarray(0, Math.floor(full.length * 0.4)));
  });

export const textNamedJpg = () =>
  once('notes.jpg', async (file) => {
    await fsp.writeFile(file, 'This is a shopping list, not a photo.\nmilk\neggs\n'.repeat(20));
  });

export const emptyFile = () => once('empty.jpg', async (file) => fsp.writeFile(file, ''));

/** 2 s of 640×360 test pattern at 24 fps with a sine tone, H.264/AAC, with a GPS location tag. */
export const mp4Clip = () =>
  once('clip.mp4', async (file) => {
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=24',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=44100',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      '-metadata',
      'location=+31.2304+121.4737/',
      file,
    ]);
  });

/** The same clip as VP9 WebM (what browsers record), without sound. */
export const webmClip = () =>
  once('clip.webm', async (file) => {
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=15',
      '-t',
      '1',
      '-c:v',
      'libvpx-vp9',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '200k',
      file,
    ]);
  });

/** A portrait clip: 1920×1080 stored, shown rotated 90° (a phone held upright), 1 s. */
export const rotatedClip = () =>
  once('rotated.mp4', async (file) => {
    const plain = path.join(dir, 'rotated-plain.mp4');
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=1920x1080:rate=10', '-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', plain]);
    // Only the old static ffmpeg still turns "-metadata rotate" into a display matrix (5.1 ignores it).
    execFileSync(bundledFfmpeg(), ['-nostdin', '-v', 'error', '-y', '-i', plain, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', file]);
  });

export const audioOnly = () =>
  once('audio-only.mp4', async (file) => {
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '1', '-c:a', 'aac', '-f', 'mp4', file]);
  });

/**
 * A well-formed Matroska file whose video track names a codec nobody has ("V_BIJI/NOPE/XYZ"
 * where H.264's id was, same length): the container reads fine, the video cannot be decoded.
 */
export const unknownCodec = () =>
  once('unknown-codec.mkv', async (file) => {
    const mkv = path.join(dir, 'for-unknown.mkv');
    ffmpeg(['-i', await mp4Clip(), '-c', 'copy', mkv]);
    const b = await fsp.readFile(mkv);
    const at = b.indexOf('V_MPEG4/ISO/AVC');
    if (at < 0) throw new Error('no H.264 codec id in the Matroska file');
    b.write('V_BIJI/NOPE/XYZ', at, 'latin1');
    await fsp.writeFile(file, b);
  });

/** Probes a file with the system ffprobe: codec names and sizes of its streams, and its tags. */
export function ffprobeJson(file: string): {
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }>;
  format: { duration: string; tags?: Record<string, string> };
} {
  if (!tools.ffprobe) throw new Error('tests need ffprobe');
  const out = execFileSync(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' });
  return JSON.parse(out) as ReturnType<typeof ffprobeJson>;
}

/** Every file under a directory, recursively (hidden ones too: a leftover sidecar is an orphan). */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(root, p));
    }
  };
  await walk(root);
  return out.sort();
}
