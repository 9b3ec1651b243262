import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../test/support/app.ts';
import { assertProblem, MAX_PROBLEM_BYTES } from '../../../test/support/problem.ts';
import { SignUpBody } from '../../shared/api/accounts.ts';
import { ERROR_CODES } from '../../shared/api/errors.ts';
import { AppError } from './errors.ts';
import { httpServerOptions, installErrorHandling, installJsonParser, MAX_FIELD_ERRORS, MAX_JSON_DEPTH, MAX_JSON_VALUES } from './http.ts';

const json = { 'content-type': 'application/json' };
const signUpWith = (extra: Record<string, unknown>) => JSON.stringify({ handle: 'hostile_one', password: STRONG_PASSWORD, displayName: 'x', ...extra });

// The validator Fastify builds for a route, as the app builds it.
function compile(schema: unknown, httpPart = 'body') {
  const opts = httpServerOptions();
  const factory = opts.schemaController?.compilersFactory?.buildValidator as unknown as (
    external: unknown,
    ajv: unknown,
  ) => (route: unknown) => ((data: unknown) => boolean) & { errors?: unknown[] | null };
  return factory({}, opts.ajv)({ schema, method: 'POST', url: '/x', httpPart });
}

describe('HTTP platform: hostile bodies cost little and answer small', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite');
  });
  after(async () => {
    assertNo5xx(t.logs);
    await t.close();
  });

  it('a sign-up whose languages hold 100,000 empty objects (300 KB) answers 400 at once with a problem of a few hundred bytes', async () => {
    const payload = signUpWith({ languages: Array.from({ length: 100_000 }, () => ({})) });
    assert.ok(payload.length > 300_000);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload });
    assertProblem(res, 400, 'body_too_complex');
    assert.ok(Buffer.byteLength(res.body) < 1024, `${res.body.length} bytes`);
  });

  it('an array under the value bound but far over maxItems answers validation_failed with at most 20 small errors', async () => {
    for (const languages of [Array.from({ length: 9_000 }, () => ({})), Array.from({ length: 9_000 }, (_, i) => `x-${i}`)]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload: signUpWith({ languages, role: 'admin' }) });
      const p = assertProblem(res, 400, 'validation_failed');
      assert.ok(Buffer.byteLength(res.body) < 2048, `${res.body.length} bytes`);
      assert.ok((p.errors?.length ?? 0) >= 1 && (p.errors?.length ?? 0) <= MAX_FIELD_ERRORS);
    }
  });

  it('validates a huge invalid array with one check, not one error object per element', () => {
    const validate = compile(SignUpBody);
    for (const languages of [
      Array.from({ length: 100_000 }, () => ({})),
      Array.from({ length: 100_000 }, () => 0),
      Array.from({ length: 100_000 }, (_, i) => `x${i}`),
    ]) {
      assert.equal(validate({ handle: 'abc', password: STRONG_PASSWORD, displayName: 'x', languages }), false);
      assert.equal(validate.errors?.length, 1, 'the first error only');
    }
  });

  it('still reports every bad field of an ordinary form at once', () => {
    const validate = compile(SignUpBody);
    assert.equal(validate({ handle: 'no spaces!', password: 'short', displayName: '', languages: ['english'], role: 'admin' }), false);
    assert.ok((validate.errors?.length ?? 0) >= 5, JSON.stringify(validate.errors));
  });

  it('serves other requests while hostile bodies arrive', async () => {
    const hostile = signUpWith({ languages: Array.from({ length: 100_000 }, () => ({})) });
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload: hostile })),
      t.app.inject({ url: '/api/health' }),
      t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { handle: 'meanwhile', password: STRONG_PASSWORD, displayName: 'Meanwhile' } }),
    ]);
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [400, 400, 400, 400, 200, 201],
    );
    for (const r of answers.slice(0, 4)) assert.ok(r.body.length < MAX_PROBLEM_BYTES);
  });

  it(`refuses a megabyte of nesting or of values before parsing it (deeper than ${MAX_JSON_DEPTH}, more than ${MAX_JSON_VALUES} values)`, async () => {
    const n = 450_000;
    const bodies = {
      deep: `{"handle":${'['.repeat(n)}${']'.repeat(n)}}`,
      deepObjects: `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`,
      wide: signUpWith({ languages: Array.from({ length: n }, () => 0) }),
      wideObject: JSON.stringify(Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, i]))),
    };
    for (const [name, payload] of Object.entries(bodies)) {
      assert.ok(payload.length > 500_000 && payload.length < 1_048_576, `${name}: ${payload.length}`);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload });
      assertProblem(res, 400, 'body_too_complex');
    }
    // Strings hold brackets and commas without counting as structure.
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload: signUpWith({ displayName: '[{,'.repeat(3) }) });
    assert.equal(text.statusCode, 201, text.body);
  });

  it('a body that is not UTF-8 is invalid_unicode, not silently replaced', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"handle":"bad_bytes","password":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(`${STRONG_PASSWORD}","displayName":"x"}`),
    ]);
    assertProblem(await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload }), 400, 'invalid_unicode');
  });
});

