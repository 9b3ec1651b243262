// The language bridge: dictionary look-ups (Chinese ↔ English, CC-CEDICT) and pinyin for learners.
// Schemas shared by the server (validation, serialisation, OpenAPI) and the web client.
import { type Static, Type } from 'typebox';
import { Page } from './common.ts';

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

// ---- translation

/** The languages Biji translates between. */
export const TranslationLang = Type.Union([Type.Literal('en'), Type.Literal('zh')]);
export type TranslationLang = Static<typeof TranslationLang>;

export const TranslationQuery = Type.Object({ target: TranslationLang }, { additionalProperties: false });
export type TranslationQuery = Static<typeof TranslationQuery>;

export const TranslatedSegment = Type.Object({
  /** a sentence (or paragraph) of the original */
  original: Type.String(),
  /** its translation; null where the original is already in the target language */
  translated: Type.Union([Type.String(), Type.Null()]),
  /** the whitespace after it in the original */
  tail: Type.String(),
});
export type TranslatedSegment = Static<typeof TranslatedSegment>;

const translationMeta = {
  /** the language the translated text was in: "zh", "en" ("und" when nothing needed translating) */
  sourceLang: Type.String(),
  targetLang: TranslationLang,
  /** who translated: "LibreTranslate", "DeepL", "Google", "Azure Translator", a model, or "CC-CEDICT" (the gloss) */
  provider: Type.String(),
  /** "gloss": a word-by-word gloss from the dictionary, never to be called a translation */
  kind: Type.Union([Type.Literal('translation'), Type.Literal('gloss')]),
  /** set when the configured translator could not answer and the gloss stood in: whose turn it was, and why */
  fallback: Type.Union([Type.Object({ provider: Type.String(), reason: Type.String() }), Type.Null()]),
};

/** A note's (or comment's, or bio's: title "") translation. */
export const Translation = Type.Object({
  title: Type.String(),
  body: Type.String(),
  ...translationMeta,
  /** title and body sentence by sentence, for "show both" */
  segments: Type.Object({ title: Type.Array(TranslatedSegment), body: Type.Array(TranslatedSegment) }),
});
export type Translation = Static<typeof Translation>;

/** The most text one POST /translate takes. */
export const TRANSLATE_MAX_CHARS = 5000;

export const TranslateBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: TRANSLATE_MAX_CHARS }),
    target: TranslationLang,
    /** the text's language when the caller knows it; otherwise each sentence's script decides */
    source: Type.Optional(TranslationLang),
  },
  { additionalProperties: false },
);
export type TranslateBody = Static<typeof TranslateBody>;

export const TextTranslation = Type.Object({ text: Type.String(), ...translationMeta, segments: Type.Array(TranslatedSegment) });
export type TextTranslation = Static<typeof TextTranslation>;

// ---- my words

export const MyWord = Type.Object({
  word: Type.String({ description: 'simplified form' }),
  traditional: Type.String(),
  pinyin: Type.String(),
  /** the first senses, as saved */
  gloss: Type.String(),
  /** the note the word was saved from, when it still exists and the reader may see it */
  note: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()]),
  savedAt: Type.String(),
});
export type MyWord = Static<typeof MyWord>;

export const MyWordsPage = Page(MyWord);
export type MyWordsPage = Static<typeof MyWordsPage>;

export const SaveWordBody = Type.Object(
  {
    /** a dictionary word, either script */
    word: Type.String({ minLength: 1, maxLength: 40 }),
    noteId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type SaveWordBody = Static<typeof SaveWordBody>;
