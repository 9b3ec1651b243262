// The portability HTTP surface: the TikTok upload (multipart, streamed to a temp file with its own
// size limit, read, then deleted before the answer goes out), applying it, drafts, friends, the
// comments archive, and exports with their download. Account deletion itself is the accounts
// module's (DELETE /api/v1/me).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PageQuery } from '../../../shared/api/common.ts';
import {
  ApplyImportBody,
  ArchivedCommentPage,
  CreatedExport,
  CreatedImport,
  DismissSuggestionBody,
  DraftIdParams,
  DraftPage,
  ExportIdParams,
  ExportList,
  ExportView,
  FriendSuggestions,
  ImportIdParams,
  ImportView,
  PublishDraftBody,
  PublishedDraft,
} from '../../../shared/api/portability.ts';
import { requireAuth } from '../../platform/auth.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { errorResponses, noContent, type RouteKit, screenedResponses } from '../../platform/routes.ts';
import type { DraftsService } from './drafts.ts';
import type { ExportsService } from './exports.ts';
import type { ImportsService } from './imports.ts';

const tags = ['your data'];
const problem = { $ref: 'Problem#' } as const;
const uploadErrors = { ...errorResponses, 413: problem, 415: problem, 422: problem };

export interface PortabilityRouteDeps {
  imports: ImportsService;
  drafts: DraftsService;
  exports: ExportsService;
  kit: RouteKit;
  maxUploadBytes: number;
}

const tooLarge = (max: number) => new AppError(413, 'import_too_large', `An export may be at most ${Math.floor(max / (1024 * 1024))} MB.`);

/** Reads the one file of the form to `dir`; a larger file than allowed is cut off and refused. */
async function receive(req: FastifyRequest, dir: string, max: number): Promise<string> {
  let file: string | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new ValidationError('Send one file, in a field named "file".', [{ field: part.fieldname, message: 'is not a known field' }]);
      }
      file = path.join(dir, 'upload');
      await pipeline(part.file, fs.createWriteStream(file));
      if (part.file.truncated) throw tooLarge(max);
    }
  } catch (err) {
    const code = (err as { code?: string } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(max);
    if (code === 'FST_FILES_LIMIT') throw new ValidationError('Send one file at a time.', undefined, 'too_many_files');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
      throw new AppError(415, 'unsupported_media_type', 'Send the export as multipart/form-data, in a field named "file".');
    if (err instanceof Error && !(err instanceof AppError) && code === undefined)
      throw new ValidationError('The multipart body is malformed or ends early.', undefined, 'malformed_multipart');
    throw err;
  }
  if (!file) throw new ValidationError('Attach the export in a field named "file".', [{ field: 'file', message: 'is required' }], 'file_required');
  const { size } = await fsp.stat(file);
  if (size === 0) throw new ValidationError('The file is empty.', [{ field: 'file', message: 'is empty' }], 'empty_file');
  return file;
}

