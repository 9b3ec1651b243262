// What an upload really is, from its first bytes. The file name and the declared type are the
// sender's claims and are ignored: only content decides which decoder ever sees the file.
import fsp from 'node:fs/promises';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';
export type VideoFormat = 'mp4' | 'mov' | 'webm' | 'mkv';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat; mime: string }
  /** `demuxer` is the one ffmpeg is forced to use, so a crafted file can never pick another (HLS, concat…). */
  | { kind: 'video'; format: VideoFormat; mime: string; demuxer: 'mov' | 'matroska' };

/** How many leading bytes sniff() wants (the ftyp box's brand list, Matroska's DocType). */
export const SNIFF_BYTES = 512;

const startsWith = (b: Buffer, sig: readonly number[], at = 0): boolean => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, from: number, to: number): string => b.subarray(from, to).toString('latin1');

const AVIF_BRANDS = new Set(['avif', 'avis']);
// HEIF still images we cannot decode (HEVC inside; sharp's prebuilt libvips has no HEVC decoder).
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'mif2']);
// Top-level QuickTime atoms an old .mov may start with (before ftyp became usual).
const QT_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function sniffIsoBmff(b: Buffer): Sniffed | null {
  const size = b.readUInt32BE(0);
  const major = ascii(b, 8, 12);
  const brands = new Set([major]);
  // Compatible brands follow the minor version, up to the end of the box (or of what we read).
  for (let at = 16; at + 4 <= Math.min(size, b.length); at += 4) brands.add(ascii(b, at, at + 4));
  if ([...brands].some((x) => AVIF_BRANDS.has(x))) return { kind: 'image', format: 'avif', mime: 'image/avif' };
  if (HEIF_BRANDS.has(major)) return null;
  if (major === 'qt  ') return { kind: 'video', format: 'mov', mime: 'video/quicktime', demuxer: 'mov' };
  // Any other ISO base media brand (isom, mp41, mp42, avc1, M4V, 3gp…, even M4A): the mov demuxer
  // reads them all, and the probe decides whether there is a video stream in it.
  return { kind: 'video', format: 'mp4', mime: 'video/mp4', demuxer: 'mov' };
}

/** The type of a file from its first bytes, or null when it is not one we accept. */
export function sniff(b: Buffer): Sniffed | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg', mime: 'image/jpeg' };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png', mime: 'image/png' };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { kind: 'image', format: 'gif', mime: 'image/gif' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return { kind: 'image', format: 'webp', mime: 'image/webp' };
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp') return sniffIsoBmff(b);
  if (b.length >= 8 && QT_ATOMS.has(ascii(b, 4, 8)) && b.readUInt32BE(0) >= 8) {
    return { kind: 'video', format: 'mov', mime: 'video/quicktime', demuxer: 'mov' };
  }
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    // The EBML header names the DocType early on; WebM is a Matroska profile, one demuxer reads both.
    const webm = b.subarray(0, 64).includes(Buffer.from('webm', 'latin1'));
    return webm
      ? { kind: 'video', format: 'webm', mime: 'video/webm', demuxer: 'matroska' }
      : { kind: 'video', format: 'mkv', mime: 'video/x-matroska', demuxer: 'matroska' };
  }
  return null;
}

export async function sniffFile(file: string): Promise<Sniffed | null> {
  const h = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await h.read(buf, 0, SNIFF_BYTES, 0);
    return sniff(buf.subarray(0, bytesRead));
  } finally {
    await h.close();
  }
}
