// A WebSocket client for stream tests (`ws` ships no types; this is the part the tests use), with
// bounded waits for every message and close.
import { createRequire } from 'node:module';

/** Any frame the stream sends: a topic's message or the stream's own. */
export type StreamFrame = { type: string; topic?: string } & Record<string, unknown>;

interface WsLike {
  readyState: number;
  on(event: 'open', fn: () => void): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'close', fn: (code: number, reason: Buffer) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  on(event: 'unexpected-response', fn: (req: { destroy(): void }, res: { statusCode: number; resume(): void }) => void): void;
  send(data: string): void;
  close(): void;
  terminate(): void;
}
type WsCtor = new (url: string, opts: { headers?: Record<string, string>; autoPong?: boolean }) => WsLike;
const WebSocketClient = createRequire(import.meta.url)('ws') as WsCtor;

export const WAIT_MS = 3_000;

export interface LiveClient {
  socket: WsLike;
  /** The next message not yet taken, or a failure after a bounded wait. */
  next(ms?: number): Promise<StreamFrame>;
  /** Resolves with the close code (bounded wait). */
  closed(ms?: number): Promise<number>;
}

export type ConnectResult = { ok: true; client: LiveClient } | { ok: false; status: number };

export function connect(url: string, headers: Record<string, string>, opts: { autoPong?: boolean } = {}): Promise<ConnectResult> {
  const socket = new WebSocketClient(url, { headers, autoPong: opts.autoPong ?? true });
  const inbox: StreamFrame[] = [];
  const waiting: Array<(m: StreamFrame) => void> = [];
  let closeCode: number | null = null;
  const closeWaiters: Array<(code: number) => void> = [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString('utf8')) as StreamFrame;
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const w of closeWaiters.splice(0)) w(code);
  });
  const client: LiveClient = {
    socket,
    next: (ms = WAIT_MS) => {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          reject(new Error(`no message within ${ms} ms`));
        }, ms);
        const done = (msg: StreamFrame) => (clearTimeout(timer), resolve(msg));
        waiting.push(done);
      });
    },
    closed: (ms = WAIT_MS) => {
      if (closeCode !== null) return Promise.resolve(closeCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms);
        closeWaiters.push((code) => (clearTimeout(timer), resolve(code)));
      });
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake within ${WAIT_MS} ms`)), WAIT_MS);
    socket.on('open', () => (clearTimeout(timer), resolve({ ok: true, client })));
    socket.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve({ ok: false, status: res.statusCode });
    });
    socket.on('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** Polls a condition until it holds, failing after a bounded wait (for server-side effects of a close). */
export async function eventually(check: () => boolean, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
