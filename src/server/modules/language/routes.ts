// The language HTTP surface: the dictionary and pinyin (public, cacheable: the answers change only
// with a release), translations of notes, comments, bios and any text, and a learner's saved words.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PageQuery } from '../../../shared/api/common.ts';
import {
  Dictionary,
  DictionaryQuery,
  MyWord,
  MyWordsPage,
  Pinyin,
  PinyinQuery,
  SaveWordBody,
  TextTranslation,
  TranslateBody,
  Translation,
  TranslationQuery,
} from '../../../shared/api/language.ts';
import { requireAuth } from '../../platform/auth.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { LanguageService } from './service.ts';
import type { Asker, TranslationResult, Translator } from './translate/service.ts';
import type { MyWords } from './words.ts';

const tags = ['language'];
/** A day in browsers and shared caches: look-ups repeat (every reader taps 火锅). */
const CACHE = 'public, max-age=86400';

/** The texts translations are asked for, read with every visibility rule (null: gone, or not the reader's to see). */
export interface TextSources {
  note(viewerId: string | null, id: string): Promise<{ title: string; body: string } | null>;
  comment(viewerId: string | null, id: string): Promise<{ body: string } | null>;
  bio(viewerId: string | null, handle: string): Promise<{ bio: string } | null>;
  /** a chat message, for the people in its conversation */
  message?(viewerId: string | null, id: string): Promise<{ body: string } | null>;
}

export interface LanguageRoutesDeps {
  language: LanguageService;
  translator: Translator;
  words: MyWords;
  kit: RouteKit;
  sources: TextSources;
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const HandleParams = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const WordParams = Type.Object({ word: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });

const asker = (kit: RouteKit, req: FastifyRequest): Asker => {
  const userId = kit.viewer(req);
  return userId ? { userId } : { ip: req.ip };
};

const presentTranslation = (r: TranslationResult, title: boolean): Translation => {
  const [t, b] = title ? [r.fields[0], r.fields[1]] : [undefined, r.fields[0]];
  return {
    title: t?.text ?? '',
    body: b?.text ?? '',
    sourceLang: r.sourceLang,
    targetLang: r.targetLang,
    provider: r.provider,
    kind: r.kind,
    fallback: r.fallback,
    segments: { title: t?.segments ?? [], body: b?.segments ?? [] },
  };
};

export const languageRoutes =
  ({ language, translator, words, kit, sources }: LanguageRoutesDeps): FastifyPluginAsyncTypebox =>
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
        return language.find(req.query.q);
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

    app.get(
      '/api/v1/notes/:id/translation',
      {
        schema: {
          tags,
          operationId: 'translateNote',
          summary: "A note's title and body in the target language, by the configured translator (or the gloss)",
          params: IdParams,
          querystring: TranslationQuery,
          response: { 200: Translation, ...errors },
        },
      },
      async (req) => {
        const note = await sources.note(kit.viewer(req), req.params.id);
        if (!note) throw new NotFoundError('No such note.');
        return presentTranslation(await translator.translate([note.title, note.body], req.query.target, asker(kit, req)), true);
      },
    );

    app.get(
      '/api/v1/comments/:id/translation',
      {
        schema: {
          tags,
          operationId: 'translateComment',
          summary: 'A comment in the target language (title is always "")',
          params: IdParams,
          querystring: TranslationQuery,
          response: { 200: Translation, ...errors },
        },
      },
      async (req) => {
        const comment = await sources.comment(kit.viewer(req), req.params.id);
        if (!comment) throw new NotFoundError('No such comment, or not one you may see.', 'comment_not_found');
        return presentTranslation(await translator.translate([comment.body], req.query.target, asker(kit, req)), false);
      },
    );

    app.get(
      '/api/v1/messages/:id/translation',
      {
        schema: {
          tags,
          operationId: 'translateMessage',
          summary: 'A chat message in the target language, for the people in its conversation (title is always "")',
          params: IdParams,
          querystring: TranslationQuery,
          response: { 200: Translation, ...errors },
        },
      },
      async (req) => {
        const message = sources.message ? await sources.message(kit.viewer(req), req.params.id) : null;
        if (!message) throw new NotFoundError('No such message, or not one you may see.', 'message_not_found');
        return presentTranslation(await translator.translate([message.body], req.query.target, asker(kit, req)), false);
      },
    );

    app.get(
      '/api/v1/users/:handle/translation',
      {
        schema: {
          tags,
          operationId: 'translateBio',
          summary: 'A person\'s bio in the target language (title is always "")',
          params: HandleParams,
          querystring: TranslationQuery,
          response: { 200: Translation, ...errors },
        },
      },
      async (req) => {
        const person = await sources.bio(kit.viewer(req), req.params.handle);
        if (!person) throw new NotFoundError('No such person.');
        return presentTranslation(await translator.translate([person.bio], req.query.target, asker(kit, req)), false);
      },
    );

    app.post(
      '/api/v1/translate',
      {
        schema: {
          tags,
          operationId: 'translateText',
          summary: 'Any text (up to 5,000 characters) in the target language; signed-in only, budgeted',
          body: TranslateBody,
          response: { 200: TextTranslation, ...errors },
        },
      },
      async (req) => {
        const { userId } = requireAuth(req);
        const { text, target, source } = req.body;
        if (text.trim() === '') throw new ValidationError('There is no text to translate.', [{ field: 'text', message: 'not only spaces' }]);
        if (source === target) throw new ValidationError('The text is already in the target language.', [{ field: 'target', message: 'differs from source' }]);
        const r = await translator.translate([text], target, { userId }, source);
        const f = r.fields[0];
        return {
          text: f?.text ?? '',
          sourceLang: r.sourceLang,
          targetLang: r.targetLang,
          provider: r.provider,
          kind: r.kind,
          fallback: r.fallback,
          segments: f?.segments ?? [],
        };
      },
    );

    app.get(
      '/api/v1/me/words',
      {
        schema: {
          tags,
          operationId: 'listMyWords',
          summary: 'The words I saved from the dictionary card, newest first',
          querystring: PageQuery,
          response: { 200: MyWordsPage, ...errors },
        },
      },
      async (req) => words.list(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.post(
      '/api/v1/me/words',
      {
        schema: {
          tags,
          operationId: 'saveWord',
          summary: 'Save a dictionary word (saving it again moves it to the top)',
          body: SaveWordBody,
          response: { 200: MyWord, ...errors },
        },
      },
      async (req) => words.save(await kit.writer(req), req.body.word, req.body.noteId),
    );

    app.delete(
      '/api/v1/me/words/:word',
      { schema: { tags, operationId: 'removeWord', summary: 'Remove a saved word', params: WordParams, response: noContent } },
      async (req, reply) => {
        await words.remove(await kit.writer(req), req.params.word);
        return reply.code(204).send(null);
      },
    );
  };
