// One video's transcode, as the media.transcode job runs it: fetch the kept upload from storage
// (the job may run in another process than the upload did), transcode, store video.mp4, mark the row
// ready, and only then drop the upload — it still carries the phone's metadata and is never served.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '../../platform/storage/types.ts';
import type { FfmpegTools } from './ffmpeg.ts';
import { sniffFile } from './sniff.ts';
import { type MediaStore, parseVariants } from './store.ts';
import type { MediaRow, MediaVariant } from './tables.ts';
import { probeVideo, transcode, transcodeTimeoutMs } from './video.ts';

export interface TranscodeDeps {
  store: MediaStore;
  storage: Storage;
  tools: FfmpegTools;
  maxSeconds: number;
  tmpDir: string;
}

/** Throws on failure (the job retries). Safe to run twice: a finished row is left alone by the caller. */
export async function runTranscode(deps: TranscodeDeps, row: MediaRow): Promise<void> {
  const variants = parseVariants(row);
  const source = variants.find((v) => v.name === 'source');
  if (!source) throw new Error(`media ${row.id} has no kept upload to transcode`);
  const work = await fsp.mkdtemp(path.join(deps.tmpDir, 'biji-transcode-'));
  try {
    const input = path.join(work, 'input');
    const obj = await deps.storage.get(source.key);
    if (!obj) throw new Error(`the kept upload of media ${row.id} is missing from storage`);
    await pipeline(obj.body, fs.createWriteStream(input));
    const type = await sniffFile(input);
    if (type?.kind !== 'video') throw new Error(`the kept upload of media ${row.id} is not a video`);

    const out = path.join(work, 'video.mp4');
    const durationSec = row.duration_ms === null ? null : row.duration_ms / 1000;
    await transcode(deps.tools, input, type.demuxer, out, deps.maxSeconds, transcodeTimeoutMs(durationSec, deps.maxSeconds));
    const result = await probeVideo(deps.tools, out, 'mov');
    const key = `media/${row.id}/video.mp4`;
    await deps.storage.putFile(key, out, 'video/mp4');

    const video: MediaVariant = {
      name: 'video',
      key,
      width: result.width,
      height: result.height,
      contentType: 'video/mp4',
      bytes: (await fsp.stat(out)).size,
    };
    const next = [...variants.filter((v) => v.name !== 'source' && v.name !== 'video'), video];
    const ready = await deps.store.markReady(row.id, {
      variants: JSON.stringify(next),
      width: row.width,
      height: row.height,
      // The transcode's own length is the truth when the container did not say.
      duration_ms: result.durationSec !== null ? Math.round(result.durationSec * 1000) : row.duration_ms,
    });
    // Deleted while we worked: the delete job has already run over the old variant list.
    await deps.storage.delete(ready ? [source.key] : [key, source.key]);
  } finally {
    await fsp.rm(work, { recursive: true, force: true });
  }
}
