// Test support for the notify module: a real database and accounts service, a stand-in for the notes
// module's visibility answer, a small Fastify app wired like app.ts, and a `ws` client with bounded waits.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { STRONG_PASSWORD, testConfig } from '../../../../test/support/app.ts';
import { freshDb, type TestDb } from '../../../../test/support/db.ts';
import { Problem } from '../../../shared/api/common.ts';
import type { LiveMessage, NotificationSubject } from '../../../shared/api/notify.ts';
import { bearerToken, SESSION_COOKIE } from '../../platform/auth.ts';
import { type Db, type DbKind, openDb, scoped } from '../../platform/db/index.ts';
import { installErrorHandling } from '../../platform/http.ts';
import { newId } from '../../platform/ids.ts';
import type { PubSub } from '../../platform/pubsub/types.ts';
import { NoRateLimiter } from '../../platform/ratelimit/index.ts';
import { AccountsService } from '../accounts/service.ts';
import { AccountsStore } from '../accounts/store.ts';
import type { AccountsTables } from '../accounts/tables.ts';
import { createNotifyModule, type NotifyModule } from './index.ts';
import type { NotifyOptions } from './service.ts';
import type { LiveHubOptions } from './ws.ts';

/** The database and the accounts module, shared by every notify instance of a test file. */
export interface Ground {
  db: Db;
  accounts: AccountsService;
  notes: FakeNotes;
  user(handle: string): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  handle: string;
  token: string;
}

export async function openGround(kind: DbKind): Promise<Ground> {
  const tdb: TestDb = await freshDb(kind);
  const db = await openDb(tdb.target);
  const accounts = new AccountsService(new AccountsStore(scoped<AccountsTables>(db)), new NoRateLimiter(), testConfig(tdb.dataDir));
  return {
    db,
    accounts,
    notes: new FakeNotes(),
    user: async (handle) => {
      const r = await accounts.signUp({ handle, password: STRONG_PASSWORD, displayName: `N ${handle}` }, { ip: '127.0.0.1', userAgent: 'test' });
      return { id: r.user.id, handle: r.user.handle, token: r.token };
    },
    close: async () => {
      await db.close();
      await tdb.drop();
    },
  };
}

/** What the notes module will answer: which notes a viewer may see. Here a note is public or seen only by listed people. */
export class FakeNotes {
  private readonly notes = new Map<string, { title: string; visibleTo: Set<string> | null }>();

  add(title = 'A note', visibleTo: string[] | null = null): string {
    const id = newId();
    this.notes.set(id, { title, visibleTo: visibleTo ? new Set(visibleTo) : null });
    return id;
  }

  /** The note became visible only to these people (or was deleted, with none). */
  restrict(id: string, visibleTo: string[] = []): void {
    const n = this.notes.get(id);
    if (n) n.visibleTo = new Set(visibleTo);
  }

  readonly subjects = async (viewerId: string, ids: string[]): Promise<Map<string, NotificationSubject>> => {
    const out = new Map<string, NotificationSubject>();
    for (const id of ids) {
      const n = this.notes.get(id);
      if (n && (n.visibleTo === null || n.visibleTo.has(viewerId))) out.set(id, { id, title: n.title, cover: null });
    }
    return out;
  };
}

export interface Instance {
  notify: NotifyModule;
  app: FastifyInstance;
  logs: string[];
  /** Starts listening on 127.0.0.1 and returns the base URLs. */
  listen(): Promise<{ http: string; ws: string; origin: string }>;
  close(): Promise<void>;
}

/** One app instance (one process's worth): its own pub/sub connection, hub and HTTP surface, on the shared ground. */
export async function openInstance(ground: Ground, pubsub: PubSub, options: NotifyOptions & LiveHubOptions = {}): Promise<Instance> {
  const notify = createNotifyModule({ db: ground.db, pubsub, accounts: ground.accounts, subjects: ground.notes.subjects, options });
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = Fastify({
    logger: { level: 'info', stream },
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  app.addSchema(Problem);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' } },
    refResolver: { buildLocalReference: (json, _b, _f, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // As app.ts does: who is asking, from the bearer token or the session cookie.
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const bearer = bearerToken(req);
    const token = bearer ?? req.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await ground.accounts.authenticate(token);
    if (found) req.auth = { ...found, via: bearer ? 'bearer' : 'cookie' };
  });
  await app.register(notify.routes, { publicOrigin: null });
  await app.ready();
  return {
    notify,
    app,
    logs,
    listen: async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address();
      if (!addr || typeof addr === 'string') throw new Error('not listening on a port');
      const origin = `http://127.0.0.1:${addr.port}`;
      return { http: origin, ws: `ws://127.0.0.1:${addr.port}/api/v1/stream`, origin };
    },
    close: () => app.close(),
  };
}

// ---- a WebSocket client (`ws` ships no types; this is the part the tests use)

interface WsLike {
  readyState: number;
  on(event: 'open', fn: () => void): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'close', fn: (code: number, reason: Buffer) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  on(event: 'unexpected-response', fn: (req: { destroy(): void }, res: { statusCode: number; resume(): void }) => void): void;
  close(): void;
  terminate(): void;
}
type WsCtor = new (url: string, opts: { headers?: Record<string, string>; autoPong?: boolean }) => WsLike;
const WebSocketClient = createRequire(import.meta.url)('ws') as WsCtor;

export const WAIT_MS = 3_000;

export interface LiveClient {
  socket: WsLike;
  /** The next message not yet taken, or a failure after a bounded wait. */
  next(ms?: number): Promise<LiveMessage>;
  /** Resolves with the close code (bounded wait). */
  closed(ms?: number): Promise<number>;
}

export type ConnectResult = { ok: true; client: LiveClient } | { ok: false; status: number };

export function connect(url: string, headers: Record<string, string>, opts: { autoPong?: boolean } = {}): Promise<ConnectResult> {
  const socket = new WebSocketClient(url, { headers, autoPong: opts.autoPong ?? true });
  const inbox: LiveMessage[] = [];
  const waiting: Array<(m: LiveMessage) => void> = [];
  let closeCode: number | null = null;
  const closeWaiters: Array<(code: number) => void> = [];
  socket.on('message', (data) => {
    const m = JSON.parse(data.toString('utf8')) as LiveMessage;
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  socket.on('close', (code) => {
    closeCode = code;
    for (const w of closeWaiters.splice(0)) w(code);
  });
  const client: LiveClient = {
    socket,
    next: (ms = WAIT_MS) => {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          reject(new Error(`no message within ${ms} ms`));
        }, ms);
        const done = (msg: LiveMessage) => (clearTimeout(timer), resolve(msg));
        waiting.push(done);
      });
    },
    closed: (ms = WAIT_MS) => {
      if (closeCode !== null) return Promise.resolve(closeCode);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms);
        closeWaiters.push((code) => (clearTimeout(timer), resolve(code)));
      });
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake within ${WAIT_MS} ms`)), WAIT_MS);
    socket.on('open', () => (clearTimeout(timer), resolve({ ok: true, client })));
    socket.on('unexpected-response', (req, res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve({ ok: false, status: res.statusCode });
    });
    socket.on('error', (err) => (clearTimeout(timer), reject(err)));
  });
}

/** Polls a condition until it holds, failing after a bounded wait (for server-side effects of a close). */
export async function eventually(check: () => boolean, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** No response in a test run may be a 5xx: a 5xx is a bug. */
export function assertNo5xx(logs: string[]): void {
  const bad = logs.filter((l) => /"statusCode":5\d\d/.test(l));
  if (bad.length > 0) throw new Error(`5xx responses were logged:\n${bad.join('\n')}`);
}
