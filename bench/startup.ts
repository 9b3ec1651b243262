// Start-up benchmark: how soon `npm start` answers /api/ready once the web build is fresh, and how much
// memory the server process holds idle and after a first use (sign up, post a note with a photo, read
// it) — on the laptop or 1 GB VPS Biji promises to run on. Baseline in the same run: a bare Fastify
// process. Biji is also started alone (`node dist/server/main.mjs`, the compiled server,
// no npm and no web-build check) to tell the server's own cost from the command's.
// RSS is VmRSS from /proc/<pid>/status of the process that listens, not npm's or tsx's launcher;
// "tree" adds every process the command started. Nothing is asserted: the table says PASS or BELOW.
// `npm run bench -- startup [--runs N]`
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTempDir, REPO_ROOT } from './lib/children.ts';
import { postNote, upload } from './lib/notes-fixture.ts';
import { makePhoto, TWELVE_MP } from './lib/photo.ts';
import { strongPassword } from './lib/pool.ts';
import { table } from './lib/report.ts';
import { freePort } from './lib/servers.ts';

const READY_TARGET_MS = 2000;
const IDLE_RSS_TARGET_MB = 200;
const START_TIMEOUT_MS = 60_000;
/** How long a process sits untouched before its RSS counts as idle (timers, job polling, lazy GC). */
const SETTLE_MS = 3000;

type Subject = 'bare' | 'alone' | 'npm';
const LABEL: Record<Subject, string> = {
  bare: 'bare Fastify (node --import tsx)',
  alone: 'Biji alone (node dist/server/main.mjs)',
  npm: 'Biji by `npm start`',
};

interface Sample {
  readyMs: number;
  /** the listening process, idle after ready */
  idleMb: number;
  /** its peak so far (VmHWM): what start-up needed at its worst */
  peakMb: number;
  /** every process of the command (npm, sh, tsx's launcher, the server) */
  treeMb: number;
  /** the listening process after sign-up, a note with a photo and reads */
  warmMb?: number;
}

// ---- /proc

function status(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const m = /^(Vm\w+|Rss\w+):\s+(\d+) kB/.exec(line);
      if (m?.[1] && m[2]) out[m[1]] = Number(m[2]) / 1024;
    }
  } catch {
    // gone
  }
  return out;
}

/** pid and every descendant, from each process's parent in /proc/<pid>/stat. */
function tree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

/** Inodes of sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const out = new Set<string>();
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A' && cols[9]) out.add(cols[9]);
    }
  }
  return out;
}

/** The process of the tree that holds the listening socket: the real server, wherever npm put it. */
function listener(root: number, port: number): number {
  const inodes = listeningInodes(port);
  for (const pid of tree(root)) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m?.[1] && inodes.has(m[1])) return pid;
      }
    } catch {
      // exited or not ours to read
    }
  }
  throw new Error(`no process of ${root}'s tree listens on ${port}`);
}

const treeMb = (root: number): number => tree(root).reduce((sum, pid) => sum + (status(pid).VmRSS ?? 0), 0);

// ---- processes

const groups = new Set<number>();
process.on('exit', () => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Each command runs in its own process group, so stopping it reaches the server however npm launches it. */
function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) groups.add(child.pid);
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-3000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  Object.defineProperty(child, 'tail', { get: () => tail });
  return child;
}

