// The media HTTP surface: multipart upload (streamed to a temp file, then MediaService.ingest) and
// file serving with byte ranges and cache headers. Multipart is registered here, inside this
// plugin: no other route accepts it.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireAuth } from '../../platform/auth.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { sendProblem } from '../../platform/http.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { etagMatches, parseRange } from './range.ts';
import { MediaFileParams, MediaView } from './schemas.ts';
import type { CanView, MediaService, MediaView as MediaViewType } from './service.ts';
import { SNIFF_BYTES, sniff } from './sniff.ts';
import type { MediaPurpose } from './tables.ts';

export interface MediaRouteDeps {
  media: MediaService;
  /** Who may see media attached to a note: the notes module's rules. */
  canView: CanView;
  kit: RouteKit;
}

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 413: problem, 415: problem, 422: problem, 429: problem };

// A note's author may make it private or delete it at any time, and a file a cache keeps for a year
// can never be recalled. So public files may be kept ten minutes, then must be asked for again:
// the ETag makes that a 304 without the bytes while the note stays public, and a 404 once it is not.
const PUBLIC_CACHE = 'public, max-age=600, must-revalidate';
// Not for shared caches; short, since the note's visibility may still change.
const PRIVATE_CACHE = 'private, max-age=600, must-revalidate';

/**
 * Counts bytes as they stream to disk and stops an upload as soon as it passes the limit of its
 * sniffed type — a 200 MB "photo" is cut at 20 MB, not written whole first.
 */
class UploadGuard extends Transform {
  private bytes = 0;
  private head: Buffer[] = [];
  private limit: number;

  constructor(private readonly media: MediaService) {
    super();
    this.limit = media.maxUploadBytes;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const before = this.bytes;
    this.bytes += chunk.length;
    if (before < SNIFF_BYTES) {
      this.head.push(chunk);
      if (this.bytes >= SNIFF_BYTES) {
        const type = sniff(Buffer.concat(this.head));
        this.head = [];
        if (!type) return cb(new AppError(415, 'unsupported_type', 'Upload a JPEG, PNG, WebP, AVIF or GIF photo, or an MP4, MOV or WebM video.'));
        this.limit = this.media.limitFor(type.kind);
        if (this.bytes > this.limit) return cb(this.media.fileTooLarge(type.kind));
      }
    } else if (this.bytes > this.limit) {
      const type = this.limit === this.media.limitFor('image') ? 'image' : 'video';
      return cb(this.media.fileTooLarge(type));
    }
    cb(null, chunk);
  }
}

const malformed = (): ValidationError => new ValidationError('The multipart body is malformed or ends early.', undefined, 'malformed_multipart');

/** Multipart's own errors, as problems with our codes. */
function multipartError(err: unknown, media: MediaService): unknown {
  switch ((err as { code?: string } | null)?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError(413, 'file_too_large', `A file may be at most ${Math.floor(media.maxUploadBytes / (1024 * 1024))} MB.`);
    case 'FST_FILES_LIMIT':
      return new ValidationError('Send one file at a time.', [{ field: 'file', message: 'only one file is accepted' }], 'too_many_files');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new ValidationError('The form has too many fields.', undefined, 'too_many_fields');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data, in a field named "file".');
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
    case 'FST_MP_PREMATURE_CLOSE':
      return malformed();
  }
  // busboy's parse errors ("Unexpected end of form", "Malformed part header") carry no code; our
  // own are AppErrors and system errors (ENOSPC…) have one: those stay what they are.
  if (err instanceof Error && !(err instanceof AppError) && (err as { code?: unknown }).code === undefined) return malformed();
  return err;
}

