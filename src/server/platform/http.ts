// The HTTP ground every module stands on: problem+json errors (including the ones Fastify raises
// before routing), request ids, validation that stays cheap on hostile input, well-formed text
// only, CSRF defence and the shared shape of authentication on requests.

import { randomBytes } from 'node:crypto';
import AjvCompiler from '@fastify/ajv-compiler';
import { type Serializer, type SerializerCompiler, type Options as SerializerOptions, SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ERRORS, type ErrorCode } from '../../shared/api/errors.ts';
import { AppError, type FieldError, TITLES } from './errors.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Keeps a well-formed incoming X-Request-Id (from a proxy) or makes a new one. */
// Request ids only need to be unique: a random per-process prefix and a counter cost nothing per
// request (a UUID draws random bytes every time, on the hottest path there is).
const REQ_PREFIX = `${randomBytes(6).toString('base64url')}-`;
let reqSeq = 0;

export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming === 'string' && REQUEST_ID.test(incoming)) return incoming;
  reqSeq = (reqSeq + 1) % Number.MAX_SAFE_INTEGER;
  return REQ_PREFIX + reqSeq.toString(36);
}

// A problem is small whatever the input: a client needs the first few field errors, not one per
// element of a 100,000-element array, and no text of the request echoed back at length.
export const MAX_FIELD_ERRORS = 20;
const MAX_DETAIL = 300;
const MAX_FIELD = 80;
const MAX_MESSAGE = 160;

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): FastifyReply {
  if (headers) for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  const bounded = errors?.slice(0, MAX_FIELD_ERRORS).map((e) => ({ field: cut(e.field, MAX_FIELD), message: cut(e.message, MAX_MESSAGE) }));
  return reply
    .code(status)
    .header('x-request-id', String(reply.request.id))
    .type('application/problem+json')
    .send({
      type: `https://biji.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail: cut(detail, MAX_DETAIL),
      requestId: String(reply.request.id),
      ...(bounded && bounded.length > 0 ? { errors: bounded } : {}),
    });
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** Ajv's issues as one error per field, in one pass, and at most MAX_FIELD_ERRORS of them. */
export function fieldErrors(issues: readonly AjvIssue[], context: string | undefined): FieldError[] {
  // A union reports each failed branch (const, type…) and then anyOf: keep one message a field.
  const unions = new Set<string>();
  for (const i of issues) if (i.keyword === 'anyOf') unions.add(i.instancePath ?? '');
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const i of issues) {
    if (out.length >= MAX_FIELD_ERRORS) break;
    if (i.keyword === 'const' || (i.keyword === 'type' && unions.has(i.instancePath ?? ''))) continue;
    let field = (i.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const extra = i.keyword === 'required' ? i.params?.missingProperty : i.keyword === 'additionalProperties' ? i.params?.additionalProperty : undefined;
    if (typeof extra === 'string') field = field ? `${field}.${extra}` : extra;
    if (seen.has(field)) continue;
    seen.add(field);
    const message =
      i.keyword === 'additionalProperties' ? 'is not a known field' : i.keyword === 'anyOf' ? 'is not one of the allowed values' : (i.message ?? 'is invalid');
    out.push({ field: field || (context ?? 'body'), message });
  }
  return out;
}

// ---- validation: cheap on hostile input, complete on ordinary forms

type Validate = ((data: unknown, ctx?: unknown) => boolean) & { errors?: AjvIssue[] | null; schemaEnv?: unknown };
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };
type Compile = (route: RouteSchema) => Validate;

/** Inputs up to this many JSON values get every field error at once; larger ones only the first. */
const FULL_REPORT_NODES = 200;

function countsAtMost(data: unknown, max: number): boolean {
  const stack: unknown[] = [data];
  let n = 1;
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      if (++n > max) return false; // stops at the bound, however large the array
      stack.push(x);
    }
  }
  return true;
}

/** Text a request may carry: well-formed UTF-16 (no lone surrogate) and no NUL (PostgreSQL cannot store it). */
export const isAcceptableText = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed() && !s.includes('\u0000');

/**
 * After ajv said yes: numbers are finite (ajv coerces the query string "Infinity" or "1e400" to
 * Infinity and then skips minimum/maximum for it) and, in the parts that are not JSON bodies
 * (those are checked as they are parsed), text is acceptable.
 */
function afterAjv(data: unknown, checkText: boolean): AjvIssue | null {
  if (typeof data === 'number') return Number.isFinite(data) ? null : { instancePath: '', keyword: 'type', message: 'must be a finite number' };
  if (typeof data === 'string')
    return !checkText || isAcceptableText(data) ? null : { instancePath: '', keyword: 'invalid_unicode', message: 'is not valid text' };
  if (data === null || typeof data !== 'object') return null;
  // Valid data is as deep as its schema (a few levels), so recursion is bounded; paths are built only for a finding.
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const issue = afterAjv(data[i], checkText);
      if (issue) return { ...issue, instancePath: `/${i}${issue.instancePath}` };
    }
    return null;
  }
  for (const k in data) {
    const issue = afterAjv((data as Record<string, unknown>)[k], checkText);
    if (issue) return { ...issue, instancePath: `/${k}${issue.instancePath}` };
  }
  return null;
}

/**
 * Two ajv compilations of every request schema. The first stops at the first error, so an invalid
 * 100,000-element array costs one check, not 100,000 error objects. Only when the input is small
 * does the second (allErrors) run, so a form still learns about every bad field at once.
 */
function buildValidator(external: unknown, ajvOptions: { customOptions?: Record<string, unknown> } = {}): Compile {
  const custom = ajvOptions.customOptions ?? {};
  const build = (allErrors: boolean) =>
    (AjvCompiler() as unknown as (e: unknown, o: unknown) => Compile)(external, { ...ajvOptions, customOptions: { ...custom, allErrors } });
  // Compiling costs start-up time (a quarter of it, for every schema of every route): each route's
  // validator is compiled when it first validates, and the allErrors one only once a route sees an invalid form.
  let first: Compile | null = null;
  let all: Compile | null = null;
  return (route) => {
    let fast: Validate | null = null;
    let full: Validate | null = null;
    const checkText = route.httpPart !== 'body';
    const validate: Validate = (data, ctx) => {
      first ??= build(false);
      fast ??= first(route);
      if (fast(data, ctx)) {
        const issue = afterAjv(data, checkText);
        validate.errors = issue ? [issue] : null;
        return issue === null;
      }
      if (!countsAtMost(data, FULL_REPORT_NODES)) {
        validate.errors = fast.errors;
        return false;
      }
      all ??= build(true);
      full ??= all(route);
      validate.errors = full(data, ctx) ? fast.errors : full.errors;
      return false;
    };
    // Ajv functions take the parent object so coercion can replace a root value: Fastify passes it to a
    // validator with a schema environment, which every ajv function has (this one's is made on first use).
    validate.schemaEnv = true;
    return validate;
  };
}

/** Response serializers (fast-json-stringify), each compiled when its route first answers with that status, not at start-up. */
function buildSerializer(external: unknown, options: unknown): SerializerCompiler {
  let compile: SerializerCompiler | null = null;
  return (route) => {
    let serialize: Serializer | null = null;
    return (doc) => {
      compile ??= SerializerSelector()(external, options as SerializerOptions);
      serialize ??= compile(route);
      return serialize(doc);
    };
  };
}

/** Fastify's error for a request that never reached a route: a bad URL or an overlong path segment. */
function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') void sendProblem(reply, 414, 'uri_too_long', 'A part of the path is longer than any id or handle.');
  else if (err.code === 'FST_ERR_BAD_URL') void sendProblem(reply, 400, 'bad_url', 'The URL has an invalid percent-encoding.');
  else void sendProblem(reply, 400, 'bad_request', 'The request could not be routed.');
}

/** The Fastify constructor options this platform needs: validation and pre-routing errors. */
export function httpServerOptions(): Pick<FastifyServerOptions, 'ajv' | 'schemaController' | 'frameworkErrors' | 'return503OnClosing'> {
  return {
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    schemaController: { compilersFactory: { buildValidator: buildValidator as never, buildSerializer: buildSerializer as never } },
    frameworkErrors: frameworkError,
    // Fastify's own 503 while closing is plain JSON; installErrorHandling answers with a problem.
    return503OnClosing: false,
  };
}

// ---- JSON bodies

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

// Every body Biji reads is a small form: these bounds are far above any of them, and keep a 1 MB
// body of `[[[[…` or `[0,0,0,…` from costing JSON.parse (and all that follows) half a second.
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_VALUES = 10_000;

/** One pass over the raw text (about 2 ms a megabyte): nesting depth and roughly the number of values. */
function withinShape(text: string): boolean {
  let depth = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++values > MAX_JSON_VALUES) return false;
  }
  return true;
}

/** The first key or text in a parsed body that may not be accepted, with its field path. */
function inspectJson(root: unknown): AppError | null {
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isAcceptableText(v)) return invalidText(path || 'body');
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const field = path ? `${path}.${k}` : k;
        // JSON.parse makes these own keys, harmless until something merges the object into another.
        if (k === '__proto__' || k === 'constructor') {
          return new AppError(400, 'forbidden_key', `The key "${k}" is not allowed in a body.`, [{ field, message: 'is a reserved key' }]);
        }
        if (!isAcceptableText(k)) return invalidText(field);
        stack.push([(v as Record<string, unknown>)[k], field]);
      }
    }
  }
  return null;
}

const invalidText = (field: string): AppError =>
  new AppError(400, 'invalid_unicode', 'Text must be well-formed Unicode without NUL characters.', [
    { field, message: 'holds a lone surrogate or a NUL character' },
  ]);

/**
 * JSON bodies: strict UTF-8, bounded nesting and size in values, then JSON.parse, then no `__proto__`/`constructor` key and no text
 * that is not well-formed. An empty body with a JSON content type means "no body": many clients
 * send the header on every request.
 */
export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = STRICT_UTF8.decode(body as Buffer);
    } catch {
      done(new AppError(400, 'invalid_unicode', 'The body is not valid UTF-8.'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    if (!withinShape(text)) {
      done(new AppError(400, 'body_too_complex', `A JSON body may nest ${MAX_JSON_DEPTH} levels deep and hold ${MAX_JSON_VALUES} values.`), undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      done(new AppError(400, 'malformed_json', 'The body is not valid JSON.'), undefined);
      return;
    }
    // A lone surrogate or NUL can only arrive as a \u escape, a reserved key only spelled out or escaped.
    const suspect = text.includes('\\u') || text.includes('__proto__') || text.includes('constructor');
    const problem = suspect ? inspectJson(value) : null;
    if (problem) done(problem, undefined);
    else done(null, value);
  });
}

// ---- one error handler

/** A 4xx raised by Fastify or a plugin without one of our codes: the nearest code of the catalogue. */
const OTHER_4XX: Record<number, ErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'body_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps every error to problem+json; a 5xx never leaks its message or stack. */
export function installErrorHandling(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // A callback hook, not an async one: it runs on every request and should cost nothing.
  app.addHook('onRequest', (_req, reply, done) => {
    if (!closing) return done();
    sendProblem(reply.header('connection', 'close'), 503, 'unavailable', 'The server is shutting down; try again shortly.');
  });

  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req, reply) => {
    if (err instanceof AppError) {
      return sendProblem(reply, err.status, err.code, err.message, err.errors, err.headers);
    }
    if (err.validation) {
      const issues = err.validation as AjvIssue[];
      const errors = fieldErrors(issues, err.validationContext);
      if (issues.some((i) => i.keyword === 'invalid_unicode')) {
        return sendProblem(reply, 400, 'invalid_unicode', 'Text must be well-formed Unicode without NUL characters.', errors);
      }
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
        return sendProblem(reply, 415, 'unsupported_media_type', 'Send the body as application/json.');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendProblem(reply, 400, 'bad_request', 'The Content-Length does not match the body.');
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Some other 4xx from Fastify or a plugin: its own message may echo the request, so say little.
      const code = OTHER_4XX[status] ?? 'bad_request';
      return sendProblem(reply, ERRORS[code].status, code, TITLES[status] ?? 'Bad request');
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
