// A room's refusals carry two faces: the problem+json code and status for HTTP, and the stream's
// error code (with retryAfterMs) for a `send` over the socket. The mapping lives here, once.
import type { StreamErrorCode } from '../../../shared/api/stream.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../../platform/errors.ts';

export class RoomRefusal extends AppError {
  constructor(
    status: number,
    code: AppError['code'],
    detail: string,
    readonly stream: StreamErrorCode,
    readonly retryAfterMs?: number,
  ) {
    super(status, code, detail, undefined, retryAfterMs !== undefined ? { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) } : undefined);
  }
}

export const notMember = () => new RoomRefusal(403, 'not_member', 'Join the room first.', 'not_member');
export const slowMode = (retryAfterMs: number, seconds: number) =>
  new RoomRefusal(429, 'rate_limited', `Slow mode: one message every ${seconds} s.`, 'slow_mode', retryAfterMs);
export const sendLimited = (retryAfterMs: number, detail: string) => new RoomRefusal(429, 'rate_limited', detail, 'rate_limited', retryAfterMs);
export const clientIdReused = () => new RoomRefusal(409, 'client_id_reused', 'This clientId was already used for a different message.', 'client_id_reused');

/** What a socket is told for an error the service threw (anything unknown is the caller's to log). */
export function streamFace(err: unknown): { code: StreamErrorCode; retryAfterMs?: number; detail: string } | null {
  if (err instanceof RoomRefusal)
    return { code: err.stream, detail: err.message, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  if (err instanceof RateLimitedError) return { code: 'rate_limited', retryAfterMs: err.retryAfterSeconds * 1000, detail: err.message };
  // The content policy's refusals keep their own codes (the client shows them in the reader's language).
  if (err instanceof AppError && (err.code === 'content_refused' || err.code === 'too_many_links' || err.code === 'suspended' || err.code === 'banned'))
    return { code: err.code, detail: err.message };
  if (err instanceof NotFoundError) return { code: 'not_found', detail: err.message };
  if (err instanceof ValidationError) return { code: 'invalid', detail: err.message };
  if (err instanceof ForbiddenError) return { code: 'not_member', detail: err.message };
  if (err instanceof ConflictError) return { code: 'invalid', detail: err.message };
  return null;
}
