// Posting real notes in tests: a generated image goes through the real upload pipeline.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { MediaView } from '../../src/shared/api/media.ts';
import type { Note, Visibility } from '../../src/shared/api/notes.ts';
import { type Account, bearer } from './app.ts';

/** A multipart/form-data body, built by hand so tests need no extra client library. */
export function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string; field?: string }) {
  const boundary = `----biji${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

let hue = 0;
/** A small JPEG with a colour of its own, so every upload is distinct. */
export async function testJpeg(width = 640, height = 480): Promise<Buffer> {
  hue = (hue + 47) % 360;
  const r = Math.round(128 + 127 * Math.cos((hue * Math.PI) / 180));
  return sharp({ create: { width, height, channels: 3, background: { r, g: 120, b: 255 - r } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export async function uploadImage(app: FastifyInstance, who: Account, data?: Buffer, purpose = 'note'): Promise<MediaView> {
  const body = multipart({ purpose }, { name: 'photo.jpg', data: data ?? (await testJpeg()), type: 'image/jpeg' });
  const res = await app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(who), ...body.headers }, payload: body.payload });
  if (res.statusCode !== 201) throw new Error(`upload failed ${res.statusCode}: ${res.body}`);
  return res.json() as MediaView;
}

export interface PostNoteOptions {
  title?: string;
  body?: string;
  visibility?: Visibility;
  images?: number;
  commentsEnabled?: boolean;
}

export async function postNote(app: FastifyInstance, who: Account, opts: PostNoteOptions = {}): Promise<Note> {
  const media = [];
  for (let i = 0; i < (opts.images ?? 1); i++) media.push(await uploadImage(app, who));
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/notes',
    headers: bearer(who),
    payload: {
      title: opts.title ?? 'Mittens says hi',
      body: opts.body ?? 'cat tax paid #cattax',
      mediaIds: media.map((m) => m.id),
      visibility: opts.visibility ?? 'public',
      ...(opts.commentsEnabled === undefined ? {} : { commentsEnabled: opts.commentsEnabled }),
    },
  });
  if (res.statusCode !== 201) throw new Error(`post failed ${res.statusCode}: ${res.body}`);
  return res.json() as Note;
}
