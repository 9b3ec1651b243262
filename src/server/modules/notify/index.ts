// The notify module as the composition root sees it: one call builds the service, the live hub and the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { PubSub } from '../../platform/pubsub/types.ts';
import { type NotifyRouteOptions, notifyRoutes } from './routes.ts';
import { type CommentsFn, type NotifyAccounts, type NotifyLog, type NotifyOptions, NotifyService, type SubjectsFn } from './service.ts';
import { NotifyStore } from './store.ts';
import type { NotifyTables } from './tables.ts';
import { LiveHub, type LiveHubOptions } from './ws.ts';

export interface NotifyModuleDeps {
  db: Db;
  pubsub: PubSub;
  accounts: NotifyAccounts;
  /** The notes the viewer may see, by id (from the notes module); may be a closure over a service built later. */
  subjects: SubjectsFn;
  /** The comments items are about, with their text (from the comments module); may be a closure over a service built later. */
  comments?: CommentsFn;
  log?: NotifyLog;
  options?: NotifyOptions & LiveHubOptions;
}

export interface NotifyModule {
  service: NotifyService;
  hub: LiveHub;
  routes: FastifyPluginAsyncTypebox<NotifyRouteOptions>;
}

export function createNotifyModule(deps: NotifyModuleDeps): NotifyModule {
  const opts = deps.options ?? {};
  const service = new NotifyService(new NotifyStore(scoped<NotifyTables>(deps.db)), deps.pubsub, deps.accounts, deps.subjects, {
    ...opts,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.comments ? { comments: deps.comments } : {}),
  });
  const hub = new LiveHub(deps.pubsub, (userId) => service.unreadCount(userId), opts, deps.log);
  return { service, hub, routes: notifyRoutes(service, hub) };
}

export type { CommentsFn, Delivery, NotifyAccounts, NotifyEvent, SubjectsFn } from './service.ts';
export { NotifyService, notifyChannel } from './service.ts';
