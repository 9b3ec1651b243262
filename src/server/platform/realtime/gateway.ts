// The realtime gateway: one WebSocket a client (`/api/v1/stream`), carrying any number of topics —
// `user:<id>` (the person's own notifications) now; `conversation:<id>` and `room:<id>` for chat.
//
// Fan-out is two-level: a topic has ONE pub/sub subscription per process however many sockets hold
// it, and each published message is serialised once and written to every local socket of the topic.
// So a room of 50,000 people costs one broker message per publish per process, not 50,000.
//
// Every queue is bounded. A socket whose unsent data passes a limit (a reader that stopped reading)
// gets nothing more until it drains, then one `{type:"resync"}` telling it to reload what it shows;
// if it stays behind too long it is cut off. Modules declare their topics with a policy: who may
// subscribe and what a subscriber is told first (e.g. the unread count).
import type { PubSub, Unsubscribe } from '../pubsub/types.ts';
import { type ClientFrame, parseFrame, type ServerFrame, STREAM_CLOSE, StreamError } from './frames.ts';
import { rawOf, textFrame } from './wire.ts';

/** The part of a `ws` WebSocket the gateway uses (the package ships no types of its own). */
export interface LiveSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | Buffer, opts?: { binary?: boolean }): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: () => void): unknown;
  on(event: 'message', listener: (data: unknown) => void): unknown;
}

/** What a module's command handler knows of the socket a frame came from. */
export interface CommandContext {
  userId: string;
  /** Sends a frame to this socket only. */
  reply(frame: ServerFrame | Record<string, unknown>): void;
  /** Whether this socket holds the topic (e.g. `room:<id>` while the room is on screen). */
  holds(topic: string): boolean;
}

/** The chat frames a module may take: `send` and `resume` name a conversation or a room; `ack` and `typing` a conversation. */
export type CommandType = Exclude<ClientFrame['type'], 'ping' | 'subscribe' | 'unsubscribe'>;
export type CommandTarget = 'conversation' | 'room';
export type CommandHandler<T extends CommandType> = (ctx: CommandContext, frame: Extract<ClientFrame, { type: T }>) => Promise<void> | void;

/** How a kind of topic (its prefix, e.g. "user") is used. */
export interface TopicPolicy {
  /** May this person hold this topic? (`id` is the part after the prefix.) */
  authorize(userId: string, id: string): Promise<boolean>;
  /** The first message a new subscriber gets, sent before anything published after it subscribed. */
  hello?(userId: string, id: string): Promise<Record<string, unknown>>;
  /**
   * Gather what arrives on a topic of this kind for this long, then hand it to `merge` and send what
   * it returns: several processes publishing a big room's batches at the same instants become one
   * frame per socket, not one per process.
   */
  coalesce?: { ms: number; merge(messages: unknown[]): Array<Record<string, unknown>> };
}

export interface GatewayOptions {
  /** Open sockets one person may hold in this process (default 5); more are closed with 4429. */
  maxSocketsPerUser?: number;
  /** Topics one socket may hold, its own user topic included (default 50). */
  maxTopicsPerSocket?: number;
  /** Ping interval; a socket that has not answered the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
  /** Unsent bytes past which a socket gets nothing more until it drains (default 1 MiB). */
  maxBufferedBytes?: number;
  /** A socket still behind after this long is cut off (default 60 s). */
  maxBehindMs?: number;
  /** On shutdown, how long peers get to answer the close before they are cut off (default 2 s). */
  closeGraceMs?: number;
  /** Frames one socket may send per 10 s before it hears `rate_limited` (default 100); three times that and it is closed with 4008. */
  maxFramesPer10s?: number;
}

export interface GatewayLog {
  warn(obj: object, msg?: string): void;
}

const OPEN = 1;

/** Messages that arrive while a topic's hello is being prepared wait here; past this the socket is too far behind. */
const MAX_EARLY_MESSAGES = 100;
/** The pub/sub channel that carries a topic. */
export const topicChannel = (topic: string): string => `rt:${topic}`;

interface TopicEntry {
  topic: string;
  conns: Set<Conn>;
  /** sockets per person holding the topic: a room's live count is read on every join, so it is kept, not counted */
  people: Map<string, number>;
  sub: Promise<Unsubscribe | null>;
  released: boolean;
  /** messages gathered for the topic's policy's coalesce window, and its timer */
  gathered: unknown[];
  gatherTimer: NodeJS.Timeout | null;
}

