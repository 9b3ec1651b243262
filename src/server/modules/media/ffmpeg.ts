// Finding and running ffmpeg: the configured binary, else the system's (newer, and it comes with
// ffprobe), else the static one shipped in @ffmpeg-installer/ffmpeg. Always spawned without a shell,
// with arguments as an array, and killed when it runs past its time.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface FfmpegTools {
  ffmpeg: string;
  /** null when only ffmpeg is at hand: probing then reads `ffmpeg -i`'s report instead */
  ffprobe: string | null;
}

// Well-known places, rather than a PATH search: config.ts is the only reader of the environment.
const SYSTEM_DIRS = ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];

const executable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function bundledFfmpeg(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const found = (require('@ffmpeg-installer/ffmpeg') as { path?: unknown }).path;
    return typeof found === 'string' && executable(found) ? found : null;
  } catch {
    // the package throws (a string, not an Error) on a platform it has no binary for
    return null;
  }
}

/** Resolves the binaries once; null when there is no ffmpeg at all (video uploads are then refused). */
export function resolveFfmpeg(configured: string | null): FfmpegTools | null {
  if (configured) {
    const probe = path.join(path.dirname(configured), 'ffprobe');
    return { ffmpeg: configured, ffprobe: executable(probe) ? probe : null };
  }
  for (const dir of SYSTEM_DIRS) {
    const ffmpeg = path.join(dir, 'ffmpeg');
    if (executable(ffmpeg)) {
      const probe = path.join(dir, 'ffprobe');
      return { ffmpeg, ffprobe: executable(probe) ? probe : null };
    }
  }
  const bundled = bundledFfmpeg();
  return bundled ? { ffmpeg: bundled, ffprobe: null } : null;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  /** the last part of stderr, enough for an error message or `ffmpeg -i`'s stream report */
  stderr: string;
}

export interface RunOptions {
  timeoutMs: number;
  /** stdout beyond this is dropped (ffprobe's JSON of a hostile file can be long) */
  maxStdout?: number;
}

const STDERR_KEEP = 64 * 1024;

/** Runs a binary without a shell; never rejects for a non-zero exit, only when it cannot start. */
export function run(cmd: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const maxStdout = opts.maxStdout ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (stdout.length < maxStdout) stdout += s.slice(0, maxStdout - stdout.length);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr = (stderr + s).slice(-STDERR_KEEP);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

/** The last meaningful line of ffmpeg's stderr, for an error record (never shown to clients). */
export const lastLine = (stderr: string): string =>
  stderr
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-1)[0]
    ?.slice(0, 500) ?? '';
