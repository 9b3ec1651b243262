// The comments module as the composition root wires it: `createCommentsModule(deps)` gives the
// service and the routes (a Fastify plugin taking no options: `app.register(routes)`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { COMMENT_LIMITS } from '../../../shared/api/comments.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { createCommentsPersonalData } from './personal-data.ts';
import { commentsRoutes } from './routes.ts';
import { type CommentsAccounts, type CommentsNotes, type CommentsReader, CommentsService, type MayComment } from './service.ts';
import { CommentsStore } from './store.ts';
import type { CommentsTables } from './tables.ts';

export interface CommentsModuleDeps {
  db: Db;
  events: EventBus;
  kit: RouteKit;
  notes: CommentsNotes;
  reader: CommentsReader;
  accounts: CommentsAccounts;
  /** the note author's "who may comment" control; default: everyone may */
  mayComment?: MayComment;
  /** every comment is screened by it (none: everything allowed) */
  policy?: ContentPolicy;
  /** the longest comment in weighted units (a Chinese character counts 2); default 1000 */
  maxBodyUnits?: number;
}

export interface CommentsModule {
  service: CommentsService;
  routes: FastifyPluginAsyncTypebox;
  /** the person's comments and comment likes: exported and erased */
  personalData: PersonalData;
}

export function createCommentsModule(deps: CommentsModuleDeps): CommentsModule {
  const db = scoped<CommentsTables>(deps.db);
  const service = new CommentsService(
    new CommentsStore(db),
    deps.notes,
    deps.reader,
    deps.accounts,
    deps.events,
    { maxBodyUnits: deps.maxBodyUnits ?? COMMENT_LIMITS.bodyUnits },
    deps.mayComment,
    deps.policy,
  );
  const personalData = createCommentsPersonalData({
    db,
    notes: deps.notes,
    handleOf: async (userId) => (await deps.accounts.me(userId).catch(() => null))?.handle ?? null,
  });
  return { service, routes: commentsRoutes(service, deps.kit), personalData };
}

export { CommentsService, type MayComment } from './service.ts';
