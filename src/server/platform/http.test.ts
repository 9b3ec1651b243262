import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertNo5xx, bearer, ORIGIN, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../test/support/app.ts';

// Bad input never reaches a handler half-way: every case is a clear 4xx problem+json.
describe('HTTP platform: bad input, headers, docs', () => {
  let t: TestApp;
  let web: string;
  before(async () => {
    // A stand-in web build, so pages are served (a test app has none: pages answer 503 there).
    web = await fs.mkdtemp(path.join(os.tmpdir(), 'biji-web-'));
    await fs.writeFile(path.join(web, 'index.html'), '<!doctype html><title>Biji</title>');
    t = await testApp('sqlite', { BODY_LIMIT_BYTES: '4096', WEB_DIST: web });
  });
  after(async () => {
    assertNo5xx(t.logs);
    await t.close();
    await fs.rm(web, { recursive: true, force: true });
  });

  const isProblem = (res: { headers: Record<string, unknown>; json(): unknown }, status: number, code: string) => {
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    const p = res.json() as { status: number; code: string; type: string; title: string; detail: string; requestId: string };
    assert.equal(p.status, status);
    assert.equal(p.code, code);
    assert.ok(p.title && p.detail && p.type && p.requestId);
    assert.ok(!JSON.stringify(p).includes('at '), 'no stack trace');
  };

  it('malformed JSON → 400 malformed_json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json' }, payload: '{"handle": "abc",' });
    assert.equal(res.statusCode, 400);
    isProblem(res, 400, 'malformed_json');
  });

  it('empty JSON body → 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': 'application/json' }, payload: '' });
    assert.equal(res.statusCode, 400);
  });

  it('body too large → 413 body_too_large', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { handle: 'big_body', password: STRONG_PASSWORD, displayName: 'x', bio: 'x'.repeat(10_000) },
    });
    assert.equal(res.statusCode, 413);
    isProblem(res, 413, 'body_too_large');
  });

  it('wrong content type → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { 'content-type': type }, payload: 'handle=abc' });
      assert.equal(res.statusCode, 415, type);
      isProblem(res, 415, 'unsupported_media_type');
    }
  });

  it('schema violations → 400 with one error per field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { handle: 'no spaces!', password: 'short', displayName: 'x'.repeat(41), languages: ['english'], uiLanguage: 'fr', role: 'admin' },
    });
    assert.equal(res.statusCode, 400);
    isProblem(res, 400, 'validation_failed');
    const fields = (res.json().errors as Array<{ field: string }>).map((e) => e.field).sort();
    assert.deepEqual(fields, ['displayName', 'handle', 'languages.0', 'password', 'role', 'uiLanguage']);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: {} });
    assert.deepEqual((missing.json().errors as Array<{ field: string }>).map((e) => e.field).sort(), ['displayName', 'handle', 'password']);
  });

  it('a handle of 31 characters or with other symbols is refused; 3–30 of [a-z0-9_.] is fine', async () => {
    for (const handle of ['ab', 'a'.repeat(31), 'ana-cat', 'ana@cat', '小雨小雨']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { handle, password: STRONG_PASSWORD, displayName: 'x' } });
      assert.equal(res.statusCode, 400, handle);
    }
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { handle: 'a.b_c'.padEnd(30, '9'), password: STRONG_PASSWORD, displayName: 'x' },
    });
    assert.equal(ok.statusCode, 201);
  });

  it('nothing half-written: a refused sign-up leaves no user behind', async () => {
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/accounts', payload: { handle: 'half_written', password: 'password1', displayName: 'x' } });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().code, 'password_too_common');
    assert.equal((await t.app.inject({ url: '/api/v1/users/half_written' })).statusCode, 404);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      payload: { handle: 'half_written', password: STRONG_PASSWORD, displayName: 'x' },
    });
    assert.equal(ok.statusCode, 201);
  });

  it('bad params → 400, unknown API routes → 404 problem+json', async () => {
    const bad = await t.app.inject({ url: '/api/v1/users/x' });
    assert.equal(bad.statusCode, 400);
    const none = await t.app.inject({ url: '/api/v1/nothing-here' });
    isProblem(none, 404, 'not_found');
    const wrongMethod = await t.app.inject({ method: 'POST', url: '/api/v1/me', payload: {} });
    assert.equal(wrongMethod.statusCode, 404);
  });

  it('sets security headers: pages get a CSP that allows no inline script; API answers a lean set; every answer a request id', async () => {
    const page = await t.app.inject({ url: '/some/page' });
    assert.equal(page.statusCode, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp.split('script-src')[1]?.split(';')[0] ?? '', /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const res = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'from-proxy-123' } });
    assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", 'JSON is never a document');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(res.headers['x-request-id'], 'from-proxy-123');
    const a = (await t.app.inject({ url: '/api/health' })).headers['x-request-id'];
    const b = (await t.app.inject({ url: '/api/health' })).headers['x-request-id'];
    assert.ok(a && b && a !== b, 'each request gets its own id');
    const junk = await t.app.inject({ url: '/api/health', headers: { 'x-request-id': 'bad id with spaces' } });
    assert.notEqual(junk.headers['x-request-id'], 'bad id with spaces');
    // the request id is on the log lines of that request
    assert.ok(t.logs.some((l) => l.includes('"reqId":"from-proxy-123"')));
  });

  it('health and readiness answer', async () => {
    assert.deepEqual((await t.app.inject({ url: '/api/health' })).json(), { status: 'ok' });
    assert.deepEqual((await t.app.inject({ url: '/api/ready' })).json(), { status: 'ready', database: 'sqlite' });
  });

  it('serves the OpenAPI document generated from the route schemas, and its UI', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of [
      '/api/v1/accounts',
      '/api/v1/sessions',
      '/api/v1/me',
      '/api/v1/users/{handle}',
      '/api/v1/users/{handle}/follow',
      '/api/v1/users/{handle}/followers',
    ]) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    assert.ok(doc.paths['/api/v1/accounts'].post.requestBody.content['application/json'].schema.properties.handle);
    const ui = await t.app.inject({ url: '/api/docs' });
    assert.ok(ui.statusCode === 200 || ui.statusCode === 302);
  });

  it('never leaks the password hash or a stack trace in any account response', async () => {
    const a = await signUp(t.app, 'no_leaks');
    for (const url of ['/api/v1/me', '/api/v1/users/no_leaks', '/api/v1/users/no_leaks/followers', '/api/v1/sessions']) {
      const body = (await t.app.inject({ url, headers: { ...bearer(a), origin: ORIGIN } })).body;
      assert.doesNotMatch(body, /argon2|password/i, url);
    }
  });
});
