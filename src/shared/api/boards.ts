// The boards contract: a person's collections of notes. Everyone has a default board "Saved"
// (收藏, `isDefault`); clients show its name in the reader's language rather than the stored one.
import { type Static, Type } from 'typebox';
import { BOARD_LIMITS } from '../rules/notes.ts';
import { Avatar } from './accounts.ts';
import { Page } from './common.ts';
import { MediaView } from './media.ts';
import { NoteId } from './notes.ts';

export { BOARD_LIMITS } from '../rules/notes.ts';

export const BoardVisibility = Type.Union([Type.Literal('public'), Type.Literal('private')]);
export type BoardVisibility = Static<typeof BoardVisibility>;

export const BoardId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
export const BoardIdParams = Type.Object({ id: BoardId }, { additionalProperties: false });
export const BoardNoteParams = Type.Object({ id: BoardId, noteId: NoteId }, { additionalProperties: false });

// One limit for the schema (and so the OpenAPI document) and the service, which also counts after
// trimming and collapsing spaces.
const BoardName = Type.String({
  minLength: 1,
  maxLength: BOARD_LIMITS.nameChars,
  description: `1–${BOARD_LIMITS.nameChars} characters (code points) after trimming; unique per person, ignoring case`,
});

export const CreateBoardBody = Type.Object({ name: BoardName, visibility: Type.Optional(BoardVisibility) }, { additionalProperties: false });
export type CreateBoardBody = Static<typeof CreateBoardBody>;

export const UpdateBoardBody = Type.Object(
  { name: Type.Optional(BoardName), visibility: Type.Optional(BoardVisibility) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateBoardBody = Static<typeof UpdateBoardBody>;

export const BoardOwner = Type.Object({ handle: Type.String(), displayName: Type.String(), avatar: Avatar });

export const Board = Type.Object({
  id: Type.String(),
  name: Type.String(),
  visibility: BoardVisibility,
  isDefault: Type.Boolean(),
  noteCount: Type.Integer({ description: 'notes in the board (the owner’s count; others may see fewer)' }),
  linkCount: Type.Integer({ description: 'links kept in the board (videos saved elsewhere, e.g. brought over from a TikTok export)' }),
  cover: Type.Union([MediaView, Type.Null()], { description: 'the first media of the newest note in the board the reader may see' }),
  owner: BoardOwner,
  createdAt: Type.String(),
});
export type Board = Static<typeof Board>;
export const BoardPage = Page(Board);

/** Which of my boards hold a note (the collect sheet ticks these). */
export const NoteBoards = Type.Object({ boardIds: Type.Array(Type.String()) });
export type NoteBoards = Static<typeof NoteBoards>;

/** How many links one call may add (an importer sends a large export in several calls), and their parts' lengths. */
export const BOARD_LINK_LIMITS = { perCall: 1000, urlChars: 2048, titleChars: 300, sourceChars: 40 } as const;

/**
 * A link kept in a board beside its notes: a video a person liked or favourited elsewhere, known
 * only by its address. One board holds a URL once.
 */
export const BoardLink = Type.Object({
  url: Type.String({ description: 'an http(s) URL' }),
  title: Type.Union([Type.String(), Type.Null()]),
  source: Type.String({ description: "where it was saved, e.g. 'tiktok_like', 'tiktok_favorite'" }),
  savedAt: Type.String({ description: 'when it was saved where it came from (ISO-8601 UTC)' }),
  addedAt: Type.String({ description: 'when it was added to the board' }),
});
export type BoardLink = Static<typeof BoardLink>;
export const BoardLinkPage = Page(BoardLink);
