// Client frames are checked against the shared schema, compiled once.
import { Compile } from 'typebox/compile';
import { ClientFrame } from '../../../shared/api/stream.ts';

export { type ClientFrame, type ServerFrame, STREAM_CLOSE } from '../../../shared/api/stream.ts';

const check = Compile(ClientFrame);

/** A client frame, or null when it is not one (its size is bounded by the socket's maxPayload). */
export function parseFrame(data: unknown): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
  } catch {
    return null;
  }
  return check.Check(value) ? (value as ClientFrame) : null;
}
