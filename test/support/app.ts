// An app on a fresh database for HTTP tests through app.inject, and small helpers for them.
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type AppContext, buildApp, buildContext, closeContext } from '../../src/server/app.ts';
import { type Config, loadConfig, TOOL_SAFETY_ENV } from '../../src/server/config.ts';
import type { DbKind } from '../../src/server/platform/db/index.ts';
import { freshDb } from './db.ts';

export const ORIGIN = 'http://localhost:80';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  logs: string[];
  close(): Promise<void>;
}

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: dataDir,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'info',
    WEB_DIST: `${dataDir}/no-web`,
    // Every test person is minutes old: the new-account rules, spam waves and the image model are the safety tests' to switch on.
    ...TOOL_SAFETY_ENV,
    ...env,
  });
}

export async function testApp(
  kind: DbKind,
  env: Record<string, string> = {},
  opts: { onQuery?: (sql: string) => void; feedClock?: () => number } = {},
): Promise<TestApp> {
  const db = await freshDb(kind);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const { feedClock, ...dbOpts } = opts;
  const { app, ctx } = await buildApp(testConfig(db.dataDir, env), { dbTarget: { ...db.target, ...dbOpts }, logStream, ...(feedClock ? { feedClock } : {}) });
  await app.ready();
  return {
    app,
    ctx,
    logs,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export async function testContext(kind: DbKind, env: Record<string, string> = {}): Promise<{ ctx: AppContext; close(): Promise<void> }> {
  const db = await freshDb(kind);
  const ctx = await buildContext(testConfig(db.dataDir, env), { dbTarget: db.target });
  return {
    ctx,
    close: async () => {
      await closeContext(ctx);
      await db.drop();
    },
  };
}

let counter = 0;
export const uniqueHandle = (prefix = 'user'): string => `${prefix}_${process.pid % 1000}_${++counter}`;

export const STRONG_PASSWORD = 'correct-horse-battery-7';

export interface Account {
  handle: string;
  token: string;
  cookie: string;
  id: string;
}

export async function signUp(app: FastifyInstance, handle = uniqueHandle(), extra: Record<string, unknown> = {}): Promise<Account> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: { origin: ORIGIN },
    payload: { handle, password: STRONG_PASSWORD, displayName: `Test ${handle}`, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`sign-up failed ${res.statusCode}: ${res.body}`);
  const body = res.json() as { token: string; user: { id: string; handle: string } };
  return { handle: body.user.handle, token: body.token, cookie: sessionCookie(res), id: body.user.id };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'biji_session');
  if (!c) throw new Error('no session cookie set');
  return c.value;
}

export const bearer = (a: Account) => ({ authorization: `Bearer ${a.token}` });
export const cookieAuth = (a: Account) => ({ cookie: `biji_session=${a.cookie}`, origin: ORIGIN });

/** No response in a test run may be a 5xx: a 5xx is a bug. */
export function assertNo5xx(logs: string[]): void {
  const bad = logs.filter((l) => /"statusCode":5\d\d/.test(l));
  if (bad.length > 0) throw new Error(`5xx responses were logged:\n${bad.join('\n')}`);
}
