// The notifications HTTP surface and the live stream: auth and validation, then the service or hub.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PageQuery } from '../../../shared/api/common.ts';
import { MarkReadBody, NotificationPage, UnreadCount } from '../../../shared/api/notify.ts';
import { requireAuth } from '../../platform/auth.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { NotifyService } from './service.ts';
import type { LiveHub, LiveSocket } from './ws.ts';

export interface NotifyRouteOptions {
  /** The site's public origin (from PUBLIC_URL); null: the request's own protocol and Host. */
  publicOrigin?: string | null;
}

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 429: problem };
// Clients send nothing on the stream; a small cap keeps a hostile peer from making us buffer.
const MAX_CLIENT_PAYLOAD = 1024;

/**
 * Cross-site WebSocket hijacking: a page on any site can open a socket to us and the browser adds our
 * cookie. Browsers always send Origin on a WebSocket handshake, so a cookie-authenticated upgrade must
 * come from our own origin. Bearer clients are not exposed (a foreign page cannot set the header).
 */
function checkStreamOrigin(req: FastifyRequest, publicOrigin: string | null): void {
  if (req.auth?.via !== 'cookie') return;
  const own = publicOrigin ?? `${req.protocol}://${req.headers.host ?? ''}`;
  if (req.headers.origin !== own) throw new ForbiddenError('This connection did not come from a Biji page (Origin check failed).', 'csrf_failed');
}

export function notifyRoutes(service: NotifyService, hub: LiveHub): FastifyPluginAsyncTypebox<NotifyRouteOptions> {
  return async (app, opts) => {
    const publicOrigin = opts.publicOrigin ?? null;
    // Registered here, so its hooks stay inside this plugin. It listens to the server's upgrade
    // events, so no other plugin may register it again (move it to app.ts when chat needs it too).
    await app.register(websocket, {
      options: { maxPayload: MAX_CLIENT_PAYLOAD },
      // Instead of the plugin's plain close of every client: the hub's close has a grace and a cut-off.
      preClose: async () => {
        await hub.close();
        app.websocketServer.close();
      },
    });

    app.get(
      '/api/v1/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'My notifications, grouped, newest first',
          querystring: PageQuery,
          response: { 200: NotificationPage, ...errors },
        },
      },
      async (req) => service.list(requireAuth(req).userId, req.query.cursor, req.query.limit ?? 20),
    );

    app.get(
      '/api/v1/notifications/unread-count',
      { schema: { tags: ['notifications'], summary: 'How many items are unread', response: { 200: UnreadCount, ...errors } } },
      async (req) => ({ unread: await service.unreadCount(requireAuth(req).userId) }),
    );

    app.post(
      '/api/v1/notifications/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark items (each with the older events of its group) or everything read',
          body: MarkReadBody,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (req, reply) => {
        await service.markRead(requireAuth(req).userId, req.body);
        return reply.code(204).send(null);
      },
    );

    app.route({
      method: 'GET',
      url: '/api/v1/stream',
      schema: {
        tags: ['notifications'],
        summary: 'Live updates (WebSocket)',
        description:
          'Upgrade to a WebSocket, signed in by the session cookie (same-origin pages only) or a bearer token. ' +
          'Messages are JSON: {type:"hello",unread} first, then {type:"notification",unread} and {type:"read",unread}. ' +
          'Close code 4429: too many open connections.',
        response: { 426: problem, ...errors },
      },
      // Refused before the upgrade, with an ordinary problem+json response.
      onRequest: async (req) => {
        requireAuth(req);
        checkStreamOrigin(req, publicOrigin);
      },
      handler: async () => {
        throw new AppError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.', undefined, { upgrade: 'websocket' });
      },
      wsHandler: (socket: LiveSocket, req) => {
        void hub.attach(requireAuth(req).userId, socket);
      },
    });
  };
}