describe("HTTP platform: Fastify's own errors keep the problem+json contract", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp('sqlite');
  });
  after(async () => {
    assertNo5xx(t.logs);
    await t.close();
  });

  it('a 10,000-character path segment answers 414 uri_too_long without echoing the path', async () => {
    const res = await t.app.inject({ url: `/api/v1/notes/${'a'.repeat(10_000)}` });
    assertProblem(res, 414, 'uri_too_long');
    assert.doesNotMatch(res.body, /aaaaaaaaaa/);
  });

  it('a path with an invalid percent-encoding answers 400 bad_url', async () => {
    for (const url of ['/api/v1/notes/%ff', '/api/v1/users/%E0%A4%A', '/api/v1/users/%ED%A0%80abc']) {
      assertProblem(await t.app.inject({ url }), 400, 'bad_url');
    }
  });

  it('a JSON body with a __proto__ or constructor key answers 400 forbidden_key naming the field, spelt out or escaped', async () => {
    const a = await signUp(t.app, 'proto_poke');
    const bodies = [
      ['{"__proto__":{"role":"admin"},"bio":"x"}', '__proto__'],
      ['{"\\u005f_proto__":{"role":"admin"}}', '__proto__'],
      ['{"bio":"x","constructor":{"prototype":{"role":"admin"}}}', 'constructor'],
      ['{"languages":[{"__proto__":{}}]}', 'languages.0.__proto__'],
    ] as const;
    for (const [payload, field] of bodies) {
      const p = assertProblem(await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...json, ...bearer(a) }, payload }), 400, 'forbidden_key');
      assert.equal(p.errors?.[0]?.field, field);
    }
    // The words themselves are fine as text.
    const ok = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { ...json, ...bearer(a) }, payload: '{"bio":"__proto__ and constructor"}' });
    assert.equal(ok.statusCode, 200);
  });

  it('malformed JSON stays malformed_json; an unknown route and a wrong method are 404 problems with a bounded detail', async () => {
    assertProblem(await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload: '{"a":' }), 400, 'malformed_json');
    const long = assertProblem(await t.app.inject({ url: `/api/v1/${'x'.repeat(5000)}` }), 404, 'not_found');
    assert.ok(long.detail.length <= 300);
    assertProblem(await t.app.inject({ method: 'PUT', url: '/api/v1/me' }), 404, 'not_found');
    assertProblem(await t.app.inject({ method: 'OPTIONS', url: '/api/v1/notes' }), 404, 'not_found');
  });

  it('content-type and body-size errors are problems', async () => {
    assertProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'text/html' }, payload: '<p>' }),
      415,
      'unsupported_media_type',
    );
    assertProblem(
      await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json; charset=latin1' }, payload: '{}' }),
      400,
      'validation_failed',
    );
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: json, payload: signUpWith({ bio: 'x'.repeat(1_100_000) }) });
    assertProblem(big, 413, 'body_too_large');
  });

  it('every array a request may carry has a maxItems', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (s.type === 'array' && typeof s.maxItems !== 'number') unbounded.push(where);
      for (const [k, v] of Object.entries(s)) walk(v, `${where}.${k}`);
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        walk(op.requestBody, `${method} ${path} body`);
        walk(op.parameters, `${method} ${path} parameters`);
      }
    }
    assert.deepEqual(unbounded, []);
  });

  it('the Problem schema in the OpenAPI document lists every code of the catalogue', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    assert.deepEqual(doc.components.schemas.Problem.properties.code.enum, ERROR_CODES);
  });
});

