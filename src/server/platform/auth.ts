// How a request says who it is: Authorization: Bearer <token> for API clients, or the
// httpOnly session cookie for the web client. Modules read `req.auth` and call requireAuth.
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { UnauthenticatedError } from './errors.ts';
import { checkOrigin, sendProblem } from './http.ts';

export const SESSION_COOKIE = 'biji_session';
/**
 * A cookie scripts may read, with no secret in it: "a session may exist". The web client asks
 * `GET /me` only when it is there, so an anonymous visit makes no request that must fail with a 401.
 * Set and cleared with the session cookie (and kept true to it on every page load, platform/web.ts).
 */
export const SESSION_HINT_COOKIE = 'biji_signed_in';

export interface RequestAuth {
  userId: string;
  sessionId: string;
  role: 'admin' | 'moderator' | 'member';
  via: 'cookie' | 'bearer';
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

export function requireAuth(req: FastifyRequest): RequestAuth {
  if (!req.auth) throw new UnauthenticatedError();
  return req.auth;
}

export function bearerToken(req: FastifyRequest): string | null | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/i.exec(h.trim());
  return m ? (m[1] ?? null) : null;
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds,
  });
  setSessionHint(reply, maxAgeSeconds, secure);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  clearSessionHint(reply, secure);
}

/** The hint alone, as long as the session cookie (null: until the browser closes). */
export function setSessionHint(reply: FastifyReply, maxAgeSeconds: number | null, secure: boolean): void {
  reply.setCookie(SESSION_HINT_COOKIE, '1', {
    path: '/',
    httpOnly: false,
    sameSite: 'lax',
    secure,
    ...(maxAgeSeconds === null ? {} : { maxAge: maxAgeSeconds }),
  });
}

export function clearSessionHint(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_HINT_COOKIE, { path: '/', httpOnly: false, sameSite: 'lax', secure });
}

/** Resolves a session token (bearer or cookie) to who is asking; null when unknown, revoked or expired. */
export type Authenticate = (token: string) => Promise<Omit<RequestAuth, 'via'> | null>;

export interface AuthPluginOptions {
  authenticate: Authenticate;
  /** the site's public origin (PUBLIC_URL); null: the request's own protocol and Host */
  publicOrigin: string | null;
}

/**
 * Who is asking, resolved once per API (and media) request before validation and handlers: from
 * `Authorization: Bearer` or the session cookie. A malformed or unknown bearer token is a 401 at
 * once; an unknown cookie is just an anonymous visitor. Cookie-authenticated writes must also pass
 * the Origin check (CSRF).
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, { authenticate, publicOrigin }) => {
    app.decorateRequest('auth', null);
    // A callback hook: most requests carry no token (or one the session cache knows) and should not
    // pay for a promise and a tick on the way in.
    app.addHook('onRequest', (req, reply, done) => {
      if (!req.url.startsWith('/api/v1/') && !req.url.startsWith('/media/')) return done();
      const bearer = bearerToken(req);
      if (bearer === null) {
        sendProblem(reply, 401, 'invalid_token', 'The Authorization header is not a valid bearer token.');
        return;
      }
      const token = bearer ?? req.cookies[SESSION_COOKIE];
      const finish = () => {
        if (!checkOrigin(req, publicOrigin, req.auth?.via === 'cookie' || (!bearer && !!token), !!bearer)) {
          sendProblem(reply, 403, 'csrf_failed', 'This write did not come from a Biji page (Origin check failed).');
          return;
        }
        done();
      };
      if (!token) return finish();
      authenticate(token).then((found) => {
        if (found) req.auth = { ...found, via: bearer ? 'bearer' : 'cookie' };
        else if (bearer) {
          sendProblem(reply, 401, 'invalid_token', 'The token is unknown, revoked or expired.');
          return;
        }
        finish();
      }, done);
    });
  },
  { name: 'biji-auth', dependencies: ['@fastify/cookie'] },
);
