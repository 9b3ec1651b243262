// The accounts module as the composition root wires it: `createAccountsModule(deps)` gives the
// service (for other modules) and the routes (a Fastify plugin taking no options).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import type { CacheBus } from '../../platform/cache/index.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { type AvatarViews, People } from './people.ts';
import { RelationsCache } from './relations.ts';
import { accountsRoutes } from './routes.ts';
import { AccountsService, type AvatarMedia } from './service.ts';
import { SessionCache } from './sessions.ts';
import { AccountsStore } from './store.ts';
import type { AccountsTables } from './tables.ts';

export interface AccountsModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  cache: CacheBus;
  limiter: RateLimiter;
  kit: RouteKit;
  config: Pick<Config, 'sessionTtlDays' | 'rateLimits' | 'cacheMaxEntries'>;
  /** avatars: claimed and released in the same transaction as the profile change, shown by URL */
  media: AvatarMedia & { avatarViews: AvatarViews };
  secureCookies: (req: { protocol: string }) => boolean;
}

export interface AccountsModule {
  service: AccountsService;
  routes: FastifyPluginAsyncTypebox;
}

export function createAccountsModule(deps: AccountsModuleDeps): AccountsModule {
  const store = new AccountsStore(scoped<AccountsTables>(deps.db));
  const people = new People(store, (ids) => deps.media.avatarViews(ids), deps.cache, { maxEntries: deps.config.cacheMaxEntries });
  const sessions = new SessionCache(store, deps.cache, deps.config.cacheMaxEntries);
  const relations = new RelationsCache(store, deps.cache, deps.config.cacheMaxEntries);
  const service = new AccountsService(store, deps.events, people, sessions, relations, deps.media, deps.limiter, deps.config);
  // Every process drops its copy of a person whose name, bio or avatar changed.
  deps.events.on('account.changed', 'accounts.cache', async ({ userId, version }) => people.invalidate(userId, version));
  // …and its copy of how two people stand, when one follows, blocks or mutes the other (or stops).
  const pair = (a: string, b: string) => relations.invalidate(a, b);
  deps.events.on('user.followed', 'accounts.relations', async (e) => pair(e.followerId, e.followeeId));
  deps.events.on('user.unfollowed', 'accounts.relations', async (e) => pair(e.followerId, e.followeeId));
  deps.events.on('user.blocked', 'accounts.relations', async (e) => pair(e.blockerId, e.blockedId));
  deps.events.on('user.unblocked', 'accounts.relations', async (e) => pair(e.blockerId, e.blockedId));
  deps.events.on('user.muted', 'accounts.relations', async (e) => pair(e.muterId, e.mutedId));
  deps.events.on('user.unmuted', 'accounts.relations', async (e) => pair(e.muterId, e.mutedId));
  // Expired sessions are deleted once an hour, by whichever process gets there first.
  deps.jobs.register('accounts.purge-sessions', async () => void (await service.purgeExpiredSessions()));
  deps.jobs.every('accounts.purge-sessions', 3_600_000, {});
  return {
    service,
    routes: accountsRoutes({ accounts: service, kit: deps.kit, sessionTtlDays: deps.config.sessionTtlDays, secureCookies: deps.secureCookies }),
  };
}

export type { Person } from './people.ts';
export { AccountsService, type AuthContext, type Relations, type RequestMeta } from './service.ts';
