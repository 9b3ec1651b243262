// The notifications contract: grouped items, unread counts, mark-read, and the live stream's messages.
import { type Static, Type } from 'typebox';
import { UserSummary } from './accounts.ts';

export const NOTIFICATION_KINDS = [
  'like',
  'collect',
  'comment',
  'reply',
  'mention',
  'follow',
  'comment_like',
  'note_failed',
  'moderation',
  'report_outcome',
  'tiktok_friend_joined',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = Type.Union([
  Type.Literal('like'),
  Type.Literal('collect'),
  Type.Literal('comment'),
  Type.Literal('reply'),
  Type.Literal('mention'),
  Type.Literal('follow'),
  Type.Literal('comment_like'),
  /** one's own video note could not be processed: open it to retry or delete it */
  Type.Literal('note_failed'),
  /** moderators acted on one's own content or account: open the notice to read why, and appeal once */
  Type.Literal('moderation'),
  /** a report one made was decided */
  Type.Literal('report_outcome'),
  /** someone the reader follows on TikTok (by an imported export) joined and declared that username: open their profile */
  Type.Literal('tiktok_friend_joined'),
]);

const NotificationId = Type.String({ pattern: '^[0-9a-f-]{36}$', maxLength: 36 });

export const NotificationSubject = Type.Object({
  id: Type.String(),
  title: Type.String(),
  cover: Type.Union([Type.Object({ url: Type.String(), placeholder: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
});
export type NotificationSubject = Static<typeof NotificationSubject>;

export const NotificationComment = Type.Object({ id: Type.String(), body: Type.String({ description: 'the text as written; "" when deleted' }) });
export type NotificationComment = Static<typeof NotificationComment>;

export const NotificationItem = Type.Object(
  {
    id: Type.String({ description: 'the newest event of the group; the cursor and the id to mark read' }),
    kind: NotificationKindSchema,
    actors: Type.Array(UserSummary, { description: 'up to 3 people, most recent first' }),
    actorCount: Type.Integer({ description: 'distinct people in the group: "Ana and {actorCount - 1} others"' }),
    subject: Type.Union([NotificationSubject, Type.Null()], { description: 'the note it is about; null for follows' }),
    commentId: Type.Union([Type.String(), Type.Null()]),
    comment: Type.Union([NotificationComment, Type.Null()], {
      description: 'the comment it is about (comments, replies, comment likes, mentions in a comment): its text, "" once deleted',
    }),
    moderation: Type.Optional(
      Type.Object(
        { caseId: Type.String(), action: Type.String({ description: 'remove, limit, sensitive, suspend, ban, restore, uphold, dismiss' }) },
        { description: 'moderation and report_outcome only: the case (GET /api/v1/me/moderation shows the notice in full)' },
      ),
    ),
    read: Type.Boolean(),
    createdAt: Type.String(),
  },
  { description: 'One row of the notifications list: a single event, or a group of likes, collects, comment likes or follows' },
);
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  unread: Type.Integer(),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const UnreadCount = Type.Object({ unread: Type.Integer({ description: 'unread items (groups), as the list shows them' }) });
export type UnreadCount = Static<typeof UnreadCount>;

export const MAX_MARK_READ_IDS = 100;

export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(NotificationId, { maxItems: MAX_MARK_READ_IDS, uniqueItems: true, description: 'item ids from the list' })),
    all: Type.Optional(Type.Boolean()),
    upTo: Type.Optional({
      ...NotificationId,
      description: 'an item id from the list: marks every event up to it read (what a reader opening the list has seen), nothing newer',
    }),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MarkReadBody = Static<typeof MarkReadBody>;

/** What the live stream (`GET /api/v1/stream`, WebSocket) sends: every message carries the current unread count. */
export type LiveMessage = { type: 'hello'; unread: number } | { type: 'notification'; unread: number } | { type: 'read'; unread: number };

/** Close codes the stream uses besides the standard ones. */
export const STREAM_CLOSE = { tooManyConnections: 4429, unauthenticated: 4401 } as const;
