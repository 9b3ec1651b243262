// The export archive as it is written: a yazl zip streamed to a file, one entry at a time. Each
// call resolves only when its entry has been read whole into the zip, so a person's 5,000 photos
// are opened one after another and a JSON file of a million rows is never a string in memory.
// Already-compressed media (JPEG, WebP, MP4…) is stored as it is; text is deflated.
import fs from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ArchiveWriter } from '../../../platform/personal-data.ts';

const STORED = /\.(jpe?g|png|webp|avif|gif|mp4|mov|webm|m4a|mp3|zip|gz)$/i;

/** JSON text of an array, produced row by row (back-pressure from the zip: rows are pulled as needed). */
export function jsonArrayStream(rows: AsyncIterable<unknown> | Iterable<unknown>): Readable {
  async function* text(): AsyncGenerator<string> {
    let first = true;
    let batch = '[';
    for await (const row of rows as AsyncIterable<unknown>) {
      batch += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
      // Chunks of ~64 KiB: a row at a time would cost a stream write per row.
      if (batch.length >= 65_536) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}${first ? ']' : '\n]'}\n`;
  }
  return Readable.from(text(), { objectMode: false });
}

export interface ZipArchive extends ArchiveWriter {
  /** Paths written so far, in order. */
  readonly paths: readonly string[];
  /** Finishes the zip and waits until the file is complete; the archive's size in bytes. */
  finish(): Promise<number>;
  /** Stops writing and leaves the file unfinished (the caller deletes it). */
  abort(err: Error): void;
}

/** Opens a zip that streams to `filePath`. */
export function openZipArchive(filePath: string, opts: { mtime?: Date } = {}): ZipArchive {
  const zip = new ZipFile();
  const mtime = opts.mtime ?? new Date();
  const out = fs.createWriteStream(filePath);
  let failure: Error | null = null;
  const written = pipeline(zip.outputStream as unknown as Readable, out).catch((err: Error) => {
    failure ??= err;
  });
  const paths: string[] = [];
  const seen = new Set<string>();

  /** Adds one entry and resolves once the zip has consumed its last byte. */
  function add(path: string, open: () => Promise<Readable>): Promise<void> {
    if (failure) return Promise.reject(failure);
    if (seen.has(path)) return Promise.reject(new Error(`archive path written twice: ${path}`));
    seen.add(path);
    paths.push(path);
    return new Promise<void>((resolve, reject) => {
      zip.addReadStreamLazy(path, { mtime, compress: !STORED.test(path) }, (cb) => {
        open().then(
          (source) => {
            // The PassThrough ends exactly when the zip has read everything from it.
            const tap = new PassThrough({ highWaterMark: 256 * 1024 });
            tap.on('end', () => resolve());
            source.on('error', (err) => {
              failure ??= err;
              tap.destroy(err);
              reject(err);
            });
            source.pipe(tap);
            cb(null, tap);
          },
          (err: Error) => {
            failure ??= err;
            reject(err);
            cb(err, new PassThrough());
          },
        );
      });
    });
  }

  return {
    paths,
    json: (path, rows) => add(path, async () => jsonArrayStream(rows)),
    file: (path, body) =>
      add(path, async () => {
        if (typeof body === 'function') return body();
        return Readable.from([typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
      }),
    async finish() {
      if (failure) throw failure;
      zip.end();
      await written;
      if (failure) throw failure;
      return (await fs.promises.stat(filePath)).size;
    },
    abort(err) {
      failure ??= err;
      (zip.outputStream as unknown as Readable).destroy(err);
      out.destroy(err);
    },
  };
}
