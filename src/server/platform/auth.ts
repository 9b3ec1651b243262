// How a request says who it is: Authorization: Bearer <token> for API clients, or the
// httpOnly session cookie for the web client. Modules read `req.auth` and call requireAuth.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from './errors.ts';

export const SESSION_COOKIE = 'biji_session';

export interface RequestAuth {
  userId: string;
  sessionId: string;
  role: 'admin' | 'member';
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
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
