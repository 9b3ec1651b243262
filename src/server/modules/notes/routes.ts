// The notes HTTP surface: validation and auth, then the service or the read pipeline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HandleParams } from '../../../shared/api/accounts.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { CreateNoteBody, Note, NoteCardPage, NoteIdParams, TagParams, UpdateNoteBody } from '../../../shared/api/notes.ts';
import { encodedBy, errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { NotesService } from './service.ts';

const tags = ['notes'];

export const notesRoutes =
  (notes: NotesService, kit: RouteKit): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/v1/notes',
      { schema: { tags, operationId: 'createNote', summary: 'Post a note', body: CreateNoteBody, response: { 201: Note, ...errors } } },
      async (req, reply) => reply.code(201).send(await notes.create(await kit.writer(req), req.body)),
    );

    app.get(
      '/api/v1/notes/:id',
      { schema: { tags, operationId: 'getNote', summary: 'A note (counts a view)', params: NoteIdParams, response: { 200: Note, ...errors } } },
      async (req, reply) => {
        const viewer = { userId: kit.viewer(req), ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
        // The same bytes for every reader who would see the same, serialised once a version.
        const json = await notes.readJson(viewer, req.params.id, encodedBy(reply));
        return reply.type('application/json; charset=utf-8').send(json);
      },
    );

    app.patch(
      '/api/v1/notes/:id',
      {
        schema: {
          tags,
          operationId: 'updateNote',
          summary: 'Edit title, body, visibility, place or comments',
          params: NoteIdParams,
          body: UpdateNoteBody,
          response: { 200: Note, ...errors },
        },
      },
      async (req) => notes.update(await kit.writer(req), req.params.id, req.body),
    );

    app.delete(
      '/api/v1/notes/:id',
      { schema: { tags, operationId: 'deleteNote', summary: 'Delete a note', params: NoteIdParams, response: noContent } },
      async (req, reply) => {
        await notes.remove(await kit.writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/notes/:id/retry',
      {
        schema: {
          tags,
          operationId: 'retryNote',
          summary: 'Try processing a failed video note again (its author)',
          params: NoteIdParams,
          response: { 200: Note, ...errors },
        },
      },
      async (req) => notes.retry(await kit.writer(req), req.params.id),
    );

    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/notes/:id/like',
        schema: { tags, operationId: on ? 'likeNote' : 'unlikeNote', summary: on ? 'Like a note' : 'Unlike a note', params: NoteIdParams, response: noContent },
        handler: async (req, reply) => {
          await notes.setLike(await kit.writer(req), (req.params as { id: string }).id, on);
          return reply.code(204).send(null);
        },
      });
    }

    app.get(
      '/api/v1/notes/recent',
      {
        schema: {
          tags,
          operationId: 'listRecentNotes',
          summary: 'The newest public notes of everyone, newest first',
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => notes.recent(kit.viewer(req), req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/tags/:tag/notes',
      {
        schema: {
          tags,
          operationId: 'listTagNotes',
          summary: 'The newest notes carrying a hashtag',
          params: TagParams,
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => notes.byTag(kit.viewer(req), req.params.tag, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/users/:handle/notes',
      {
        schema: {
          tags,
          operationId: 'listUserNotes',
          summary: "A person's notes, newest first",
          params: HandleParams,
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => notes.byAuthor(kit.viewer(req), req.params.handle, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/users/:handle/likes',
      {
        schema: {
          tags,
          operationId: 'listUserLikes',
          summary: 'Notes a person liked, most recent first',
          params: HandleParams,
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => notes.likesOf(kit.viewer(req), req.params.handle, req.query.cursor, req.query.limit ?? 20),
    );
  };
