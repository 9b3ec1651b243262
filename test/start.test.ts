// `npm start`, then SIGTERM to the npm process — what a process supervisor or a container runtime
// does — stops the server gracefully and leaves nothing running on the port.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every process below `pid`, from ps (Linux and macOS alike). */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of rows) {
      if (ppid === parent && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function until(ok: () => boolean | Promise<boolean>, tries: number, everyMs: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await ok()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return ok();
}

describe('npm start under a supervisor', () => {
  let npm: ChildProcess | null = null;
  let tree: number[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-start-'));

  after(() => {
    // Whatever the outcome, nothing this test started outlives it.
    for (const pid of [...tree, npm?.pid ?? 0]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM to the npm process stops the server gracefully: the port closes and no process is left', { timeout: 240_000 }, async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'S3_BUCKET', 'WEB_DIST', 'npm_lifecycle_event', 'npm_lifecycle_script']) delete env[k];
    npm = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout?.on('data', (d) => {
      output += d;
    });
    npm.stderr?.on('data', (d) => {
      output += d;
    });
    const exited = new Promise<number | null>((resolve) => npm?.once('exit', (code) => resolve(code)));

    // The first start may build the web client: allow it two minutes.
    const ready = await until(
      async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/api/ready`)).ok;
        } catch {
          return false;
        }
      },
      240,
      500,
    );
    assert.ok(ready, `never became ready:\n${output.slice(-3000)}`);
    tree = descendants(npm.pid!);
    assert.ok(tree.length > 0);

    npm.kill('SIGTERM');
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    assert.ok(stopped, 'npm exits after SIGTERM');
    assert.ok(await until(() => tree.every((pid) => !alive(pid)), 80, 250), `left running: ${tree.filter(alive).join(', ')}`);
    assert.equal(await portOpen(port), false, 'the port is closed');
    assert.match(output, /shutting down/, 'the server shut down through its SIGTERM handler');
  });
});
