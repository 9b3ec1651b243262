// The comments HTTP surface: validation and auth, then straight to the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Comment, CommentContext, CommentIdParams, CommentPage, CreateCommentBody, ReplyPage } from '../../../shared/api/comments.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { NoteIdParams } from '../../../shared/api/notes.ts';
import type { RateRule } from '../../config.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { CommentsService } from './service.ts';

const tags = ['comments'];

/** The routes as a plugin that takes no options (the dependencies are closed over). */
export function commentsRoutes(comments: CommentsService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    const writer = kit.writer;

    app.post(
      '/api/v1/notes/:id/comments',
      {
        schema: {
          tags,
          operationId: 'createComment',
          summary: 'Comment on a note, or reply to a comment',
          params: NoteIdParams,
          body: CreateCommentBody,
          response: { 201: Comment, ...errors },
        },
      },
      async (req, reply) => {
        const comment = await comments.create(await writer(req), req.params.id, req.body);
        return reply.code(201).send(comment);
      },
    );

    app.get(
      '/api/v1/notes/:id/comments',
      {
        schema: {
          tags,
          operationId: 'listNoteComments',
          summary: "A note's comments, newest first, with their first replies",
          params: NoteIdParams,
          querystring: PageQuery,
          response: { 200: CommentPage, ...errors },
        },
      },
      async (req) => comments.listForNote(kit.viewer(req), req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/comments/:id/replies',
      {
        schema: {
          tags,
          operationId: 'listCommentReplies',
          summary: 'The replies of a comment, oldest first',
          params: CommentIdParams,
          querystring: PageQuery,
          response: { 200: ReplyPage, ...errors },
        },
      },
      async (req) => comments.replies(kit.viewer(req), req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.delete(
      '/api/v1/comments/:id',
      {
        schema: {
          tags,
          operationId: 'deleteComment',
          summary: "Delete a comment (its author, or the note's author)",
          params: CommentIdParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await comments.remove(await writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/comments/:id/like',
        schema: {
          tags,
          operationId: on ? 'likeComment' : 'unlikeComment',
          summary: on ? 'Like a comment' : 'Unlike a comment',
          params: CommentIdParams,
          response: noContent,
        },
        handler: async (req, reply) => {
          await comments.setLike(await writer(req), (req.params as { id: string }).id, on);
          return reply.code(204).send(null);
        },
      });
    }

    app.get(
      '/api/v1/comments/:id/context',
      {
        schema: {
          tags,
          operationId: 'getCommentContext',
          summary: 'A comment in its thread (for links to one comment)',
          description:
            'The top-level comment of the thread with its first replies, and the linked reply itself when the id is a reply. ' +
            '404 comment_not_found when the reader may not see it (the note is hidden from them, or a block either way).',
          params: CommentIdParams,
          response: { 200: CommentContext, ...errors },
        },
      },
      async (req) => comments.context(kit.viewer(req), req.params.id),
    );
  };
}
