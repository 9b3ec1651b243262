// The live rooms' HTTP surface: validation and auth, then straight to the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChatIdParams, ChatItem, CreateRoomBody, HistoryPage, HistoryQuery, RoomView } from '../../../shared/api/messages.ts';
import { PinBody, RoomList, RoomMessageBody, RoomMessageParams, RoomModeratorParams, UpdateRoomBody } from '../../../shared/api/rooms.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { RoomsService } from './service.ts';

const tags = ['rooms'];
const room = { 200: RoomView, ...errors } as const;

export function roomsRoutes(rooms: RoomsService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    const writer = kit.writer;

    app.get(
      '/api/v1/rooms',
      { schema: { tags, operationId: 'listRooms', summary: 'The live rooms, busiest first', response: { 200: RoomList, ...errors } } },
      async (req) => rooms.list(kit.viewer(req)),
    );

    app.post(
      '/api/v1/rooms',
      { schema: { tags, operationId: 'createRoom', summary: 'Create a live room (admins)', body: CreateRoomBody, response: { 201: RoomView, ...errors } } },
      async (req, reply) => reply.code(201).send(await rooms.create(await writer(req), req.body)),
    );

    app.get('/api/v1/rooms/:id', { schema: { tags, operationId: 'getRoom', summary: 'A live room', params: ChatIdParams, response: room } }, async (req) =>
      rooms.view(kit.viewer(req), req.params.id),
    );

    app.patch(
      '/api/v1/rooms/:id',
      {
        schema: {
          tags,
          operationId: 'updateRoom',
          summary: 'Rename a room, change its description or slow mode (moderators)',
          params: ChatIdParams,
          body: UpdateRoomBody,
          response: room,
        },
      },
      async (req) => rooms.update(await writer(req), req.params.id, req.body),
    );

    app.post(
      '/api/v1/rooms/:id/join',
      { schema: { tags, operationId: 'joinRoom', summary: 'Join a live room', params: ChatIdParams, response: room } },
      async (req) => rooms.join(await writer(req), req.params.id),
    );

    app.post(
      '/api/v1/rooms/:id/leave',
      { schema: { tags, operationId: 'leaveRoom', summary: 'Leave a live room', params: ChatIdParams, response: noContent } },
      async (req, reply) => {
        await rooms.leave(await writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/rooms/:id/messages',
      {
        schema: {
          tags,
          operationId: 'listRoomMessages',
          summary: 'A room’s messages, upward from `before` (within the retention window), oldest first',
          params: ChatIdParams,
          querystring: HistoryQuery,
          response: { 200: HistoryPage, ...errors },
        },
      },
      async (req) => rooms.history(requireAuth(req).userId, req.params.id, req.query),
    );

    app.post(
      '/api/v1/rooms/:id/messages',
      {
        schema: {
          tags,
          operationId: 'postRoomMessage',
          summary: 'Post to a live room (members; slow mode and rate limits apply). 200 for a retry of a clientId already posted',
          params: ChatIdParams,
          body: RoomMessageBody,
          response: { 200: ChatItem, 201: ChatItem, ...errors },
        },
      },
      async (req, reply) => {
        const r = await rooms.send(await writer(req), req.params.id, req.body);
        return reply.code(r.duplicate ? 200 : 201).send(r.item);
      },
    );

    app.delete(
      '/api/v1/rooms/:id/messages/:messageId',
      {
        schema: {
          tags,
          operationId: 'deleteRoomMessage',
          summary: 'Delete a message (its author or a moderator)',
          params: RoomMessageParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await rooms.deleteMessage(await writer(req), req.params.id, req.params.messageId);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/v1/rooms/:id/pin',
      { schema: { tags, operationId: 'pinRoomMessage', summary: 'Pin a message (moderators)', params: ChatIdParams, body: PinBody, response: room } },
      async (req) => rooms.pin(await writer(req), req.params.id, req.body.messageId),
    );

    app.delete(
      '/api/v1/rooms/:id/pin',
      { schema: { tags, operationId: 'unpinRoomMessage', summary: 'Unpin the pinned message (moderators)', params: ChatIdParams, response: room } },
      async (req) => rooms.pin(await writer(req), req.params.id, null),
    );

    app.put(
      '/api/v1/rooms/:id/moderators/:handle',
      {
        schema: {
          tags,
          operationId: 'addRoomModerator',
          summary: 'Make someone a moderator (the creator or an admin)',
          params: RoomModeratorParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await rooms.setModerator(await writer(req), req.params.id, req.params.handle, true);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/v1/rooms/:id/moderators/:handle',
      {
        schema: {
          tags,
          operationId: 'removeRoomModerator',
          summary: 'Make a moderator a plain member (the creator or an admin)',
          params: RoomModeratorParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await rooms.setModerator(await writer(req), req.params.id, req.params.handle, false);
        return reply.code(204).send(null);
      },
    );
  };
}
