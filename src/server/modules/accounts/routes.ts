// The accounts HTTP surface: validation and auth, then straight to the service.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AuthResult,
  HandleParams,
  LogInBody,
  Me,
  Profile,
  SessionIdParams,
  SessionList,
  SignUpBody,
  UpdateMeBody,
  UserPage,
} from '../../../shared/api/accounts.ts';
import { PageQuery } from '../../../shared/api/common.ts';
import { clearSessionCookie, requireAuth, setSessionCookie } from '../../platform/auth.ts';
import type { AccountsService } from './service.ts';

export interface AccountsRouteDeps {
  accounts: AccountsService;
  sessionTtlDays: number;
  secureCookies: (req: { protocol: string }) => boolean;
}

const problem = { $ref: 'Problem#' } as const;
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 429: problem };
const noContent = { 204: Type.Null(), ...errors };

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRouteDeps> = async (app, deps) => {
  const { accounts } = deps;
  const meta = (req: { ip: string; headers: Record<string, string | string[] | undefined> }) => ({
    ip: req.ip ?? null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  });
  const maxAge = deps.sessionTtlDays * 86_400;

  app.post(
    '/api/v1/accounts',
    { schema: { tags: ['accounts'], summary: 'Sign up', body: SignUpBody, response: { 201: AuthResult, ...errors } } },
    async (req, reply) => {
      const { user, token } = await accounts.signUp(req.body, meta(req));
      setSessionCookie(reply, token, maxAge, deps.secureCookies(req));
      return reply.code(201).send({ user, token });
    },
  );

  app.post(
    '/api/v1/sessions',
    { schema: { tags: ['accounts'], summary: 'Log in', body: LogInBody, response: { 200: AuthResult, ...errors } } },
    async (req, reply) => {
      const { user, token } = await accounts.logIn(req.body, meta(req));
      setSessionCookie(reply, token, maxAge, deps.secureCookies(req));
      return { user, token };
    },
  );

  app.delete('/api/v1/sessions/current', { schema: { tags: ['accounts'], summary: 'Log out', response: noContent } }, async (req, reply) => {
    await accounts.logOut(requireAuth(req));
    clearSessionCookie(reply, deps.secureCookies(req));
    return reply.code(204).send(null);
  });

  app.get('/api/v1/sessions', { schema: { tags: ['accounts'], summary: 'My sessions', response: { 200: SessionList, ...errors } } }, async (req) => ({
    items: await accounts.listSessions(requireAuth(req)),
  }));

  app.delete(
    '/api/v1/sessions/:id',
    { schema: { tags: ['accounts'], summary: 'Revoke a session', params: SessionIdParams, response: noContent } },
    async (req, reply) => {
      const auth = requireAuth(req);
      await accounts.revokeSession(auth, req.params.id);
      if (req.params.id === auth.sessionId) clearSessionCookie(reply, deps.secureCookies(req));
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/me', { schema: { tags: ['accounts'], summary: 'The signed-in person', response: { 200: Me, ...errors } } }, async (req) =>
    accounts.me(requireAuth(req).userId),
  );

  app.patch('/api/v1/me', { schema: { tags: ['accounts'], summary: 'Edit my profile', body: UpdateMeBody, response: { 200: Me, ...errors } } }, async (req) =>
    accounts.updateMe(requireAuth(req).userId, req.body),
  );

  app.put(
    '/api/v1/me/avatar',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Set my avatar (an upload made with purpose "avatar"), or remove it with null',
        body: Type.Object({ mediaId: Type.Union([Type.String({ pattern: '^[0-9a-f-]{36}$' }), Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Me, ...errors },
      },
    },
    async (req) => accounts.setAvatar(requireAuth(req).userId, req.body.mediaId),
  );

  app.get(
    '/api/v1/users/:handle',
    { schema: { tags: ['accounts'], summary: 'A public profile', params: HandleParams, response: { 200: Profile, ...errors } } },
    async (req) => accounts.profile(req.auth?.userId ?? null, req.params.handle),
  );

  for (const which of ['followers', 'following'] as const) {
    app.get(
      `/api/v1/users/:handle/${which}`,
      {
        schema: { tags: ['accounts'], summary: `${which} of a person`, params: HandleParams, querystring: PageQuery, response: { 200: UserPage, ...errors } },
      },
      async (req) => accounts.followList(req.auth?.userId ?? null, req.params.handle, which, req.query.cursor, req.query.limit ?? 20),
    );
  }

  const edges = [
    ['follow', (v: string, h: string, on: boolean) => (on ? accounts.follow(v, h) : accounts.unfollow(v, h))],
    ['block', (v: string, h: string, on: boolean) => accounts.setEdge('blocks', v, h, on)],
    ['mute', (v: string, h: string, on: boolean) => accounts.setEdge('mutes', v, h, on)],
  ] as const;
  for (const [name, apply] of edges) {
    for (const on of [true, false]) {
      app.route({
        method: on ? 'PUT' : 'DELETE',
        url: `/api/v1/users/:handle/${name}`,
        schema: { tags: ['accounts'], summary: `${on ? '' : 'un'}${name} a person`, params: HandleParams, response: noContent },
        handler: async (req, reply) => {
          await apply(requireAuth(req).userId, (req.params as { handle: string }).handle, on);
          return reply.code(204).send(null);
        },
      });
    }
  }
};
