// The accounts module as the composition root wires it: `createAccountsModule(deps)` gives the
// service (for other modules) and the routes (a Fastify plugin taking no options).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import type { CacheBus } from '../../platform/cache/index.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { AccountControls } from './controls.ts';
import { controlsRoutes } from './controls-routes.ts';
import { ControlsStore, type ControlsTables } from './controls-store.ts';
import { type AvatarViews, People } from './people.ts';
import { createAccountsPersonalData } from './personal-data.ts';
import { AccountsPersonalStore } from './personal-store.ts';
import { RelationsCache } from './relations.ts';
import { accountsRoutes } from './routes.ts';
import { AccountsService, type AvatarMedia } from './service.ts';
import { SessionCache } from './sessions.ts';
import { AccountStanding } from './standing.ts';
import { AccountsStore } from './store.ts';
import type { AccountsTables } from './tables.ts';

export interface AccountsModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  cache: CacheBus;
  limiter: RateLimiter;
  kit: RouteKit;
  config: Pick<Config, 'sessionTtlDays' | 'rateLimits' | 'cacheMaxEntries' | 'portability' | 'publicUrl'>;
  /** avatars: claimed and released in the same transaction as the profile change, shown by URL */
  media: AvatarMedia & { avatarViews: AvatarViews };
  secureCookies: (req: { protocol: string }) => boolean;
  /** names and bios are screened by it (none: everything allowed) */
  policy?: ContentPolicy;
}

export interface AccountsModule {
  service: AccountsService;
  /** muted words and #topics, who may comment and who may message (cached per person) */
  controls: AccountControls;
  /** suspensions, bans and account age, cached per person */
  standing: AccountStanding;
  /** the person's profile, sessions, follows, blocks, mutes and muted words, for export and erasure */
  personalData: PersonalData;
  routes: FastifyPluginAsyncTypebox;
}

export function createAccountsModule(deps: AccountsModuleDeps): AccountsModule {
  const store = new AccountsStore(scoped<AccountsTables>(deps.db));
  const people = new People(store, (ids) => deps.media.avatarViews(ids), deps.cache, { maxEntries: deps.config.cacheMaxEntries });
  const sessions = new SessionCache(store, deps.cache, deps.config.cacheMaxEntries);
  const relations = new RelationsCache(store, deps.cache, deps.config.cacheMaxEntries);
  const service = new AccountsService(store, deps.events, people, sessions, relations, deps.media, deps.limiter, deps.config, deps.policy);
  const follows = async (a: string, b: string) => (await service.relations(a, [b], { fresh: true })).following.has(b);
  const controls = new AccountControls(new ControlsStore(scoped<ControlsTables>(deps.db)), deps.cache, follows, { maxEntries: deps.config.cacheMaxEntries });
  const standing = new AccountStanding(scoped<AccountsTables>(deps.db), deps.cache, sessions, deps.config.cacheMaxEntries);
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
  // A deletion (or its cancelling) changes how the person stands: every process reads it again.
  deps.events.on('account.deletion_requested', 'accounts.standing', async ({ userId }) => standing.forget(userId));
  deps.events.on('account.deletion_cancelled', 'accounts.standing', async ({ userId }) => standing.forget(userId));
  const personalData = createAccountsPersonalData({
    store: new AccountsPersonalStore(scoped<AccountsTables>(deps.db)),
    people,
    sessions,
    relations,
    standing,
    controls,
    publicUrl: deps.config.publicUrl,
  });
  // Expired sessions are deleted once an hour, by whichever process gets there first.
  deps.jobs.register('accounts.purge-sessions', async () => void (await service.purgeExpiredSessions()));
  deps.jobs.every('accounts.purge-sessions', 3_600_000, {});
  return {
    service,
    standing,
    controls,
    personalData,
    routes: async (app) => {
      await app.register(accountsRoutes({ accounts: service, kit: deps.kit, sessionTtlDays: deps.config.sessionTtlDays, secureCookies: deps.secureCookies }));
      await app.register(controlsRoutes(controls, deps.kit));
    },
  };
}

export type { AccountControls, AudienceOf, MutedWords } from './controls.ts';
export type { Person } from './people.ts';
export { AccountsService, type AuthContext, normalizeTikTok, type Relations, type RequestMeta, type TikTokMatch } from './service.ts';
export type { Standing } from './standing.ts';
