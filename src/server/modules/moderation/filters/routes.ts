// The word lists' HTTP surface, for admins: list, create, edit, delete, and try a text.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { CreateFilterListBody, FilterList, FilterListPage, FilterTestBody, FilterTestResult, UpdateFilterListBody } from '../../../../shared/api/moderation.ts';
import { requireAuth } from '../../../platform/auth.ts';
import { ForbiddenError } from '../../../platform/errors.ts';
import { errorResponses as errors, noContent, type RouteKit } from '../../../platform/routes.ts';
import type { FilterService } from './service.ts';

const tags = ['moderation'];
const ListParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' }) },
  { additionalProperties: false },
);

/** Signed in (401) and an admin (403 admins_only). */
function requireAdmin(req: FastifyRequest): string {
  const auth = requireAuth(req);
  if (auth.role !== 'admin') throw new ForbiddenError('Only admins may see and edit the word lists.', 'admins_only');
  return auth.userId;
}

export function filterRoutes(filters: FilterService, kit: RouteKit): FastifyPluginAsyncTypebox {
  return async (app) => {
    /** An admin, within their write budget. */
    const adminWriter = async (req: FastifyRequest) => {
      requireAdmin(req);
      return kit.writer(req);
    };

    app.get(
      '/api/v1/moderation/filters',
      {
        schema: { tags, operationId: 'listFilterLists', summary: 'The word lists and what a hit does (admins)', response: { 200: FilterListPage, ...errors } },
      },
      async (req) => {
        requireAdmin(req);
        return { items: await filters.lists() };
      },
    );

    app.post(
      '/api/v1/moderation/filters',
      {
        schema: {
          tags,
          operationId: 'createFilterList',
          summary: 'Make a word list (admins)',
          body: CreateFilterListBody,
          response: { 201: FilterList, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await filters.create(await adminWriter(req), req.body)),
    );

    app.post(
      '/api/v1/moderation/filters/test',
      {
        schema: {
          tags,
          operationId: 'testFilterLists',
          summary: 'Try a text against the word lists as they stand (admins)',
          body: FilterTestBody,
          response: { 200: FilterTestResult, ...errors },
        },
      },
      async (req) => {
        requireAdmin(req);
        // The verdict has FilterTestResult's shape (the cast only bridges the contract's literal-union typing).
        return (await filters.test(req.body.text)) as FilterTestResult;
      },
    );

    app.patch(
      '/api/v1/moderation/filters/:id',
      {
        schema: {
          tags,
          operationId: 'updateFilterList',
          summary: 'Edit a word list: name, action, on or off, terms, allowed words (admins)',
          params: ListParams,
          body: UpdateFilterListBody,
          response: { 200: FilterList, ...errors },
        },
      },
      async (req) => filters.update(await adminWriter(req), req.params.id, req.body),
    );

    app.delete(
      '/api/v1/moderation/filters/:id',
      {
        schema: {
          tags,
          operationId: 'deleteFilterList',
          summary: 'Delete a word list an admin made (admins; built-in lists can only be disabled)',
          params: ListParams,
          response: noContent,
        },
      },
      async (req, reply) => {
        await filters.remove(await adminWriter(req), req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
