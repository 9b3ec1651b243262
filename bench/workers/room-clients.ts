// A room-bench client process: opens its share of the room's members as real WebSockets (bearer
// auth, each from this worker's own local address so 50,000 connections do not run out of
// ephemeral ports on 127.0.0.1), subscribes each to the room, and — when told — lets its senders
// post at a fixed rate while every socket records, for each message it receives, the time from
// the send (the timestamp in the body; all processes share one clock) to the receipt.
// Driven over IPC by bench/room.ts; every wait is bounded.
import { createRequire } from 'node:module';
import { type RawWs, rawConnect } from './raw-ws.ts';

interface Ws {
  readyState: number;
  on(event: 'open' | 'close', fn: () => void): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  send(data: string): void;
  terminate(): void;
}
type WsCtor = new (url: string, opts: Record<string, unknown>) => Ws;
const WebSocket = createRequire(import.meta.url)('ws') as WsCtor;

type Command =
  | { cmd: 'open'; urls: string[]; tokens: string[]; roomId: string; localAddress: string; concurrency: number; subscribe: boolean }
  | { cmd: 'send'; senders: number; intervalMs: number; durationMs: number; measureFrom: number }
  | { cmd: 'measure'; measureFrom: number }
  | { cmd: 'report' }
  | { cmd: 'close' };

/** Latency histogram: 1-ms buckets up to 30 s, then one overflow bucket. */
const BUCKETS = 30_000;
const hist = new Uint32Array(BUCKETS + 1);
let receipts = 0;
let sent = 0;
let acked = 0;
/** messages sent inside the measured window, and resyncs heard (frames the server dropped for a slow socket) */
let sentMeasured = 0;
let resyncs = 0;
const errors = new Map<string, number>();
let measureFrom = Number.POSITIVE_INFINITY;
const sockets: Ws[] = [];
const receivers: RawWs[] = [];
const MARK = Buffer.from('"type":"messages"');

const reply = (m: unknown) => process.send?.(m);

/** `"body":"t=` — where each message's send time starts (parsed from the bytes: no string, no JSON). */
const STAMP = Buffer.from('"body":"t=');

function onMessage(data: Buffer): void {
  // Only the batches count; a byte test tells them from the rest without parsing anything.
  if (data.indexOf(MARK) !== 1) {
    const s = data.toString('utf8', 0, 40);
    if (s.startsWith('{"type":"sent"')) acked++;
    else if (s.startsWith('{"type":"resync"')) resyncs++;
    else if (s.startsWith('{"type":"error"')) {
      const code = /"code":"([a-z_]+)"/.exec(data.toString('utf8'))?.[1] ?? '?';
      errors.set(code, (errors.get(code) ?? 0) + 1);
    }
    return;
  }
  const now = Date.now();
  if (now < measureFrom) return;
  for (let at = data.indexOf(STAMP); at >= 0; at = data.indexOf(STAMP, at + STAMP.length)) {
    let sentAt = 0;
    for (let i = at + STAMP.length; i < data.length; i++) {
      const d = (data[i] as number) - 48;
      if (d < 0 || d > 9) break;
      sentAt = sentAt * 10 + d;
    }
    if (sentAt < measureFrom) continue;
    const ms = Math.min(Math.max(0, now - sentAt), BUCKETS);
    hist[ms] = (hist[ms] ?? 0) + 1;
    receipts++;
  }
}

/** Answers once: the first finish(ok) wins, and a socket not in within a minute is false. */
function settleOnce(resolve: (ok: boolean) => void) {
  let done = false;
  const finish = (ok: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    resolve(ok);
  };
  const timer = setTimeout(() => finish(false), 60_000);
  return { finish, settled: () => done };
}

