// Client frames are checked against the shared schema, compiled once; what is wrong with a bad one
// is told apart (not JSON, an unknown type, a known type of the wrong shape).
import { Compile } from 'typebox/compile';
import { CLIENT_FRAME_TYPES, ClientFrame, type StreamErrorCode } from '../../../shared/api/stream.ts';

export { type ClientFrame, type ServerFrame, STREAM_CLOSE } from '../../../shared/api/stream.ts';

const check = Compile(ClientFrame);
const TYPES = new Set<string>(CLIENT_FRAME_TYPES);

export type Parsed = { ok: true; frame: ClientFrame } | { ok: false; code: 'bad_json' | 'bad_frame' | 'unknown_type'; detail: string };

/** A client frame, or what is wrong with it (its size is bounded by the socket's maxPayload). */
export function parseFrame(data: unknown): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
  } catch {
    return { ok: false, code: 'bad_json', detail: 'A frame is one JSON object.' };
  }
  const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') return { ok: false, code: 'bad_frame', detail: 'A frame is a JSON object with a string "type".' };
  if (!TYPES.has(type)) return { ok: false, code: 'unknown_type', detail: `Frame types are ${CLIENT_FRAME_TYPES.join(', ')}.` };
  if (!check.Check(value)) {
    const first = check.Errors(value)[0];
    return { ok: false, code: 'bad_frame', detail: `This ${type} frame is not valid${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}.` };
  }
  return { ok: true, frame: value as ClientFrame };
}

/** Thrown by a command handler: becomes `{type:"error", code, detail, ...extra}` to the sender only. */
export class StreamError extends Error {
  constructor(
    readonly code: StreamErrorCode,
    detail: string,
    readonly extra: { retryAfterMs?: number; topic?: string } = {},
  ) {
    super(detail);
  }
}