/** SIGTERM to the whole group (what a supervisor sends), SIGKILL to whatever is left after 10 s. */
async function stop(child: ChildProcess): Promise<void> {
  const g = child.pid;
  if (!g) return;
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-g, sig);
      return true;
    } catch {
      return false; // no process left in the group
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (signal(0) && Date.now() < deadline) await sleep(50);
  signal('SIGKILL');
  groups.delete(g);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(url: string, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before ${url} answered\n${(child as unknown as { tail: string }).tail}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${url} did not answer within ${START_TIMEOUT_MS} ms`);
    await sleep(20);
  }
}

function serverEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  // Embedded mode on a fresh instance; a developer's shell must not point it at another database.
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    REDIS_URL: '',
    PUBLIC_URL: '',
    S3_BUCKET: '',
    LOG_LEVEL: 'warn',
  };
}

async function measure(subject: Subject, photo: string | null): Promise<Sample> {
  const port = await freePort();
  const dataDir = makeTempDir('biji-bench-startup-');
  const env = serverEnv(port, dataDir);
  const started = performance.now();
  const child =
    subject === 'bare'
      ? launch(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench/workers/startup-bare.ts')], env)
      : subject === 'alone'
        ? launch(process.execPath, [path.join(REPO_ROOT, 'dist/server/main.mjs')], env)
        : launch('npm', ['start', '--silent'], env);
  try {
    const base = `http://127.0.0.1:${port}`;
    const readyMs = await waitFor(`${base}/api/ready`, child, started);
    await sleep(SETTLE_MS);
    const pid = listener(child.pid!, port);
    const idle = status(pid);
    const sample: Sample = { readyMs, idleMb: idle.VmRSS ?? 0, peakMb: idle.VmHWM ?? 0, treeMb: treeMb(child.pid!) };
    if (photo) {
      await firstUse(base, photo);
      await sleep(SETTLE_MS);
      sample.warmMb = status(pid).VmRSS ?? 0;
    }
    return sample;
  } finally {
    await stop(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What a first visitor does: sign up, post a note with a phone photo (language detection runs), read it, read a profile. */
async function firstUse(base: string, photo: string): Promise<void> {
  const res = await fetch(`${base}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: 'first_visitor', password: strongPassword(), displayName: 'First Visitor', languages: ['en', 'zh'] }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const mediaId = await upload(base, token, photo);
  const noteId = await postNote(base, token, {
    title: 'Chengdu hotpot night',
    body: 'The best hotpot we had all week, and the queue was worth it. Where should we eat next time? #成都 #food',
    mediaIds: [mediaId],
  });
  for (const route of [`/api/v1/notes/${noteId}`, '/api/v1/users/first_visitor', '/api/v1/users/first_visitor/notes']) {
    const r = await fetch(`${base}${route}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`GET ${route}: ${r.status}`);
  }
}

// ---- report

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const mb = (n: number | undefined): string => (n === undefined ? '—' : `${n.toFixed(0)} MB`);
const ms = (n: number): string => `${n.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;

function parseArgs(args: string[]): { runs: number } {
  let runs = 3;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else throw new Error(`unknown option ${args[i]} (the startup benchmark takes --runs N)`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error('--runs takes a whole number from 1 to 20');
  return { runs };
}

export async function run(args: string[] = []): Promise<void> {
  const { runs } = parseArgs(args);
  console.log(
    `startup benchmark · ${os.cpus().length} CPUs · Node ${process.version} · load ${os.loadavg()[0]?.toFixed(1)} · ${runs} runs of each, interleaved`,
  );
  // `npm start` builds the web client and the server when their sources changed; the target is for fresh builds.
  const built = spawnSync('npm', ['run', '--silent', 'prestart'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the build failed');
  const work = makeTempDir('biji-bench-startup-photo-');
  const photo = path.join(work, 'phone-photo.jpg');
  const bytes = await makePhoto(photo, TWELVE_MP);
  console.log(`first use: sign up, a note with a ${TWELVE_MP.width}×${TWELVE_MP.height} JPEG (${(bytes / 1e6).toFixed(1)} MB) and English text, three reads\n`);

  const samples: Record<Subject, Sample[]> = { bare: [], alone: [], npm: [] };
  const order: Subject[] = ['bare', 'alone', 'npm'];
  for (let r = 0; r < runs; r++) {
    for (const s of r % 2 === 0 ? order : [...order].reverse()) {
      samples[s].push(await measure(s, s === 'bare' ? null : photo));
      process.stdout.write('.');
    }
  }
  process.stdout.write('\n\n');

  const rows = order.map((s) => {
    const xs = samples[s];
    const warm = xs.map((x) => x.warmMb).filter((x): x is number => x !== undefined);
    return [
      LABEL[s],
      ms(median(xs.map((x) => x.readyMs))),
      mb(median(xs.map((x) => x.idleMb))),
      mb(median(xs.map((x) => x.peakMb))),
      mb(median(xs.map((x) => x.treeMb))),
      warm.length ? mb(median(warm)) : '—',
    ];
  });
  console.log(
    `medians of ${runs} runs, each on a fresh DATA_DIR (SQLite); RSS ${SETTLE_MS / 1000} s after ready, and ${SETTLE_MS / 1000} s after the first use`,
  );
  console.log(
    table(
      [
        { title: 'process' },
        { title: 'ready', align: 'right' },
        { title: 'idle RSS', align: 'right' },
        { title: 'peak RSS', align: 'right' },
        { title: 'tree RSS', align: 'right' },
        { title: 'after first use', align: 'right' },
      ],
      rows,
    ),
  );

  const npm = samples.npm;
  const bare = samples.bare;
  const ready = median(npm.map((x) => x.readyMs));
  const idle = median(npm.map((x) => x.idleMb));
  console.log(
    `\n${table(
      [
        { title: 'figure' },
        { title: 'value', align: 'right' },
        { title: 'target', align: 'right' },
        { title: 'result' },
        { title: 'bare Fastify', align: 'right' },
      ],
      [
        [
          '`npm start` → /api/ready',
          ms(ready),
          `≤ ${ms(READY_TARGET_MS)}`,
          ready <= READY_TARGET_MS ? 'PASS' : 'BELOW',
          ms(median(bare.map((x) => x.readyMs))),
        ],
        ['server idle RSS', mb(idle), `≤ ${IDLE_RSS_TARGET_MB} MB`, idle <= IDLE_RSS_TARGET_MB ? 'PASS' : 'BELOW', mb(median(bare.map((x) => x.idleMb)))],
      ],
    )}`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}
