// Security headers, computed once at start-up with helmet and then copied onto every response.
// (@fastify/helmet rebuilds helmet's middleware on every request; the headers never change.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export function computeSecurityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (k: string, v: string | number | readonly string[]) => {
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    },
    removeHeader: (k: string) => {
      delete headers[k.toLowerCase()];
    },
    getHeader: (k: string) => headers[k.toLowerCase()],
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

/** Biji's policy: no inline script anywhere; media and API from our own origin. */
export function bijiSecurityHeaders(https: boolean, relaxedStyles = false): Record<string, string> {
  return computeSecurityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // Swagger UI styles itself inline; only its pages get this (scripts stay 'self').
        'style-src': relaxedStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * API answers (JSON) and media files are never rendered as documents: a page's policies (scripts,
 * styles, frames of a document, DNS prefetch…) say nothing there. They get the few headers that
 * matter for them — no sniffing, no framing, no loading by other origins — and far fewer bytes on
 * every one of the most frequent responses.
 */
export function apiSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
