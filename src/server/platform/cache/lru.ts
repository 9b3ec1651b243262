// A least-recently-used map bounded in entries that grows as it fills. lru-cache given `max`
// allocates its arrays for all `max` entries up front: with a dozen caches of 50,000 entries that
// was ~30 MB of memory and ~160 ms of start-up before anything was cached. Given only a size
// budget (each entry weighing 1) it grows on demand and evicts the same way.
import { LRUCache } from 'lru-cache';

export function boundedLru<K extends {}, V extends {}>(max: number): LRUCache<K, V> {
  return new LRUCache<K, V>({ maxSize: Math.max(1, max), sizeCalculation: () => 1 });
}
