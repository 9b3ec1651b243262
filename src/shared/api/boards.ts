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
  cover: Type.Union([MediaView, Type.Null()], { description: 'the first media of the newest note in the board the reader may see' }),
  owner: BoardOwner,
  createdAt: Type.String(),
});
export type Board = Static<typeof Board>;
export const BoardPage = Page(Board);

/** Which of my boards hold a note (the collect sheet ticks these). */
export const NoteBoards = Type.Object({ boardIds: Type.Array(Type.String()) });
export type NoteBoards = Static<typeof NoteBoards>;
