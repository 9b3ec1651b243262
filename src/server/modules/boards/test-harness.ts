// Tests of boards and comments: the whole app on a fresh database, plus this module pair built
// again on the same context with a recording notifier, so tests can assert who was told what.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { assertNo5xx, testConfig } from '../../../../test/support/app.ts';
import { freshDb } from '../../../../test/support/db.ts';
import { type AppContext, buildApp } from '../../app.ts';
import type { DbKind } from '../../platform/db/index.ts';
import { createCommentsModule } from '../comments/index.ts';
import type { CommentsService } from '../comments/service.ts';
import type { NotifyPort } from '../notes/ports.ts';
import { createBoardsModule } from './index.ts';
import type { BoardsService } from './service.ts';

export type NotifyEvent = Parameters<NotifyPort['notify']>[0];

export interface InteractionsTest {
  app: FastifyInstance;
  ctx: AppContext;
  logs: string[];
  boards: BoardsService;
  comments: CommentsService;
  /** every notification the comments and boards above sent, in order */
  events: NotifyEvent[];
  close(): Promise<void>;
}

export async function interactionsTest(kind: DbKind, env: Record<string, string> = {}): Promise<InteractionsTest> {
  const db = await freshDb(kind);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const { app, ctx } = await buildApp(testConfig(db.dataDir, env), { dbTarget: db.target, logStream });
  const events: NotifyEvent[] = [];
  const notifier: NotifyPort = {
    notify: async (e) => {
      events.push(e);
    },
  };
  const common = { db: ctx.db, notes: ctx.notes, accounts: ctx.accounts, limiter: ctx.limiter, writesPerUser: ctx.config.rateLimits.writesPerUser };
  const boards = createBoardsModule(common);
  const comments = createCommentsModule({ ...common, notifier });
  // While the composition root does not register these modules yet, the tests do.
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/boards' })) await app.register(boards.routes);
  if (!app.hasRoute({ method: 'POST', url: '/api/v1/notes/:id/comments' })) await app.register(comments.routes);
  await app.ready();
  return {
    app,
    ctx,
    logs,
    boards: boards.service,
    comments: comments.service,
    events,
    close: async () => {
      await app.close();
      await db.drop();
      assertNo5xx(logs);
    },
  };
}
