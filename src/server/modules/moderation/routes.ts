// The moderation HTTP surface: reports (anyone signed in), the queue and its actions (moderators),
// the audit log (admins), new accounts on probation (moderators), and what a person is told of
// decisions about them, with their one appeal.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Handle } from '../../../shared/api/accounts.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import {
  AppealBody,
  AuditPage,
  AuditQuery,
  CaseActionBody,
  CaseDetail,
  CasePage,
  CaseParams,
  CaseQuery,
  CreateReportBody,
  ModerationCase,
  ModerationNotice,
  NoticePage,
  ProbationPage,
  ReportReceipt,
} from '../../../shared/api/moderation.ts';
import { requireAuth } from '../../platform/auth.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { CasePresenter } from './present.ts';
import { type ModerationService, type Moderator, requireAdmin, requireModerator } from './service.ts';

const tags = ['moderation'];

export interface ModerationRouteDeps {
  service: ModerationService;
  present: CasePresenter;
  kit: RouteKit;
  /** a person's id by handle (404 when no one) */
  idByHandle(handle: string): Promise<string>;
  uiLanguage(userId: string): Promise<'en' | 'zh'>;
  probationPeople(
    ids: readonly string[],
  ): Promise<Map<string, { handle: string; displayName: string; avatar: { url: string; placeholder?: string } | null; createdAt: string }>>;
}

