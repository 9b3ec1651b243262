// The group routes: members, admins, invite links and the note that carries a group's join link.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AddMembersBody,
  ConversationInviteParams,
  CreateInviteBody,
  InviteList,
  InviteTokenParams,
  MemberPage,
  MemberPageQuery,
  MemberParams,
  NoteGroups,
  NoteLinkBody,
  RoleBody,
} from '../../../shared/api/conversations.ts';
import { ChatIdParams, ConversationView, InvitePreview, InviteView } from '../../../shared/api/messages.ts';
import { NoteIdParams } from '../../../shared/api/notes.ts';
import { requireAuth } from '../../platform/auth.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { MessagesService } from './service.ts';

const tags = ['conversations'];

export function groupRoutes(s: MessagesService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    const writer = kit.writer;
    const g = s.groups;

    app.get(
      '/api/v1/conversations/:id/members',
      {
        schema: {
          tags,
          operationId: 'listConversationMembers',
          summary: 'The people in a conversation, longest-standing first',
          params: ChatIdParams,
          querystring: MemberPageQuery,
          response: { 200: MemberPage, ...errors },
        },
      },
      async (req) => g.members(requireAuth(req).userId, req.params.id, req.query.cursor, req.query.limit ?? 100),
    );

    app.post(
      '/api/v1/conversations/:id/members',
      {
        schema: {
          tags,
          operationId: 'addConversationMembers',
          summary: 'Add people to a group (people who blocked you cannot be added; those who do not follow you get a request)',
          params: ChatIdParams,
          body: AddMembersBody,
          response: { 200: ConversationView, ...errors },
        },
      },
      async (req) => g.add(await writer(req), req.params.id, req.body.members),
    );

    app.delete(
      '/api/v1/conversations/:id/members/:handle',
      {
        schema: {
          tags,
          operationId: 'removeConversationMember',
          summary: 'Remove someone from a group (owner and admins); my own handle: leave',
          params: MemberParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await g.remove(await writer(req), req.params.id, req.params.handle);
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/v1/conversations/:id/members/:handle/role',
      {
        schema: {
          tags,
          operationId: 'setConversationMemberRole',
          summary: 'Make a member an admin, or an admin a member (owner)',
          params: MemberParams,
          body: RoleBody,
          response: noContent,
        },
      },
      async (req, reply) => {
        await g.setRole(await writer(req), req.params.id, req.params.handle, req.body.role);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/conversations/:id/invites',
      {
        schema: {
          tags,
          operationId: 'createInvite',
          summary: 'Make an invite link to a group (owner and admins), optionally expiring',
          params: ChatIdParams,
          body: CreateInviteBody,
          response: { 201: InviteView, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await g.createInvite(await writer(req), req.params.id, req.body.expiresInHours)),
    );

    app.get(
      '/api/v1/conversations/:id/invites',
      {
        schema: {
          tags,
          operationId: 'listInvites',
          summary: "A group's working invite links (owner and admins)",
          params: ChatIdParams,
          response: { 200: InviteList, ...errors },
        },
      },
      async (req) => g.invites(requireAuth(req).userId, req.params.id),
    );

    app.delete(
      '/api/v1/conversations/:id/invites/:token',
      {
        schema: {
          tags,
          operationId: 'revokeInvite',
          summary: 'Revoke an invite link (owner and admins)',
          params: ConversationInviteParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await g.revokeInvite(await writer(req), req.params.id, req.params.token);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/invites/:token',
      {
        schema: {
          tags,
          operationId: 'previewInvite',
          summary: 'What an invite link leads to, before joining',
          params: InviteTokenParams,
          response: { 200: InvitePreview, ...errors },
        },
      },
      async (req) => g.preview(kit.viewer(req), req.params.token),
    );

    app.post(
      '/api/v1/invites/:token/join',
      {
        schema: {
          tags,
          operationId: 'joinByInvite',
          summary: 'Join a group by its invite link',
          params: InviteTokenParams,
          response: { 200: ConversationView, ...errors },
        },
      },
      async (req) => g.join(await writer(req), req.params.token),
    );

    app.put(
      '/api/v1/conversations/:id/note',
      {
        schema: {
          tags,
          operationId: 'linkGroupToNote',
          summary: 'Show the group\'s join link under a note of mine ("join the group chat"; owner)',
          params: ChatIdParams,
          body: NoteLinkBody,
          response: noContent,
        },
      },
      async (req, reply) => {
        await g.linkNote(await writer(req), req.params.id, req.body.note);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/v1/conversations/:id/note',
      {
        schema: {
          tags,
          operationId: 'unlinkGroupFromNote',
          summary: 'Stop showing the group under its note (owner)',
          params: ChatIdParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await g.unlinkNote(await writer(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/notes/:id/groups',
      {
        schema: {
          tags,
          operationId: 'listNoteGroups',
          summary: 'The group chats shown under a note, with their join links (for readers who may see the note)',
          params: NoteIdParams,
          response: { 200: NoteGroups, ...errors },
        },
      },
      async (req) => g.ofNote(kit.viewer(req), req.params.id),
    );
  };
}
