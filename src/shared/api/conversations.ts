// The rest of the conversations contract (beside messages.ts, which holds the shapes chat shares with
// live rooms): the bodies and answers of the member, invite, request and note-link routes.
import { type Static, Type } from 'typebox';
import { Avatar, Handle } from './accounts.ts';
import { CHAT_LIMITS, ChatId, InviteView, type MemberRole, MemberView } from './messages.ts';

export const MessageIdParams = Type.Object({ id: ChatId, messageId: ChatId }, { additionalProperties: false });
export const MemberParams = Type.Object({ id: ChatId, handle: Handle }, { additionalProperties: false });
export const InviteTokenParams = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
export const ConversationInviteParams = Type.Object(
  { id: ChatId, token: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const MemberPage = Type.Object({ items: Type.Array(MemberView), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type MemberPage = Static<typeof MemberPage>;
export const MemberPageQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  { additionalProperties: false },
);

export const AddMembersBody = Type.Object(
  { members: Type.Array(Handle, { minItems: 1, maxItems: CHAT_LIMITS.maxInitialMembers }) },
  { additionalProperties: false },
);
export type AddMembersBody = Static<typeof AddMembersBody>;

export const RoleBody = Type.Object({ role: Type.Union([Type.Literal('admin'), Type.Literal('member')]) }, { additionalProperties: false });
export type RoleBody = Static<typeof RoleBody>;

/** The viewer's own settings in a conversation. */
export const MemberSettingsBody = Type.Object(
  { muted: Type.Optional(Type.Boolean()), autoTranslate: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export type MemberSettingsBody = Static<typeof MemberSettingsBody>;

export const ReadBody = Type.Object({ seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export type ReadBody = Static<typeof ReadBody>;

export const CreateInviteBody = Type.Object(
  { expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 365, description: 'none: the link never expires (until revoked)' })) },
  { additionalProperties: false },
);
export type CreateInviteBody = Static<typeof CreateInviteBody>;
export const InviteList = Type.Object({ items: Type.Array(InviteView) });
export type InviteList = Static<typeof InviteList>;

export const NoteLinkBody = Type.Object({ note: ChatId }, { additionalProperties: false });
export type NoteLinkBody = Static<typeof NoteLinkBody>;

/** A group shown under a note ("join the group chat"). */
export const NoteGroup = Type.Object({
  conversation: Type.Object({ id: Type.String(), name: Type.String(), avatar: Avatar, memberCount: Type.Integer() }),
  /** the join link's token: POST /api/v1/invites/:token/join */
  token: Type.String(),
  url: Type.String(),
  /** the viewer is already in it */
  member: Type.Boolean(),
  full: Type.Boolean(),
});
export type NoteGroup = Static<typeof NoteGroup>;
export const NoteGroups = Type.Object({ items: Type.Array(NoteGroup) });
export type NoteGroups = Static<typeof NoteGroups>;

export type { MemberRole };
