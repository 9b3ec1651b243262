// Fan-out of realtime events: in process (embedded) or Redis pub/sub (scaled), one interface.
export type Unsubscribe = () => Promise<void>;

export interface PubSub {
  readonly kind: 'memory' | 'redis';
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Whether anyone (in any process) listens on the channel now: publishers skip work whose only
   * purpose is a live message nobody would receive.
   */
  hasSubscribers(channel: string): Promise<boolean>;
  /** Messages arrive JSON-decoded, in publish order per channel. */
  subscribe(channel: string, handler: (message: unknown) => void): Promise<Unsubscribe>;
  /**
   * Called after the connection to the broker was lost and is back: messages published meanwhile
   * were not delivered, so anything built from them (caches) must start over. Never in memory.
   */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}
