// Liveness and readiness, as a module like any other.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../platform/db/index.ts';
import { systemRoutes } from './routes.ts';

export function createSystemModule(deps: { db: Db }): { routes: FastifyPluginAsyncTypebox } {
  return { routes: systemRoutes(deps.db) };
}
