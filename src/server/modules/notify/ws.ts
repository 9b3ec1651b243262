// Live delivery: every open WebSocket of a person gets their `notify:<id>` pub/sub messages.
// One subscription per person per process however many tabs they have, reference-counted and
// dropped with their last socket; a heartbeat finds dead peers; every queue and count is bounded.
import type { LiveMessage } from '../../../shared/api/notify.ts';
import { STREAM_CLOSE } from '../../../shared/api/notify.ts';
import type { PubSub, Unsubscribe } from '../../platform/pubsub/types.ts';
import { notifyChannel } from './service.ts';

/** The part of a `ws` WebSocket the hub uses (the package ships no types of its own). */
export interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: () => void): unknown;
  on(event: 'message', listener: (data: unknown) => void): unknown;
}

export interface LiveHubOptions {
  /** Open sockets one person may hold in this process (default 5); more are closed with 4429. */
  maxSocketsPerUser?: number;
  /** Ping interval; a socket that has not answered the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
  /** A socket whose unsent data passes this is a reader that stopped reading: dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  /** On shutdown, how long peers get to answer the close before they are cut off (default 2 s). */
  closeGraceMs?: number;
}

export interface LiveLog {
  warn(obj: object, msg?: string): void;
}

const OPEN = 1;
// Messages that arrive while hello is being prepared wait here; past this the socket is too far behind.
const MAX_EARLY_MESSAGES = 100;

interface UserEntry {
  conns: Set<Conn>;
  sub: Promise<Unsubscribe | null>;
  released: boolean;
}

interface Conn {
  socket: LiveSocket;
  entry: UserEntry;
  alive: boolean;
  /** Non-null until hello is sent, so hello is always first and nothing published meanwhile is lost. */
  early: string[] | null;
  gone: Promise<void>;
}

export class LiveHub {
  private readonly users = new Map<string, UserEntry>();
  private readonly maxSockets: number;
  private readonly heartbeatMs: number;
  private readonly maxBuffered: number;
  private readonly closeGraceMs: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly pubsub: PubSub,
    private readonly unread: (userId: string) => Promise<number>,
    opts: LiveHubOptions = {},
    private readonly log: LiveLog = { warn() {} },
  ) {
    this.maxSockets = opts.maxSocketsPerUser ?? 5;
    this.heartbeatMs = opts.heartbeatMs ?? 30_000;
    this.maxBuffered = opts.maxBufferedBytes ?? 1 << 20;
    this.closeGraceMs = opts.closeGraceMs ?? 2_000;
  }

  /** Open sockets and subscribed people in this process. */
  stats(): { users: number; sockets: number } {
    let sockets = 0;
    for (const e of this.users.values()) sockets += e.conns.size;
    return { users: this.users.size, sockets };
  }

  /** Takes over a freshly upgraded socket of a signed-in person; resolves once hello is sent (or the socket is refused). */
  async attach(userId: string, socket: LiveSocket): Promise<void> {
    if (this.closed) return socket.close(1001, 'server shutting down');
    let entry = this.users.get(userId);
    if (entry && entry.conns.size >= this.maxSockets) return socket.close(STREAM_CLOSE.tooManyConnections, 'too many connections');
    if (!entry) {
      const fresh: UserEntry = { conns: new Set(), sub: Promise.resolve(null), released: false };
      // The handler closes over this entry, not the user id: a late message of an old subscription
      // can never reach the sockets of a newer one.
      fresh.sub = this.pubsub
        .subscribe(notifyChannel(userId), (m) => this.fanOut(fresh, m))
        .catch((err: unknown) => {
          this.log.warn({ err, userId }, 'live: subscribe failed');
          return null;
        });
      this.users.set(userId, fresh);
      entry = fresh;
    }
    let onGone = () => {};
    const conn: Conn = { socket, entry, alive: true, early: [], gone: new Promise((resolve) => (onGone = resolve)) };
    entry.conns.add(conn);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('close', () => {
      onGone();
      this.detach(userId, conn);
    });
    // Clients have nothing to say on this stream; maxPayload bounds what they can send anyway.
    socket.on('message', () => {});
    this.startHeartbeat();

    // Subscribed before counting: whatever is published from here on is either in the count or queued.
    if ((await entry.sub) === null) return socket.close(1011, 'live updates are unavailable');
    let unread: number;
    try {
      unread = await this.unread(userId);
    } catch (err) {
      this.log.warn({ err, userId }, 'live: unread count failed');
      return socket.close(1011, 'live updates are unavailable');
    }
    const hello: LiveMessage = { type: 'hello', unread };
    this.send(conn, JSON.stringify(hello));
    const early = conn.early ?? [];
    conn.early = null;
    for (const data of early) this.send(conn, data);
  }

  /**
   * Server shutdown: 1001 tells clients to reconnect (to another instance, or to us once restarted).
   * A peer that does not answer the close within the grace is cut off, so a dead client cannot hold
   * the server open for ws's own 30-second close timeout.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    const entries = [...this.users.values()];
    this.users.clear();
    const conns = entries.flatMap((e) => [...e.conns]);
    for (const c of conns) c.socket.close(1001, 'server shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(conns.map((c) => c.gone)), new Promise((resolve) => (timer = setTimeout(resolve, this.closeGraceMs)))]);
    clearTimeout(timer);
    for (const c of conns) c.socket.terminate();
    await Promise.all(entries.map((e) => this.release(e)));
  }

  private fanOut(entry: UserEntry, message: unknown): void {
    const data = JSON.stringify(message);
    for (const conn of entry.conns) {
      if (conn.early === null) this.send(conn, data);
      else if (conn.early.length < MAX_EARLY_MESSAGES) conn.early.push(data);
      else conn.socket.terminate();
    }
  }

  private send(conn: Conn, data: string): void {
    const s = conn.socket;
    if (s.readyState !== OPEN) return;
    if (s.bufferedAmount > this.maxBuffered) return s.terminate();
    s.send(data);
  }

  private detach(userId: string, conn: Conn): void {
    const entry = conn.entry;
    if (!entry.conns.delete(conn) || entry.conns.size > 0) return;
    if (this.users.get(userId) === entry) this.users.delete(userId);
    void this.release(entry);
    if (this.users.size === 0) this.stopHeartbeat();
  }

  private async release(entry: UserEntry): Promise<void> {
    // Shutdown and the last socket's close may both get here; unsubscribe once.
    if (entry.released) return;
    entry.released = true;
    try {
      const unsubscribe = await entry.sub;
      if (unsubscribe) await unsubscribe();
    } catch (err) {
      this.log.warn({ err }, 'live: unsubscribe failed');
    }
  }

  private startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private beat(): void {
    for (const entry of this.users.values()) {
      for (const conn of entry.conns) {
        // No pong since the last ping: the peer is gone without a close (sleeping laptop, dead NAT).
        if (!conn.alive) {
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        try {
          conn.socket.ping();
        } catch {
          conn.socket.terminate();
        }
      }
    }
  }
}
