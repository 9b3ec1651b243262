// Live room benchmark: does one room hold tens of thousands of people? Real server processes
// (src/server/main.ts, spawned with `ulimit -n` raised), real WebSockets from client processes (each
// from its own 127.0.0.x so ports last), one room; M senders post 20 messages a second in total and
// every member records, for each message, the time from send to receipt. Printed per size: p50/p99
// delivery latency across all members, messages delivered per second, server RSS and CPU; the same
// room at N=100 is the baseline of the same run (the ratio table). Sizes past what one process may
// open (its hard limit of open files) run on several processes sharing PostgreSQL and Redis, as
// scaled deployments do; `5000x2` is the two-node run at a size one node also holds.
//
// `npm run bench -- room [--n=5000[,20000…|5000x2]] [--senders=40] [--seconds=20] [--rate=20] [--profile]`
// Goal (issue 10): 50,000 members, p99 ≤ 1 s at 20 messages/s, server RSS ≤ 2 GB.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, makeTempDir, REPO_ROOT, stopChild, tailOf } from './lib/children.ts';
import { freshPgSchema, LOCAL_PG_URL } from './lib/pg.ts';
import { fmtMs, fmtRate, table } from './lib/report.ts';
import { seedRoom } from './lib/room-seed.ts';
import { freePort } from './lib/servers.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PER_WORKER = 12_500;
const CLK_TCK = 100;

interface Run {
  label: string;
  n: number;
  nodes: number;
}

interface Figures {
  run: Run;
  openMs: number;
  opened: number;
  p50: number;
  p99: number;
  max: number;
  deliveredPerS: number;
  deliveredShare: number;
  sentPerS: number;
  rssMb: number;
  cpuPct: number;
  errors: Record<string, number>;
}

