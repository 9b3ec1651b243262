// The language HTTP surface for learners: a dictionary and pinyin. Public (a visitor learns too) and
// cacheable: the answers change only with the dictionary, which changes only with a release.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Dictionary, DictionaryQuery, Pinyin, PinyinQuery } from '../../../shared/api/language.ts';
import { errorResponses as errors } from '../../platform/routes.ts';
import type { LanguageService } from './service.ts';

const tags = ['language'];
/** A day in browsers and shared caches: look-ups repeat (every reader taps 火锅). */
const CACHE = 'public, max-age=86400';

export const languageRoutes =
  (language: LanguageService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/v1/dictionary',
      {
        schema: {
          tags,
          operationId: 'lookUpWord',
          summary: 'Dictionary entries (CC-CEDICT) for a Chinese word in either script, or Chinese words for an English one',
          querystring: DictionaryQuery,
          response: { 200: Dictionary, ...errors },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', CACHE);
        return language.lookup(req.query.q);
      },
    );

    app.get(
      '/api/v1/pinyin',
      {
        schema: {
          tags,
          operationId: 'getPinyin',
          summary: 'Text cut into words, each Chinese word with its pinyin (tone marks)',
          querystring: PinyinQuery,
          response: { 200: Pinyin, ...errors },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', CACHE);
        return language.pinyin(req.query.text);
      },
    );
  };
