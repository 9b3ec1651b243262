// The comments contract: two levels as on RedNote. A top-level comment carries its replies'
// count and the first few replies; a reply to a reply joins the same thread and names whom it answers.
import { type Static, Type } from 'typebox';
import { NOTE_LIMITS } from '../rules/notes.ts';
import { Avatar } from './accounts.ts';
import { Page } from './common.ts';
import { Entity } from './notes.ts';

export const COMMENT_LIMITS = { bodyUnits: NOTE_LIMITS.commentUnits, inlineReplies: 3 } as const;

export const CommentId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
export const CommentIdParams = Type.Object({ id: CommentId }, { additionalProperties: false });

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({
      minLength: 1,
      maxLength: 5000,
      description: `at most COMMENT_MAX_UNITS weighted units (${NOTE_LIMITS.commentUnits} by default; a CJK character counts 2, any other grapheme 1), measured after trimming; the schema caps the raw string at 5000 characters`,
    }),
    replyTo: Type.Optional(CommentId),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const CommentAuthor = Type.Object({ handle: Type.String(), displayName: Type.String(), avatar: Avatar });

const fields = {
  id: Type.String(),
  noteId: Type.String(),
  author: Type.Union([CommentAuthor, Type.Null()], { description: 'null on a deleted placeholder' }),
  body: Type.String(),
  lang: Type.String(),
  langs: Type.Array(Type.String(), { description: 'every language the text holds, the main one first' }),
  entities: Type.Array(Entity),
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'the top-level comment a reply belongs to' }),
  replyTo: Type.Union([Type.Object({ handle: Type.String(), displayName: Type.String() }), Type.Null()], {
    description: 'whom a reply to a reply answers; null on top-level comments and direct replies',
  }),
  likeCount: Type.Integer(),
  replyCount: Type.Integer(),
  viewer: Type.Object({ liked: Type.Boolean(), canDelete: Type.Boolean() }),
  createdAt: Type.String(),
  deleted: Type.Optional(Type.Boolean({ description: 'a deleted top-level comment kept as a "[deleted]" placeholder because it has replies' })),
};

export const Reply = Type.Object(fields);
export type Reply = Static<typeof Reply>;

export const Comment = Type.Object({
  ...fields,
  replies: Type.Optional(Type.Array(Reply, { description: 'on a top-level comment in a list: its first replies, oldest first' })),
  repliesCursor: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'pass to GET /comments/:id/replies for the replies after the inlined ones' }),
  ),
});
export type Comment = Static<typeof Comment>;
export const CommentPage = Page(Comment);
export type CommentPage = Static<typeof CommentPage>;
export const ReplyPage = Page(Reply);

/** A comment in its thread, for links to one comment (`/n/:id?comment=`): the thread, and the reply itself when it is one. */
export const CommentContext = Type.Object({
  head: Comment,
  reply: Type.Union([Reply, Type.Null()], {
    description: 'the linked reply when the id is a reply (it may be past the inlined ones); null for a top-level comment',
  }),
});
export type CommentContext = Static<typeof CommentContext>;
