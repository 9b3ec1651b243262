// Schema-driven fuzzing over the OpenAPI document: every operation, anonymous and signed in, with
// valid-ish and hostile values drawn from its parameter and body schemas, on SQLite and PostgreSQL.
// It fails on any 5xx, any request that does not answer within REQUEST_TIMEOUT_MS (a hang), and
// any error that is not problem+json with a catalogue code (of the right status) and a request id.
// Deterministic for a seed: FUZZ_SEED=<n> reproduces a run, FUZZ_ROUNDS=<n> explores more.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { type Account, bearer, ORIGIN, STRONG_PASSWORD, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { hostile, type Pools, Raw, type Rng, rng, toJson, urlValue, valueFor } from './support/fuzz-values.ts';
import { multipart, postNote, testJpeg, uploadImage } from './support/notes.ts';
import { problemViolation } from './support/problem.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_601);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 6); // requests per operation and caller
const REQUEST_TIMEOUT_MS = 10_000;

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  body: Schema | null;
}

interface Finding {
  what: string;
  request: string;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as Operation['parameters'],
        body: content?.['application/json']?.schema ?? null,
      });
    }
  }
  return out;
}

/** One request for `op`: its URL, headers and body, mostly shaped by the schema, sometimes not. */
function requestFor(r: Rng, op: Operation, pools: Pools, auth: Record<string, string>, wild: number) {
  let path = op.path;
  const query: string[] = [];
  if (op.path === '/media/{id}/{name}' && pools.mediaFiles.length > 0 && r.chance(1 - 3 * wild)) path = r.pick(pools.mediaFiles);
  for (const p of op.parameters) {
    // A path id is drawn from the resource named before it: /notes/{id} is a note, /comments/{id} a comment.
    const before = op.path.slice(0, op.path.indexOf(`{${p.name}}`));
    if (p.in === 'path') path = path.replace(`{${p.name}}`, urlValue(r, valueFor(r, p.schema, p.name, pools, before, wild), wild));
    else if (p.in === 'query' && (p.required || r.chance(0.6)))
      query.push(`${p.name}=${urlValue(r, valueFor(r, p.schema, p.name, pools, op.path, wild), wild)}`);
  }
  if (r.chance(wild)) query.push(`${r.pick(['unknown', 'limit', 'cursor', '__proto__'])}=${urlValue(r, hostile(r, 0))}`);
  const headers: Record<string, string> = { ...auth };
  let payload: string | Buffer | undefined;
  if (op.body) {
    const roll = r.next() + (wild === 0 ? -1 : 0);
    const value =
      roll < 0.85
        ? valueFor(r, op.body, 'body', pools, op.path, wild)
        : roll < 0.95
          ? hostile(r, 0)
          : new Raw(r.pick(['{', '{"a":1,}', '[]', 'null', '"x"', '']));
    payload = toJson(value);
    headers['content-type'] = r.chance(1 - wild) ? 'application/json' : r.pick(['text/plain', 'application/json; charset=utf-16', 'multipart/form-data']);
  } else if (op.method === 'POST' && op.path === '/api/v1/media') {
    payload = undefined; // filled by the caller with a multipart body
  } else if (r.chance(wild)) {
    payload = toJson(hostile(r, 0));
    headers['content-type'] = 'application/json';
  }
  if (op.path.startsWith('/media/') && r.chance(0.3 + wild)) {
    headers.range = r.pick(['bytes=0-10', 'bytes=-5', 'bytes=999999999-', 'bytes=5-1', 'bytes=0-1,3-4', 'items=0-1', 'bytes=']);
  }
  if (r.chance(wild / 3)) headers['x-request-id'] = r.pick(['fuzz-1', 'bad id', 'x'.repeat(100)]);
  if (r.chance(wild) && query.length > 0) query.push(query[0]!); // a repeated parameter arrives as an array
  const url = query.length > 0 ? `${path}?${query.join('&')}` : path;
  // Fastify answers HEAD for every GET route: errors there have no body, but must still not be 5xx.
  const method = op.method === 'GET' && r.chance(wild) ? 'HEAD' : op.method;
  return { method: method as 'GET', url, headers, payload };
}

