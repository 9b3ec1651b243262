// Redis pub/sub (scaled mode): every process subscribes to the channels its clients care about,
// so an event published by any process reaches the sockets held by all of them.
import { Redis } from 'ioredis';
import { deliver, encodeMessage, type PubSubLog, silentLog } from './memory.ts';
import type { PubSub, Unsubscribe } from './types.ts';

interface Subscription {
  handler: (message: unknown) => void;
}

interface Channel {
  subs: Set<Subscription>;
  /** Resolves once Redis has confirmed the SUBSCRIBE; later subscribers wait for it too. */
  ready: Promise<unknown>;
}

export interface RedisPubSubOptions {
  log?: PubSubLog;
  /** Namespaces our channels on a shared Redis (default "biji:ps:"). */
  prefix?: string;
}

const ERROR_LOG_INTERVAL_MS = 30_000;

export class RedisPubSub implements PubSub {
  readonly kind = 'redis' as const;
  // A connection in subscriber mode can run nothing but (UN)SUBSCRIBE, so publishing needs its own.
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channels = new Map<string, Channel>();
  private readonly log: PubSubLog;
  private readonly prefix: string;

  constructor(url: string, opts: RedisPubSubOptions = {}) {
    this.log = opts.log ?? silentLog;
    this.prefix = opts.prefix ?? 'biji:ps:';
    // Realtime events are best-effort: fail a publish fast rather than queue it through an outage.
    this.pub = new Redis(url, { maxRetriesPerRequest: 2 });
    // The subscriber resubscribes by itself after a reconnect (ioredis autoResubscribe).
    this.sub = new Redis(url);
    this.watchErrors(this.pub, 'publisher');
    this.watchErrors(this.sub, 'subscriber');
    this.sub.on('message', (key: string, text: string) => this.onMessage(key, text));
    // 'ready' follows every (re)connection; all but the first mean messages may have been missed.
    let connectedBefore = false;
    this.sub.on('ready', () => {
      if (connectedBefore) for (const l of this.reconnectListeners) l();
      connectedBefore = true;
    });
  }

  private readonly reconnectListeners: Array<() => void> = [];

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.pub.publish(this.prefix + channel, encodeMessage(message));
  }

  async hasSubscribers(channel: string): Promise<boolean> {
    // PUBSUB NUMSUB counts subscribers on every process connected to this Redis.
    const reply = (await this.pub.pubsub('NUMSUB', this.prefix + channel)) as unknown[];
    return Number(reply[1] ?? 0) > 0;
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    const sub: Subscription = { handler };
    let entry = this.channels.get(channel);
    if (!entry) {
      // One Redis subscription a channel, however many local handlers: fan-out happens here.
      entry = { subs: new Set(), ready: this.sub.subscribe(this.prefix + channel) };
      this.channels.set(channel, entry);
    }
    entry.subs.add(sub);
    try {
      await entry.ready;
    } catch (err) {
      entry.subs.delete(sub);
      if (entry.subs.size === 0 && this.channels.get(channel) === entry) this.channels.delete(channel);
      throw err;
    }
    return async () => {
      const current = this.channels.get(channel);
      if (!current?.subs.delete(sub) || current.subs.size > 0) return;
      // The last local handler left: stop Redis sending us the channel. Commands on one connection
      // run in order, so a SUBSCRIBE that follows this one still wins.
      this.channels.delete(channel);
      await this.sub.unsubscribe(this.prefix + channel);
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
    await Promise.all(
      [this.pub, this.sub].map((c) =>
        c.quit().then(
          () => undefined,
          () => c.disconnect(),
        ),
      ),
    );
  }

  private onMessage(key: string, text: string): void {
    if (!key.startsWith(this.prefix)) return;
    const channel = key.slice(this.prefix.length);
    const entry = this.channels.get(channel);
    if (!entry) return;
    let first: unknown;
    try {
      first = JSON.parse(text);
    } catch {
      // Someone else published to our channel, or an older version did: drop it, keep the connection.
      this.log.warn({ channel, sample: text.slice(0, 200) }, 'pub/sub dropped a message that is not JSON');
      return;
    }
    let i = 0;
    for (const sub of [...entry.subs]) {
      // Each handler its own copy, as in memory: no handler can change what another one sees.
      deliver(sub.handler, i++ === 0 ? first : JSON.parse(text), channel, this.log);
    }
  }

  private watchErrors(conn: Redis, role: string): void {
    let lastLogged = 0;
    // Without a listener ioredis prints every reconnect error; log them, at most twice a minute.
    conn.on('error', (err: unknown) => {
      const now = Date.now();
      if (now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
      lastLogged = now;
      this.log.warn({ err, role }, 'pub/sub redis connection error');
    });
  }
}