export function moderationRoutes(d: ModerationRouteDeps): FastifyPluginAsyncTypebox {
  const { service, present, kit } = d;
  const moderator = (req: Parameters<typeof requireAuth>[0]): Moderator => {
    const auth = requireAuth(req);
    return { userId: auth.userId, role: auth.role };
  };
  /** A moderator's write: their write budget (and a suspension) applies like anyone's. */
  const acting = async (req: Parameters<typeof requireAuth>[0]): Promise<Moderator> => {
    const m = moderator(req);
    requireModerator(m);
    await kit.writer(req);
    return m;
  };

  return async (app) => {
    app.post(
      '/api/v1/reports',
      {
        schema: {
          tags,
          operationId: 'createReport',
          summary: 'Report a note, comment, message, room message or person (reports of one thing gather into one case)',
          body: CreateReportBody,
          response: { 201: ReportReceipt, ...errors },
        },
      },
      async (req, reply) => reply.code(201).send(await service.report(await kit.writer(req), req.body)),
    );

    app.get(
      '/api/v1/moderation/cases',
      {
        schema: {
          tags,
          operationId: 'listCases',
          summary: 'The moderation queue (moderators)',
          querystring: CaseQuery,
          response: { 200: CasePage, ...errors },
        },
      },
      async (req) => {
        const m = moderator(req);
        requireModerator(m);
        const limit = req.query.limit ?? 20;
        const status = req.query.status ?? 'open';
        const after = decodeCursor(req.query.cursor, ['time', 'id']) as [string, string] | null;
        const rows = await service.cases(m, status, req.query.targetType, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const key = (r: (typeof rows)[number]) => [status === 'resolved' ? r.updated_at : r.created_at, r.id];
        return { items: await present.cases(page), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
      },
    );

    app.get(
      '/api/v1/moderation/cases/:id',
      {
        schema: {
          tags,
          operationId: 'getCase',
          summary: 'A case in full: content, translation, reports, the author’s history',
          params: CaseParams,
          response: { 200: CaseDetail, ...errors },
        },
      },
      async (req) => {
        const m = moderator(req);
        const c = await service.caseById(m, req.params.id);
        return present.detail(c, await d.uiLanguage(m.userId));
      },
    );

    for (const [method, on] of [
      ['post', true],
      ['delete', false],
    ] as const) {
      app[method](
        '/api/v1/moderation/cases/:id/claim',
        {
          schema: {
            tags,
            operationId: on ? 'claimCase' : 'releaseCase',
            summary: on ? 'Claim a case (others see it is being handled)' : 'Release a claimed case',
            params: CaseParams,
            response: { 200: ModerationCase, ...errors },
          },
        },
        async (req) => {
          const [view] = await present.cases([await service.claim(await acting(req), req.params.id, on)]);
          return view;
        },
      );
    }

    app.post(
      '/api/v1/moderation/cases/:id/actions',
      {
        schema: {
          tags,
          operationId: 'actOnCase',
          summary: 'Resolve a case: dismiss, remove, limit, sensitive, suspend (days), ban; on an appeal, restore or uphold',
          params: CaseParams,
          body: CaseActionBody,
          response: { 200: ModerationCase, ...errors },
        },
      },
      async (req) => {
        const [view] = await present.cases([await service.act(await acting(req), req.params.id, req.body)]);
        return view;
      },
    );

    app.get(
      '/api/v1/moderation/audit',
      {
        schema: {
          tags,
          operationId: 'listAudit',
          summary: 'The audit log of moderator actions, newest first (admins)',
          querystring: AuditQuery,
          response: { 200: AuditPage, ...errors },
        },
      },
      async (req) => {
        const m = moderator(req);
        requireAdmin(m);
        const q = req.query;
        const limit = q.limit ?? 50;
        const before = decodeCursor(q.cursor, ['id'])?.[0] ?? null;
        const actorId = q.actor ? await d.idByHandle(q.actor).catch(() => null) : undefined;
        if (actorId === null) return { items: [], nextCursor: null };
        const rows = await service.audit(
          m,
          {
            ...(actorId ? { actorId } : {}),
            ...(q.action ? { action: q.action } : {}),
            ...(q.caseId ? { caseId: q.caseId } : {}),
            ...(q.targetType ? { targetType: q.targetType } : {}),
          },
          before,
          limit + 1,
        );
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: await present.audit(page), nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
      },
    );

    app.get(
      '/api/v1/moderation/probation',
      {
        schema: {
          tags,
          operationId: 'listProbation',
          summary: 'New accounts whose public notes reach only their followers for now (moderators)',
          querystring: PageQuery,
          response: { 200: ProbationPage, ...errors },
        },
      },
      async (req) => {
        const m = moderator(req);
        const limit = req.query.limit ?? 20;
        const after = decodeCursor(req.query.cursor, ['id'])?.[0] ?? null;
        const rows = await service.probation(m, after, limit + 1);
        const page = rows.slice(0, limit);
        const people = await d.probationPeople(page.map((r) => r.owner_id));
        const last = page[page.length - 1];
        return {
          items: page.flatMap((r) => {
            const p = people.get(r.owner_id);
            return p
              ? [{ handle: p.handle, displayName: p.displayName, avatar: p.avatar, createdAt: p.createdAt, probationUntil: r.until, notes: r.notes }]
              : [];
          }),
          nextCursor: rows.length > limit && last ? encodeCursor([last.owner_id]) : null,
        };
      },
    );

    app.post(
      '/api/v1/moderation/probation/:handle/approve',
      {
        schema: {
          tags,
          operationId: 'approveAccount',
          summary: 'End a new account’s probation now: its public notes reach everyone',
          params: Type.Object({ handle: Handle }, { additionalProperties: false }),
          response: noContent,
        },
      },
      async (req, reply) => {
        const m = await acting(req);
        await service.approve(m, await d.idByHandle(req.params.handle));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/moderation',
      {
        schema: {
          tags,
          operationId: 'listMyNotices',
          summary: 'What moderators did about my content or account, and how my reports ended',
          querystring: PageQuery,
          response: { 200: NoticePage, ...errors },
        },
      },
      async (req) => {
        const userId = requireAuth(req).userId;
        const limit = req.query.limit ?? 20;
        const after = decodeCursor(req.query.cursor, ['time', 'id']) as [string, string] | null;
        const rows = await service.notices(userId, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: await present.notices(page), nextCursor: rows.length > limit && last?.resolved_at ? encodeCursor([last.resolved_at, last.id]) : null };
      },
    );

    app.post(
      '/api/v1/appeals',
      {
        schema: {
          tags,
          operationId: 'appeal',
          summary: 'Appeal a decision about me, once: the case returns to the queue',
          body: AppealBody,
          response: { 201: ModerationNotice, ...errors },
        },
      },
      async (req, reply) => {
        // A suspended person may still appeal (their suspension is what they appeal, most often); each case hears one appeal.
        const userId = await kit.writer(req).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'suspended') return requireAuth(req).userId;
          throw err;
        });
        const c = await service.appeal(userId, req.body.caseId, req.body.text);
        const [notice] = await present.notices([{ ...c, resolved_at: c.resolved_at ?? c.updated_at, mine: 1 }]);
        if (!notice) throw new NotFoundError('No such case.');
        return reply.code(201).send(notice);
      },
    );
  };
}
