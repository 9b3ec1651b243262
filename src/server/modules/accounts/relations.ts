// How one person stands to another (follows, blocks either way, mutes), cached by pair in every
// process: a signed-in read asks it for each author on the page, so it must not cost a query each
// time. Every follow, block or mute change drops both directions of the pair in every process
// (through the cache bus, driven by the domain events), so a block is never served stale beyond
// the pub/sub delay.
import { type CacheBus, KeyedCache } from '../../platform/cache/index.ts';
import type { AccountsStore } from './store.ts';

const FOLLOWING = 1;
const BLOCKING = 2;
const BLOCKED_BY = 4;
const MUTING = 8;

export interface PairRelations {
  following: Set<string>;
  blocking: Set<string>;
  blockedBy: Set<string>;
  muting: Set<string>;
}

const keyOf = (viewerId: string, otherId: string) => `${viewerId}>${otherId}`;

export class RelationsCache {
  private readonly pairs: KeyedCache<number>;

  constructor(store: AccountsStore, bus: CacheBus, maxEntries: number) {
    this.pairs = new KeyedCache({ name: 'accounts.relations', max: maxEntries }, bus, (keys) => this.load(store, keys), 0);
  }

  /** How `viewerId` stands to each of `others` (one batched query for the pairs not cached). */
  async of(viewerId: string, others: readonly string[]): Promise<PairRelations> {
    const out: PairRelations = { following: new Set(), blocking: new Set(), blockedBy: new Set(), muting: new Set() };
    if (others.length === 0) return out;
    const bits = await this.pairs.getMany(others.map((o) => keyOf(viewerId, o)));
    for (const other of others) {
      const b = bits.get(keyOf(viewerId, other)) ?? 0;
      if (b & FOLLOWING) out.following.add(other);
      if (b & BLOCKING) out.blocking.add(other);
      if (b & BLOCKED_BY) out.blockedBy.add(other);
      if (b & MUTING) out.muting.add(other);
    }
    return out;
  }

  /** Something changed between `a` and `b`: both directions are dropped everywhere. */
  async invalidate(a: string, b: string): Promise<void> {
    await Promise.all([this.pairs.invalidate(keyOf(a, b)), this.pairs.invalidate(keyOf(b, a))]);
  }

  private async load(store: AccountsStore, keys: string[]): Promise<Map<string, number>> {
    // Keys of one read share their viewer; group anyway, one query a viewer.
    const byViewer = new Map<string, string[]>();
    for (const k of keys) {
      const [viewer, other] = k.split('>') as [string, string];
      const list = byViewer.get(viewer);
      if (list) list.push(other);
      else byViewer.set(viewer, [other]);
    }
    const out = new Map<string, number>();
    for (const [viewer, others] of byViewer) {
      const r = await store.relations(viewer, others);
      for (const o of others) {
        const b =
          (r.following.has(o) ? FOLLOWING : 0) | (r.blocking.has(o) ? BLOCKING : 0) | (r.blockedBy.has(o) ? BLOCKED_BY : 0) | (r.muting.has(o) ? MUTING : 0);
        out.set(keyOf(viewer, o), b);
      }
    }
    return out;
  }
}
