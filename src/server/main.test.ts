// The real process: start-up refuses bad settings, and SIGTERM finishes in-flight requests.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function waitHealthy(port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become healthy in 30 s');
}

describe('the server process', () => {
  it('refuses to start on a bad setting, naming it, with a non-zero exit', async () => {
    const p = start({ PORT: 'not-a-port', RATE_LIMITS: 'sometimes' });
    const code = await p.exited;
    assert.notEqual(code, 0);
    assert.match(p.output(), /PORT must be a whole number/);
    assert.match(p.output(), /RATE_LIMITS must be one of/);
  });

  it('warns when rate limits are off, and on SIGTERM finishes an in-flight request before exiting 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-main-'));
    const port = await freePort();
    const p = start({ PORT: String(port), DATA_DIR: dataDir, RATE_LIMITS: 'off', WEB_DIST: path.join(dataDir, 'none') });
    try {
      await waitHealthy(port);
      assert.match(p.output(), /RATE_LIMITS=off/);
      assert.ok(fs.existsSync(path.join(dataDir, 'biji.sqlite')), 'state lives under DATA_DIR');
      // Send the headers and half the body, then SIGTERM, then the rest: the request is in flight.
      const body = JSON.stringify({ handle: 'inflight_user', password: 'correct-horse-battery-7', displayName: 'In flight' });
      const response = new Promise<string>((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1');
        let data = '';
        sock.on('data', (d) => (data += d.toString()));
        sock.on('end', () => resolve(data));
        sock.on('error', reject);
        sock.write(
          `POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
        );
        setTimeout(() => {
          p.child.kill('SIGTERM');
          setTimeout(() => sock.write(body.slice(20)), 300);
        }, 200);
      });
      const raw = await response;
      assert.match(raw, /^HTTP\/1\.1 201/);
      assert.equal(await p.exited, 0);
      assert.match(p.output(), /shutting down/);
      // new connections are refused after shutdown
      await assert.rejects(fetch(`http://127.0.0.1:${port}/api/health`));
    } finally {
      p.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
