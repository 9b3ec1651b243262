// The comments HTTP surface: validation and auth, then straight to the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Comment, CommentContext, CommentIdParams, CommentPage, CreateCommentBody, ReplyPage } from '../../../shared/api/comments.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { NoteIdParams } from '../../../shared/api/notes.ts';
import type { RateRule } from '../../config.ts';
import { requireAuth } from '../../platform/auth.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import type { CommentsService } from './service.ts';

export interface CommentsRouteDeps {
  comments: CommentsService;
  limiter: RateLimiter;
  writesPerUser: RateRule;
}

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem };
const noContent = { 204: Type.Null(), ...errors };
const tags = ['comments'];

/** The routes as a plugin that takes no options (the dependencies are closed over). */
export function commentsRoutes({ comments, limiter, writesPerUser }: CommentsRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Every write shares the person's one write budget with the other modules (same key).
    const writer = async (req: Parameters<typeof requireAuth>[0]) => {
      const auth = requireAuth(req);
      await enforce(limiter, [[`writes:${auth.userId}`, writesPerUser]]);
      return auth.userId;
    };

    app.post(
      '/api/v1/notes/:id/comments',
      {
        schema: {
          tags,
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
          summary: "A note's comments, newest first, with their first replies",
          params: NoteIdParams,
          querystring: PageQuery,
          response: { 200: CommentPage, ...errors },
        },
      },
      async (req) => comments.listForNote(req.auth?.userId ?? null, req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/comments/:id/replies',
      {
        schema: {
          tags,
          summary: 'The replies of a comment, oldest first',
          params: CommentIdParams,
          querystring: PageQuery,
          response: { 200: ReplyPage, ...errors },
        },
      },
      async (req) => comments.replies(req.auth?.userId ?? null, req.params.id, req.query.cursor, req.query.limit ?? 20),
    );

    app.delete(
      '/api/v1/comments/:id',
      { schema: { tags, summary: "Delete a comment (its author, or the note's author)", params: CommentIdParams, response: noContent } },
      async (req, reply) => {
        await comments.remove(await writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/comments/:id/like',
        schema: { tags, summary: on ? 'Like a comment' : 'Unlike a comment', params: CommentIdParams, response: noContent },
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
          summary: 'A comment in its thread (for links to one comment)',
          description:
            'The top-level comment of the thread with its first replies, and the linked reply itself when the id is a reply. ' +
            '404 comment_not_found when the reader may not see it (the note is hidden from them, or a block either way).',
          params: CommentIdParams,
          response: { 200: CommentContext, ...errors },
        },
      },
      async (req) => comments.context(req.auth?.userId ?? null, req.params.id),
    );
  };
}