/** A receiver: the bare client (see raw-ws.ts); its first text frame after subscribing is the room's hello or a refusal. */
function openReceiver(url: string, token: string, roomId: string, localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    let state: 'user' | 'room' | 'in' = 'user';
    const { finish } = settleOnce(resolve);
    const ws = rawConnect(url, { authorization: `Bearer ${token}` }, localAddress, {
      open: () => ws.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` })),
      text: (payload) => {
        if (state === 'in') return onMessage(payload);
        const head = payload.toString('utf8', 0, 20);
        if (head.startsWith('{"type":"room"')) {
          state = 'in';
          finish(true);
        } else if (head.startsWith('{"type":"error"')) finish(false);
        else if (state === 'user') state = 'room';
      },
      close: () => finish(false),
    });
    receivers.push(ws);
  });
}

function openOne(url: string, token: string, roomId: string, localAddress: string, subscribe: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, localAddress, perMessageDeflate: false, skipUTF8Validation: true });
    const { finish, settled } = settleOnce(resolve);
    ws.on('open', () => {
      if (subscribe) ws.send(JSON.stringify({ type: 'subscribe', topic: `room:${roomId}` }));
    });
    ws.on('message', (data) => {
      if (!settled()) {
        // The room's hello says we are in (a sender, who does not hold the room: the stream's own hello).
        if (data.toString('utf8', 0, 20).startsWith(subscribe ? '{"type":"room"' : '{"type":"hello"')) finish(true);
        else if (data.toString('utf8', 0, 20).startsWith('{"type":"error"')) finish(false);
        return;
      }
      onMessage(data);
    });
    ws.on('error', () => finish(false));
    ws.on('close', () => finish(false));
    sockets.push(ws);
  });
}

async function open(c: Extract<Command, { cmd: 'open' }>): Promise<void> {
  let next = 0;
  let ok = 0;
  let failed = 0;
  const started = Date.now();
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= c.tokens.length) return;
      const url = c.urls[i % c.urls.length] as string;
      const up = c.subscribe
        ? await openReceiver(url, c.tokens[i] as string, c.roomId, c.localAddress)
        : await openOne(url, c.tokens[i] as string, c.roomId, c.localAddress, false);
      if (up) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, lane));
  reply({ opened: ok, failed, ms: Date.now() - started });
}

function send(c: Extract<Command, { cmd: 'send' }>, roomId: string): void {
  measureFrom = c.measureFrom;
  const senders = sockets.slice(0, c.senders);
  const until = Date.now() + c.durationMs;
  senders.forEach((ws, k) => {
    let n = 0;
    // Staggered so the senders together post at an even rate.
    const start = setTimeout(
      () => {
        const timer = setInterval(() => {
          if (Date.now() > until) return clearInterval(timer);
          if (ws.readyState !== 1) return;
          const now = Date.now();
          ws.send(JSON.stringify({ type: 'send', room: roomId, clientId: `k${k}-${n++}`, body: `t=${now} hello everyone 大家好` }));
          sent++;
          if (now >= measureFrom && now <= until - 0) sentMeasured++;
        }, c.intervalMs);
      },
      Math.floor((c.intervalMs * k) / Math.max(1, senders.length)),
    );
    start.unref?.();
  });
}

let roomId = '';
process.on('message', (m: Command) => {
  if (m.cmd === 'open') {
    roomId = m.roomId;
    void open(m);
  } else if (m.cmd === 'send') send(m, roomId);
  else if (m.cmd === 'measure') measureFrom = m.measureFrom;
  else if (m.cmd === 'report')
    reply({
      hist: Array.from(hist),
      receipts,
      sent,
      sentMeasured,
      resyncs,
      acked,
      errors: Object.fromEntries(errors),
      open: sockets.filter((s) => s.readyState === 1).length + receivers.filter((r) => r.open).length,
    });
  else if (m.cmd === 'close') {
    for (const s of sockets) s.terminate();
    for (const r of receivers) r.close();
    setTimeout(() => process.exit(0), 200);
  }
});
process.on('disconnect', () => process.exit(0));
reply({ up: true });
