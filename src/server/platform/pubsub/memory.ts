// In-process pub/sub (embedded mode): one process, so fan-out is a map of channel → handlers.
// Behaves like the Redis adapter where it matters: delivery is asynchronous (a publisher never runs
// subscriber code on its own stack) and every handler gets its own JSON copy of the message.
import type { PubSub, Unsubscribe } from './types.ts';

export interface PubSubLog {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLog: PubSubLog = { warn() {}, error() {} };

/** JSON text of a message, or a TypeError for what JSON cannot carry (undefined, a function). */
export function encodeMessage(message: unknown): string {
  const json = JSON.stringify(message);
  if (json === undefined) throw new TypeError('pub/sub messages must be JSON-serialisable');
  return json;
}

/** Calls a subscriber; its exception is logged, never thrown into the publisher or the event loop. */
export function deliver(handler: (message: unknown) => void, message: unknown, channel: string, log: PubSubLog): void {
  try {
    handler(message);
  } catch (err) {
    log.error({ err, channel }, 'pub/sub handler threw');
  }
}

interface Subscription {
  handler: (message: unknown) => void;
}

export class MemoryPubSub implements PubSub {
  readonly kind = 'memory' as const;
  private readonly channels = new Map<string, Set<Subscription>>();
  private readonly log: PubSubLog;

  constructor(opts: { log?: PubSubLog } = {}) {
    this.log = opts.log ?? silentLog;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const json = encodeMessage(message);
    const subs = this.channels.get(channel);
    if (!subs) return;
    for (const sub of subs) {
      // Microtasks run in queue order, so each subscriber sees a channel's messages in publish order.
      queueMicrotask(() => {
        // Unsubscribed since the publish: deliver nothing, as Redis would after UNSUBSCRIBE.
        if (!this.channels.get(channel)?.has(sub)) return;
        deliver(sub.handler, JSON.parse(json), channel, this.log);
      });
    }
  }

  async hasSubscribers(channel: string): Promise<boolean> {
    return (this.channels.get(channel)?.size ?? 0) > 0;
  }

  async subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe> {
    // One object a subscription: the same function subscribed twice is two subscriptions.
    const sub: Subscription = { handler };
    let subs = this.channels.get(channel);
    if (!subs) this.channels.set(channel, (subs = new Set()));
    subs.add(sub);
    return async () => {
      const current = this.channels.get(channel);
      if (!current) return;
      current.delete(sub);
      if (current.size === 0) this.channels.delete(channel);
    };
  }

  onReconnect(_listener: () => void): void {
    // One process, no broker: nothing is ever lost in between.
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}
