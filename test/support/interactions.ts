// Tests of boards and comments: the whole app on a fresh database, with the notifications it stored
// readable as plain events, so tests can assert who was told what.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/server/app.ts';
import type { BoardsService } from '../../src/server/modules/boards/index.ts';
import type { CommentsService } from '../../src/server/modules/comments/index.ts';
import type { NotifyEvent } from '../../src/server/modules/notify/index.ts';
import type { DbKind } from '../../src/server/platform/db/index.ts';
import { assertNo5xx, testApp } from './app.ts';

export interface InteractionsTest {
  app: FastifyInstance;
  ctx: AppContext;
  logs: string[];
  boards: BoardsService;
  comments: CommentsService;
  /** every notification stored so far, oldest first */
  notifications(): Promise<NotifyEvent[]>;
  close(): Promise<void>;
}

export async function interactionsTest(kind: DbKind, env: Record<string, string> = {}): Promise<InteractionsTest> {
  const t = await testApp(kind, env);
  return {
    app: t.app,
    ctx: t.ctx,
    logs: t.logs,
    boards: t.ctx.boards.service,
    comments: t.ctx.comments.service,
    notifications: async () => {
      const rows = await t.ctx.db.kysely
        .selectFrom('notifications')
        .select(['recipient_id', 'kind', 'actor_id', 'subject_id', 'comment_id'])
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        recipientId: r.recipient_id,
        kind: r.kind,
        actorId: r.actor_id,
        ...(r.subject_id ? { subjectId: r.subject_id } : {}),
        ...(r.comment_id ? { commentId: r.comment_id } : {}),
      }));
    },
    close: async () => {
      await t.close();
      assertNo5xx(t.logs);
    },
  };
}
