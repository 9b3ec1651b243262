// The live stream's contract (`GET /api/v1/stream`, WebSocket): frames a client may send, and the
// frames the server sends besides each topic's own messages. Every server frame names its topic
// when it belongs to one.
//
// Chat rides the same socket:
// - Conversations (DMs and groups) reach each member through their own `user:<id>` topic, so a
//   client needs no subscription to hear every conversation it is in.
// - A live room is a topic, `room:<id>`: subscribe while the room is on screen; its hello carries
//   the last messages, the live member count, the pinned message and slow mode.
// - Every conversation and room numbers its messages 1, 2, 3… (`seq`). A client remembers the last
//   seq it holds; after a reconnect it sends `resume` and gets exactly the ones after it.
import { type Static, Type } from 'typebox';
import type { ChatItem } from './messages.ts';

/** `<kind>:<id>` — `user:<id>`, `room:<id>` (and `conversation:<id>` reserved). */
export const TOPIC_PATTERN = '^[a-z]{1,20}:[0-9a-z-]{1,64}$';

const Topic = Type.String({ pattern: TOPIC_PATTERN, maxLength: 86 });
const Id = Type.String({ pattern: '^[0-9a-z-]{1,64}$', maxLength: 64 });
/** Where a chat frame goes: exactly one of a conversation or a room. */
const Target = { conversation: Type.Optional(Id), room: Type.Optional(Id) };
/** Chosen by the client (e.g. a UUID): the `sent` answer names it, and a retry with the same id is not posted twice. */
export const ClientId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
/** A message's text: at most this many characters (code points). */
export const MAX_MESSAGE_CHARS = 2000;

export const ClientFrame = Type.Union([
  Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('subscribe'), topic: Topic }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('unsubscribe'), topic: Topic }, { additionalProperties: false }),
  /** Post a message. Photo: upload it first (POST /api/v1/media) and give its id; a shared note: its id. */
  Type.Object(
    {
      type: Type.Literal('send'),
      ...Target,
      clientId: ClientId,
      body: Type.String({ maxLength: MAX_MESSAGE_CHARS * 2 }),
      media: Type.Optional(Id),
      note: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
  /** Everything up to `seq` has been read (a conversation's read receipt). */
  Type.Object({ type: Type.Literal('ack'), conversation: Id, seq: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  /** I am typing in this conversation (send at most every few seconds). */
  Type.Object({ type: Type.Literal('typing'), conversation: Id }, { additionalProperties: false }),
  /** Send me what came after `after` (the last seq I hold) in this conversation or room. */
  Type.Object({ type: Type.Literal('resume'), ...Target, after: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
]);
export type ClientFrame = Static<typeof ClientFrame>;
/** The frame types a client may send. */
export const CLIENT_FRAME_TYPES = ['ping', 'subscribe', 'unsubscribe', 'send', 'ack', 'typing', 'resume'] as const;
export type ClientFrameType = (typeof CLIENT_FRAME_TYPES)[number];

/** One message as the stream and the history pages carry it (schema in messages.ts). */
export type { ChatItem } from './messages.ts';

export const STREAM_ERROR_CODES = [
  'bad_json',
  'bad_frame',
  'unknown_type',
  'unknown_topic',
  'forbidden_topic',
  'too_many_topics',
  'unavailable',
  /** sending to a conversation or room one is not in */
  'not_member',
  'not_found',
  'rate_limited',
  'slow_mode',
  /** the clientId was already used for a different message */
  'client_id_reused',
  'invalid',
  'blocked',
  'request_pending',
  /** the text holds words this community does not allow: nothing was sent; edit it and send again */
  'content_refused',
  /** a new account put more links in one message than allowed */
  'too_many_links',
  /** the account is suspended: it may read, not send */
  'suspended',
  'banned',
  /** the other person takes new conversations only from some people */
  'messages_restricted',
] as const;
export type StreamErrorCode = (typeof STREAM_ERROR_CODES)[number];

/** Frames of the stream itself and of chat (notifications add hello/notification/read on `user:<id>`). */
export type ServerFrame =
  | { type: 'pong' }
  /** you fell behind and missed messages: reload what you show (or resume from your last seq), then carry on */
  | { type: 'resync'; conversation?: string; room?: string }
  | { type: 'subscribed'; topic: string }
  | { type: 'unsubscribed'; topic: string }
  | {
      type: 'error';
      code: StreamErrorCode;
      topic?: string;
      clientId?: string;
      conversation?: string;
      room?: string;
      /** slow mode and rate limits: when sending may work again */
      retryAfterMs?: number;
      detail: string;
    }
  /** new messages, in seq order (a room's are batched: one frame per tick) */
  | { type: 'messages'; conversation?: string; room?: string; items: ChatItem[] }
  /** your `send` was posted as this seq (`duplicate`: it had been already, with this clientId) */
  | { type: 'sent'; clientId: string; conversation?: string; room?: string; id: string; seq: number; duplicate?: boolean }
  /** a message became a tombstone */
  | { type: 'deleted'; conversation?: string; room?: string; id: string; seq: number }
  /** a member has read up to seq (read receipts) */
  | { type: 'read'; conversation: string; handle: string; seq: number }
  | { type: 'typing'; conversation: string; handle: string }
  /** a conversation appeared, changed (name, members, request accepted) or was left: refetch it */
  | { type: 'conversation'; conversation: string; change: 'created' | 'updated' | 'request' | 'accepted' | 'left' | 'removed' | 'ended' }
  /**
   * A room's live state: the live member count, pinned message, slow mode. The hello of `room:<id>` is
   * this frame with `lastSeq` and `recent` (the last messages, oldest first); later ones carry what changed.
   */
  | {
      type: 'room';
      room: string;
      members: number;
      pinned?: ChatItem | null;
      slowModeS?: number;
      lastSeq?: number;
      recent?: ChatItem[];
      /** after a moderator's edit */
      name?: string;
      description?: string;
    };

/** Close codes the stream uses besides the standard ones (1009: a frame past the size limit). */
export const STREAM_CLOSE = { tooManyConnections: 4429, unauthenticated: 4401, flooding: 4008 } as const;
/** The largest client frame, in bytes; a larger one closes the socket with 1009. */
export const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
