// Liveness and readiness, for people and load balancers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../../platform/db/index.ts';
import { sendProblem } from '../../platform/http.ts';

const Health = Type.Object({ status: Type.String() });

export const systemRoutes =
  (db: Db): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['system'], operationId: 'health', summary: 'Liveness: the process answers', response: { 200: Health } } },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/api/ready',
      {
        schema: {
          tags: ['system'],
          operationId: 'ready',
          summary: 'Readiness: the database answers',
          response: { 200: Type.Object({ status: Type.String(), database: Type.String() }), 503: { $ref: 'Problem#' } },
        },
      },
      async (req, reply) => {
        try {
          await db.ping();
          return { status: 'ready', database: db.kind };
        } catch (err) {
          req.log.warn({ err }, 'readiness: database did not answer');
          return sendProblem(reply, 503, 'not_ready', 'The database does not answer.');
        }
      },
    );
  };
