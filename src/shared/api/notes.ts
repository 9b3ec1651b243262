// The notes contract: a note is 1–18 photos or one video, a short title and a body.
import { type Static, Type } from 'typebox';
import { NOTE_LIMITS } from '../rules/notes.ts';
import { Avatar } from './accounts.ts';
import { Page } from './common.ts';
import { MediaView } from './media.ts';

export const Visibility = Type.Union([Type.Literal('public'), Type.Literal('followers'), Type.Literal('only_me')]);
export type Visibility = Static<typeof Visibility>;

/** Offsets are UTF-16 code-unit indices into the text they belong to (JavaScript string indices). */
export const Entity = Type.Union([
  Type.Object({ type: Type.Literal('hashtag'), start: Type.Integer(), end: Type.Integer(), tag: Type.String() }),
  Type.Object({ type: Type.Literal('mention'), start: Type.Integer(), end: Type.Integer(), handle: Type.String() }),
  Type.Object({ type: Type.Literal('link'), start: Type.Integer(), end: Type.Integer(), url: Type.String() }),
]);
export type Entity = Static<typeof Entity>;

export const NoteAuthor = Type.Object({ handle: Type.String(), displayName: Type.String(), avatar: Avatar });

export const NoteId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
export const NoteIdParams = Type.Object({ id: NoteId }, { additionalProperties: false });

export const NoteKind = Type.Union([Type.Literal('images'), Type.Literal('video')]);
/** processing: a video still transcoding; failed: it could not be processed (only its author sees either) */
export const NoteStatus = Type.Union([Type.Literal('processing'), Type.Literal('published'), Type.Literal('failed')]);

/** Moderation's marks on a note. `held`: waiting for a moderator (only its author sees it); `limited`: kept out of Explore, search and topic pages; `probationUntil`: a new account's public note shows to followers only until then. */
export const NoteModeration = Type.Object({
  sensitive: Type.Boolean(),
  held: Type.Optional(Type.Boolean()),
  limited: Type.Optional(Type.Boolean()),
  probationUntil: Type.Optional(Type.String()),
});
export type NoteModeration = Static<typeof NoteModeration>;

export const Note = Type.Object({
  id: Type.String(),
  author: NoteAuthor,
  kind: NoteKind,
  status: NoteStatus,
  title: Type.String(),
  body: Type.String(),
  lang: Type.String({ description: 'the main language (BCP 47 primary subtag), or "und" when the text is too short to tell' }),
  langs: Type.Array(Type.String(), { description: 'every language the text holds, the main one first: a reader of none of them is offered a translation' }),
  entities: Type.Object({ title: Type.Array(Entity), body: Type.Array(Entity) }),
  tags: Type.Array(Type.String()),
  media: Type.Array(MediaView),
  visibility: Visibility,
  placeName: Type.Union([Type.String(), Type.Null()]),
  commentsEnabled: Type.Boolean(),
  counts: Type.Object({ likes: Type.Integer(), collects: Type.Integer(), comments: Type.Integer(), views: Type.Integer() }),
  viewer: Type.Object({ liked: Type.Boolean(), collected: Type.Boolean(), isAuthor: Type.Boolean() }),
  /** what moderation decided, when anything: readers see `sensitive` (shown blurred, tap to view); its author sees the rest too */
  moderation: Type.Optional(NoteModeration),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Note = Static<typeof Note>;
export const NotePage = Page(Note);

/** A note in a list (profile tabs, boards, feeds, search): what a waterfall card shows, and no more. */
export const NoteCard = Type.Object(
  {
    id: Type.String(),
    author: NoteAuthor,
    kind: NoteKind,
    status: NoteStatus,
    title: Type.String(),
    /** the start of the body (its first line, at most 100 characters): shown when there is no title */
    excerpt: Type.String(),
    lang: Type.String(),
    cover: Type.Union([MediaView, Type.Null()], { description: 'the first photo, or the video (its poster)' }),
    mediaCount: Type.Integer(),
    visibility: Visibility,
    counts: Type.Object({ likes: Type.Integer() }),
    viewer: Type.Object({ liked: Type.Boolean(), isAuthor: Type.Boolean() }),
    moderation: Type.Optional(NoteModeration),
    createdAt: Type.String(),
  },
  { $id: 'NoteCard' },
);
export type NoteCard = Static<typeof NoteCard>;
export const NoteCardPage = Page(NoteCard);

// Title and text limits are settings in weighted units, checked by the service after trimming (its
// text_too_long error states the instance's value); the schema caps only the raw string's length.
const units = (setting: string, dflt: number, cap: number) =>
  `at most ${setting} weighted units (${dflt} by default; a CJK character counts 2, any other grapheme 1), measured after trimming; the schema caps the raw string at ${cap} characters`;
const NoteTitle = Type.String({ maxLength: 200, description: units('NOTE_TITLE_MAX_UNITS', NOTE_LIMITS.titleUnits, 200) });
const NoteText = Type.String({ maxLength: 5000, description: units('NOTE_BODY_MAX_UNITS', NOTE_LIMITS.bodyUnits, 5000) });

export const CreateNoteBody = Type.Object(
  {
    title: NoteTitle,
    body: NoteText,
    mediaIds: Type.Array(Type.String({ pattern: '^[0-9a-f-]{36}$' }), {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: `one video, or 1 to NOTE_MAX_IMAGES photos (${NOTE_LIMITS.images} by default; more is too_many_media); the schema caps the list at 100 ids`,
    }),
    visibility: Type.Optional(Visibility),
    placeName: Type.Optional(Type.Union([Type.String({ maxLength: NOTE_LIMITS.placeChars }), Type.Null()])),
    commentsEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateNoteBody = Static<typeof CreateNoteBody>;

export const UpdateNoteBody = Type.Object(
  {
    title: Type.Optional(NoteTitle),
    body: Type.Optional(NoteText),
    visibility: Type.Optional(Visibility),
    placeName: Type.Optional(Type.Union([Type.String({ maxLength: NOTE_LIMITS.placeChars }), Type.Null()])),
    commentsEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateNoteBody = Static<typeof UpdateNoteBody>;

export { NOTE_LIMITS } from '../rules/notes.ts';

/** `/tags/:tag/notes`: the tag without its "#", as written or normalised (matched NFKC, lower-case). */
export const TagParams = Type.Object(
  { tag: Type.String({ minLength: 1, maxLength: 200, description: '1–50 letters, marks, digits or _ of any script, without the "#"' }) },
  { additionalProperties: false },
);
export type TagParams = Static<typeof TagParams>;
