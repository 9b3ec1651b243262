// Media on local disk (embedded mode): each key is a file under rootDir, its content type in a hidden
// sidecar beside it. Writes go to a temp file in the same directory, then rename, so a reader sees
// either the old object or the new one, never half a file.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, Storage, StoredObject } from './types.ts';

const FALLBACK_TYPE = 'application/octet-stream';

/**
 * Keys are relative, slash-separated paths ("media/01ab…/720.webp"). Refused: empty keys or segments,
 * absolute paths, backslashes, NUL, and segments starting with "." (covers "." and "..", and keeps
 * keys from ever naming our temp files and sidecars). Both adapters use it, so a key valid on one is
 * valid on the other.
 */
export function assertValidKey(key: string): void {
  const ok =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= 1024 &&
    !key.includes('\\') &&
    !key.includes('\0') &&
    key.split('/').every((seg) => seg.length > 0 && !seg.startsWith('.'));
  if (!ok) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
}

/** Checks a byte range against the object's size; the end is clamped to the last byte, as S3 does. */
export function clampRange(range: ByteRange, size: number): ByteRange {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError(`invalid byte range ${start}-${end}`);
  }
  if (start >= size) throw new RangeError(`byte range ${start}-${end} is not satisfiable for an object of ${size} bytes`);
  return { start, end: Math.min(end, size - 1) };
}

const isMissing = (err: unknown): boolean => {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

export class LocalStorage implements Storage {
  readonly kind = 'local' as const;
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = path.resolve(rootDir);
    fs.mkdirSync(this.root, { recursive: true });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.write(key, contentType, async (tmp) => {
      await fsp.writeFile(tmp, body);
    });
  }

  async putFile(key: string, filePath: string, contentType: string): Promise<void> {
    // Copied, not moved: the caller owns filePath (often its own temp file) and cleans it up.
    await this.write(key, contentType, (tmp) => fsp.copyFile(filePath, tmp));
  }

  async moveFile(key: string, filePath: string, contentType: string): Promise<void> {
    let renamed = false;
    await this.write(key, contentType, async (tmp) => {
      try {
        await fsp.rename(filePath, tmp);
        renamed = true;
      } catch (err) {
        // Another file system: copied, then the original removed below.
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        await fsp.copyFile(filePath, tmp);
      }
    });
    if (!renamed) await fsp.rm(filePath, { force: true });
  }

  async stat(key: string): Promise<StoredObject | null> {
    const file = this.fileFor(key);
    let size: number;
    try {
      const st = await fsp.stat(file);
      if (!st.isFile()) return null;
      size = st.size;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    return { size, contentType: await this.readType(file) };
  }

  async get(key: string, range?: ByteRange): Promise<(StoredObject & { body: Readable }) | null> {
    const file = this.fileFor(key);
    // Open first and stat the open handle: the size and the bytes come from the same file even if
    // a put renames a new one into place meanwhile.
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw err;
    }
    try {
      const st = await handle.stat();
      if (!st.isFile()) {
        await handle.close();
        return null;
      }
      const r = range ? clampRange(range, st.size) : null;
      const contentType = await this.readType(file);
      const body = handle.createReadStream(r ? { start: r.start, end: r.end } : {});
      return { size: st.size, contentType, body };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const file = this.fileFor(key);
      await fsp.rm(file, { force: true });
      await fsp.rm(sidecar(file), { force: true });
    }
  }

  async close(): Promise<void> {
    // nothing held open between calls
  }

  private fileFor(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  private async readType(file: string): Promise<string> {
    try {
      const meta = JSON.parse(await fsp.readFile(sidecar(file), 'utf8')) as { contentType?: unknown };
      return typeof meta.contentType === 'string' ? meta.contentType : FALLBACK_TYPE;
    } catch (err) {
      if (isMissing(err)) return FALLBACK_TYPE;
      throw err;
    }
  }

  private async write(key: string, contentType: string, fill: (tmp: string) => Promise<void>): Promise<void> {
    const file = this.fileFor(key);
    const dir = path.dirname(file);
    await fsp.mkdir(dir, { recursive: true });
    // The sidecar first: once the data file is in place, its content type already is.
    await atomicWrite(sidecar(file), (tmp) => fsp.writeFile(tmp, JSON.stringify({ contentType })));
    await atomicWrite(file, fill);
  }
}

/** The hidden file beside a key's file that holds its content type. */
const sidecar = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.meta.json`);

async function atomicWrite(target: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = path.join(path.dirname(target), `.tmp-${randomBytes(8).toString('hex')}`);
  try {
    await fill(tmp);
    // Flush before the rename, so a power cut cannot leave a renamed but empty file.
    const h = await fsp.open(tmp, 'r+');
    try {
      await h.datasync();
    } finally {
      await h.close();
    }
    await fsp.rename(tmp, target);
  } catch (err) {
    await fsp.rm(tmp, { force: true });
    throw err;
  }
}
