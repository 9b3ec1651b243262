// The boards module as the composition root wires it: `createBoardsModule(deps)` gives the service
// (for other modules) and the routes (a Fastify plugin taking no options: `app.register(routes)`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RateRule } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import { boardsRoutes } from './routes.ts';
import { type BoardsAccounts, type BoardsNotes, BoardsService } from './service.ts';
import { BoardsStore } from './store.ts';
import type { BoardsTables } from './tables.ts';

export interface BoardsModuleDeps {
  db: Db;
  notes: BoardsNotes;
  accounts: BoardsAccounts;
  limiter: RateLimiter;
  writesPerUser: RateRule;
}

export interface BoardsModule {
  service: BoardsService;
  routes: FastifyPluginAsyncTypebox;
}

export function createBoardsModule(deps: BoardsModuleDeps): BoardsModule {
  const service = new BoardsService(new BoardsStore(scoped<BoardsTables>(deps.db)), deps.notes, deps.accounts);
  return { service, routes: boardsRoutes({ boards: service, limiter: deps.limiter, writesPerUser: deps.writesPerUser }) };
}

export { BoardsService } from './service.ts';