async function mediaBody(r: Rng, wild: number): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const roll = wild === 0 ? 0 : r.int(0, 5);
  if (roll === 0) return multipart({ purpose: r.pick(['note', 'avatar']) }, { name: 'p.jpg', data: await testJpeg(32, 32), type: 'image/jpeg' });
  if (roll === 1) return multipart({ purpose: 'note' }, { name: 'p.jpg', data: Buffer.from('not an image at all'), type: 'image/jpeg' });
  if (roll === 2) return multipart({ purpose: r.pick(['x', '\u0000', '']) }, { name: 'a.bin', data: Buffer.alloc(0) });
  if (roll === 3) return multipart({ purpose: 'note' }, { name: 'f.jpg', data: await testJpeg(16, 16), field: 'wrong' });
  if (roll === 4) return { payload: Buffer.from('--x\r\nbroken'), headers: { 'content-type': 'multipart/form-data; boundary=x' } };
  return multipart({ purpose: 'note', extra: 'field' });
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

for (const kind of DB_KINDS) {
  describe(`fuzzing every operation of the OpenAPI document (${kind})`, () => {
    let t: TestApp;
    let a: Account;
    const pools: Pools = {
      password: STRONG_PASSWORD,
      handles: [],
      mediaFiles: [],
      noteIds: [],
      commentIds: [],
      boardIds: [],
      mediaIds: [],
      sessionIds: [],
      notificationIds: [],
    };

    before(async () => {
      t = await testApp(kind);
      a = await signUp(t.app, `fuzz_a_${kind}`);
      const b = await signUp(t.app, `fuzz_b_${kind}`);
      pools.handles.push(a.handle, b.handle);
      for (const [who, visibility] of [
        [a, 'public'],
        [a, 'only_me'],
        [b, 'followers'],
        [b, 'public'],
      ] as const) {
        pools.noteIds.push((await postNote(t.app, who, { visibility, title: `fuzz ${visibility}`, body: `#fuzz @${a.handle}` })).id);
      }
      for (const purpose of ['note', 'avatar', 'note']) {
        const m = await uploadImage(t.app, a, undefined, purpose);
        pools.mediaIds.push(m.id);
        pools.mediaFiles.push(...Object.values(m.urls).filter((u): u is string => typeof u === 'string'));
      }
      const note = (await t.app.inject({ url: `/api/v1/notes/${pools.noteIds[0]}` })).json();
      pools.mediaFiles.push(...note.media.flatMap((m: { urls: Record<string, string> }) => Object.values(m.urls)));
      for (const [who, note] of [
        [a, pools.noteIds[0]],
        [b, pools.noteIds[0]],
        [a, pools.noteIds[3]],
      ] as const) {
        const c = await t.app.inject({ method: 'POST', url: `/api/v1/notes/${note}/comments`, headers: bearer(who), payload: { body: `fuzz @${b.handle}` } });
        pools.commentIds.push(c.json().id);
      }
      for (const who of [a, b]) {
        const board = await t.app.inject({ method: 'POST', url: '/api/v1/boards', headers: bearer(who), payload: { name: `fuzz ${who.handle}`.slice(0, 30) } });
        pools.boardIds.push(board.json().id);
      }
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${a.handle}/follow`, headers: bearer(b) });
      pools.sessionIds.push(...(await t.app.inject({ url: '/api/v1/sessions', headers: bearer(a) })).json().items.map((s: { id: string }) => s.id));
      pools.notificationIds.push(...(await t.app.inject({ url: '/api/v1/notifications', headers: bearer(a) })).json().items.map((n: { id: string }) => n.id));
    });
    after(async () => {
      await t.close();
    });

    it(`answers every request below 500, within ${REQUEST_TIMEOUT_MS} ms, and every error as a catalogue problem (seed ${SEED})`, {
      timeout: 240_000,
    }, async (ctx) => {
      const r = rng(SEED);
      // Deletes, blocks and mutes last, so the operations before them still find the objects in the pools.
      const destructive = (o: Operation) => (o.method === 'DELETE' ? 2 : /\/(block|mute)$/.test(o.path) ? 1 : 0);
      const ops = operations(t.app.swagger() as never).sort((x, y) => destructive(x) - destructive(y));
      assert.ok(ops.length >= 50, `${ops.length} operations`);
      const findings: Finding[] = [];
      let sent = 0;
      const statuses = new Map<string, number>();
      const okByOp = new Map<string, number>();
      // A fresh session when the fuzzer has signed itself out (DELETE /sessions/current).
      const signedIn = async (): Promise<Record<string, string>> => {
        if ((await t.app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode === 401) {
          const res = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { handle: a.handle, password: STRONG_PASSWORD } });
          a = { ...a, token: res.json().token };
        }
        return bearer(a);
      };
      const callers: Array<() => Promise<Record<string, string>>> = [
        async () => ({}),
        signedIn,
        async () =>
          r.pick([
            { authorization: 'Bearer nonsense' },
            { authorization: 'Basic abc' },
            { authorization: `Bearer ${'x'.repeat(5000)}` },
            { cookie: `biji_session=${a.token}` },
            { cookie: 'biji_session=x', origin: ORIGIN },
            { cookie: 'biji_session=%E0%A4%A; other=%ff', origin: ORIGIN },
            { cookie: `biji_session=${a.token}`, origin: 'https://evil.example' },
          ]),
      ];
      for (const op of ops) {
        for (const [c, caller] of callers.entries()) {
          const rounds = c === 2 ? 1 : ROUNDS;
          for (let i = 0; i < rounds; i++) {
            // The first round of each caller is as valid as the fuzzer can make it, the others wilder.
            const wild = i === 0 ? 0 : 0.1;
            const req = requestFor(r, op, pools, await caller(), wild);
            if (req.payload === undefined && op.method === 'POST' && op.path === '/api/v1/media') {
              const m = await mediaBody(r, wild);
              req.payload = m.payload;
              Object.assign(req.headers, m.headers);
            }
            sent++;
            const describeReq = `${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers).slice(0, 200)} ${String(req.payload ?? '').slice(0, 300)}`;
            const res = await withTimeout(t.app.inject(req), REQUEST_TIMEOUT_MS);
            if (res === 'timeout') {
              findings.push({ what: `no answer within ${REQUEST_TIMEOUT_MS} ms`, request: describeReq });
              continue;
            }
            if (process.env.FUZZ_DEBUG && `${op.method} ${op.path}`.includes(process.env.FUZZ_DEBUG))
              console.error(res.statusCode, res.body.slice(0, 160), '<=', describeReq.slice(0, 300));
            const klass = `${String(res.statusCode).slice(0, 1)}xx`;
            statuses.set(klass, (statuses.get(klass) ?? 0) + 1);
            if (res.statusCode < 400) okByOp.set(`${op.method} ${op.path}`, (okByOp.get(`${op.method} ${op.path}`) ?? 0) + 1);
            const violation = check(res, req.method);
            if (violation) findings.push({ what: violation, request: describeReq });
          }
        }
      }
      const neverOk = ops.map((o) => `${o.method} ${o.path}`).filter((k) => !okByOp.has(k));
      ctx.diagnostic(`${kind}: ${sent} requests, ${[...statuses].map(([k, n]) => `${k} ${n}`).join(', ')}; never a success: ${neverOk.join(', ') || 'none'}`);
      const report = findings
        .slice(0, 6)
        .map((f) => `- ${f.what.slice(0, 160)}\n    ${f.request.slice(0, 240)}`)
        .join('\n');
      if (findings.length > 0) console.error(`fuzz (${kind}) FUZZ_SEED=${SEED}\n${findings.map((f) => `- ${f.what}\n    ${f.request}`).join('\n')}`);
      assert.equal(findings.length, 0, `FUZZ_SEED=${SEED}: ${findings.length} of ${sent} requests broke the contract:\n${report}`);
      assert.ok(sent > ops.length * ROUNDS * 2, `${sent} requests`);
    });
  });
}

function check(res: LightMyRequestResponse, method: string): string | null {
  if (res.statusCode >= 500) return `${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 400 && method === 'HEAD') {
    return /^application\/problem\+json/.test(String(res.headers['content-type'])) ? null : `HEAD ${res.statusCode} as ${res.headers['content-type']}`;
  }
  if (res.statusCode >= 400) {
    const v = problemViolation(res);
    return v ? `${res.statusCode} not a problem (${v}): ${res.body.slice(0, 200)}` : null;
  }
  return null;
}
