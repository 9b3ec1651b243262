// Writing one prepared WebSocket frame to many sockets: a topic's message is framed once and the
// same bytes go straight to every subscriber's TCP socket, instead of ws framing it per socket.
import type { LiveSocket } from './gateway.ts';

/** What a `ws` socket keeps inside; read only to hand one prepared frame to every socket (see rawOf). */
interface WsInternals {
  _socket?: { write(data: Buffer): boolean } | null;
  _sender?: { _deflating?: boolean; _queue?: unknown[] } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * The raw TCP socket of a `ws` socket to which a whole prepared frame may be written directly: no
 * compression (permessage-deflate would transform each frame), nothing queued in ws's sender (our
 * frame would overtake it). ws writes every frame synchronously as one unit, so frames never
 * interleave, and its bufferedAmount counts what we wrote. Anything else (a test's fake socket)
 * goes through send().
 */
export function rawOf(socket: LiveSocket): { write(data: Buffer): boolean } | null {
  const w = socket as unknown as WsInternals;
  const raw = w._socket;
  if (!raw || typeof raw.write !== 'function' || !w._sender || w._sender._deflating || (w._sender._queue?.length ?? 0) > 0) return null;
  if (w._extensions && Object.keys(w._extensions).length > 0) return null;
  return raw;
}

/** A server-to-client text frame (unmasked, final), built once for any number of sockets (RFC 6455 §5.2). */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81;
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  return frame;
}
