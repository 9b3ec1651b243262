// A phone photo made on the spot (nothing downloaded): 12 megapixels of smooth colour, sensor-like
// noise and a few shapes, so the encoders have real work (a flat image would compress to nothing
// and flatter everyone), saved as a JPEG that carries what a phone writes: an EXIF orientation
// that needs a real rotation, camera tags, and a GPS position the pipeline must strip.
import sharp from 'sharp';

export interface PhotoOptions {
  width: number;
  height: number;
  /** EXIF orientation (6: the camera was held upright; displayed size swaps the sides) */
  orientation: number;
  quality: number;
  seed: number;
}

export const TWELVE_MP: PhotoOptions = { width: 4000, height: 3000, orientation: 6, quality: 92, seed: 0x5eed };

/** Writes the photo to `file`; returns its size in bytes. */
export async function makePhoto(file: string, opts: PhotoOptions = TWELVE_MP): Promise<number> {
  const { width: w, height: h } = opts;
  const px = Buffer.alloc(w * h * 3);
  // A linear congruential generator: deterministic, and fast enough for 12 M pixels.
  let s = opts.seed >>> 0;
  for (let y = 0; y < h; y++) {
    const fy = y / h;
    for (let x = 0; x < w; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const n = ((s >>> 24) - 128) / 5;
      const fx = x / w;
      // Low-frequency colour fields plus a fine texture (foliage, fabric): real photos have both.
      const tex = 14 * Math.sin(x * 0.21 + Math.sin(y * 0.05) * 3);
      const i = (y * w + x) * 3;
      px[i] = 120 + 90 * Math.sin(fx * 7 + fy * 3) + n + tex;
      px[i + 1] = 110 + 70 * Math.cos(fy * 9 - fx * 2) + n;
      px[i + 2] = 140 + 80 * Math.sin((fx + fy) * 5) + n - tex;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <circle cx="${w * 0.7}" cy="${h * 0.3}" r="${h / 6}" fill="#ffd27a" opacity="0.8"/>
    <path d="M0 ${h * 0.73} Q${w / 4} ${h * 0.53} ${w / 2} ${h * 0.7} T${w} ${h * 0.63} V${h} H0 Z" fill="#2f6b3a" opacity="0.85"/>
    <rect x="${w * 0.1}" y="${h * 0.45}" width="${w * 0.12}" height="${h * 0.3}" rx="40" fill="#8a3b2f" opacity="0.9"/>
  </svg>`;
  const info = await sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .composite([{ input: Buffer.from(svg) }])
    .jpeg({ quality: opts.quality })
    .withMetadata({ orientation: opts.orientation })
    .withExif({
      IFD0: { Make: 'Biji', Model: 'Bench Phone 12MP', Software: 'bench/lib/photo.ts' },
      // IFD3 is the GPS IFD: Chengdu, to the second.
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 39/1 36/1', GPSLongitudeRef: 'E', GPSLongitude: '104/1 3/1 54/1' },
    })
    .toFile(file);
  return info.size;
}

/** True when the file carries any metadata block (EXIF, ICC, XMP, IPTC) or an orientation. */
export async function hasMetadata(file: string): Promise<boolean> {
  const m = await sharp(file).metadata();
  return !!(m.exif || m.icc || m.xmp || m.iptc || (m.orientation && m.orientation !== 1));
}

/** The GPS IFD pointer (tag 0x8825) in an EXIF block, in either byte order. */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}
