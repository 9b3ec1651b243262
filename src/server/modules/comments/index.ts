// The comments module as the composition root wires it: `createCommentsModule(deps)` gives the
// service and the routes (a Fastify plugin taking no options: `app.register(routes)`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { COMMENT_LIMITS } from '../../../shared/api/comments.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { commentsRoutes } from './routes.ts';
import { type CommentsAccounts, type CommentsNotes, type CommentsReader, CommentsService } from './service.ts';
import { CommentsStore } from './store.ts';
import type { CommentsTables } from './tables.ts';

export interface CommentsModuleDeps {
  db: Db;
  events: EventBus;
  kit: RouteKit;
  notes: CommentsNotes;
  reader: CommentsReader;
  accounts: CommentsAccounts;
  /** the longest comment in weighted units (a Chinese character counts 2); default 1000 */
  maxBodyUnits?: number;
}

export interface CommentsModule {
  service: CommentsService;
  routes: FastifyPluginAsyncTypebox;
}

export function createCommentsModule(deps: CommentsModuleDeps): CommentsModule {
  const service = new CommentsService(new CommentsStore(scoped<CommentsTables>(deps.db)), deps.notes, deps.reader, deps.accounts, deps.events, {
    maxBodyUnits: deps.maxBodyUnits ?? COMMENT_LIMITS.bodyUnits,
  });
  return { service, routes: commentsRoutes(service, deps.kit) };
}

export { CommentsService } from './service.ts';