interface Conn {
  socket: LiveSocket;
  userId: string;
  topics: Map<string, TopicEntry>;
  /** topics asked for whose authorisation is still under way: they count against the limit */
  asking: Set<string>;
  /** per topic: non-null until its hello is sent, so hello is first and nothing published meanwhile is lost */
  early: Map<string, Array<string | Buffer>>;
  alive: boolean;
  /** since when the socket has been too far behind to send to (null: it keeps up) */
  behindSince: number | null;
  gone: Promise<void>;
  /** frames received in the current 10-second window, and when that window began */
  frames: number;
  windowStart: number;
  /** the socket's chat commands run one after another, so one sender's messages keep their order */
  commands: Promise<void>;
}

const FLOOD_WINDOW_MS = 10_000;

export class Gateway {
  private readonly policies = new Map<string, TopicPolicy>();
  private readonly topics = new Map<string, TopicEntry>();
  private readonly socketsOf = new Map<string, Set<Conn>>();
  private readonly commands = new Map<string, CommandHandler<CommandType>>();
  private readonly o: Required<GatewayOptions>;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly pubsub: PubSub,
    opts: GatewayOptions = {},
    private readonly log: GatewayLog = { warn() {} },
  ) {
    this.o = {
      maxSocketsPerUser: opts.maxSocketsPerUser ?? 5,
      maxTopicsPerSocket: opts.maxTopicsPerSocket ?? 50,
      heartbeatMs: opts.heartbeatMs ?? 30_000,
      maxBufferedBytes: opts.maxBufferedBytes ?? 1 << 20,
      maxBehindMs: opts.maxBehindMs ?? 60_000,
      closeGraceMs: opts.closeGraceMs ?? 2_000,
      maxFramesPer10s: opts.maxFramesPer10s ?? 100,
    };
  }

  /** Declares a kind of topic. The `user` policy also decides what a new connection is told first. */
  topic(prefix: string, policy: TopicPolicy): void {
    if (this.policies.has(prefix)) throw new Error(`realtime: topic ${prefix} is declared twice`);
    this.policies.set(prefix, policy);
  }

  /**
   * Takes a kind of client frame for one target: `command('send', 'room', …)`. A handler answers by
   * `ctx.reply`, or throws a StreamError, which becomes an error frame naming the frame's clientId
   * and target; anything else thrown is logged and answered `unavailable`.
   */
  command<T extends CommandType>(type: T, target: CommandTarget, handler: CommandHandler<T>): void {
    const key = `${type}:${target}`;
    if (this.commands.has(key)) throw new Error(`realtime: command ${key} is declared twice`);
    this.commands.set(key, handler as unknown as CommandHandler<CommandType>);
  }

  /** Sockets in this process holding the topic (a room's live member count sums this over processes). */
  localSubscribers(topic: string): number {
    return this.topics.get(topic)?.conns.size ?? 0;
  }

  /** People in this process holding the topic (one person with two tabs counts once). */
  localPeople(topic: string): number {
    return this.topics.get(topic)?.people.size ?? 0;
  }

  /** The topics of a kind (e.g. every `room:<id>`) held by some socket in this process. */
  localTopics(prefix: string): string[] {
    const out: string[] = [];
    for (const topic of this.topics.keys()) if (topic.startsWith(`${prefix}:`)) out.push(topic);
    return out;
  }

  /**
   * Sends a message to this process's subscribers of the topic only, encoded once. For state every
   * process computes alike (a room's live member count): publishing it would deliver it once per process.
   */
  deliverLocal(topic: string, message: Record<string, unknown>): void {
    const entry = this.topics.get(topic);
    if (entry) this.fanOut(entry, message);
  }

  /** Sends a message to every subscriber of the topic, in every process. */
  async publish(topic: string, message: Record<string, unknown>): Promise<void> {
    await this.pubsub.publish(topicChannel(topic), message);
  }

  /** Whether anyone, in any process, holds the topic (publishers skip work nobody would receive). */
  hasSubscribers(topic: string): Promise<boolean> {
    return this.pubsub.hasSubscribers(topicChannel(topic));
  }

  /** Open sockets, people and topics in this process. */
  stats(): { users: number; sockets: number; topics: number } {
    let sockets = 0;
    for (const s of this.socketsOf.values()) sockets += s.size;
    return { users: this.socketsOf.size, sockets, topics: this.topics.size };
  }

  /** Takes over a freshly upgraded socket of a signed-in person: subscribes them to `user:<id>`. */
  async attach(userId: string, socket: LiveSocket): Promise<void> {
    if (this.closed) return socket.close(1001, 'server shutting down');
    const mine = this.socketsOf.get(userId) ?? new Set<Conn>();
    if (mine.size >= this.o.maxSocketsPerUser) return socket.close(STREAM_CLOSE.tooManyConnections, 'too many connections');
    let onGone = () => {};
    const conn: Conn = {
      socket,
      userId,
      topics: new Map(),
      asking: new Set(),
      early: new Map(),
      alive: true,
      behindSince: null,
      gone: new Promise((resolve) => {
        onGone = resolve;
      }),
      frames: 0,
      windowStart: Date.now(),
      commands: Promise.resolve(),
    };
    mine.add(conn);
    this.socketsOf.set(userId, mine);
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('close', () => {
      onGone();
      this.detach(conn);
    });
    socket.on('message', (data) => void this.onFrame(conn, data));
    this.startHeartbeat();
    await this.subscribe(conn, `user:${userId}`, true);
  }

  /** Server shutdown: 1001 tells clients to reconnect; a peer that does not answer within the grace is cut off. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopHeartbeat();
    const conns = [...this.socketsOf.values()].flatMap((s) => [...s]);
    for (const c of conns) c.socket.close(1001, 'server shutting down');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(conns.map((c) => c.gone)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.o.closeGraceMs);
      }),
    ]);
    clearTimeout(timer);
    for (const c of conns) c.socket.terminate();
    const entries = [...this.topics.values()];
    this.topics.clear();
    this.socketsOf.clear();
    await Promise.all(entries.map((e) => this.release(e)));
  }

  // ---- frames from the client

  private async onFrame(conn: Conn, data: unknown): Promise<void> {
    if (this.flooding(conn)) return;
    const parsed = parseFrame(data);
    if (!parsed.ok) return this.sendTo(conn, { type: 'error', code: parsed.code, detail: parsed.detail });
    const frame = parsed.frame;
    if (frame.type === 'ping') return this.sendTo(conn, { type: 'pong' });
    if (frame.type === 'subscribe' || frame.type === 'unsubscribe') {
      if (frame.type === 'subscribe') return this.subscribe(conn, frame.topic, false);
      if (frame.topic === `user:${conn.userId}`) return; // the own topic goes with the socket
      this.leave(conn, frame.topic);
      return this.sendTo(conn, { type: 'unsubscribed', topic: frame.topic });
    }
    // Chained, not awaited in parallel: two sends from one socket take their seqs in the order sent.
    // The chain is bounded by the flood limit (a socket past it is closed).
    const run = conn.commands.then(() => this.command_(conn, frame));
    conn.commands = run;
    await run;
  }

  /** Counts the socket's frames; past the budget it hears `rate_limited`, past three times it is closed. */
  private flooding(conn: Conn): boolean {
    const now = Date.now();
    if (now - conn.windowStart >= FLOOD_WINDOW_MS) {
      conn.windowStart = now;
      conn.frames = 0;
    }
    conn.frames++;
    if (conn.frames <= this.o.maxFramesPer10s) return false;
    if (conn.frames > this.o.maxFramesPer10s * 3) {
      conn.socket.close(STREAM_CLOSE.flooding, 'too many frames');
      return true;
    }
    this.sendTo(conn, {
      type: 'error',
      code: 'rate_limited',
      retryAfterMs: FLOOD_WINDOW_MS - (now - conn.windowStart),
      detail: `A connection sends at most ${this.o.maxFramesPer10s} frames per 10 seconds.`,
    });
    return true;
  }

  private async command_(conn: Conn, frame: Extract<ClientFrame, { type: CommandType }>): Promise<void> {
    const conversation = 'conversation' in frame ? frame.conversation : undefined;
    const room = 'room' in frame ? frame.room : undefined;
    const clientId = 'clientId' in frame ? frame.clientId : undefined;
    const about = { ...(clientId ? { clientId } : {}), ...(conversation ? { conversation } : {}), ...(room ? { room } : {}) };
    if ((conversation === undefined) === (room === undefined))
      return this.sendTo(conn, { type: 'error', code: 'bad_frame', ...about, detail: `A ${frame.type} frame names exactly one conversation or room.` });
    const handler = this.commands.get(`${frame.type}:${conversation ? 'conversation' : 'room'}`);
    if (!handler)
      return this.sendTo(conn, {
        type: 'error',
        code: 'unknown_type',
        ...about,
        detail: `${frame.type} is not taken for ${conversation ? 'conversations' : 'rooms'}.`,
      });
    const ctx: CommandContext = {
      userId: conn.userId,
      reply: (f) => this.send(conn, JSON.stringify(f)),
      holds: (topic) => conn.topics.has(topic),
    };
    try {
      await handler(ctx, frame);
    } catch (err) {
      if (err instanceof StreamError) return this.sendTo(conn, { type: 'error', code: err.code, ...about, ...err.extra, detail: err.message });
      this.log.warn({ err, type: frame.type }, 'realtime: command failed');
      this.sendTo(conn, { type: 'error', code: 'unavailable', ...about, detail: 'That could not be done just now; try again.' });
    }
  }

  private async subscribe(conn: Conn, topic: string, own: boolean): Promise<void> {
    if (conn.topics.has(topic) || conn.asking.has(topic)) return;
    if (conn.topics.size + conn.asking.size >= this.o.maxTopicsPerSocket) {
      if (!own) this.sendTo(conn, { type: 'error', code: 'too_many_topics', topic, detail: `A connection holds at most ${this.o.maxTopicsPerSocket} topics.` });
      return;
    }
    conn.asking.add(topic);
    try {
      await this.join(conn, topic, own);
    } finally {
      conn.asking.delete(topic);
    }
  }

  private async join(conn: Conn, topic: string, own: boolean): Promise<void> {
    const refuse = (code: Extract<ServerFrame, { type: 'error' }>['code'], detail: string) =>
      own ? conn.socket.close(1011, 'live updates are unavailable') : this.sendTo(conn, { type: 'error', code, topic, detail });
    const prefix = topic.slice(0, topic.indexOf(':'));
    const policy = this.policies.get(prefix);
    if (!policy) return refuse('unknown_topic', `There is no topic ${topic}.`);
    let allowed = false;
    try {
      allowed = await policy.authorize(conn.userId, topic.slice(prefix.length + 1));
    } catch (err) {
      this.log.warn({ err, topic }, 'realtime: authorize failed');
    }
    if (!allowed) return refuse('forbidden_topic', `You may not follow ${topic}.`);
    if (conn.socket.readyState !== OPEN || conn.topics.has(topic)) return;

    const entry = this.topics.get(topic) ?? this.openTopic(topic);
    conn.topics.set(topic, entry);
    conn.early.set(topic, []);
    entry.conns.add(conn);
    entry.people.set(conn.userId, (entry.people.get(conn.userId) ?? 0) + 1);
    // Subscribed before the hello is computed: whatever is published from here on is in it or queued.
    if ((await entry.sub) === null) {
      this.leave(conn, topic);
      return refuse('unavailable', 'Live updates are unavailable.');
    }
    let hello: Record<string, unknown> = { type: 'subscribed' };
    try {
      if (policy.hello) hello = await policy.hello(conn.userId, topic.slice(prefix.length + 1));
    } catch (err) {
      this.log.warn({ err, topic }, 'realtime: hello failed');
      this.leave(conn, topic);
      return refuse('unavailable', 'Live updates are unavailable.');
    }
    this.send(conn, JSON.stringify({ ...hello, topic }));
    const early = conn.early.get(topic) ?? [];
    conn.early.delete(topic);
    for (const data of early) this.send(conn, data);
  }

  private openTopic(topic: string): TopicEntry {
    const entry: TopicEntry = { topic, conns: new Set(), people: new Map(), sub: Promise.resolve(null), released: false, gathered: [], gatherTimer: null };
    const coalesce = this.policies.get(topic.slice(0, topic.indexOf(':')))?.coalesce;
    const take = coalesce
      ? (m: unknown) => {
          entry.gathered.push(m);
          entry.gatherTimer ??= setTimeout(() => {
            entry.gatherTimer = null;
            const batch = entry.gathered.splice(0);
            for (const out of coalesce.merge(batch)) this.fanOut(entry, out);
          }, coalesce.ms);
        }
      : (m: unknown) => this.fanOut(entry, m);
    // The handler closes over this entry, not the topic name: a late message of an old subscription
    // can never reach the sockets of a newer one.
    entry.sub = this.pubsub.subscribe(topicChannel(topic), take).catch((err: unknown) => {
      this.log.warn({ err, topic }, 'realtime: subscribe failed');
      return null;
    });
    this.topics.set(topic, entry);
    return entry;
  }

  private leave(conn: Conn, topic: string): void {
    const entry = conn.topics.get(topic);
    if (!entry) return;
    conn.topics.delete(topic);
    conn.early.delete(topic);
    if (entry.conns.delete(conn)) {
      const n = (entry.people.get(conn.userId) ?? 1) - 1;
      if (n > 0) entry.people.set(conn.userId, n);
      else entry.people.delete(conn.userId);
    }
    if (entry.conns.size > 0) return;
    if (this.topics.get(topic) === entry) this.topics.delete(topic);
    void this.release(entry);
  }

  // ---- fan-out

  private fanOut(entry: TopicEntry, message: unknown): void {
    // Encoded once, framed once: every socket is handed the same bytes, written straight to its TCP
    // socket (a 50,000-member room's tick is 50,000 writes of one buffer, no per-socket framing).
    const data = Buffer.from(
      JSON.stringify(message !== null && typeof message === 'object' ? { ...message, topic: entry.topic } : { type: 'message', topic: entry.topic, message }),
    );
    let frame: Buffer | null = null;
    for (const conn of entry.conns) {
      const early = conn.early.get(entry.topic);
      if (early === undefined) {
        frame ??= textFrame(data);
        this.send(conn, data, frame);
      } else if (early.length < MAX_EARLY_MESSAGES) early.push(data);
      else conn.socket.terminate();
    }
  }

  private sendTo(conn: Conn, frame: ServerFrame): void {
    this.send(conn, JSON.stringify(frame));
  }

  /** Writes unless the socket is too far behind; a socket that catches up first hears `resync`. */
  private send(conn: Conn, data: string | Buffer, framed?: Buffer): void {
    const s = conn.socket;
    if (s.readyState !== OPEN) return;
    if (conn.behindSince !== null) {
      if (s.bufferedAmount > this.o.maxBufferedBytes / 4) {
        this.dropIfStuck(conn);
        return;
      }
      conn.behindSince = null;
      s.send(JSON.stringify({ type: 'resync' } satisfies ServerFrame));
    }
    if (s.bufferedAmount > this.o.maxBufferedBytes) {
      conn.behindSince = Date.now();
      return;
    }
    // A Buffer goes out as a text frame all the same.
    if (typeof data === 'string') s.send(data);
    else {
      const raw = framed ? rawOf(s) : null;
      if (raw && framed) raw.write(framed);
      else s.send(data, { binary: false });
    }
  }

  private dropIfStuck(conn: Conn): void {
    if (conn.behindSince !== null && Date.now() - conn.behindSince > this.o.maxBehindMs) conn.socket.terminate();
  }

  private detach(conn: Conn): void {
    for (const topic of [...conn.topics.keys()]) this.leave(conn, topic);
    const mine = this.socketsOf.get(conn.userId);
    if (mine?.delete(conn) && mine.size === 0) this.socketsOf.delete(conn.userId);
    if (this.socketsOf.size === 0) this.stopHeartbeat();
  }

  private async release(entry: TopicEntry): Promise<void> {
    // Shutdown and the last socket's close may both get here; unsubscribe once.
    if (entry.released) return;
    entry.released = true;
    if (entry.gatherTimer) clearTimeout(entry.gatherTimer);
    try {
      const unsubscribe = await entry.sub;
      if (unsubscribe) await unsubscribe();
    } catch (err) {
      this.log.warn({ err }, 'realtime: unsubscribe failed');
    }
  }

  // ---- heartbeat: finds peers gone without a close, and sockets that stay behind

  private startHeartbeat(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.beat(), this.o.heartbeatMs);
    this.timer.unref();
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private beat(): void {
    for (const mine of this.socketsOf.values()) {
      for (const conn of mine) {
        if (!conn.alive) {
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        if (conn.behindSince !== null) {
          // Nothing was published to nudge it: give a drained socket its resync now.
          if (conn.socket.bufferedAmount <= this.o.maxBufferedBytes / 4) this.send(conn, JSON.stringify({ type: 'pong' } satisfies ServerFrame));
          else this.dropIfStuck(conn);
        }
        try {
          conn.socket.ping();
        } catch {
          conn.socket.terminate();
        }
      }
    }
  }
}
