// The portability contract: bring a TikTok export in, take everything out, delete an account.
// An import is two steps: the upload answers with a preview (nothing is written yet); applying it
// runs as a job whose progress the client polls. An export is a job too; its zip is downloadable by
// its owner until it expires. Deleting an account ends every session and hides the profile at once,
// and erases everything when the grace period is over, unless the person logs in before.
import { type Static, Type } from 'typebox';
import { Avatar } from './accounts.ts';
import { Page } from './common.ts';
import { Visibility } from './notes.ts';

export const ImportId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
export const ImportIdParams = Type.Object({ id: ImportId }, { additionalProperties: false });
export const ExportIdParams = Type.Object({ id: ImportId }, { additionalProperties: false });
export const DraftIdParams = Type.Object({ id: ImportId }, { additionalProperties: false });

/** Which generation of TikTok's export the file is (see shared/data/tiktok-export/README.md). */
export const TikTokLayout = Type.Union([Type.Literal('2026'), Type.Literal('2025'), Type.Literal('legacy')]);
export type TikTokLayout = Static<typeof TikTokLayout>;

/** Who could view a post on TikTok, as the draft keeps it. */
export const TikTokWhoCanView = Type.Union([Type.Literal('everyone'), Type.Literal('friends'), Type.Literal('only_me')]);
export type TikTokWhoCanView = Static<typeof TikTokWhoCanView>;

export const PreviewPost = Type.Object({
  /** ISO-8601 UTC, or null when the export had none */
  date: Type.Union([Type.String(), Type.Null()]),
  caption: Type.String(),
  hashtags: Type.Array(Type.String()),
  likes: Type.Union([Type.Integer(), Type.Null()]),
  whoCanView: TikTokWhoCanView,
});
export type PreviewPost = Static<typeof PreviewPost>;

export const PreviewComment = Type.Object({ date: Type.Union([Type.String(), Type.Null()]), text: Type.String() });

/** What the export holds and what applying it will do; lists are capped, counts are whole. */
export const ImportPreview = Type.Object({
  layout: TikTokLayout,
  profile: Type.Object({
    userName: Type.Union([Type.String(), Type.Null()]),
    displayName: Type.Union([Type.String(), Type.Null()]),
    bio: Type.Union([Type.String(), Type.Null()]),
  }),
  following: Type.Object({
    count: Type.Integer(),
    /** the first usernames, newest follow first */
    usernames: Type.Array(Type.String()),
    /** how many of them have declared that username on Biji */
    onBiji: Type.Integer(),
  }),
  followers: Type.Object({ count: Type.Integer(), usernames: Type.Array(Type.String()) }),
  posts: Type.Object({
    count: Type.Integer(),
    items: Type.Array(PreviewPost),
    /** posts only their author could see: their drafts stay only-me */
    onlyMe: Type.Integer(),
  }),
  liked: Type.Object({ count: Type.Integer() }),
  favorites: Type.Object({ count: Type.Integer() }),
  comments: Type.Object({ count: Type.Integer(), items: Type.Array(PreviewComment) }),
});
export type ImportPreview = Static<typeof ImportPreview>;

export const ImportStatus = Type.Union([
  Type.Literal('previewed'),
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('expired'),
]);
export type ImportStatus = Static<typeof ImportStatus>;

export const ImportCounts = Type.Object({
  profile: Type.Boolean({ description: 'the display name and bio were set' }),
  drafts: Type.Integer(),
  links: Type.Integer({ description: 'liked and favourited videos kept in the private board' }),
  comments: Type.Integer(),
  following: Type.Integer({ description: 'followed usernames kept to find friends' }),
  matched: Type.Integer({ description: 'of them, people on Biji now' }),
});
export type ImportCounts = Static<typeof ImportCounts>;

export const Progress = Type.Object({ done: Type.Integer(), total: Type.Integer() });

export const ImportView = Type.Object({
  id: Type.String(),
  status: ImportStatus,
  progress: Progress,
  counts: ImportCounts,
  preview: ImportPreview,
  /** the private board the links went to, once applied */
  boardId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type ImportView = Static<typeof ImportView>;

export const CreatedImport = Type.Object({ id: Type.String(), status: ImportStatus, preview: ImportPreview });
export type CreatedImport = Static<typeof CreatedImport>;

export const ApplyImportBody = Type.Object(
  { profile: Type.Boolean(), posts: Type.Boolean(), likes: Type.Boolean(), comments: Type.Boolean() },
  { additionalProperties: false },
);
export type ApplyImportBody = Static<typeof ApplyImportBody>;

/** A person on Biji who declared a TikTok username the importer followed there. */
export const FriendSuggestion = Type.Object({
  tiktokUsername: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  avatar: Avatar,
  following: Type.Boolean({ description: 'the importer follows them on Biji already' }),
});
export type FriendSuggestion = Static<typeof FriendSuggestion>;
export const FriendSuggestions = Type.Object({
  items: Type.Array(FriendSuggestion),
  /** followed usernames not on Biji yet: the importer is told when one of them joins */
  waiting: Type.Integer(),
});
export type FriendSuggestions = Static<typeof FriendSuggestions>;

export const DismissSuggestionBody = Type.Object({ tiktokUsername: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const Draft = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  hashtags: Type.Array(Type.String()),
  /** what the post's audience was: only-me posts publish as only-me unless the person changes it */
  visibility: Visibility,
  originalAt: Type.Union([Type.String(), Type.Null()]),
  originalLikes: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String(),
});
export type Draft = Static<typeof Draft>;
export const DraftPage = Page(Draft);

/** Publishing a draft: the photos (already uploaded) and the text as the person finished it. */
export const PublishDraftBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    body: Type.String({ maxLength: 5000 }),
    mediaIds: Type.Array(Type.String({ pattern: '^[0-9a-f-]{36}$' }), { minItems: 1, maxItems: 18 }),
    visibility: Visibility,
  },
  { additionalProperties: false },
);
export type PublishDraftBody = Static<typeof PublishDraftBody>;
export const PublishedDraft = Type.Object({ noteId: Type.String() });

/** The imported comments archive. */
export const ArchivedComment = Type.Object({
  id: Type.String(),
  text: Type.String(),
  writtenAt: Type.Union([Type.String(), Type.Null()]),
  postUrl: Type.Union([Type.String(), Type.Null()]),
});
export const ArchivedCommentPage = Page(ArchivedComment);

export const ExportStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('done'),
  Type.Literal('failed'),
  Type.Literal('expired'),
]);
export type ExportStatus = Static<typeof ExportStatus>;

export const CreatedExport = Type.Object({ id: Type.String() });
export const ExportView = Type.Object({
  id: Type.String(),
  status: ExportStatus,
  progress: Progress,
  /** the download, while it lasts (the owner's session or token is asked for) */
  url: Type.Optional(Type.String()),
  bytes: Type.Union([Type.Integer(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type ExportView = Static<typeof ExportView>;
export const ExportList = Type.Object({ items: Type.Array(ExportView) });

export const DeleteAccountBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
export type DeleteAccountBody = Static<typeof DeleteAccountBody>;
export const DeletionScheduled = Type.Object({ erasesAt: Type.String({ description: 'when everything is erased (ISO-8601 UTC); logging in before cancels' }) });
export type DeletionScheduled = Static<typeof DeletionScheduled>;

/** TikTok usernames as TikTok allows them: letters, digits, underscore and dot, 2–24 characters. */
export const TIKTOK_USERNAME_PATTERN = '^[A-Za-z0-9_.]{2,24}$';
