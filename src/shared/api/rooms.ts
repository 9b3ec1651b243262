// The live rooms' HTTP requests besides those in messages.ts (RoomView, CreateRoomBody, HistoryQuery…).
import { type Static, Type } from 'typebox';
import { Handle } from './accounts.ts';
import { CHAT_LIMITS, ChatId, MAX_MESSAGE_CHARS, RoomView } from './messages.ts';

export const RoomList = Type.Object({ items: Type.Array(RoomView, { description: 'busiest first' }) });
export type RoomList = Static<typeof RoomList>;

export const UpdateRoomBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: CHAT_LIMITS.roomNameChars * 2 })),
    description: Type.Optional(Type.String({ maxLength: CHAT_LIMITS.roomDescriptionChars * 2 })),
    slowModeS: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  },
  { additionalProperties: false },
);
export type UpdateRoomBody = Static<typeof UpdateRoomBody>;

export const PinBody = Type.Object({ messageId: ChatId }, { additionalProperties: false });
export type PinBody = Static<typeof PinBody>;

export const RoomMessageParams = Type.Object({ id: ChatId, messageId: ChatId }, { additionalProperties: false });
export const RoomModeratorParams = Type.Object({ id: ChatId, handle: Handle }, { additionalProperties: false });

/** POST /rooms/:id/messages: the body, and a clientId that makes a retry safe. */
export const RoomMessageBody = Type.Object(
  {
    body: Type.String({ maxLength: MAX_MESSAGE_CHARS * 2, description: 'at most 2000 characters once trimmed' }),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type RoomMessageBody = Static<typeof RoomMessageBody>;
