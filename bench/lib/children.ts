// Child processes and temp dirs that a benchmark owns. Whatever happens (normal end, a thrown
// error, Ctrl-C), no server is left listening and no temp dir is left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: a hard kill and a synchronous rm are all we can do here.
  process.on('exit', () => {
    for (const c of live) c.kill('SIGKILL');
    for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping benchmark children\n`);
      void cleanup().finally(() => process.exit(130));
    });
  }
}

/** Runs a TypeScript file in a fresh node process (through tsx), from the repo root. */
export function spawnTs(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  hookExit();
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Keeps the last few KB a child wrote, to show when it fails (and not otherwise). */
export function tailOf(child: ChildProcess, maxChars = 4000): () => string {
  let buf = '';
  const keep = (chunk: Buffer) => {
    buf = (buf + chunk.toString('utf8')).slice(-maxChars);
  };
  child.stderr?.on('data', keep);
  return () => buf;
}

/** The first stdout line that parses as JSON, or a rejection on exit/timeout. */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs: number, what: string): Promise<T> {
  const tail = tailOf(child);
  return new Promise<T>((resolve, reject) => {
    if (!child.stdout) return reject(new Error(`${what}: no stdout`));
    const lines = createInterface({ input: child.stdout });
    const done = (err: Error | null, value?: T) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      if (err) reject(err);
      else resolve(value as T);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(new Error(`${what}: no answer within ${timeoutMs} ms\n${tail()}`));
    }, timeoutMs);
    const onExit = (code: number | null) => done(new Error(`${what}: exited (code ${code}) before answering\n${tail()}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        done(null, JSON.parse(line) as T);
      } catch {
        // not our line; keep reading
      }
    });
  });
}

/** SIGTERM (graceful), then SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function makeTempDir(prefix: string): string {
  hookExit();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Stops every live child and removes every temp dir; safe to call more than once. */
export async function cleanup(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c)));
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}
