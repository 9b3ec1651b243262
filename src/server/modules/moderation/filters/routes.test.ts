// The word lists over HTTP (SQLite and PostgreSQL): admins only, the shared contract's schemas,
// problem+json for every refusal. The routes are mounted on an app built from the test context
// (accounts for sign-up and sessions, the platform's error handling), as app.ts mounts them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Account, bearer, ORIGIN, signUp, testContext } from '../../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../../test/support/db.ts';
import { assertProblem } from '../../../../../test/support/problem.ts';
import { Problem } from '../../../../shared/api/common.ts';
import type { FilterList } from '../../../../shared/api/moderation.ts';
import type { AppContext } from '../../../app.ts';
import { authPlugin } from '../../../platform/auth.ts';
import { httpServerOptions, installErrorHandling, installJsonParser } from '../../../platform/http.ts';
import { filterRoutes } from './routes.ts';
import { BUILTIN_LISTS, type FilterAuditEntry, FilterService } from './service.ts';

async function filtersApp(ctx: AppContext, audit: FilterAuditEntry[]): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, ...httpServerOptions() }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  app.removeContentTypeParser(['text/plain']);
  installJsonParser(app);
  app.addSchema(Problem);
  await app.register(cookie);
  await app.register(authPlugin, { authenticate: (token) => ctx.accounts.authenticate(token), publicOrigin: null });
  await app.register(ctx.modules.accounts.routes);
  const service = new FilterService({ db: ctx.db, cache: ctx.cache, audit: async (e) => void audit.push(e) });
  await app.register(filterRoutes(service, ctx.kit));
  await app.ready();
  return app;
}

for (const kind of DB_KINDS) {
  describe(`word lists routes [${kind}]`, () => {
    let close: () => Promise<void>;
    let app: FastifyInstance;
    let admin: Account;
    let member: Account;
    const audit: FilterAuditEntry[] = [];
    const as = (who: Account | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      app.inject({ method, url, headers: { origin: ORIGIN, ...(who ? bearer(who) : {}) }, ...(payload === undefined ? {} : { payload: payload as object }) });

    before(async () => {
      const t = await testContext(kind);
      close = t.close;
      app = await filtersApp(t.ctx, audit);
      admin = await signUp(app, 'filters_admin');
      member = await signUp(app, 'filters_member');
    });
    after(async () => {
      await app.close();
      await close();
    });

    it('lists the built-in lists to an admin', async () => {
      const res = await as(admin, 'GET', '/api/v1/moderation/filters');
      assert.equal(res.statusCode, 200);
      const { items } = res.json() as { items: FilterList[] };
      assert.deepEqual(
        items.map((l) => [l.builtin, l.action, l.enabled]),
        [
          ['en', 'hold', true],
          ['zh', 'hold', true],
        ],
      );
    });

    it('answers 401 to a visitor and 403 admins_only to a member, on every route', async () => {
      const id = BUILTIN_LISTS.en.id;
      const calls = [
        ['GET', '/api/v1/moderation/filters', undefined],
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'hold' }],
        ['PATCH', `/api/v1/moderation/filters/${id}`, { enabled: false }],
        ['DELETE', `/api/v1/moderation/filters/${id}`, undefined],
        ['POST', '/api/v1/moderation/filters/test', { text: 'hello' }],
      ] as const;
      for (const [method, url, body] of calls) {
        assertProblem(await as(null, method, url, body), 401, 'unauthenticated');
        assertProblem(await as(member, method, url, body), 403, 'admins_only');
      }
      const { items } = (await as(admin, 'GET', '/api/v1/moderation/filters')).json() as { items: FilterList[] };
      assert.equal(items.find((l) => l.id === id)?.enabled, true, 'the refused edit changed nothing');
    });

    it('creates, edits, tries and deletes a list', async () => {
      const created = await as(admin, 'POST', '/api/v1/moderation/filters', { name: 'Spam', action: 'refuse', terms: ['free iphone', '免费领取'] });
      assert.equal(created.statusCode, 201);
      const list = created.json() as FilterList;
      assert.deepEqual(
        [list.name, list.builtin, list.action, list.enabled, list.terms, list.builtinTermCount],
        ['Spam', null, 'refuse', true, ['free iphone', '免费领取'], 0],
      );

      const tried = await as(admin, 'POST', '/api/v1/moderation/filters/test', { text: 'FREE iPhone here, 免費領取' });
      assert.equal(tried.statusCode, 200);
      assert.deepEqual(tried.json(), {
        action: 'refuse',
        hits: [
          { list: 'Spam', term: 'free iphone', action: 'refuse' },
          { list: 'Spam', term: '免费领取', action: 'refuse' },
        ],
      });

      const edited = await as(admin, 'PATCH', `/api/v1/moderation/filters/${list.id}`, { action: 'sensitive', allowed: ['free iphone case'] });
      assert.equal(edited.statusCode, 200);
      assert.equal((edited.json() as FilterList).action, 'sensitive');
      const clean = await as(admin, 'POST', '/api/v1/moderation/filters/test', { text: 'a free iphone case' });
      assert.deepEqual(clean.json(), { action: null, hits: [] });

      const deleted = await as(admin, 'DELETE', `/api/v1/moderation/filters/${list.id}`);
      assert.equal(deleted.statusCode, 204);
      assertProblem(await as(admin, 'DELETE', `/api/v1/moderation/filters/${list.id}`), 404, 'not_found');
      assert.deepEqual(
        audit.filter((e) => e.targetId === list.id).map((e) => e.actorId),
        [admin.id, admin.id, admin.id],
      );
    });

    it('keeps the built-in lists: 409 on delete, editable otherwise', async () => {
      assertProblem(await as(admin, 'DELETE', `/api/v1/moderation/filters/${BUILTIN_LISTS.zh.id}`), 409, 'conflict');
      const res = await as(admin, 'PATCH', `/api/v1/moderation/filters/${BUILTIN_LISTS.zh.id}`, { action: 'sensitive' });
      assert.equal((res.json() as FilterList).action, 'sensitive');
      const tried = await as(admin, 'POST', '/api/v1/moderation/filters/test', { text: '你個傻逼' });
      assert.deepEqual(tried.json(), { action: 'sensitive', hits: [{ list: 'Chinese', term: '傻逼', action: 'sensitive' }] });
    });

    it('answers 400 problem+json to bad bodies and ids', async () => {
      const bad = [
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'delete' }],
        ['POST', '/api/v1/moderation/filters', { name: '', action: 'hold' }],
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'hold', terms: ['x'.repeat(41)] }],
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'hold', extra: 1 }],
        ['POST', '/api/v1/moderation/filters', { name: 'x', action: 'hold', terms: ['!!!'] }],
        ['PATCH', `/api/v1/moderation/filters/${BUILTIN_LISTS.en.id}`, {}],
        ['PATCH', '/api/v1/moderation/filters/not-an-id', { enabled: true }],
        ['POST', '/api/v1/moderation/filters/test', { text: '' }],
      ] as const;
      for (const [method, url, body] of bad) assertProblem(await as(admin, method, url, body), 400, 'validation_failed');
    });
  });
}