const arg = (args: string[], name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** The hard limit of open files a process may raise itself to here (containers often cap it). */
function hardNofile(): number {
  const out = execFileSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
  return out === 'unlimited' ? 1_000_000 : Number(out);
}

interface Node {
  url: string;
  child: ChildProcess;
}

async function startNode(env: Record<string, string>, nofile: number, profileDir: string | null): Promise<Node> {
  const port = await freePort();
  const flags = profileDir ? `--cpu-prof --cpu-prof-dir=${profileDir} ` : '';
  const child = spawn('bash', ['-c', `ulimit -n ${nofile}; exec "${process.execPath}" ${flags}--import tsx src/server/main.ts`], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = tailOf(child);
  child.stdout?.on('data', () => {});
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) while starting\n${tail()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return { url, child };
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start\n${tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** utime+stime (ticks) and RSS (bytes) of a process, from /proc. */
function procStat(pid: number): { ticks: number; rss: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rssPages = Number(f[21]);
  return { ticks: Number(f[11]) + Number(f[12]), rss: rssPages * 4096 };
}

interface Worker {
  child: ChildProcess;
  ask<T>(m: unknown, until: (r: Record<string, unknown>) => boolean, ms: number): Promise<T>;
}

function startWorker(): Worker {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', path.join(REPO_ROOT, 'bench/workers/room-clients.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(m: unknown, until: (r: Record<string, unknown>) => boolean, ms: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client worker: no answer within ${ms} ms`)), ms);
      const on = (r: Record<string, unknown>) => {
        if (!until(r)) return;
        clearTimeout(timer);
        child.off('message', on);
        resolve(r as T);
      };
      child.on('message', on);
      if (m) child.send(m as never);
    });
  return { child, ask };
}

async function measure(run: Run, opts: { senders: number; seconds: number; rate: number; nofile: number; profile: boolean }): Promise<Figures> {
  const scaled = run.nodes > 1;
  const pg = scaled ? await freshPgSchema(process.env.DATABASE_URL || LOCAL_PG_URL) : null;
  const dirs = Array.from({ length: run.nodes }, () => makeTempDir('biji-room-bench-'));
  const nodes: Node[] = [];
  const workers: Worker[] = [];
  try {
    const target = pg ? ({ kind: 'postgres', url: pg.url } as const) : ({ kind: 'sqlite', file: path.join(dirs[0] as string, 'biji.sqlite') } as const);
    const t0 = Date.now();
    const { roomId, tokens: all } = await seedRoom(target, run.n + opts.senders, run.label.replace(/[^a-z0-9]/gi, ''));
    // The senders are members who do not hold the room: their process only posts, so its timers keep time.
    const tokens = all.slice(0, run.n);
    const senderTokens = all.slice(run.n);
    process.stdout.write(`  ${run.label}: ${run.n} people seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s; `);
    const profileDir = opts.profile ? path.join(REPO_ROOT, 'data/profiles') : null;
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    for (const dir of dirs) {
      nodes.push(
        await startNode(
          {
            DATA_DIR: dir,
            DATABASE_URL: pg?.url ?? '',
            REDIS_URL: scaled ? REDIS_URL : '',
            CACHE_MAX_ENTRIES: String(Math.max(50_000, run.n * 2)),
            RATE_LIMITS: 'on',
          },
          opts.nofile,
          profileDir,
        ),
      );
    }
    const k = Math.max(1, Math.ceil(run.n / PER_WORKER));
    for (let i = 0; i < k + 1; i++) workers.push(startWorker());
    await Promise.all(workers.map((w) => w.ask(null, (r) => r.up === true, 30_000)));
    const wsUrls = nodes.map((n) => `${n.url.replace('http', 'ws')}/api/v1/stream`);
    const t1 = Date.now();
    const per = Math.ceil(run.n / k);
    const [senders, ...receivers] = workers as [Worker, ...Worker[]];
    const sendersUp = senders.ask<{ opened: number }>(
      { cmd: 'open', urls: wsUrls, tokens: senderTokens, roomId, localAddress: '127.0.0.250', concurrency: 20, subscribe: false },
      (r) => typeof r.opened === 'number',
      120_000,
    );
    const opened = await Promise.all(
      receivers.map((w, i) =>
        w.ask<{ opened: number; failed: number }>(
          {
            cmd: 'open',
            urls: wsUrls,
            tokens: tokens.slice(i * per, (i + 1) * per),
            roomId,
            localAddress: `127.0.0.${2 + i}`,
            concurrency: 200,
            subscribe: true,
          },
          (r) => typeof r.opened === 'number',
          20 * 60_000,
        ),
      ),
    );
    const openMs = Date.now() - t1;
    if ((await sendersUp).opened !== opts.senders) throw new Error('not every sender could connect');
    const open = opened.reduce((s, o) => s + o.opened, 0);
    process.stdout.write(`${open} sockets in the room in ${(openMs / 1000).toFixed(1)} s; measuring…\n`);

    const warmMs = 3_000;
    const measureMs = opts.seconds * 1000;
    const measureFrom = Date.now() + warmMs;
    const intervalMs = Math.round((opts.senders * 1000) / opts.rate);
    for (const w of receivers) w.child.send({ cmd: 'measure', measureFrom });
    senders.child.send({ cmd: 'send', senders: opts.senders, intervalMs, durationMs: warmMs + measureMs, measureFrom });
    await new Promise((r) => setTimeout(r, warmMs));
    const before = nodes.map((n) => procStat(n.child.pid as number));
    let rssMax = 0;
    const end = Date.now() + measureMs;
    while (Date.now() < end) {
      rssMax = Math.max(
        rssMax,
        nodes.reduce((s, n) => s + procStat(n.child.pid as number).rss, 0),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    const after = nodes.map((n) => procStat(n.child.pid as number));
    // Let the last batches arrive.
    await new Promise((r) => setTimeout(r, 3_000));
    const reports = await Promise.all(
      workers.map((w) =>
        w.ask<{ hist: number[]; receipts: number; sentMeasured: number; resyncs: number; errors: Record<string, number> }>(
          { cmd: 'report' },
          (r) => Array.isArray(r.hist),
          60_000,
        ),
      ),
    );
    const hist = new Array<number>(reports[0]?.hist.length ?? 0).fill(0);
    let receipts = 0;
    let sentMeasured = 0;
    const errors: Record<string, number> = {};
    for (const r of reports) {
      r.hist.forEach((v, i) => {
        hist[i] = (hist[i] ?? 0) + v;
      });
      receipts += r.receipts;
      sentMeasured += r.sentMeasured;
      if (r.resyncs > 0) errors.resync = (errors.resync ?? 0) + r.resyncs;
      for (const [c, v] of Object.entries(r.errors)) errors[c] = (errors[c] ?? 0) + v;
    }
    const pct = (p: number) => {
      let acc = 0;
      const want = receipts * p;
      for (let i = 0; i < hist.length; i++) {
        acc += hist[i] ?? 0;
        if (acc >= want) return i;
      }
      return hist.length;
    };
    let max = 0;
    hist.forEach((v, i) => {
      if (v > 0) max = i;
    });
    const cpuTicks = after.reduce((s, a, i) => s + a.ticks - (before[i]?.ticks ?? 0), 0);
    const sentPerS = sentMeasured / (measureMs / 1000);
    return {
      run,
      openMs,
      opened: open,
      p50: pct(0.5),
      p99: pct(0.99),
      max,
      deliveredPerS: receipts / (measureMs / 1000),
      deliveredShare: receipts / Math.max(1, sentMeasured * open),
      sentPerS,
      rssMb: rssMax / 1024 / 1024,
      cpuPct: (cpuTicks / CLK_TCK / (measureMs / 1000)) * 100,
      errors,
    };
  } finally {
    for (const w of workers) {
      w.child.send({ cmd: 'close' });
    }
    await Promise.all(workers.map((w) => stopChild(w.child, 3000)));
    await Promise.all(nodes.map((n) => stopChild(n.child, 10_000)));
    await pg?.drop();
  }
}

function parseRuns(spec: string | undefined, perNode: number): Run[] {
  const sizes = (spec ?? '5000,20000,50000,5000x2').split(',').filter(Boolean);
  return sizes.map((s) => {
    const [n, x] = s.split('x').map(Number);
    const size = n as number;
    const nodes = x ?? Math.max(1, Math.ceil(size / perNode));
    return { label: nodes > 1 ? `${size} on ${nodes} nodes` : `${size}`, n: size, nodes };
  });
}

export async function run(args: string[]): Promise<void> {
  const nofile = hardNofile();
  // What one server process may hold: its open-file limit, less what the server itself keeps open.
  const perNode = Math.max(1000, nofile - 2000);
  const opts = {
    senders: Number(arg(args, 'senders') ?? 40),
    seconds: Number(arg(args, 'seconds') ?? 20),
    rate: Number(arg(args, 'rate') ?? 20),
    nofile,
    profile: args.includes('--profile'),
  };
  const runs = [{ label: 'baseline 100', n: 100, nodes: 1 }, ...parseRuns(arg(args, 'n'), perNode)];
  console.log(
    `room bench: ${opts.senders} senders post ${opts.rate} messages/s in total for ${opts.seconds} s (after 3 s warm-up); ` +
      `open-file limit ${nofile} a process, so up to ${perNode} members a node (more: PostgreSQL + Redis, several nodes)\n`,
  );
  const out: Figures[] = [];
  try {
    for (const r of runs) out.push(await measure(r, opts));
  } finally {
    await cleanup();
  }
  console.log(
    `\n${table(
      [
        { title: 'members' },
        { title: 'join all', align: 'right' },
        { title: 'p50', align: 'right' },
        { title: 'p99', align: 'right' },
        { title: 'max', align: 'right' },
        { title: 'sent', align: 'right' },
        { title: 'delivered', align: 'right' },
        { title: 'of sent', align: 'right' },
        { title: 'server RSS', align: 'right' },
        { title: 'server CPU', align: 'right' },
        { title: 'errors' },
      ],
      out.map((f) => [
        f.run.label,
        `${(f.openMs / 1000).toFixed(1)} s`,
        fmtMs(f.p50),
        fmtMs(f.p99),
        fmtMs(f.max),
        fmtRate(f.sentPerS, 'msg/s'),
        fmtRate(f.deliveredPerS, 'msg/s'),
        `${(f.deliveredShare * 100).toFixed(1)} %`,
        `${f.rssMb.toFixed(0)} MB`,
        `${f.cpuPct.toFixed(0)} %`,
        Object.entries(f.errors)
          .map(([c, v]) => `${c}:${v}`)
          .join(' ') || '—',
      ]),
    )}`,
  );
  const base = out[0];
  if (base) {
    console.log(
      `\n${table(
        [{ title: 'vs baseline (100 members)' }, { title: 'p99 ×', align: 'right' }, { title: 'delivered per member ×', align: 'right' }, { title: 'goal' }],
        out
          .slice(1)
          .map((f) => [
            f.run.label,
            (f.p99 / Math.max(1, base.p99)).toFixed(2),
            (f.deliveredPerS / f.opened / (base.deliveredPerS / Math.max(1, base.opened))).toFixed(2),
            f.run.n >= 50_000 ? (f.p99 <= 1000 && f.rssMb <= 2048 ? 'PASS (p99 ≤ 1 s, RSS ≤ 2 GB)' : 'BELOW') : '—',
          ]),
      )}`,
    );
  }
}