// A bare app with only the platform's pieces: routes no module has (a free-text query, a slow
// handler), to show what the platform itself guarantees.
describe('HTTP platform: a bare app', () => {
  let app: FastifyInstance;
  let release: () => void = () => {};
  let entered = false;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  before(async () => {
    app = Fastify({ logger: false, ...httpServerOptions() });
    installErrorHandling(app);
    installJsonParser(app);
    const Free = Type.Object({ q: Type.String({ maxLength: 100 }), n: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })) });
    app.get('/free/:name', { schema: { params: Type.Object({ name: Type.String() }), querystring: Free } }, async (req) => ({
      ...(req.params as object),
      ...(req.query as object),
    }));
    app.post('/echo', { schema: { body: Type.Object({ text: Type.String() }) } }, async (req) => req.body);
    app.get('/slow', async () => {
      entered = true;
      await gate;
      return { ok: true };
    });
    app.get('/boom', async () => {
      throw new AppError(
        409,
        'conflict',
        `x${'y'.repeat(10_000)}`,
        Array.from({ length: 500 }, (_, i) => ({ field: `f${i}`, message: 'm'.repeat(1000) })),
      );
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    release();
    if (app.server.listening) await app.close();
  });

  it('a query string or path parameter holding NUL is invalid_unicode naming the field', async () => {
    const q = assertProblem(await app.inject({ url: '/free/ok?q=a%00b' }), 400, 'invalid_unicode');
    assert.equal(q.errors?.[0]?.field, 'q');
    const p = assertProblem(await app.inject({ url: '/free/a%00b?q=a' }), 400, 'invalid_unicode');
    assert.equal(p.errors?.[0]?.field, 'name');
    const ok = await app.inject({ url: '/free/%E5%B0%8F%E9%9B%A8?q=%F0%9F%98%80' });
    assert.deepEqual(ok.json(), { name: '小雨', q: '😀' });
    // A URL cannot carry a lone surrogate: encoded as UTF-8 (CESU) it is not UTF-8, so a path refuses it
    // and the query parser keeps the escapes as they are — well-formed text either way.
    assertProblem(await app.inject({ url: '/free/%ED%A0%80?q=a' }), 400, 'bad_url');
    assert.equal((await app.inject({ url: '/free/x?q=%ED%A0%80' })).json().q, '%ED%A0%80');
  });

  it('Infinity, -Infinity and 1e400 in a query string are refused like any other bad number', async () => {
    for (const n of ['Infinity', '-Infinity', '1e400', '-1e400', 'NaN']) {
      const p = assertProblem(await app.inject({ url: `/free/x?q=a&n=${n}` }), 400, 'validation_failed');
      assert.equal(p.errors?.[0]?.field, 'n', n);
    }
    assert.equal((await app.inject({ url: '/free/x?q=a&n=7' })).json().n, 7);
  });

  it('a JSON string with a lone surrogate or NUL is invalid_unicode; a proper pair is fine', async () => {
    for (const text of ['\\ud800', 'a\\udc00b', '\\ud83d', 'nul\\u0000']) {
      const p = assertProblem(await app.inject({ method: 'POST', url: '/echo', headers: json, payload: `{"text":"${text}"}` }), 400, 'invalid_unicode');
      assert.equal(p.errors?.[0]?.field, 'text');
    }
    const ok = await app.inject({ method: 'POST', url: '/echo', headers: json, payload: '{"text":"\\ud83d\\ude00 \\\\ud800"}' });
    assert.deepEqual(ok.json(), { text: '😀 \\ud800' });
  });

  it('bounds a problem: at most 20 field errors, short messages, a short detail', async () => {
    const res = await app.inject({ url: '/boom' });
    const p = assertProblem(res, 409, 'conflict');
    assert.equal(p.errors?.length, 20);
    assert.ok(p.detail.length <= 300);
  });

  it('while closing, a request on a kept-alive connection gets a 503 problem, not plain JSON', async () => {
    const { port } = app.server.address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d.toString('utf8');
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // The first request holds the kept-alive connection busy while the app starts closing.
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => entered);
    const closed = app.close();
    await waitFor(() => !app.server.listening); // preClose hooks have run: the app knows it is closing
    socket.write('GET /free/x?q=a HTTP/1.1\r\nHost: x\r\n\r\n');
    release();
    await waitFor(() => (received.match(/HTTP\/1\.1 /g) ?? []).length >= 2 || socket.destroyed);
    socket.destroy();
    await closed;
    assert.match(received, /^HTTP\/1\.1 200/, 'the request in flight finishes');
    const second = received.slice(received.indexOf('HTTP/1.1', 10));
    assert.match(second, /^HTTP\/1\.1 503/);
    assert.match(second, /content-type: application\/problem\+json/i);
    assert.match(second, /"code":"unavailable"/);
  });
});

async function waitFor(ok: () => boolean, tries = 200): Promise<void> {
  for (let i = 0; i < tries && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
}
