// An uploaded export, from the temp file the HTTP layer spooled it to: the .zip TikTok sends (its
// JSON at any depth) or the bare JSON. Zips are read with yauzl, never extracted to disk; every
// limit (entries, sizes declared and inflated, compression ratio) is checked before or while
// inflating, and inflating stops the moment one is passed.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { TikTokImportError } from './errors.ts';
import { readPrunedJson } from './json-stream.ts';
import { parseTikTokData } from './parse.ts';
import { DEFAULT_UPLOAD_LIMITS, type TikTokExport, type UploadLimits } from './types.ts';

/** The JSON's names, current first (README §1). */
const JSON_NAMES = ['user_data_tiktok.json', 'user_data.json'];

type Kind = 'zip' | 'json';

/** A file is a zip by its magic bytes, JSON if its first character (after a BOM and spaces) is `{`. */
async function sniff(filePath: string): Promise<Kind> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    // Local file header, or the end record of an empty archive.
    if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
    let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
    if (head[i] === 0x7b) return 'json';
    throw new TikTokImportError('not_a_zip_or_json');
  } finally {
    await fh.close();
  }
}

/** An entry name that would land outside the archive if extracted: we refuse the whole archive. */
export function isUnsafeEntryName(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.includes('\0') || n.split('/').some((seg) => seg === '..');
}

function nameOf(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Decoded as yauzl would (CP437 or UTF-8, Info-ZIP Unicode path), but validated by us, so a bad
  // name is our typed refusal rather than a library message.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Walks the central directory (nothing is inflated) and picks the export's JSON entry. */
async function pickEntry(zip: yauzl.ZipFile, limits: UploadLimits): Promise<yauzl.Entry> {
  if (zip.entryCount > limits.maxEntries) throw new TikTokImportError('zip_too_many_entries');
  const found: (yauzl.Entry | undefined)[] = [];
  let count = 0;
  let declared = 0;
  for (;;) {
    let entry: yauzl.Entry | null;
    try {
      entry = await nextEntry(zip);
    } catch (err) {
      throw new TikTokImportError('not_a_zip_or_json', String(err));
    }
    if (!entry) break;
    if (++count > limits.maxEntries) throw new TikTokImportError('zip_too_many_entries');
    const name = nameOf(entry);
    if (isUnsafeEntryName(name)) throw new TikTokImportError('zip_unsafe_path', name);
    if (entry.uncompressedSize > limits.ratioMinBytes && entry.uncompressedSize > entry.compressedSize * limits.maxRatio)
      throw new TikTokImportError('zip_ratio', name);
    declared += entry.uncompressedSize;
    if (declared > limits.maxTotalBytes) throw new TikTokImportError('zip_too_large');
    const base = (name.split('/').pop() ?? '').toLowerCase();
    const rank = JSON_NAMES.indexOf(base);
    if (rank >= 0 && !found[rank]) found[rank] = entry;
  }
  const entry = found.find((e) => e !== undefined);
  if (!entry) throw new TikTokImportError('no_tiktok_json');
  if (entry.uncompressedSize > limits.maxJsonBytes) throw new TikTokImportError('json_too_large');
  return entry;
}

/** The entry's bytes as they inflate, stopping as soon as they pass a limit or their declared size. */
async function* inflated(stream: Readable, entry: yauzl.Entry, limits: UploadLimits): AsyncGenerator<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.ratioMinBytes && total > entry.compressedSize * limits.maxRatio) throw new TikTokImportError('zip_ratio');
      // A header that understates the size is a lie about everything else we checked.
      if (total > entry.uncompressedSize || total > limits.maxTotalBytes) throw new TikTokImportError('zip_too_large');
      if (total > limits.maxJsonBytes) throw new TikTokImportError('json_too_large');
      yield chunk;
    }
  } catch (err) {
    if (err instanceof TikTokImportError) throw err;
    // yauzl's own size check, or data that does not inflate.
    if (/too many bytes/i.test(String(err))) throw new TikTokImportError('zip_too_large', String(err));
    throw new TikTokImportError('not_a_zip_or_json', String(err));
  } finally {
    stream.destroy();
  }
}

async function readZip(filePath: string, limits: UploadLimits): Promise<TikTokExport> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(filePath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (err) {
    throw new TikTokImportError('not_a_zip_or_json', String(err));
  }
  try {
    const entry = await pickEntry(zip, limits);
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (err) {
      throw new TikTokImportError('not_a_zip_or_json', String(err));
    }
    const pruned = await readPrunedJson(inflated(stream, entry, limits), limits);
    return parseTikTokData(pruned.tree, pruned.topKeys, limits);
  } finally {
    zip.close();
  }
}

async function readJson(filePath: string, limits: UploadLimits): Promise<TikTokExport> {
  // The size on disk is known: a file over the limit is refused before a byte is parsed.
  if ((await stat(filePath)).size > limits.maxJsonBytes) throw new TikTokImportError('json_too_large');
  const stream = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  try {
    const pruned = await readPrunedJson(stream, limits);
    return parseTikTokData(pruned.tree, pruned.topKeys, limits);
  } finally {
    stream.destroy();
  }
}

/** Reads an uploaded TikTok export (a .zip or a .json on disk); throws TikTokImportError when refused. */
export async function readTikTokUpload(filePath: string, limits: Partial<UploadLimits> = {}): Promise<TikTokExport> {
  const lim: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
  return (await sniff(filePath)) === 'zip' ? readZip(filePath, lim) : readJson(filePath, lim);
}
