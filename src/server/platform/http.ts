// The HTTP ground every module stands on: problem+json errors, request ids, security headers,
// CSRF defence and the shared shape of authentication on requests.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError, TITLES } from './errors.ts';
import { newId } from './ids.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a well-formed incoming X-Request-Id (from a proxy) or makes a new one. */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId();
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): FastifyReply {
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://biji.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      requestId: String(reply.request.id),
      ...(errors && errors.length > 0 ? { errors } : {}),
    });
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldErrors(issues: AjvIssue[], context: string | undefined): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const i of issues) {
    let field = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (i.keyword === 'required' && typeof i.params?.missingProperty === 'string') {
      field = field ? `${field}.${i.params.missingProperty}` : i.params.missingProperty;
    }
    if (i.keyword === 'additionalProperties' && typeof i.params?.additionalProperty === 'string') {
      field = field ? `${field}.${i.params.additionalProperty}` : i.params.additionalProperty;
    }
    // A union reports each failed branch (const, type…) and then anyOf: keep one message a field.
    if (i.keyword === 'const' || (i.keyword === 'type' && issues.some((j) => j.keyword === 'anyOf' && j.instancePath === i.instancePath))) continue;
    if (seen.has(field)) continue;
    seen.add(field);
    const message =
      i.keyword === 'additionalProperties' ? 'is not a known field' : i.keyword === 'anyOf' ? 'is not one of the allowed values' : (i.message ?? 'is invalid');
    out.push({ field: field || (context ?? 'body'), message });
  }
  return out;
}

/**
 * JSON bodies with Fastify's own safe parser (prototype-poisoning protection), except that an empty
 * body with a JSON content type means "no body": many clients send the header on every request.
 */
export function installJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parse(req, text, done);
  });
}

/** Maps every error to problem+json; a 5xx never leaks its message or stack. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    if (err instanceof AppError) {
      return sendProblem(reply, err.status, err.code, err.message, err.errors, err.headers);
    }
    if (err.validation) {
      const errors = fieldErrors(err.validation as AjvIssue[], err.validationContext);
      const where = err.validationContext ?? 'request';
      return sendProblem(reply, 400, 'validation_failed', `The ${where} is not valid.`, errors);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, 400, 'malformed_json', 'The body is not valid JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, 413, 'body_too_large', 'The body is larger than this endpoint accepts.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 415, 'unsupported_media_type', 'Send the body as application/json.');
    }
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return sendProblem(reply, 400, 'malformed_json', 'The body is not valid JSON.');
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : 'bad_request';
      return sendProblem(reply, status, code, err.message || (TITLES[status] ?? 'Bad request'));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'Something went wrong on our side. The request id helps us find it.');
  });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for cookie-authenticated writes: SameSite=Lax on the cookie, plus an Origin check.
 * Browsers send Origin on every cross- and same-origin fetch that writes; a request carrying our
 * cookie with a foreign or missing Origin is refused. Bearer-token clients are not exposed to CSRF.
 */
export function checkOrigin(req: FastifyRequest, publicOrigin: string | null, viaCookie: boolean, viaBearer: boolean): boolean {
  // A bearer token is never sent by a browser on its own, so a bearer request cannot be forged.
  if (!UNSAFE.has(req.method) || viaBearer) return true;
  const origin = req.headers.origin;
  if (origin === undefined) {
    if (!viaCookie) return true;
    return req.headers['sec-fetch-site'] === 'same-origin';
  }
  const own = publicOrigin ?? `${req.protocol}://${req.headers.host ?? ''}`;
  return origin === own;
}
