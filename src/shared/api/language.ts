// The language bridge: dictionary look-ups (Chinese ↔ English, CC-CEDICT) and pinyin for learners.
// Schemas shared by the server (validation, serialisation, OpenAPI) and the web client.
import { type Static, Type } from 'typebox';

export const DictionaryQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'a Chinese word (simplified or traditional: 火锅, 火鍋) or an English word or phrase (hotpot)',
    }),
  },
  { additionalProperties: false },
);
export type DictionaryQuery = Static<typeof DictionaryQuery>;

export const DictionaryEntry = Type.Object(
  {
    simplified: Type.String(),
    traditional: Type.String(),
    /** with tone marks, a syllable for each character: "huǒ guō" */
    pinyin: Type.String(),
    senses: Type.Array(Type.String()),
  },
  { $id: 'DictionaryEntry' },
);
export type DictionaryEntry = Static<typeof DictionaryEntry>;

export const Dictionary = Type.Object({
  /** the Chinese words of a Chinese query (more than one when it is not a single dictionary word), or English → Chinese */
  entries: Type.Array(DictionaryEntry),
  /** the source, to be credited where entries are shown */
  source: Type.Literal('CC-CEDICT'),
});
export type Dictionary = Static<typeof Dictionary>;

/** The most text one pinyin request takes (a URL stays well under header limits); longer text goes in pieces. */
export const PINYIN_MAX_CHARS = 500;

export const PinyinQuery = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: PINYIN_MAX_CHARS, description: `up to ${PINYIN_MAX_CHARS} characters; longer text is sent in pieces` }) },
  { additionalProperties: false },
);
export type PinyinQuery = Static<typeof PinyinQuery>;

export const PinyinSegment = Type.Object({
  text: Type.String(),
  /** a syllable (tone marks) for each Han character of `text`, space-separated; null when it has none */
  pinyin: Type.Union([Type.String(), Type.Null()]),
});
export type PinyinSegment = Static<typeof PinyinSegment>;

export const Pinyin = Type.Object({
  /** the text cut into words (joined, they are the text again) */
  segments: Type.Array(PinyinSegment),
});
export type Pinyin = Static<typeof Pinyin>;
