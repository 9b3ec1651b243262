// The notes HTTP surface.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HandleParams } from '../../../shared/api/accounts.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { CreateNoteBody, Note, NoteIdParams, NotePage, TagParams, UpdateNoteBody } from '../../../shared/api/notes.ts';
import type { RateRule } from '../../config.ts';
import { requireAuth } from '../../platform/auth.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import type { NotesService } from './service.ts';

export interface NotesRouteDeps {
  notes: NotesService;
  limiter: RateLimiter;
  writesPerUser: RateRule;
}

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem };
const noContent = { 204: Type.Null(), ...errors };

export const notesRoutes: FastifyPluginAsyncTypebox<NotesRouteDeps> = async (app, { notes, limiter, writesPerUser }) => {
  const writer = async (req: Parameters<typeof requireAuth>[0]) => {
    const auth = requireAuth(req);
    await enforce(limiter, [[`writes:${auth.userId}`, writesPerUser]]);
    return auth.userId;
  };

  app.post(
    '/api/v1/notes',
    { schema: { tags: ['notes'], summary: 'Post a note', body: CreateNoteBody, response: { 201: Note, ...errors } } },
    async (req, reply) => {
      const note = await notes.create(await writer(req), req.body);
      return reply.code(201).send(note);
    },
  );

  app.get(
    '/api/v1/notes/:id',
    { schema: { tags: ['notes'], summary: 'A note (counts a view)', params: NoteIdParams, response: { 200: Note, ...errors } } },
    async (req) => notes.get({ userId: req.auth?.userId ?? null, ip: req.ip, userAgent: req.headers['user-agent'] ?? null }, req.params.id),
  );

  app.patch(
    '/api/v1/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Edit title, body, visibility, place or comments',
        params: NoteIdParams,
        body: UpdateNoteBody,
        response: { 200: Note, ...errors },
      },
    },
    async (req) => notes.update(await writer(req), req.params.id, req.body),
  );

  app.delete('/api/v1/notes/:id', { schema: { tags: ['notes'], summary: 'Delete a note', params: NoteIdParams, response: noContent } }, async (req, reply) => {
    await notes.remove(await writer(req), req.params.id);
    return reply.code(204).send(null);
  });

  for (const on of [true, false]) {
    app.route({
      method: on ? 'PUT' : 'DELETE',
      url: '/api/v1/notes/:id/like',
      schema: { tags: ['notes'], summary: on ? 'Like a note' : 'Unlike a note', params: NoteIdParams, response: noContent },
      handler: async (req, reply) => {
        await notes.setLike(await writer(req), (req.params as { id: string }).id, on);
        return reply.code(204).send(null);
      },
    });
  }

  app.get(
    '/api/v1/users/:handle/notes',
    { schema: { tags: ['notes'], summary: "A person's notes", params: HandleParams, querystring: PageQuery, response: { 200: NotePage, ...errors } } },
    async (req) => notes.byAuthor(req.auth?.userId ?? null, req.params.handle, req.query.cursor, req.query.limit ?? 20),
  );

  app.get(
    '/api/v1/users/:handle/likes',
    { schema: { tags: ['notes'], summary: 'Notes a person liked', params: HandleParams, querystring: PageQuery, response: { 200: NotePage, ...errors } } },
    async (req) => notes.likesOf(req.auth?.userId ?? null, req.params.handle, req.query.cursor, req.query.limit ?? 20),
  );

  app.get(
    '/api/v1/notes/recent',
    {
      schema: {
        tags: ['notes'],
        summary: 'The newest public notes of everyone, newest first',
        querystring: PageQuery,
        response: { 200: NotePage, ...errors },
      },
    },
    async (req) => notes.recent(req.auth?.userId ?? null, req.query.cursor, req.query.limit ?? 20),
  );

  app.get(
    '/api/v1/tags/:tag/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'The newest public notes carrying a #tag',
        description: 'The tag without "#", in any script; matched as stored (NFKC, lower-case). 400 invalid_tag when it is not a tag.',
        params: TagParams,
        querystring: PageQuery,
        response: { 200: NotePage, ...errors },
      },
    },
    async (req) => notes.tagged(req.auth?.userId ?? null, req.params.tag, req.query.cursor, req.query.limit ?? 20),
  );
};
