// Picks the pub/sub adapter once, from configuration: Redis when REDIS_URL is set, else in process.
import { MemoryPubSub, type PubSubLog } from './memory.ts';
import { RedisPubSub } from './redis.ts';
import type { PubSub } from './types.ts';

export { MemoryPubSub, type PubSubLog } from './memory.ts';
export { RedisPubSub, type RedisPubSubOptions } from './redis.ts';
export type { PubSub, Unsubscribe } from './types.ts';

export function createPubSub(redisUrl: string | null, opts: { log?: PubSubLog } = {}): PubSub {
  return redisUrl ? new RedisPubSub(redisUrl, opts) : new MemoryPubSub(opts);
}
