// Conversations on the live stream: `send`, `resume`, `ack` and `typing` frames naming a conversation.
// Answers go to the sending socket only (`sent`, resumed `messages`, errors); new messages reach
// every member through their own `user:<id>` topic, published by the service after the commit.
import type { StreamErrorCode } from '../../../shared/api/stream.ts';
import { AppError } from '../../platform/errors.ts';
import { StreamError } from '../../platform/realtime/frames.ts';
import type { Gateway } from '../../platform/realtime/gateway.ts';
import type { Posting } from './posting.ts';

/** How a refusal of the service reads on the stream. */
const STREAM_CODES: Partial<Record<string, StreamErrorCode>> = {
  conversation_not_found: 'not_found',
  message_not_found: 'not_found',
  not_found: 'not_found',
  not_member: 'not_member',
  client_id_reused: 'client_id_reused',
  rate_limited: 'rate_limited',
  blocked: 'blocked',
  conversation_ended: 'blocked',
  request_pending: 'request_pending',
  content_refused: 'content_refused',
  too_many_links: 'too_many_links',
  suspended: 'suspended',
  banned: 'banned',
  messages_restricted: 'messages_restricted',
};

/** An AppError as the error frame the gateway sends; anything else is left to the gateway (`unavailable`). */
export function toStreamError(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  const code = STREAM_CODES[err.code] ?? 'invalid';
  const retry = err.headers?.['retry-after'];
  return new StreamError(code, err.message, retry ? { retryAfterMs: Number(retry) * 1000 } : {});
}

const mapped =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (err) {
      throw toStreamError(err);
    }
  };

export function registerConversationCommands(gateway: Gateway, posting: Posting): void {
  gateway.command(
    'send',
    'conversation',
    mapped(async (ctx, f) => {
      const { item, duplicate } = await posting.send(ctx.userId, f.conversation as string, {
        body: f.body,
        clientId: f.clientId,
        ...(f.media ? { media: f.media } : {}),
        ...(f.note ? { note: f.note } : {}),
      });
      ctx.reply({ type: 'sent', clientId: f.clientId, conversation: f.conversation, id: item.id, seq: item.seq, ...(duplicate ? { duplicate: true } : {}) });
    }),
  );
  gateway.command(
    'resume',
    'conversation',
    mapped((ctx, f) => posting.resume(ctx.userId, f.conversation as string, f.after, ctx.reply)),
  );
  gateway.command(
    'ack',
    'conversation',
    mapped((ctx, f) => posting.ack(ctx.userId, f.conversation, f.seq)),
  );
  gateway.command(
    'typing',
    'conversation',
    mapped((ctx, f) => posting.typing(ctx.userId, f.conversation)),
  );
}
