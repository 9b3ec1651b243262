// The boards module as the composition root wires it: `createBoardsModule(deps)` gives the service
// (for other modules) and the routes (a Fastify plugin taking no options: `app.register(routes)`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { createBoardsPersonalData } from './personal-data.ts';
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
  /** board names are screened by it (none: everything allowed) */
  policy?: ContentPolicy;
}

export interface BoardsModule {
  service: BoardsService;
  routes: FastifyPluginAsyncTypebox;
  /** the person's boards with their notes and links: exported and erased */
  personalData: PersonalData;
}

export function createBoardsModule(deps: BoardsModuleDeps): BoardsModule {
  const db = scoped<BoardsTables>(deps.db);
  const service = new BoardsService(new BoardsStore(db), deps.events, deps.notes, deps.reader, deps.accounts, deps.policy);
  // A deleted note leaves every board, so boards count only what they can show.
  deps.events.on('note.deleted', 'boards', ({ noteId }) => service.noteDeleted(noteId));
  const personalData = createBoardsPersonalData({ db, authoredNoteIds: (userId) => deps.notes.authoredNoteIds(userId) });
  return { service, routes: boardsRoutes(service, deps.kit), personalData };
}

export type { NewBoardLink } from './links.ts';
export { BoardsService } from './service.ts';
