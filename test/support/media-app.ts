// A small app around the media module for its tests: a fresh database, local storage, the job queue,
// and a Fastify app with the platform's error handling. Who is asking comes from an x-test-user
// header; which notes exist and who may see them, from a map the test fills (the notes module's
// answer, which the media routes are given).
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Config, loadConfig, TOOL_SAFETY_ENV } from '../../src/server/config.ts';
import { createMediaModule, type MediaService } from '../../src/server/modules/media/index.ts';
import type { CanView } from '../../src/server/modules/media/service.ts';
import { type Db, type DbKind, openDb } from '../../src/server/platform/db/index.ts';
import { EventBus } from '../../src/server/platform/events/index.ts';
import { installErrorHandling } from '../../src/server/platform/http.ts';
import { DbJobQueue } from '../../src/server/platform/jobs/queue.ts';
import { MemoryRateLimiter } from '../../src/server/platform/ratelimit/index.ts';
import { routeKit } from '../../src/server/platform/routes.ts';
import { LocalStorage } from '../../src/server/platform/storage/local.ts';
import { Problem } from '../../src/shared/api/common.ts';
import { freshDb } from './db.ts';

export interface FakeNote {
  authorId: string;
  visibility: 'public' | 'followers' | 'only_me';
}

export interface MediaTestApp {
  app: FastifyInstance;
  media: MediaService;
  db: Db;
  queue: DbJobQueue;
  events: EventBus;
  storage: LocalStorage;
  config: Config;
  /** the storage root: every stored file is under it */
  storageDir: string;
  /** where uploads and work files go: empty whenever no request is running */
  tmpDir: string;
  notes: Map<string, FakeNote>;
  logs: string[];
  close(): Promise<void>;
}

export async function mediaTestApp(kind: DbKind, env: Record<string, string> = {}): Promise<MediaTestApp> {
  const fresh = await freshDb(kind);
  // Config as test/support/app.ts makes it, without importing the composition root: these tests
  // exercise the module on its own.
  const config = loadConfig({
    DATA_DIR: fresh.dataDir,
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'info',
    WEB_DIST: `${fresh.dataDir}/no-web`,
    ...TOOL_SAFETY_ENV,
    ...env,
  });
  const db = await openDb(fresh.target);
  const storageDir = path.join(fresh.dataDir, 'media');
  const tmpDir = path.join(fresh.dataDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });
  const storage = new LocalStorage(storageDir);
  const queue = new DbJobQueue(db, { backoffBaseMs: 1 });
  const limiter = new MemoryRateLimiter();
  const notes = new Map<string, FakeNote>();
  const canView: CanView = async (viewerId, m) => {
    const note = m.attachedTo ? notes.get(m.attachedTo) : undefined;
    if (!note) return false;
    return note.visibility === 'public' || viewerId === note.authorId;
  };
  const events = new EventBus(queue);
  const mod = createMediaModule({ db, storage, queue, events, config, tmpDir });

  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream: logStream } }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandling(app);
  app.addSchema(Problem);
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const user = req.headers['x-test-user'];
    if (typeof user === 'string') req.auth = { userId: user, sessionId: 'test', role: 'member', via: 'bearer' };
  });
  await app.register(mod.routes({ canView, kit: routeKit(limiter, config.rateLimits.writesPerUser) }));
  await app.ready();
  return {
    app,
    media: mod.service,
    db,
    queue,
    events,
    storage,
    config,
    storageDir,
    tmpDir,
    notes,
    logs,
    close: async () => {
      await app.close();
      await queue.stop();
      await limiter.close();
      await db.close();
      await fresh.drop();
    },
  };
}

/** No response in a test run may be a 5xx: a 5xx is a bug. */
export function assertNo5xx(logs: string[]): void {
  const bad = logs.filter((l) => /"statusCode":5\d\d/.test(l));
  if (bad.length > 0) throw new Error(`5xx responses were logged:\n${bad.join('\n')}`);
}

/** A multipart/form-data body, as a browser's FormData would send it. */
export function multipart(parts: Array<{ name: string; filename?: string; contentType?: string; data: Buffer | string }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----biji${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const type = p.filename !== undefined ? `\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(typeof p.data === 'string' ? Buffer.from(p.data) : p.data);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
