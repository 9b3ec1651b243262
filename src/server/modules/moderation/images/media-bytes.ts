// The image check's `readImage`, from the media module's public service: a media row's smallest
// stored rendition that still beats the model's 224 px (an image's "360" WebP; a video's poster
// frame, stored under the same names), read from storage into memory.
import type { Readable } from 'node:stream';
import type { MediaRow } from '../../media/index.ts';
import type { ImageToCheck, ReadImage } from './service.ts';

/** What media-bytes needs of MediaService (its `byIds` and `read`). */
export interface MediaReader {
  byIds(ids: readonly string[]): Promise<Map<string, MediaRow>>;
  read(key: string): Promise<{ size: number; body: Readable } | null>;
}

// Preferred first. A note image has "360" at least (never upscaled); a video's poster files are
// "360"/"720"/"1440"/"original" too ("video" and "source" are never images); an avatar: "256"/"96"/"512".
const RENDITIONS = ['360', '720', '256', '512', '96', '1440', 'original'];

/** Stored renditions are at most a few MB; anything larger is not one of ours. */
const MAX_BYTES = 32 * 1024 * 1024;

/** The storage key of the rendition to check, or null when the row has none. */
export function pickRendition(row: Pick<MediaRow, 'variants'>): string | null {
  let variants: Array<{ name?: unknown; key?: unknown }>;
  try {
    variants = JSON.parse(row.variants) as Array<{ name?: unknown; key?: unknown }>;
  } catch {
    return null;
  }
  if (!Array.isArray(variants)) return null;
  for (const name of RENDITIONS) {
    const v = variants.find((x) => x.name === name && typeof x.key === 'string');
    if (v) return v.key as string;
  }
  return null;
}

async function readAll(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += b.length;
    if (total > limit) {
      body.destroy();
      throw new Error(`a stored rendition is larger than ${limit} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** readImage for ImageSafety: null for media that is gone (deleted, unknown, or without a file). */
export function mediaImageReader(media: MediaReader): ReadImage {
  return async (mediaId: string): Promise<ImageToCheck | null> => {
    const row = (await media.byIds([mediaId])).get(mediaId);
    if (!row || row.deleted_at !== null) return null;
    const key = pickRendition(row);
    if (!key) return null;
    const file = await media.read(key);
    if (!file) return null;
    return { data: await readAll(file.body, MAX_BYTES), ownerId: row.owner_id, attachedTo: row.attached_to, kind: row.kind };
  };
}
