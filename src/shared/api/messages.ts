// The chat contract: conversations (direct messages and groups), their messages, invite links,
// message requests; and live rooms. Messages also travel on the live stream (shared/api/stream.ts),
// in the same ChatItem shape.
import { type Static, Type } from 'typebox';
import { Avatar, Handle, UserSummary } from './accounts.ts';
import { MAX_MESSAGE_CHARS } from './stream.ts';

export { MAX_MESSAGE_CHARS } from './stream.ts';

/** Limits both sides know; the server's settings may lower the group size and the stranger quota. */
export const CHAT_LIMITS = {
  groupNameChars: 40,
  roomNameChars: 60,
  roomDescriptionChars: 300,
  /** members a group may have (a setting; this is its ceiling) */
  maxGroupMembers: 500,
  /** people a new conversation may name at creation */
  maxInitialMembers: 50,
  historyPage: 50,
} as const;

export const ChatId = Type.String({ pattern: '^[0-9a-f-]{36}$', maxLength: 36 });
export const ChatIdParams = Type.Object({ id: ChatId }, { additionalProperties: false });

export const ChatAuthor = Type.Object({ handle: Type.String(), displayName: Type.String(), avatar: Avatar });

export const ChatItem = Type.Object(
  {
    seq: Type.Integer({ description: '1, 2, 3… within its conversation or room' }),
    id: Type.String(),
    author: Type.Union([ChatAuthor, Type.Null()], { description: 'null for system lines and for people who are gone' }),
    body: Type.String({ description: '"" once deleted' }),
    lang: Type.Union([Type.String(), Type.Null()], { description: 'detected language of the body: "en", "zh" or null' }),
    kind: Type.Union([Type.Literal('text'), Type.Literal('photo'), Type.Literal('note'), Type.Literal('system')]),
    photo: Type.Optional(
      Type.Union([
        Type.Object({
          id: Type.String(),
          url: Type.String(),
          width: Type.Integer(),
          height: Type.Integer(),
          placeholder: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ]),
    ),
    note: Type.Optional(
      Type.Union([
        Type.Object({
          id: Type.String(),
          title: Type.String(),
          cover: Type.Union([Type.Object({ url: Type.String(), placeholder: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
        }),
        Type.Null(),
      ]),
    ),
    deleted: Type.Optional(Type.Boolean()),
    clientId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    createdAt: Type.String(),
  },
  { $id: 'ChatItem' },
);
export type ChatItem = Static<typeof ChatItem>;

export const MessageBody = Type.Object(
  {
    body: Type.String({ maxLength: MAX_MESSAGE_CHARS * 2, description: `at most ${MAX_MESSAGE_CHARS} characters; may be "" with a photo or a note` }),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
    media: Type.Optional(Type.String({ maxLength: 64 })),
    note: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type MessageBody = Static<typeof MessageBody>;

export const HistoryQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'seq: messages older than this one (history scrolls upward)' })),
    after: Type.Optional(Type.Integer({ minimum: 0, description: 'seq: messages newer than this one (catching up)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: CHAT_LIMITS.historyPage })),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Static<typeof HistoryQuery>;

export const HistoryPage = Type.Object({
  items: Type.Array(ChatItem, { description: 'oldest first' }),
  /** whether older messages exist before the first item */
  hasMore: Type.Boolean(),
});
export type HistoryPage = Static<typeof HistoryPage>;

// ---- conversations

export const MemberRole = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')]);
export type MemberRole = Static<typeof MemberRole>;

export const ConversationView = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('dm'), Type.Literal('group')]),
    /** a group's name; for a DM, the other person's display name */
    name: Type.String(),
    avatar: Avatar,
    /** for a DM: the other person */
    peer: Type.Union([UserSummary, Type.Null()]),
    memberCount: Type.Integer(),
    lastSeq: Type.Integer(),
    lastMessage: Type.Union([ChatItem, Type.Null()]),
    unread: Type.Integer(),
    viewer: Type.Object({
      role: MemberRole,
      /** `request`: someone who does not follow you wrote first; accept or decline */
      state: Type.Union([Type.Literal('active'), Type.Literal('request'), Type.Literal('pending')]),
      lastReadSeq: Type.Integer(),
      muted: Type.Boolean(),
      autoTranslate: Type.Boolean(),
    }),
    /** for a DM: how far the other person has read (where "Seen" goes); 0 for groups and unanswered requests */
    peerReadSeq: Type.Integer(),
    /** a DM with someone who blocked you or whom you blocked: read-only */
    ended: Type.Boolean(),
    updatedAt: Type.String(),
  },
  { $id: 'ConversationView' },
);
export type ConversationView = Static<typeof ConversationView>;

export const ConversationList = Type.Object({
  items: Type.Array(ConversationView),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** how many message requests wait */
  requests: Type.Integer(),
});
export type ConversationList = Static<typeof ConversationList>;

export const ConversationListQuery = Type.Object(
  {
    box: Type.Optional(Type.Union([Type.Literal('inbox'), Type.Literal('requests')], { default: 'inbox' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);

export const CreateConversationBody = Type.Object(
  {
    members: Type.Array(Handle, {
      minItems: 1,
      maxItems: CHAT_LIMITS.maxInitialMembers,
      description: 'one handle: a DM (the existing one if any); more, or a name: a group',
    }),
    name: Type.Optional(Type.String({ maxLength: CHAT_LIMITS.groupNameChars * 2 })),
  },
  { additionalProperties: false },
);
export type CreateConversationBody = Static<typeof CreateConversationBody>;

export const UpdateConversationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: CHAT_LIMITS.groupNameChars * 2 })),
    avatar: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'an uploaded image id' })),
  },
  { additionalProperties: false },
);

export const MemberView = Type.Object({ user: UserSummary, role: MemberRole, joinedAt: Type.String() });
export type MemberView = Static<typeof MemberView>;

export const InviteView = Type.Object({
  token: Type.String(),
  /** the path to share: /join/<token> */
  url: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  uses: Type.Integer(),
  createdAt: Type.String(),
});
export type InviteView = Static<typeof InviteView>;

/** What a join link shows before joining. */
export const InvitePreview = Type.Object({
  conversation: Type.Object({ id: Type.String(), name: Type.String(), avatar: Avatar, memberCount: Type.Integer() }),
  /** already a member: open it instead */
  member: Type.Boolean(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});
export type InvitePreview = Static<typeof InvitePreview>;

// ---- live rooms

export const RoomView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    /** people with the room open right now, across every server process */
    liveMembers: Type.Integer(),
    slowModeS: Type.Integer({ description: '0: off; else seconds between one person’s messages (moderators exempt)' }),
    pinned: Type.Union([ChatItem, Type.Null()]),
    lastSeq: Type.Integer(),
    viewer: Type.Union([Type.Object({ joined: Type.Boolean(), moderator: Type.Boolean() }), Type.Null()]),
    createdAt: Type.String(),
  },
  { $id: 'RoomView' },
);
export type RoomView = Static<typeof RoomView>;

export const CreateRoomBody = Type.Object(
  {
    name: Type.String({ maxLength: CHAT_LIMITS.roomNameChars * 2 }),
    description: Type.String({ maxLength: CHAT_LIMITS.roomDescriptionChars * 2 }),
    slowModeS: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  },
  { additionalProperties: false },
);
export type CreateRoomBody = Static<typeof CreateRoomBody>;
