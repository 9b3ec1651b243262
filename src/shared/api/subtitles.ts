// The subtitles contract: a video note's WebVTT tracks — uploaded by its author (WebVTT or SRT, stored
// as WebVTT) and translations of them made through the configured translator.
import { type Static, Type } from 'typebox';
import { TranslationLang } from './language.ts';
import { NoteId } from './notes.ts';

/** What an uploaded file may hold. */
export const SUBTITLE_LIMITS = {
  /** bytes of the file as sent */
  bytes: 512 * 1024,
  cues: 5000,
  /** characters of one cue's text, once its markup is gone */
  cueChars: 500,
  /** characters of a track's label */
  labelChars: 40,
} as const;

/** A BCP 47 tag: a lower-case primary language subtag, then up to two subtags (zh, en-GB, zh-Hant). */
export const SubtitleLang = Type.String({
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$',
  maxLength: 20,
  description: 'BCP 47 language tag of the subtitles, e.g. "en", "zh", "zh-Hant"',
});

export const SubtitleTrack = Type.Object(
  {
    id: Type.String(),
    /** the language of the text (a translation's target language) */
    lang: Type.String(),
    /** the language's own name ("English", "中文") or the author's label */
    label: Type.String(),
    kind: Type.Union([Type.Literal('uploaded'), Type.Literal('translated')]),
    source: Type.Union([Type.String(), Type.Null()], { description: 'a translation: the language of the uploaded track it was made from' }),
    provider: Type.Union([Type.String(), Type.Null()], { description: 'a translation: who made it ("DeepL", …, or "CC-CEDICT" for the word gloss)' }),
    providerKind: Type.Union([Type.Literal('translation'), Type.Literal('gloss'), Type.Null()], {
      description: 'a translation: a real translation, or a word-by-word gloss (never to be called a translation)',
    }),
    url: Type.String({ description: 'the WebVTT file (text/vtt), same origin, for a <track> element' }),
    cueCount: Type.Integer(),
    createdAt: Type.String(),
  },
  { $id: 'SubtitleTrack' },
);
export type SubtitleTrack = Static<typeof SubtitleTrack>;

export const SubtitleTracks = Type.Object({ items: Type.Array(SubtitleTrack) });
export type SubtitleTracks = Static<typeof SubtitleTracks>;

export const SubtitleParams = Type.Object({ id: NoteId, lang: SubtitleLang }, { additionalProperties: false });
export type SubtitleParams = Static<typeof SubtitleParams>;

export const SubtitleTranslationParams = Type.Object({ id: NoteId, lang: SubtitleLang, target: TranslationLang }, { additionalProperties: false });
export type SubtitleTranslationParams = Static<typeof SubtitleTranslationParams>;

export const PutSubtitlesQuery = Type.Object(
  {
    label: Type.Optional(
      Type.String({ minLength: 1, maxLength: SUBTITLE_LIMITS.labelChars, description: "the track's name in the player (default: the language's own name)" }),
    ),
  },
  { additionalProperties: false },
);
export type PutSubtitlesQuery = Static<typeof PutSubtitlesQuery>;

/** The file itself as a text body (text/vtt, application/x-subrip, text/plain), or JSON `{content}`. */
export const PutSubtitlesBody = Type.Union([
  Type.String({ description: 'the WebVTT or SRT file, UTF-8' }),
  Type.Object({ content: Type.String({ description: 'the WebVTT or SRT file' }) }, { additionalProperties: false }),
]);
export type PutSubtitlesBody = Static<typeof PutSubtitlesBody>;
