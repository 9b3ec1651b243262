// The boards module as the composition root wires it: `createBoardsModule(deps)` gives the service
// (for other modules) and the routes (a Fastify plugin taking no options: `app.register(routes)`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { boardsRoutes } from './routes.ts';
import { type BoardsAccounts, type BoardsNotes, type BoardsReader, BoardsService } from './service.ts';
import { BoardsStore } from './store.ts';
import type { BoardsTables } from './tables.ts';

export interface BoardsModuleDeps {
  db: Db;
  events: EventBus;
  kit: RouteKit;
  notes: BoardsNotes;
  reader: BoardsReader;
  accounts: BoardsAccounts;
}

export interface BoardsModule {
  service: BoardsService;
  routes: FastifyPluginAsyncTypebox;
}

export function createBoardsModule(deps: BoardsModuleDeps): BoardsModule {
  const service = new BoardsService(new BoardsStore(scoped<BoardsTables>(deps.db)), deps.events, deps.notes, deps.reader, deps.accounts);
  // A deleted note leaves every board, so boards count only what they can show.
  deps.events.on('note.deleted', 'boards', ({ noteId }) => service.noteDeleted(noteId));
  return { service, routes: boardsRoutes(service, deps.kit) };
}

export { BoardsService } from './service.ts';
