// The search HTTP surface: one box (notes, people, topics), suggestions as you type, history and
// trending searches. Validation, auth and rate limits here; the rules in the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SearchHistory, SearchHistoryDeleteQuery, SearchQuery, SearchResult, Suggestions, SuggestQuery, TrendingSearches } from '../../../shared/api/search.ts';
import type { RateRule } from '../../config.ts';
import { requireAuth } from '../../platform/auth.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { SearchService } from './service.ts';

const tags = ['search'];

export interface SearchRoutesDeps {
  search: SearchService;
  kit: RouteKit;
  limiter: RateLimiter;
  /** searches (and suggestion requests) one person or address may make */
  perAsker: RateRule;
}

export const searchRoutes =
  (d: SearchRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const asker = (req: { auth: { userId: string } | null; ip: string }) => (req.auth ? { userId: req.auth.userId } : { ip: req.ip });
    const limit = (a: { userId: string } | { ip: string }) => enforce(d.limiter, [['userId' in a ? `search:u:${a.userId}` : `search:ip:${a.ip}`, d.perAsker]]);

    app.get(
      '/api/v1/search',
      {
        schema: {
          tags,
          operationId: 'search',
          summary: 'Search notes, people or topics, in Chinese, English and across the two',
          querystring: SearchQuery,
          response: { 200: SearchResult, ...errors },
        },
      },
      async (req) => {
        const who = asker(req);
        await limit(who);
        return d.search.search(d.kit.viewer(req), who, req.query);
      },
    );

    app.get(
      '/api/v1/search/suggest',
      {
        schema: {
          tags,
          operationId: 'suggestSearches',
          summary: 'Suggestions for what has been typed so far: topics, people (also by pinyin) and popular searches',
          querystring: SuggestQuery,
          response: { 200: Suggestions, ...errors },
        },
      },
      async (req) => {
        const who = asker(req);
        await limit(who);
        return d.search.suggest(d.kit.viewer(req), req.query.q);
      },
    );

    app.get(
      '/api/v1/search/history',
      {
        schema: { tags, operationId: 'searchHistory', summary: 'My recent searches, newest first', response: { 200: SearchHistory, ...errors } },
      },
      async (req) => ({ items: await d.search.history(requireAuth(req).userId) }),
    );

    app.delete(
      '/api/v1/search/history',
      {
        schema: {
          tags,
          operationId: 'clearSearchHistory',
          summary: 'Forget my searches (or one of them, with q)',
          querystring: SearchHistoryDeleteQuery,
          response: noContent,
        },
      },
      async (req, reply) => {
        await d.search.forget(await d.kit.writer(req), req.query.q);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/search/trending',
      {
        schema: {
          tags,
          operationId: 'trendingSearches',
          summary: 'Searches running far above their usual rate in the last hour',
          response: { 200: TrendingSearches, ...errors },
        },
      },
      async () => ({ queries: await d.search.trending() }),
    );
  };
