// The boards HTTP surface: validation and auth, then straight to the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HandleParams } from '../../../shared/api/accounts.ts';
import { Board, BoardIdParams, BoardLinkPage, BoardNoteParams, BoardPage, CreateBoardBody, NoteBoards, UpdateBoardBody } from '../../../shared/api/boards.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { NoteCardPage, NoteIdParams } from '../../../shared/api/notes.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { BoardsService } from './service.ts';

const tags = ['boards'];

/** The routes as a plugin that takes no options (the dependencies are closed over). */
export function boardsRoutes(boards: BoardsService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    const writer = kit.writer;

    app.post(
      '/api/v1/boards',
      { schema: { tags, operationId: 'createBoard', summary: 'Create a board', body: CreateBoardBody, response: { 201: Board, ...errors } } },
      async (req, reply) => {
        const board = await boards.create(await writer(req), req.body);
        return reply.code(201).send(board);
      },
    );

    app.get(
      '/api/v1/boards/:id',
      { schema: { tags, operationId: 'getBoard', summary: 'A board', params: BoardIdParams, response: { 200: Board, ...errors } } },
      async (req) => boards.get(kit.viewer(req), req.params.id),
    );

    app.patch(
      '/api/v1/boards/:id',
      {
        schema: {
          tags,
          operationId: 'updateBoard',
          summary: 'Rename a board or change its visibility',
          params: BoardIdParams,
          body: UpdateBoardBody,
          response: { 200: Board, ...errors },
        },
      },
      async (req) => boards.update(await writer(req), req.params.id, req.body),
    );

    app.delete(
      '/api/v1/boards/:id',
      { schema: { tags, operationId: 'deleteBoard', summary: 'Delete a board (not the default one)', params: BoardIdParams, response: noContent } },
      async (req, reply) => {
        await boards.remove(await writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/boards/:id/notes',
      {
        schema: {
          tags,
          operationId: 'listBoardNotes',
          summary: 'The notes in a board, newest added first',
          params: BoardIdParams,
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => boards.notesOf(kit.viewer(req), req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/boards/:id/links',
      {
        schema: {
          tags,
          operationId: 'listBoardLinks',
          summary: 'The links kept in a board (videos saved elsewhere), newest saved first',
          params: BoardIdParams,
          querystring: PageQuery,
          response: { 200: BoardLinkPage, ...errors },
        },
      },
      async (req) => boards.linksOf(kit.viewer(req), req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/users/:handle/boards',
      {
        schema: {
          tags,
          operationId: 'listUserBoards',
          summary: "A person's boards (public ones; all for the owner), default first",
          params: HandleParams,
          querystring: PageQuery,
          response: { 200: BoardPage, ...errors },
        },
      },
      async (req) => boards.listOf(kit.viewer(req), req.params.handle, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/users/:handle/collects',
      {
        schema: {
          tags,
          operationId: 'listUserCollects',
          summary: 'Notes a person collected (into boards the reader may see), newest first',
          params: HandleParams,
          querystring: PageQuery,
          response: { 200: NoteCardPage, ...errors },
        },
      },
      async (req) => boards.collectsOf(kit.viewer(req), req.params.handle, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/notes/:id/boards',
      {
        schema: {
          tags,
          operationId: 'listNoteBoards',
          summary: 'Which of my boards hold the note',
          params: NoteIdParams,
          response: { 200: NoteBoards, ...errors },
        },
      },
      async (req) => boards.boardsHolding(requireAuth(req).userId, req.params.id),
    );

    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/boards/:id/notes/:noteId',
        schema: {
          tags,
          operationId: on ? 'addBoardNote' : 'removeBoardNote',
          summary: on ? 'Put a note into my board' : 'Take a note out of my board',
          params: BoardNoteParams,
          response: noContent,
        },
        handler: async (req, reply) => {
          const { id, noteId } = req.params as { id: string; noteId: string };
          const userId = await writer(req);
          await (on ? boards.addNote(userId, id, noteId) : boards.removeNote(userId, id, noteId));
          return reply.code(204).send(null);
        },
      });
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/notes/:id/collect',
        schema: {
          tags,
          operationId: on ? 'collectNote' : 'uncollectNote',
          summary: on ? 'Collect a note into my default board' : 'Un-collect a note from all my boards',
          params: NoteIdParams,
          response: noContent,
        },
        handler: async (req, reply) => {
          const { id } = req.params as { id: string };
          const userId = await writer(req);
          await (on ? boards.collect(userId, id) : boards.uncollect(userId, id));
          return reply.code(204).send(null);
        },
      });
    }
  };
}
