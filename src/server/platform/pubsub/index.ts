// Picks the pub/sub adapter once, from configuration: Redis when REDIS_URL is set, else in process.
import { MemoryPubSub, type PubSubLog } from './memory.ts';
import type { PubSub } from './types.ts';

export { MemoryPubSub, type PubSubLog } from './memory.ts';
// RedisPubSub itself comes from './redis.ts': re-exporting it here would load ioredis for everyone.
export type { RedisPubSubOptions } from './redis.ts';
export type { PubSub, Unsubscribe } from './types.ts';

export async function createPubSub(redisUrl: string | null, opts: { log?: PubSubLog } = {}): Promise<PubSub> {
  if (!redisUrl) return new MemoryPubSub(opts);
  // ioredis loads only when Redis is configured: an embedded instance never pays for it.
  const { RedisPubSub } = await import('./redis.ts');
  return new RedisPubSub(redisUrl, opts);
}
