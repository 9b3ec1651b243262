// The one WebSocket endpoint, `/api/v1/stream`: signed in by the session cookie (same-origin pages
// only) or a bearer token, refused before the upgrade with ordinary problem+json when not.
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { MAX_CLIENT_FRAME_BYTES } from '../../../shared/api/stream.ts';
import { requireAuth } from '../auth.ts';
import { AppError, ForbiddenError } from '../errors.ts';
import type { Gateway, LiveSocket } from './gateway.ts';

/** Clients send small frames (a chat message at most): the cap keeps a hostile peer from making us buffer; past it, close 1009. */
const MAX_CLIENT_PAYLOAD = MAX_CLIENT_FRAME_BYTES;
const problem = { $ref: 'Problem#' } as const;

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

export function streamRoutes(gateway: Gateway, publicOrigin: string | null): FastifyPluginAsync {
  return async (app) => {
    // Registered once for the whole server (it listens to the server's upgrade events).
    await app.register(websocket, {
      options: { maxPayload: MAX_CLIENT_PAYLOAD },
      // Instead of the plugin's plain close of every client: the gateway's close has a grace and a cut-off.
      preClose: async () => {
        await gateway.close();
        app.websocketServer.close();
      },
    });
    app.route({
      method: 'GET',
      url: '/api/v1/stream',
      schema: {
        tags: ['realtime'],
        operationId: 'openStream',
        summary: 'Live updates (WebSocket)',
        description:
          'Upgrade to a WebSocket, signed in by the session cookie (same-origin pages only) or a bearer token. ' +
          'The connection holds topics: `user:<your id>` from the start (notifications: {type:"hello",unread} first, then ' +
          '{type:"notification",unread} and {type:"read",unread}); send {type:"subscribe"|"unsubscribe",topic} for others and ' +
          '{type:"ping"} to get {type:"pong"}. Every frame names its topic. {type:"resync"} means messages were dropped ' +
          'because the client fell behind: reload what you show. Close code 4429: too many open connections.',
        response: { 426: problem, 401: problem, 403: problem },
      },
      onRequest: async (req) => {
        requireAuth(req);
        checkStreamOrigin(req, publicOrigin);
      },
      handler: async () => {
        throw new AppError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.', undefined, { upgrade: 'websocket' });
      },
      wsHandler: (socket: LiveSocket, req) => {
        void gateway.attach(requireAuth(req).userId, socket);
      },
    });
  };
}
