// A perceptual "difference hash": the image in grey at 9×8, each pixel compared with its right
// neighbour, 64 bits as 16 hex digits. Re-encoding, resizing and mild recompression keep it within a
// few bits; a different picture lands around 32 bits away. Used to see one image posted many times.

/** Hashes within this many bits are taken for the same picture (duplicate waves). */
export const SIMILAR_BITS = 4;

// Below this range of grey levels (0–255) at 9×8 the picture is one flat colour: its hash would be all
// zeros, shared with every other blank image, so it gets none.
const FLAT_RANGE = 4;
const HEX = /^[0-9a-f]{16}$/;

let sharpModule: Promise<typeof import('sharp')> | null = null;
async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

/** Bits from 9×8 grey levels, row by row: 1 where a pixel is brighter than its right neighbour. */
export function hashFromGrey(grey: Uint8Array): string | null {
  if (grey.length !== 72) throw new Error(`expected 9×8 grey levels, got ${grey.length}`);
  let min = 255;
  let max = 0;
  for (const v of grey) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min < FLAT_RANGE) return null;
  let hex = '';
  let nibble = 0;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const i = y * 9 + x;
      nibble = (nibble << 1) | ((grey[i] as number) > (grey[i + 1] as number) ? 1 : 0);
      if (x % 4 === 3) {
        hex += nibble.toString(16);
        nibble = 0;
      }
    }
  }
  return hex;
}

/**
 * The image's difference hash (16 hex digits), or null for a flat, single-colour picture. Two steps:
 * an exact area reduction to 72×64 (decoders' fast shrink-on-load skipped: a WebP and a PNG of one
 * picture would otherwise differ by several bits), then 72×64 to 9×8 by averaging.
 */
export async function dhash(image: Buffer): Promise<string | null> {
  const sharp = await loadSharp();
  const mid = await sharp(image, { failOn: 'error', pages: 1, limitInputPixels: 100_000_000 })
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize(72, 64, { fit: 'fill', fastShrinkOnLoad: false })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const { data, info } = await sharp(mid, { raw: { width: 72, height: 64, channels: 1 } })
    .resize(9, 8, { fit: 'fill', kernel: 'linear' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  return hashFromGrey(new Uint8Array(data.buffer, data.byteOffset, data.length));
}

export const isDhash = (s: string): boolean => HEX.test(s);

const popcount32 = (n: number): number => {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** How many of the 64 bits differ between two hashes. */
export function hamming(a: string, b: string): number {
  if (!HEX.test(a) || !HEX.test(b)) throw new Error('a difference hash is 16 lowercase hex digits');
  const hi = Number.parseInt(a.slice(0, 8), 16) ^ Number.parseInt(b.slice(0, 8), 16);
  const lo = Number.parseInt(a.slice(8), 16) ^ Number.parseInt(b.slice(8), 16);
  return popcount32(hi) + popcount32(lo);
}
