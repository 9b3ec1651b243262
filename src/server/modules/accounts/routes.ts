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
import { DeleteAccountBody, DeletionScheduled } from '../../../shared/api/portability.ts';
import { clearSessionCookie, requireAuth, setSessionCookie } from '../../platform/auth.ts';
import { encodedBy, errorResponses as errors, noContent, type RouteKit } from '../../platform/routes.ts';
import type { AccountsService } from './service.ts';

export interface AccountsRouteDeps {
  accounts: AccountsService;
  kit: RouteKit;
  sessionTtlDays: number;
  secureCookies: (req: { protocol: string }) => boolean;
}

const tags = ['accounts'];

export const accountsRoutes =
  (deps: AccountsRouteDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { accounts, kit } = deps;
    const meta = (req: { ip: string; headers: Record<string, string | string[] | undefined> }) => ({
      ip: req.ip ?? null,
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    });
    const maxAge = deps.sessionTtlDays * 86_400;

    app.post(
      '/api/v1/accounts',
      { schema: { tags, operationId: 'signUp', summary: 'Sign up', body: SignUpBody, response: { 201: AuthResult, ...errors } } },
      async (req, reply) => {
        const { user, token } = await accounts.signUp(req.body, meta(req));
        setSessionCookie(reply, token, maxAge, deps.secureCookies(req));
        return reply.code(201).send({ user, token });
      },
    );

    app.post(
      '/api/v1/sessions',
      { schema: { tags, operationId: 'logIn', summary: 'Log in', body: LogInBody, response: { 200: AuthResult, ...errors } } },
      async (req, reply) => {
        const { user, token, deletionCancelled } = await accounts.logIn(req.body, meta(req));
        setSessionCookie(reply, token, maxAge, deps.secureCookies(req));
        return { user, token, ...(deletionCancelled ? { deletionCancelled } : {}) };
      },
    );

    app.delete('/api/v1/sessions/current', { schema: { tags, operationId: 'logOut', summary: 'Log out', response: noContent } }, async (req, reply) => {
      await accounts.logOut(requireAuth(req));
      clearSessionCookie(reply, deps.secureCookies(req));
      return reply.code(204).send(null);
    });

    app.get(
      '/api/v1/sessions',
      { schema: { tags, operationId: 'listSessions', summary: 'My sessions', response: { 200: SessionList, ...errors } } },
      async (req) => ({
        items: await accounts.listSessions(requireAuth(req)),
      }),
    );

    app.delete(
      '/api/v1/sessions/:id',
      { schema: { tags, operationId: 'revokeSession', summary: 'Revoke a session', params: SessionIdParams, response: noContent } },
      async (req, reply) => {
        const auth = requireAuth(req);
        await accounts.revokeSession(auth, req.params.id);
        if (req.params.id === auth.sessionId) clearSessionCookie(reply, deps.secureCookies(req));
        return reply.code(204).send(null);
      },
    );

    app.get('/api/v1/me', { schema: { tags, operationId: 'getMe', summary: 'The signed-in person', response: { 200: Me, ...errors } } }, async (req) =>
      accounts.me(requireAuth(req).userId),
    );

    app.patch(
      '/api/v1/me',
      { schema: { tags, operationId: 'updateMe', summary: 'Edit my profile', body: UpdateMeBody, response: { 200: Me, ...errors } } },
      async (req) => accounts.updateMe(await kit.writer(req), req.body),
    );

    app.delete(
      '/api/v1/me',
      {
        schema: {
          tags,
          operationId: 'deleteAccount',
          summary: 'Delete my account (with my password): sessions end and the profile is gone now; everything is erased at erasesAt unless I log in before',
          body: DeleteAccountBody,
          response: { 202: DeletionScheduled, ...errors },
        },
      },
      async (req, reply) => {
        const scheduled = await accounts.requestDeletion(await kit.writer(req), req.body.password);
        clearSessionCookie(reply, deps.secureCookies(req));
        return reply.code(202).send(scheduled);
      },
    );

    app.put(
      '/api/v1/me/avatar',
      {
        schema: {
          tags,
          operationId: 'setAvatar',
          summary: 'Set my avatar (an upload made with purpose "avatar"), or remove it with null',
          body: Type.Object({ mediaId: Type.Union([Type.String({ pattern: '^[0-9a-f-]{36}$' }), Type.Null()]) }, { additionalProperties: false }),
          response: { 200: Me, ...errors },
        },
      },
      async (req) => accounts.setAvatar(await kit.writer(req), req.body.mediaId),
    );

    app.get(
      '/api/v1/users/:handle',
      { schema: { tags, operationId: 'getProfile', summary: 'A public profile', params: HandleParams, response: { 200: Profile, ...errors } } },
      async (req, reply) => {
        const viewerId = kit.viewer(req);
        if (viewerId !== null) return accounts.profile(viewerId, req.params.handle);
        // Not signed in: the same bytes for everyone, serialised once a version (by this route's own serialiser).
        const json = await accounts.profileForAnyone(req.params.handle, encodedBy(reply));
        return reply.type('application/json; charset=utf-8').send(json);
      },
    );

    for (const which of ['followers', 'following'] as const) {
      app.get(
        `/api/v1/users/:handle/${which}`,
        {
          schema: {
            tags,
            operationId: which === 'followers' ? 'listFollowers' : 'listFollowing',
            summary: `The ${which === 'followers' ? 'followers' : 'people followed'} of a person`,
            params: HandleParams,
            querystring: PageQuery,
            response: { 200: UserPage, ...errors },
          },
        },
        async (req) => accounts.followList(kit.viewer(req), req.params.handle, which, req.query.cursor, req.query.limit ?? 20),
      );
    }

    const edges = [
      ['follow', ['Follow', 'Unfollow'], (v: string, h: string, on: boolean) => (on ? accounts.follow(v, h) : accounts.unfollow(v, h))],
      ['block', ['Block', 'Unblock'], (v: string, h: string, on: boolean) => accounts.setEdge('blocks', v, h, on)],
      ['mute', ['Mute', 'Unmute'], (v: string, h: string, on: boolean) => accounts.setEdge('mutes', v, h, on)],
    ] as const;
    for (const [name, [does, undoes], apply] of edges) {
      for (const on of [true, false]) {
        app.route({
          method: on ? 'PUT' : 'DELETE',
          url: `/api/v1/users/:handle/${name}`,
          schema: { tags, operationId: `${on ? '' : 'un'}${name}`, summary: `${on ? does : undoes} a person`, params: HandleParams, response: noContent },
          handler: async (req, reply) => {
            await apply(await kit.writer(req), (req.params as { handle: string }).handle, on);
            return reply.code(204).send(null);
          },
        });
      }
    }
  };
