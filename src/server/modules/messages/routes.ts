// The conversations HTTP surface: the inbox, starting DMs and groups, one's own standing (accept,
// decline, mute, auto-translate, leave), history and posting. Groups' routes are in routes-groups.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MemberSettingsBody, MessageIdParams, ReadBody } from '../../../shared/api/conversations.ts';
import {
  ChatIdParams,
  ChatItem,
  ConversationList,
  ConversationListQuery,
  ConversationView,
  CreateConversationBody,
  HistoryPage,
  HistoryQuery,
  MessageBody,
  UpdateConversationBody,
} from '../../../shared/api/messages.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import { groupRoutes } from './routes-groups.ts';
import type { MessagesService } from './service.ts';

const tags = ['conversations'];

export function messagesRoutes(s: MessagesService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    const writer = kit.writer;
    const reader = (req: Parameters<typeof requireAuth>[0]) => requireAuth(req).userId;

    app.get(
      '/api/v1/conversations',
      {
        schema: {
          tags,
          operationId: 'listConversations',
          summary: 'My conversations (inbox) or message requests, most recently active first',
          querystring: ConversationListQuery,
          response: { 200: ConversationList, ...errors },
        },
      },
      async (req) => s.conversations.list(reader(req), req.query.box ?? 'inbox', req.query.cursor, req.query.limit ?? 30),
    );

    app.post(
      '/api/v1/conversations',
      {
        schema: {
          tags,
          operationId: 'createConversation',
          summary: 'Start a conversation: one handle and no name opens the DM with them (the existing one if any); more, or a name, makes a group',
          description:
            'Answers 201 with the conversation, new or existing. Someone who does not follow you gets it as a message request; ' +
            'starting such conversations is limited per day (429 rate_limited).',
          body: CreateConversationBody,
          response: { 201: ConversationView, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await s.conversations.create(await writer(req), req.body)),
    );

    app.get(
      '/api/v1/conversations/:id',
      {
        schema: {
          tags,
          operationId: 'getConversation',
          summary: 'One conversation I am in',
          params: ChatIdParams,
          response: { 200: ConversationView, ...errors },
        },
      },
      async (req) => s.conversations.get(reader(req), req.params.id),
    );

    app.patch(
      '/api/v1/conversations/:id',
      {
        schema: {
          tags,
          operationId: 'updateConversation',
          summary: "Rename a group or change its avatar (owner and admins; avatar: an upload with purpose 'avatar')",
          params: ChatIdParams,
          body: UpdateConversationBody,
          response: { 200: ConversationView, ...errors },
        },
      },
      async (req) => s.conversations.update(await writer(req), req.params.id, req.body),
    );

    app.patch(
      '/api/v1/conversations/:id/me',
      {
        schema: {
          tags,
          operationId: 'updateMyConversationSettings',
          summary: 'Mute the conversation, or have its messages translated automatically, for me',
          params: ChatIdParams,
          body: MemberSettingsBody,
          response: { 200: ConversationView, ...errors },
        },
      },
      async (req) => s.conversations.settings(await writer(req), req.params.id, req.body),
    );

    for (const [action, summary] of [
      ['accept', 'Accept a message request'],
      ['decline', 'Decline a message request'],
      ['leave', 'Leave a group (an owner hands it on), or hide a DM until its next message'],
    ] as const) {
      app.post(
        `/api/v1/conversations/:id/${action}`,
        {
          schema: {
            tags,
            operationId: `${action}Conversation`,
            summary,
            params: ChatIdParams,
            response: action === 'accept' ? { 200: ConversationView, ...errors } : noContent,
          },
        },
        async (req, reply) => {
          const userId = await writer(req);
          if (action === 'accept') return s.conversations.accept(userId, req.params.id);
          await (action === 'decline' ? s.conversations.decline(userId, req.params.id) : s.conversations.leave(userId, req.params.id));
          return reply.code(204).send(null);
        },
      );
    }

    app.get(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags,
          operationId: 'listMessages',
          summary: 'History: the newest messages, older ones with ?before=<seq>, newer ones with ?after=<seq>; oldest first',
          params: ChatIdParams,
          querystring: HistoryQuery,
          response: { 200: HistoryPage, ...errors },
        },
      },
      async (req) => s.posting.history(reader(req), req.params.id, req.query),
    );

    app.post(
      '/api/v1/conversations/:id/messages',
      {
        schema: {
          tags,
          operationId: 'postMessage',
          summary: 'Send a message (text, a photo by media id, or a note by id); 201, or 200 for a retry with a clientId already posted',
          params: ChatIdParams,
          body: MessageBody,
          response: { 200: ChatItem, 201: ChatItem, ...errors },
        },
      },
      async (req, reply) => {
        const { item, duplicate } = await s.posting.send(await writer(req), req.params.id, req.body);
        return reply.code(duplicate ? 200 : 201).send(item);
      },
    );

    app.delete(
      '/api/v1/conversations/:id/messages/:messageId',
      {
        schema: {
          tags,
          operationId: 'deleteMessage',
          summary: "Delete a message (mine; in a group, an admin's too): it stays as a tombstone",
          params: MessageIdParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await s.posting.remove(await writer(req), req.params.id, req.params.messageId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/conversations/:id/read',
      {
        schema: {
          tags,
          operationId: 'markConversationRead',
          summary: 'I have read up to this seq (read receipt; the stream frame `ack` does the same)',
          params: ChatIdParams,
          body: ReadBody,
          response: noContent,
        },
      },
      async (req, reply) => {
        await s.posting.ack(await writer(req), req.params.id, req.body.seq);
        return reply.code(204).send(null);
      },
    );

    await app.register(groupRoutes(s, kit));
  };
}
