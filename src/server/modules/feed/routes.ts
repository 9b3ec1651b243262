// The discovery HTTP surface: Explore and Following, the signals readers send, "not interested",
// topic pages and trending. Validation and auth here; the rules in the services.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FeedPage, FeedQuery, SignalsBody, Topic, TopicNotesQuery, TopicParams, Trending } from '../../../shared/api/feed.ts';
import { NoteIdParams } from '../../../shared/api/notes.ts';
import type { RateRule } from '../../config.ts';
import { requireAuth } from '../../platform/auth.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { FeedService } from './service.ts';
import type { TopicsService } from './topics.ts';

const tags = ['discovery'];

export interface FeedRoutesDeps {
  feed: FeedService;
  topics: TopicsService;
  kit: RouteKit;
  limiter: RateLimiter;
  /** signals a visitor's address may send (a signed-in reader's count against their write budget) */
  anonymousSignals: RateRule;
  /** may the reader see this note by its link? */
  canSee(viewerId: string, noteId: string): Promise<boolean>;
}

export const feedRoutes =
  (d: FeedRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/feed/explore',
      {
        schema: {
          tags,
          operationId: 'exploreFeed',
          summary: 'Explore: notes ranked for the reader (a fresh and popular mix for visitors); no card repeats within a session',
          querystring: FeedQuery,
          response: { 200: FeedPage, ...errors },
        },
      },
      async (req, reply) => {
        const viewer = d.kit.viewer(req);
        if (viewer) return d.feed.explore(viewer, req.query.cursor, req.query.limit ?? 20);
        // Visitors share pages: serialized (by this route's schema) once for all of them.
        const shared = await d.feed.exploreVisitor(req.query.cursor, req.query.limit ?? 20);
        shared.json ??= reply.serialize(shared.page);
        return reply.type('application/json; charset=utf-8').send(shared.json);
      },
    );

    app.get(
      '/api/v1/feed/following',
      {
        schema: {
          tags,
          operationId: 'followingFeed',
          summary: 'Notes of the people I follow, newest first',
          querystring: FeedQuery,
          response: { 200: FeedPage, ...errors },
        },
      },
      async (req) => d.feed.following(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.post(
      '/api/v1/feed/signals',
      {
        schema: {
          tags,
          operationId: 'sendFeedSignals',
          summary: 'Cards seen and time spent on notes, in batches',
          body: SignalsBody,
          response: noContent,
        },
      },
      async (req, reply) => {
        const viewer = d.kit.viewer(req);
        if (viewer) await d.kit.writer(req);
        else await enforce(d.limiter, [[`signals:${req.ip}`, d.anonymousSignals]]);
        await d.feed.signals(viewer, req.body);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/notes/:id/not-interested',
      {
        schema: {
          tags,
          operationId: 'notInterested',
          summary: 'Not interested: the note leaves my Explore, and notes like it weigh less',
          params: NoteIdParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        const viewer = await d.kit.writer(req);
        if (!(await d.canSee(viewer, req.params.id))) throw new NotFoundError('No such note.');
        await d.feed.notInterested(viewer, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/topics/:tag',
      {
        schema: {
          tags,
          operationId: 'getTopic',
          summary: 'A topic: its views, participants and notes, and whether I follow it',
          params: TopicParams,
          response: { 200: Topic, ...errors },
        },
      },
      async (req) => d.topics.topic(d.kit.viewer(req), req.params.tag),
    );

    app.get(
      '/api/v1/topics/:tag/notes',
      {
        schema: {
          tags,
          operationId: 'listTopicNotes',
          summary: "A topic's public notes, hot or newest first",
          params: TopicParams,
          querystring: TopicNotesQuery,
          response: { 200: FeedPage, ...errors },
        },
      },
      async (req) => d.topics.notes(d.kit.viewer(req), req.params.tag, req.query.sort ?? 'hot', req.query.cursor, req.query.limit ?? 20),
    );

    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: '/api/v1/topics/:tag/follow',
        schema: {
          tags,
          operationId: on ? 'followTopic' : 'unfollowTopic',
          summary: on ? 'Follow a topic (its notes weigh more in my Explore)' : 'Stop following a topic',
          params: TopicParams,
          response: noContent,
        },
        handler: async (req, reply) => {
          await d.topics.follow(await d.kit.writer(req), (req.params as TopicParams).tag, on);
          return reply.code(204).send(null);
        },
      });
    }

    app.get(
      '/api/v1/trending',
      {
        schema: {
          tags,
          operationId: 'listTrending',
          summary: 'Topics running far above their usual rate in the last hour',
          response: { 200: Trending, ...errors },
        },
      },
      async () => d.topics.trending(),
    );
  };
