// The live stream's contract (`GET /api/v1/stream`, WebSocket): frames a client may send, and the
// frames the server sends besides each topic's own messages. Every server frame names its topic
// when it belongs to one.
import { type Static, Type } from 'typebox';

/** `<kind>:<id>` — `user:<id>` now; `conversation:<id>` and `room:<id>` for chat. */
export const TOPIC_PATTERN = '^[a-z]{1,20}:[0-9a-z-]{1,64}$';

export const ClientFrame = Type.Union([
  Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Union([Type.Literal('subscribe'), Type.Literal('unsubscribe')]), topic: Type.String({ pattern: TOPIC_PATTERN, maxLength: 86 }) },
    { additionalProperties: false },
  ),
]);
export type ClientFrame = Static<typeof ClientFrame>;

/** Frames of the stream itself (topics add their own, e.g. notifications' hello/notification/read). */
export type ServerFrame =
  | { type: 'pong' }
  /** you fell behind and missed messages: reload what you show, then carry on */
  | { type: 'resync' }
  | { type: 'subscribed'; topic: string }
  | { type: 'unsubscribed'; topic: string }
  | { type: 'error'; code: 'bad_frame' | 'unknown_topic' | 'forbidden_topic' | 'too_many_topics' | 'unavailable'; topic?: string; detail: string };

/** Close codes the stream uses besides the standard ones. */
export const STREAM_CLOSE = { tooManyConnections: 4429, unauthenticated: 4401 } as const;
