// The notifications HTTP surface: auth and validation, then the service. (Live updates come over
// the realtime gateway's `user:<id>` topic.)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PageQuery } from '../../../shared/api/common.ts';
import { MarkReadBody, NotificationPage, UnreadCount } from '../../../shared/api/notify.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, type RouteKit } from '../../platform/routes.ts';
import type { NotifyService } from './service.ts';

const tags = ['notifications'];

export function notifyRoutes(service: NotifyService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/v1/notifications',
      {
        schema: {
          tags,
          operationId: 'listNotifications',
          summary: 'My notifications, grouped, newest first',
          querystring: PageQuery,
          response: { 200: NotificationPage, ...errors },
        },
      },
      async (req) => service.list(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/notifications/unread-count',
      { schema: { tags, operationId: 'countUnreadNotifications', summary: 'How many items are unread', response: { 200: UnreadCount, ...errors } } },
      async (req) => ({ unread: await service.unreadCount(requireAuth(req).userId) }),
    );

    app.post(
      '/api/v1/notifications/read',
      {
        schema: {
          tags,
          operationId: 'markNotificationsRead',
          summary: 'Mark items (each with the older events of its group) or everything read',
          body: MarkReadBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        await service.markRead(await kit.writer(req), req.body);
        return reply.code(204).send(null);
      },
    );
  };
}
