// The notify module as the composition root sees it: one call builds the service, subscribes it to
// the domain events it turns into notifications, declares the `user:<id>` realtime topic and gives
// the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Gateway } from '../../platform/realtime/gateway.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { createNotifyPersonalData } from './personal-data.ts';
import { notifyRoutes } from './routes.ts';
import { type CommentsFn, type NotifyAccounts, type NotifyLog, type NotifyOptions, NotifyService, type SubjectsFn } from './service.ts';
import { NotifyStore } from './store.ts';
import { type CanSee, subscribeNotify } from './subscriptions.ts';
import type { NotifyTables } from './tables.ts';

export interface NotifyModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  gateway: Gateway;
  kit: RouteKit;
  accounts: NotifyAccounts;
  /** What notifications show of notes, for the notes the reader may still see (the shared read pipeline). */
  subjects: SubjectsFn;
  canSee: CanSee;
  /** The comments items are about, with their words (the comments module's answer for this reader). */
  comments?: CommentsFn;
  log?: NotifyLog;
  options?: NotifyOptions;
  /** ids of a person's notes and comments: when they are erased, others' notifications about those go too */
  authoredIds?: (userId: string) => Promise<string[]>;
}

export interface NotifyModule {
  service: NotifyService;
  /** the notifications a person received, for export; every notification naming them, for erasure */
  personalData: PersonalData;
  routes: FastifyPluginAsyncTypebox;
}

export function createNotifyModule(deps: NotifyModuleDeps): NotifyModule {
  const store = new NotifyStore(scoped<NotifyTables>(deps.db));
  const service = new NotifyService(store, deps.gateway, deps.accounts, deps.subjects, {
    ...deps.options,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.comments ? { comments: deps.comments } : {}),
  });
  // A person's own topic: only they may hold it, and it starts with their unread count.
  deps.gateway.topic('user', {
    authorize: async (userId, id) => userId === id,
    hello: async (userId) => ({ type: 'hello', unread: await service.unreadCount(userId) }),
  });
  subscribeNotify(deps.events, service, deps.canSee);
  // Events older than the list window are deleted once an hour.
  deps.jobs.register('notify.purge', async () => void (await service.purgeExpired()));
  deps.jobs.every('notify.purge', 3_600_000, {});
  const personalData = createNotifyPersonalData({ store, service, ...(deps.authoredIds ? { authoredIds: deps.authoredIds } : {}) });
  return { service, personalData, routes: notifyRoutes(service, deps.kit) };
}

export type { CommentsFn, NotifyAccounts, NotifyEvent, SubjectsFn } from './service.ts';
export { NotifyService, userTopic } from './service.ts';
