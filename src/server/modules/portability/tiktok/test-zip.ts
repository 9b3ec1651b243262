// Test helpers: zips written with yazl into a temp dir, and byte patches for what yazl refuses to
// write (hostile names, lying sizes). Used only by the tests beside this file.
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { TikTokImportError, type TikTokImportErrorCode } from './errors.ts';

export interface TestEntry {
  name: string;
  data: Buffer | string | (() => Readable);
  /** stored rather than deflated (yazl deflates each buffer asynchronously: slow for thousands) */
  store?: boolean;
}

export async function writeZip(file: string, entries: TestEntry[]): Promise<void> {
  const zip = new ZipFile();
  for (const e of entries) {
    if (typeof e.data === 'function') zip.addReadStream(e.data(), e.name);
    else zip.addBuffer(Buffer.from(e.data), e.name, { compress: !e.store });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

/** Replaces every occurrence of `from` by `to` (same length) in a zip's bytes: headers and directory. */
export function patchName(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('same length only');
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  const out = Buffer.from(zip);
  let patched = 0;
  for (let i = out.indexOf(a); i >= 0 && patched < 100; i = out.indexOf(a, i + 1)) {
    b.copy(out, i);
    patched++;
  }
  if (patched === 0) throw new Error(`${from} not found`);
  return out;
}

/** Sets the uncompressed size the central directory declares for the (only) entry. */
export function patchDeclaredSize(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  const at = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  if (at < 0) throw new Error('no central directory');
  out.writeUInt32LE(size, at + 24);
  return out;
}

/** An assert.rejects matcher for a refusal with this code. */
export function refusedWith(code: TikTokImportErrorCode) {
  return (err: unknown) => {
    if (!(err instanceof TikTokImportError)) throw err;
    if (err.code !== code) throw new Error(`expected ${code}, got ${err.code} (${String(err.cause)})`);
    return true;
  };
}
