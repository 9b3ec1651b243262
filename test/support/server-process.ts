// Real Biji server processes for tests that need what only a process gives: two of them sharing a
// database and Redis, or one killed with SIGKILL mid-write. Every wait is bounded.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { TOOL_SAFETY_ENV } from '../../src/server/config.ts';
import { freshDb, TEST_PG_URL, TEST_REDIS_URL } from './db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Generous: CI machines are busy; a start normally takes one or two seconds. */
const START_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown, nothing flushed — a crash. */
  kill(): Promise<void>;
  /** SIGTERM, graceful. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      probe.close(() => resolve(address.port));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });

/** A PostgreSQL URL whose connections use `schema` (every test file has its own). */
export const pgUrlForSchema = (schema: string): string =>
  `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      ...TOOL_SAFETY_ENV,
      WEB_DIST: path.join(os.tmpdir(), 'biji-no-web'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited(child).then(() => true), sleep(15_000).then(() => false)]);
      if (!done) await kill();
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { url, child, output: () => log, kill, stop };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await kill();
  throw new Error(`server did not become ready within ${START_TIMEOUT_MS} ms (exit ${child.exitCode}):\n${log}`);
}

/** A small HTTP client for a server process: JSON in and out, bearer auth, a bounded wait. */
export function client(base: string) {
  const call = async (method: string, p: string, token?: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(base + p, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  };
  return {
    call,
    async signUp(handle: string): Promise<{ id: string; token: string; handle: string }> {
      const r = await call('POST', '/api/v1/accounts', undefined, { handle, password: 'correct-horse-battery-7', displayName: handle });
      if (r.status !== 201) throw new Error(`sign-up ${r.status} ${JSON.stringify(r.json)}`);
      const j = r.json as { token: string; user: { id: string; handle: string } };
      return { id: j.user.id, token: j.token, handle: j.user.handle };
    },
    async postNote(token: string, title: string): Promise<string> {
      const img = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 120 } } })
        .jpeg()
        .toBuffer();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), 'p.jpg');
      const up = await fetch(`${base}/api/v1/media`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(20_000),
      });
      if (up.status !== 201) throw new Error(`upload ${up.status} ${await up.text()}`);
      const media = (await up.json()) as { id: string };
      const r = await call('POST', '/api/v1/notes', token, { title, body: `${title} #crash`, mediaIds: [media.id] });
      if (r.status !== 201) throw new Error(`post ${r.status} ${JSON.stringify(r.json)}`);
      return (r.json as { id: string }).id;
    },
  };
}

export function tempDataDir(): { dir: string; drop(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-proc-'));
  return { dir, drop: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface ProcessPair {
  a: ServerProcess;
  b: ServerProcess;
  /** Stops both processes, then drops their data folders and the database. */
  stop(): Promise<void>;
}

/**
 * Two processes on one fresh PostgreSQL schema and Redis, as behind a load balancer, each with its
 * own data folder; `env` adds to both. They start one at a time: the first applies the migrations.
 */
export async function startProcessPair(env: Record<string, string> = {}): Promise<ProcessPair> {
  const db = await freshDb('postgres');
  if (db.target.kind !== 'postgres' || !db.target.schema) throw new Error('expected a PostgreSQL schema');
  const shared = { DATABASE_URL: pgUrlForSchema(db.target.schema), REDIS_URL: TEST_REDIS_URL, ...env };
  const dirs = [tempDataDir(), tempDataDir()];
  const started: ServerProcess[] = [];
  const stop = async () => {
    for (const p of started) await p.stop();
    for (const d of dirs) d.drop();
    await db.drop();
  };
  try {
    for (const d of dirs) started.push(await startServerProcess({ ...shared, DATA_DIR: d.dir }));
  } catch (err) {
    await stop();
    throw err;
  }
  const [a, b] = started as [ServerProcess, ServerProcess];
  return { a, b, stop };
}
