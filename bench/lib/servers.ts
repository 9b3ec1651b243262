// The two servers a benchmark compares, each in its own process so that neither shares an event
// loop with the load generator: the real Biji server, and a bare Fastify baseline.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { TOOL_SAFETY_ENV } from '../../src/server/config.ts';
import { firstJsonLine, makeTempDir, REPO_ROOT, spawnTs, stopChild, tailOf } from './children.ts';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** A port nobody listens on right now (the OS picks it; we release it for the child). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Biji as people run it (`src/server/main.ts`), embedded mode on a fresh temp DATA_DIR (or, when
 * the benchmark names them, a data directory of its own and a PostgreSQL database). Database,
 * Redis and public-URL settings are otherwise blanked so a developer's shell cannot turn the benchmark into a
 * measurement of some other setup; rate limits are off because the load would trip them at once.
 */
export async function startBiji(opts: { databaseUrl?: string; dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? makeTempDir('biji-bench-');
  const child = spawnTs(path.join(REPO_ROOT, 'src/server/main.ts'), [], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl ?? '',
    REDIS_URL: '',
    PUBLIC_URL: '',
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    ...TOOL_SAFETY_ENV,
    ...opts.env,
  });
  const tail = tailOf(child);
  child.stdout?.on('data', () => {}); // drain (the RATE_LIMITS=off warning) so the pipe never fills
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Biji exited with code ${child.exitCode} while starting\n${tail()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`Biji did not answer /api/health within ${START_TIMEOUT_MS} ms\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, stop: () => stopChild(child) };
}

/** The baseline: a Fastify server with one JSON route and nothing else (workers/bare-fastify.ts). */
export async function startBareFastify(): Promise<RunningServer> {
  const child = spawnTs(path.join(REPO_ROOT, 'bench/workers/bare-fastify.ts'));
  const { port } = await firstJsonLine<{ port: number }>(child, START_TIMEOUT_MS, 'bare Fastify server');
  return { url: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}
