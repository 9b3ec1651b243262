// The shared read cache: hydrated things (notes, people) kept in each process, keyed by id and
// version, bounded in entries, and invalidated in every process through pub/sub (Redis when
// REDIS_URL is set, in memory otherwise).
//
// Versions make invalidation safe against races: an invalidation says "version v is current"; the
// cache drops anything older and remembers v as the floor, so a load that started before the change
// and finishes after the message can never put the old version back. When pub/sub may have lost
// messages (a Redis reconnect), every cache empties. Entries may also have a freshness limit (counts
// are allowed to lag by at most a second).
import type { LRUCache } from 'lru-cache';
import type { PubSub } from '../pubsub/types.ts';
import { boundedLru } from './lru.ts';

export interface CacheLog {
  warn(obj: object, msg?: string): void;
}

/** What the pub/sub channel carries: cache name, id, the version now current. */
interface Invalidation {
  c: string;
  id: string;
  v: number;
}

const CHANNEL = 'cache:invalidate';
/** Entries are loaded again after this, in case pub/sub lost a message (`ttlMs`). */
const DEFAULT_TTL_MS = 600_000;

export interface CacheOptions {
  /** unique among caches: names the cache in invalidation messages */
  name: string;
  /** most entries kept (least recently used go first) */
  max: number;
  /** an entry older than this is loaded again (e.g. counts: 1,000 ms); default: no limit */
  freshMs?: number;
  /** a safety net for messages pub/sub could not deliver: entries are reloaded after this (default 10 min) */
  ttlMs?: number;
}

interface Entry<V> {
  value: V;
  version: number;
  loadedAt: number;
}

/** Loads what is asked (missing ids are simply absent), with each value's version. */
export type Loader<V> = (ids: string[]) => Promise<Map<string, { value: V; version: number }>>;

export class VersionedCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly floors: LRUCache<string, number>;
  private readonly inflight = new Map<string, Promise<Entry<V> | undefined>>();
  private readonly freshMs: number;
  /** hits and misses since start, for benchmarks and diagnostics */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    readonly opts: CacheOptions,
    private readonly bus: CacheBus,
    private readonly loader: Loader<V>,
  ) {
    this.entries = boundedLru(opts.max);
    this.floors = boundedLru(opts.max);
    // Fresh for at most the safety net's time, whatever `freshMs` says.
    this.freshMs = Math.min(opts.freshMs ?? Number.POSITIVE_INFINITY, opts.ttlMs ?? DEFAULT_TTL_MS);
    bus.register(this);
  }

  /** The values of `ids` that exist, from the cache where fresh, else loaded in one batch. */
  async getMany(ids: readonly string[]): Promise<Map<string, V>> {
    const out = new Map<string, V>();
    const now = Date.now();
    let missing: string[] | null = null;
    const waits: Array<Promise<void>> = [];
    for (const id of ids) {
      if (out.has(id)) continue;
      const e = this.entries.get(id);
      if (e && now - e.loadedAt < this.freshMs) {
        this.stats.hits += 1;
        out.set(id, e.value);
        continue;
      }
      const pending = this.inflight.get(id);
      if (pending) {
        waits.push(pending.then((x) => void (x && out.set(id, x.value))));
        continue;
      }
      this.stats.misses += 1;
      missing ??= [];
      missing.push(id);
    }
    if (missing) waits.push(this.load(missing, out));
    if (waits.length > 0) await Promise.all(waits);
    return out;
  }

  async get(id: string): Promise<V | undefined> {
    return (await this.getMany([id])).get(id);
  }

  /** Drops the entry here and in every other process: version `version` is now current. */
  async invalidate(id: string, version: number): Promise<void> {
    this.apply(id, version);
    await this.bus.publish(this.opts.name, id, version);
  }

  /** Forgets an entry in this process only (e.g. counts after a local write; other processes catch up within freshMs). */
  forget(id: string): void {
    this.entries.delete(id);
  }

  /** An invalidation, from this process or another. */
  apply(id: string, version: number): void {
    const floor = this.floors.get(id);
    if (floor === undefined || version > floor) this.floors.set(id, version);
    const e = this.entries.get(id);
    if (e && e.version < version) this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(ids: string[], out: Map<string, V>): Promise<void> {
    let done!: (m: Map<string, Entry<V>>) => void;
    let failed!: (err: unknown) => void;
    const batch = new Promise<Map<string, Entry<V>>>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    batch.catch(() => {}); // the caller sees the error through `await` below
    for (const id of ids) {
      this.inflight.set(
        id,
        batch.then((m) => m.get(id)),
      );
    }
    try {
      const got = await this.loadFresh(ids);
      done(got);
      for (const [id, e] of got) out.set(id, e.value);
    } catch (err) {
      failed(err);
      throw err;
    } finally {
      for (const id of ids) this.inflight.delete(id);
    }
  }

  /** Loads; anything that arrives older than a floor set meanwhile is loaded once more. */
  private async loadFresh(ids: string[]): Promise<Map<string, Entry<V>>> {
    const result = new Map<string, Entry<V>>();
    let todo = ids;
    for (let round = 0; round < 2 && todo.length > 0; round++) {
      const loadedAt = Date.now();
      const got = await this.loader(todo);
      const stale: string[] = [];
      for (const [id, { value, version }] of got) {
        const floor = this.floors.get(id);
        if (floor !== undefined && version < floor) {
          stale.push(id);
          continue;
        }
        const e = { value, version, loadedAt };
        this.entries.set(id, e);
        result.set(id, e);
      }
      todo = stale;
    }
    // Still older than the floor after a second load: a replica lagging behind. Serve nothing rather than the past.
    return result;
  }
}

