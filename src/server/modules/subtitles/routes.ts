// The subtitles HTTP surface. The author PUTs a file as it is — `text/vtt`, `application/x-subrip` or
// `text/plain` (UTF-8), or JSON `{content}` — and gets the track back; readers list the tracks, load
// each as `text/vtt` for a <track> element, and have a track translated. The text parsers are
// registered here, inside this plugin: no other route reads a text body.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NoteIdParams } from '../../../shared/api/notes.ts';
import {
  PutSubtitlesBody,
  PutSubtitlesQuery,
  SUBTITLE_LIMITS,
  SubtitleParams,
  SubtitleTrack,
  SubtitleTracks,
  SubtitleTranslationParams,
} from '../../../shared/api/subtitles.ts';
import { requireAuth } from '../../platform/auth.ts';
import { sendProblem } from '../../platform/http.ts';
import { errorResponses, noContent, type RouteKit } from '../../platform/routes.ts';
import { type Asker, SubtitlesService } from './service.ts';

const tags = ['subtitles'];
const problem = { $ref: 'Problem#' } as const;
const errors = { ...errorResponses, 413: problem, 415: problem };
/** The text types a file may be sent as (the server reads the content, not the type, to tell WebVTT from SRT). */
const TEXT_TYPES = ['text/vtt', 'application/x-subrip', 'text/srt', 'text/plain'];
const CONSUMES = [...TEXT_TYPES, 'application/json'];
/** A track's URL names its version (?v=id): the file may stay in a browser a while, but a note may turn private. */
const CACHE = 'private, max-age=600, must-revalidate';
const VttQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });
const Vtt = Type.String({ description: 'a WebVTT file (text/vtt; charset=utf-8)' });

const asker = (kit: RouteKit, req: FastifyRequest): Asker => {
  const userId = kit.viewer(req);
  return userId ? { userId } : { ip: req.ip };
};

function sendVtt(req: FastifyRequest, reply: FastifyReply, track: { id: string; vtt: string }): FastifyReply {
  const etag = `"${track.id}"`;
  reply.header('cache-control', CACHE).header('etag', etag);
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('text/vtt; charset=utf-8').send(track.vtt);
}

export const subtitlesRoutes =
  (service: SubtitlesService, kit: RouteKit): FastifyPluginAsyncTypebox =>
  async (app) => {
    // The file as it is: its bytes are checked (size, UTF-8, no binary) before anything else.
    app.addContentTypeParser(TEXT_TYPES, { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        done(null, SubtitlesService.decode(body as Buffer));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    // The platform's answers for a body too large or of another type speak of JSON; these speak of subtitle files.
    app.setErrorHandler((err: { code?: string }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return sendProblem(reply, 413, 'file_too_large', `A subtitle file may be at most ${SUBTITLE_LIMITS.bytes / 1024} KB.`);
      if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
        return sendProblem(
          reply,
          415,
          'unsupported_media_type',
          'Send the file as text/vtt, application/x-subrip or text/plain (UTF-8), or as JSON {"content": "…"}.',
        );
      throw err;
    });

    app.get(
      '/api/v1/notes/:id/subtitles',
      {
        schema: {
          tags,
          operationId: 'listSubtitles',
          summary: "A video note's subtitle tracks: the author's, and one translation per track and language once a reader asked for it",
          params: NoteIdParams,
          response: { 200: SubtitleTracks, ...errors },
        },
      },
      async (req) => ({ items: await service.list(kit.viewer(req), req.params.id) }),
    );

    app.put(
      '/api/v1/notes/:id/subtitles/:lang',
      {
        bodyLimit: SUBTITLE_LIMITS.bytes * 2,
        // Signed in before the file is read (the author check needs the note, after it).
        onRequest: async (req) => void requireAuth(req),
        schema: {
          tags,
          operationId: 'putSubtitles',
          summary: "Upload a video note's subtitles in one language (author only), replacing any before",
          description: `The body is the WebVTT or SRT file itself (${TEXT_TYPES.join(', ')}; UTF-8), or JSON {"content": "…"}. At most ${SUBTITLE_LIMITS.bytes / 1024} KB, ${SUBTITLE_LIMITS.cues} cues and ${SUBTITLE_LIMITS.cueChars} characters a cue; times in order and within the video. Stored as WebVTT with plain-text cues (markup removed). A refused file is a 400 invalid_subtitles naming the line.`,
          consumes: CONSUMES,
          params: SubtitleParams,
          querystring: PutSubtitlesQuery,
          body: PutSubtitlesBody,
          response: { 200: SubtitleTrack, ...errors },
        },
      },
      async (req) => {
        const userId = await kit.writer(req);
        const content = typeof req.body === 'string' ? req.body : req.body.content;
        return service.upload(userId, req.params.id, req.params.lang, content, req.query.label);
      },
    );

    app.delete(
      '/api/v1/notes/:id/subtitles/:lang',
      {
        schema: {
          tags,
          operationId: 'deleteSubtitles',
          summary: "Remove a video note's subtitles in one language, and their translations (author only)",
          params: SubtitleParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await service.remove(await kit.writer(req), req.params.id, req.params.lang);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/notes/:id/subtitles/:lang.vtt',
      {
        schema: {
          tags,
          operationId: 'getSubtitlesVtt',
          summary: "The author's subtitles in one language, as WebVTT (for a <track> element)",
          produces: ['text/vtt'],
          params: SubtitleParams,
          querystring: VttQuery,
          response: { 200: Vtt, 304: Type.Null(), ...errors },
        },
      },
      async (req, reply) => sendVtt(req, reply, await service.vtt(kit.viewer(req), req.params.id, req.params.lang)),
    );

    app.get(
      '/api/v1/notes/:id/subtitles/:lang/translations/:target',
      {
        schema: {
          tags,
          operationId: 'translateSubtitles',
          summary: 'Subtitles translated into English or Chinese by the configured translator (or the word gloss): made once, then kept for every reader',
          params: SubtitleTranslationParams,
          response: { 200: SubtitleTrack, ...errors },
        },
      },
      async (req) => {
        const { id, lang, target } = req.params;
        return service.translate(kit.viewer(req), asker(kit, req), id, lang, target);
      },
    );

    app.get(
      '/api/v1/notes/:id/subtitles/:lang/translations/:target.vtt',
      {
        schema: {
          tags,
          operationId: 'getTranslatedSubtitlesVtt',
          summary: 'A translation of subtitles, as WebVTT (?v= names the version a listing gave)',
          produces: ['text/vtt'],
          params: SubtitleTranslationParams,
          querystring: VttQuery,
          response: { 200: Vtt, 304: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        const { id, lang, target } = req.params;
        return sendVtt(req, reply, await service.translationVtt(kit.viewer(req), id, lang, target, req.query.v));
      },
    );
  };