/** Reads the form: the one file goes to `dir`, fields are kept. The file may come before or after them. */
async function receive(req: FastifyRequest, dir: string, media: MediaService): Promise<{ file: string; filename: string; purpose: MediaPurpose }> {
  let file: string | null = null;
  let filename = '';
  let purpose: MediaPurpose = 'note';
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw new ValidationError('Send the file in a field named "file".', [{ field: part.fieldname, message: 'is not a known field' }]);
        }
        file = path.join(dir, 'upload');
        filename = part.filename;
        await pipeline(part.file, new UploadGuard(media), fs.createWriteStream(file));
        if (part.file.truncated) throw multipartError({ code: 'FST_REQ_FILE_TOO_LARGE' }, media);
      } else if (part.fieldname === 'purpose') {
        if (part.value !== 'note' && part.value !== 'avatar') {
          throw new ValidationError('The purpose is not valid.', [{ field: 'purpose', message: 'must be "note" or "avatar"' }]);
        }
        purpose = part.value;
      }
    }
  } catch (err) {
    throw multipartError(err, media);
  }
  if (!file) throw new ValidationError('Attach the file in a field named "file".', [{ field: 'file', message: 'is required' }], 'file_required');
  return { file, filename, purpose };
}

export const mediaRoutes =
  ({ media, canView, kit }: MediaRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(multipart, {
      limits: { fileSize: media.maxUploadBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024, fieldNameSize: 100, headerPairs: 50 },
    });

    app.post(
      '/api/v1/media',
      {
        schema: {
          tags: ['media'],
          operationId: 'uploadMedia',
          summary: 'Upload a photo or video',
          description: 'multipart/form-data: `file` (the photo or video) and optional `purpose` ("note", the default, or "avatar").',
          consumes: ['multipart/form-data'],
          response: { 201: MediaView, ...errors },
        },
      },
      async (req, reply) => {
        requireAuth(req);
        if (!req.isMultipart()) throw multipartError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' }, media);
        const userId = await kit.writer(req);
        const dir = await fsp.mkdtemp(path.join(media.tmpDir, 'biji-upload-'));
        let view: MediaViewType;
        try {
          const form = await receive(req, dir, media);
          view = await media.ingest(userId, form.purpose, { path: form.file, filename: form.filename });
        } finally {
          // Before the response goes out: a client that has its answer finds no temp file left.
          await fsp.rm(dir, { recursive: true, force: true });
        }
        return reply.code(201).send(view);
      },
    );

    app.get(
      '/media/:id/:name',
      {
        schema: {
          tags: ['media'],
          operationId: 'getMediaFile',
          summary: 'A stored media file (byte ranges supported)',
          params: MediaFileParams,
          response: {
            200: Type.Unknown({ description: 'the file' }),
            206: Type.Unknown({ description: 'the requested bytes of the file' }),
            304: Type.Null(),
            404: problem,
            416: problem,
          },
        },
      },
      async (req, reply) => {
        const f = await media.locate(kit.viewer(req), req.params.id, req.params.name, canView);
        reply
          .header('accept-ranges', 'bytes')
          .header('etag', f.etag)
          .header('cache-control', f.isPublic ? PUBLIC_CACHE : PRIVATE_CACHE)
          .header('content-type', f.contentType)
          .header('content-disposition', 'inline');
        if (etagMatches(req.headers['if-none-match'], f.etag)) return reply.code(304).send(null);
        // If-Range: the client's partial copy is of another version; send the whole file.
        const ifRange = req.headers['if-range'];
        const range = ifRange && ifRange !== f.etag ? null : parseRange(req.headers.range, f.bytes);
        if (range === 'unsatisfiable') {
          // An error answer must not be kept for a year like the file itself.
          reply.header('cache-control', 'no-store').removeHeader('etag');
          return sendProblem(reply, 416, 'range_not_satisfiable', `The file has ${f.bytes} bytes.`, undefined, { 'content-range': `bytes */${f.bytes}` });
        }
        const length = range ? range.end - range.start + 1 : f.bytes;
        if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${f.bytes}`);
        reply.header('content-length', String(length));
        // Fastify's HEAD handling would set content-length 0 for no payload, and read a real stream
        // to its end: an empty stream keeps our length and reads nothing.
        if (req.method === 'HEAD') return reply.send(Readable.from([]));
        const obj = await media.read(f.key, range ?? undefined);
        if (!obj) return sendProblem(reply, 404, 'not_found', 'No such media.');
        return reply.send(obj.body);
      },
    );
  };