/**
 * A cache of things that have no version of their own — how one person stands to another, what
 * they liked — keyed by id and invalidated in every process like the versioned one. Instead of a
 * version each id has a local generation, moved by every invalidation heard: a load stores its
 * result only if no invalidation of that id arrived while it ran, so a late load never puts the
 * old value back.
 */
export class KeyedCache<V extends {}> {
  private readonly entries: LRUCache<string, { value: V; at: number }>;
  private readonly generations: LRUCache<string, number>;
  private readonly ttlMs: number;
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    readonly opts: Omit<CacheOptions, 'freshMs'>,
    private readonly bus: CacheBus,
    /** loads what is asked; an id it leaves out is cached as absent too (`fallback`) */
    private readonly loader: (ids: string[]) => Promise<Map<string, V>>,
    private readonly fallback: V,
  ) {
    this.entries = boundedLru(opts.max);
    // Generations outlive entries (twice as many kept) so that an id evicted mid-load still has one.
    this.generations = boundedLru(opts.max * 2);
    this.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
    bus.register(this);
  }

  /** The value of every id asked (`fallback` for what the loader left out), loading the missing ones in one batch. */
  async getMany(ids: readonly string[]): Promise<Map<string, V>> {
    const out = new Map<string, V>();
    const now = Date.now();
    let missing: string[] | null = null;
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e !== undefined && now - e.at < this.ttlMs) {
        this.stats.hits += 1;
        out.set(id, e.value);
      } else if (!out.has(id)) {
        this.stats.misses += 1;
        missing ??= [];
        missing.push(id);
      }
    }
    if (!missing) return out;
    const before = missing.map((id) => this.generations.get(id) ?? 0);
    const at = Date.now();
    const got = await this.loader(missing);
    missing.forEach((id, i) => {
      const v = got.get(id) ?? this.fallback;
      out.set(id, v);
      if ((this.generations.get(id) ?? 0) === before[i]) this.entries.set(id, { value: v, at });
    });
    return out;
  }

  async get(id: string): Promise<V> {
    return (await this.getMany([id])).get(id) ?? this.fallback;
  }

  /** Drops the entry here and in every other process. */
  async invalidate(id: string): Promise<void> {
    this.apply(id);
    await this.bus.publish(this.opts.name, id, 0);
  }

  /** An invalidation, from this process or another. */
  apply(id: string): void {
    this.entries.delete(id);
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }

  clear(): void {
    this.entries.clear();
    // Loads under way when everything was dropped must not store either.
    for (const id of [...this.generations.keys()]) this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** What the bus needs of a cache. */
interface BusCache {
  readonly opts: { name: string };
  apply(id: string, version: number): void;
  clear(): void;
}

/**
 * One pub/sub channel for every cache of the process. A process hears its own messages too (they
 * change nothing: its cache was updated before it published).
 */
export class CacheBus {
  private readonly caches = new Map<string, BusCache>();
  private readonly watchers = new Map<string, Array<() => void>>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    private readonly pubsub: PubSub,
    private readonly log: CacheLog = { warn() {} },
  ) {}

  register(cache: BusCache): void {
    if (this.caches.has(cache.opts.name)) throw new Error(`cache ${cache.opts.name} is registered twice`);
    this.caches.set(cache.opts.name, cache);
  }

  /** Subscribes to other processes' invalidations; until then only this process's writes invalidate. */
  async start(): Promise<void> {
    if (this.unsubscribe) return;
    this.unsubscribe = await this.pubsub.subscribe(CHANNEL, (m) => this.onMessage(m));
    // Messages sent while the connection was down are lost: start over rather than serve stale.
    this.pubsub.onReconnect(() => {
      this.log.warn({ caches: this.caches.size }, 'cache: pub/sub reconnected; clearing every cache');
      this.clearAll();
    });
  }

  /**
   * Calls `onChange` for every invalidation of the cache `name` this process hears (its own and
   * other processes'), and on a reconnect: a cache derived from that one (a page of cards built
   * from notes) empties itself.
   */
  watch(name: string, onChange: () => void): void {
    const list = this.watchers.get(name) ?? [];
    list.push(onChange);
    this.watchers.set(name, list);
  }

  async publish(name: string, id: string, version: number): Promise<void> {
    // This process's own change reaches its watchers at once, whether or not it hears its messages.
    for (const onChange of this.watchers.get(name) ?? []) onChange();
    const message: Invalidation = { c: name, id, v: version };
    try {
      await this.pubsub.publish(CHANNEL, message);
    } catch (err) {
      // Other processes keep the old entry until their TTL; log loudly, the write itself stands.
      this.log.warn({ err, cache: name, id }, 'cache: invalidation could not be published');
    }
  }

  /** Empties every cache of this process (a reconnect does it; so do tests and diagnostics). */
  clearAll(): void {
    for (const c of this.caches.values()) c.clear();
    for (const list of this.watchers.values()) for (const onChange of list) onChange();
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onMessage(m: unknown): void {
    const msg = m as Partial<Invalidation>;
    if (typeof msg.c !== 'string' || typeof msg.id !== 'string' || typeof msg.v !== 'number') return;
    this.caches.get(msg.c)?.apply(msg.id, msg.v);
    for (const onChange of this.watchers.get(msg.c) ?? []) onChange();
  }
}