export function portabilityRoutes({ imports, drafts, exports, kit, maxUploadBytes }: PortabilityRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024, headerPairs: 50 } });

    app.post(
      '/api/v1/imports/tiktok',
      {
        bodyLimit: maxUploadBytes + 1024 * 1024,
        schema: {
          tags,
          operationId: 'uploadTikTokExport',
          summary: 'Upload a TikTok export and see what it holds',
          description:
            'multipart/form-data: `file`, the .zip TikTok sends ("Download your data", JSON format) or the user_data_tiktok.json / user_data.json inside it. Nothing of your account changes until you apply it.',
          consumes: ['multipart/form-data'],
          response: { 201: CreatedImport, ...uploadErrors },
        },
      },
      async (req, reply) => {
        requireAuth(req);
        if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the export as multipart/form-data, in a field named "file".');
        const userId = await kit.writer(req);
        const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'biji-import-'));
        try {
          const file = await receive(req, dir, maxUploadBytes);
          const row = await imports.create(userId, file);
          const view = imports.view(row);
          return reply.code(201).send({ id: view.id, status: view.status, preview: view.preview });
        } finally {
          // The upload itself is never kept: only what the preview and the import need of it.
          await fsp.rm(dir, { recursive: true, force: true });
        }
      },
    );

    app.get(
      '/api/v1/imports',
      {
        schema: {
          tags,
          operationId: 'listImports',
          summary: 'My imports, newest first',
          response: { 200: Type.Object({ items: Type.Array(ImportView) }), ...errorResponses },
        },
      },
      async (req) => ({ items: (await imports.list(requireAuth(req).userId)).map((r) => imports.view(r)) }),
    );

    app.get(
      '/api/v1/imports/:id',
      {
        schema: {
          tags,
          operationId: 'getImport',
          summary: 'An import: its status, progress and counts',
          params: ImportIdParams,
          response: { 200: ImportView, ...errorResponses },
        },
      },
      async (req) => imports.view(await imports.own(requireAuth(req).userId, req.params.id)),
    );

    app.post(
      '/api/v1/imports/:id/apply',
      {
        schema: {
          tags,
          operationId: 'applyImport',
          summary: 'Apply an import: what to bring over (runs as a job; poll the import)',
          params: ImportIdParams,
          body: ApplyImportBody,
          response: { 202: ImportView, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(202).send(imports.view(await imports.apply(await kit.writer(req), req.params.id, req.body))),
    );

    app.get(
      '/api/v1/imports/:id/friends',
      {
        schema: {
          tags,
          operationId: 'listImportFriends',
          summary: 'People here who declared a TikTok username you followed there',
          params: ImportIdParams,
          response: { 200: FriendSuggestions, ...errorResponses },
        },
      },
      async (req) => {
        const userId = requireAuth(req).userId;
        await imports.own(userId, req.params.id);
        return drafts.friends(userId);
      },
    );

    app.post(
      '/api/v1/imports/:id/friends/dismiss',
      {
        schema: {
          tags,
          operationId: 'dismissImportFriend',
          summary: 'Stop suggesting a TikTok username',
          params: ImportIdParams,
          body: DismissSuggestionBody,
          response: noContent,
        },
      },
      async (req, reply) => {
        const userId = await kit.writer(req);
        await imports.own(userId, req.params.id);
        await drafts.dismiss(userId, req.body.tiktokUsername);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/drafts',
      {
        schema: {
          tags,
          operationId: 'listDrafts',
          summary: 'My drafts, newest original first',
          querystring: PageQuery,
          response: { 200: DraftPage, ...errorResponses },
        },
      },
      async (req) => drafts.drafts(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.post(
      '/api/v1/me/drafts/:id/publish',
      {
        schema: {
          tags,
          operationId: 'publishDraft',
          summary: 'Publish a draft with the photos you added',
          params: DraftIdParams,
          body: PublishDraftBody,
          response: { 201: PublishedDraft, ...screenedResponses },
        },
      },
      async (req, reply) => reply.code(201).send(await drafts.publish(await kit.writer(req), req.params.id, req.body)),
    );

    app.delete(
      '/api/v1/me/drafts/:id',
      { schema: { tags, operationId: 'deleteDraft', summary: 'Discard a draft', params: DraftIdParams, response: noContent } },
      async (req, reply) => {
        await drafts.discard(await kit.writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/imported-comments',
      {
        schema: {
          tags,
          operationId: 'listImportedComments',
          summary: 'The comments I wrote on TikTok (a private archive)',
          querystring: PageQuery,
          response: { 200: ArchivedCommentPage, ...errorResponses },
        },
      },
      async (req) => drafts.comments(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.post(
      '/api/v1/me/export',
      {
        schema: {
          tags,
          operationId: 'startExport',
          summary: 'Export everything of mine (a job; poll the export)',
          response: { 202: CreatedExport, ...errorResponses },
        },
      },
      async (req, reply) => reply.code(202).send(await exports.start(await kit.writer(req))),
    );

    app.get(
      '/api/v1/me/exports',
      { schema: { tags, operationId: 'listExports', summary: 'My exports, newest first', response: { 200: ExportList, ...errorResponses } } },
      async (req) => ({ items: (await exports.list(requireAuth(req).userId)).map((r) => exports.view(r)) }),
    );

    app.get(
      '/api/v1/me/exports/:id',
      {
        schema: {
          tags,
          operationId: 'getExport',
          summary: 'An export: its status, progress and download',
          params: ExportIdParams,
          response: { 200: ExportView, ...errorResponses },
        },
      },
      async (req) => exports.view(await exports.own(requireAuth(req).userId, req.params.id)),
    );

    app.get(
      '/api/v1/me/exports/:id/download',
      {
        schema: {
          tags,
          operationId: 'downloadExport',
          summary: 'Download an export’s zip (its owner only, until it expires)',
          params: ExportIdParams,
          response: { 200: Type.Unknown({ description: 'the zip archive' }), ...errorResponses, 410: problem },
        },
      },
      async (req, reply) => {
        const f = await exports.download(requireAuth(req).userId, req.params.id);
        return reply
          .header('content-type', 'application/zip')
          .header('content-length', String(f.size))
          .header('content-disposition', `attachment; filename="${f.name}"`)
          .header('cache-control', 'private, no-store')
          .send(f.body);
      },
    );
  };
}
