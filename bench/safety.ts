// Safety benchmark: how fast the word filters read note-length texts (English, Chinese, mixed:
// FLORES-200 dev sentences, a few dirty ones among them), against obscenity alone on the same texts
// (what folding and the Chinese and admin lists add); and what the filters cost note creation —
// the real NotesService on SQLite with SAFETY_FILTERS=on against SAFETY_FILTERS=off, each in a
// process of its own (bench/workers/safety-notes.ts), rounds alternating (target: on ≥ 0.90 × off,
// i.e. at most 10 % slower). Nothing is asserted. `npm run bench -- safety`
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { loadFolding } from '../src/server/modules/language/fold.ts';
import { type EngineList, FilterEngine } from '../src/server/modules/moderation/filters/engine.ts';
import { makeTempDir, REPO_ROOT, stopChild } from './lib/children.ts';
import { fmtRate, medianMs, ratioTable, table } from './lib/report.ts';

const FLORES = path.resolve(REPO_ROOT, '../shared/data/flores-dev');
const TEXTS = 2000;
const ROUNDS = 5;
/** note creation: notes per round and rounds per mode (alternating on, off, on, off…) */
const NOTES_PER_ROUND = 120;
const NOTE_ROUNDS = 6;
const WARMUP_NOTES = 40;
const CREATE_TARGET = 0.9;

/** A deterministic draw, so every run reads the same texts. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DIRTY_EN = ['what the f u c k', 'this is sh1t', 'buy followers now'];
const DIRTY_ZH = ['你个傻逼', '專業代開發票', '兼职刷单日赚500，加vx'];

/** Note-length texts (2–5 sentences, ~150–900 characters): one in fifty carries a term. */
function corpus(en: string[], zh: string[], kind: 'en' | 'zh' | 'mixed', seed: number): string[] {
  const r = rng(seed);
  const pick = (a: string[]) => a[Math.floor(r() * a.length)] as string;
  const out: string[] = [];
  for (let i = 0; i < TEXTS; i++) {
    const n = 2 + Math.floor(r() * 4);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) {
      const lang = kind === 'mixed' ? (r() < 0.5 ? 'en' : 'zh') : kind;
      parts.push(pick(lang === 'en' ? en : zh));
    }
    if (i % 50 === 7) parts.splice(1, 0, kind === 'en' ? pick(DIRTY_EN) : kind === 'zh' ? pick(DIRTY_ZH) : pick([...DIRTY_EN, ...DIRTY_ZH]));
    out.push(parts.join(kind === 'zh' ? '' : ' '));
  }
  return out;
}

const readLines = (file: string) =>
  fs
    .readFileSync(path.join(FLORES, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0);

export async function run(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`the safety benchmark takes no options (got ${args.join(' ')})`);
  if (!fs.existsSync(path.join(FLORES, 'dev.en'))) throw new Error(`no FLORES dev set in ${FLORES}`);
  const en = readLines('dev.en');
  const zh = readLines('dev.zh');
  console.log(`safety benchmark · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version}`);
  console.log(`filters: ${TEXTS} note-length texts per language from the FLORES-200 dev sentences, median of ${ROUNDS} passes, one core\n`);

  // ---- (a) filter throughput
  const fold = await loadFolding();
  const adminTerms = Array.from({ length: 500 }, (_, i) => (i % 2 ? `spamword${i}` : `广告词${i}`));
  const lists: EngineList[] = [
    { name: 'English', builtin: 'en', action: 'hold', enabled: true, terms: [], allowed: [] },
    { name: 'Chinese', builtin: 'zh', action: 'hold', enabled: true, terms: [], allowed: [] },
    { name: 'Local', builtin: null, action: 'refuse', enabled: true, terms: adminTerms, allowed: ['spamword1 ok'] },
  ];
  const t = performance.now();
  const engine = new FilterEngine(lists, fold);
  const compileMs = performance.now() - t;
  const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

  const rows: string[][] = [];
  const ratios: Array<{ name: string; value: number; target: number | null }> = [];
  for (const [kind, seed] of [
    ['en', 1],
    ['zh', 2],
    ['mixed', 3],
  ] as const) {
    const texts = corpus(en, zh, kind, seed);
    const chars = texts.reduce((n, s) => n + s.length, 0);
    let hits = 0;
    for (const s of texts) if (engine.check(s).action) hits++;
    const oursMs = medianMs(ROUNDS, () => {
      for (const s of texts) engine.check(s);
    });
    const baseMs = medianMs(ROUNDS, () => {
      for (const s of texts) obscenity.hasMatch(s);
    });
    const perS = (texts.length / oursMs) * 1000;
    rows.push([
      kind,
      `${Math.round(chars / texts.length)} chars`,
      fmtRate(perS, 'texts/s'),
      `${((oursMs * 1000) / texts.length).toFixed(1)} µs`,
      fmtRate((texts.length / baseMs) * 1000, 'texts/s'),
      `${hits}/${texts.length}`,
    ]);
    ratios.push({ name: `filters / obscenity alone, ${kind} (throughput; what folding and the other lists add)`, value: baseMs / oursMs, target: null });
  }
  console.log(
    table(
      [
        { title: 'texts' },
        { title: 'mean length', align: 'right' },
        { title: 'filters (all lists)', align: 'right' },
        { title: 'per text', align: 'right' },
        { title: 'obscenity alone', align: 'right' },
        { title: 'texts hit', align: 'right' },
      ],
      rows,
    ),
  );
  console.log(`\nengine compiled in ${compileMs.toFixed(1)} ms (obscenity's English dataset, the Chinese list, 500 admin terms)\n`);
  console.log(ratioTable(ratios));

  // ---- (b) what the filters cost note creation
  console.log(
    `\nnote creation: NotesService.create on SQLite, SAFETY_FILTERS on vs off (a process each), ${NOTE_ROUNDS} alternating rounds of ${NOTES_PER_ROUND} notes each\n`,
  );
  const texts = corpus(en, zh, 'mixed', 4).filter((s) => engine.check(s).action === null);
  const textsFile = path.join(makeTempDir('biji-bench-safety-texts-'), 'texts.json');
  fs.writeFileSync(textsFile, JSON.stringify(texts));
  const [on, off] = await Promise.all([noteBench('on', textsFile), noteBench('off', textsFile)]);
  try {
    const need = WARMUP_NOTES + NOTE_ROUNDS * NOTES_PER_ROUND;
    await Promise.all([on.prepare(need), off.prepare(need)]);
    await on.create(WARMUP_NOTES);
    await off.create(WARMUP_NOTES);
    const rounds: Record<'on' | 'off', number[]> = { on: [], off: [] };
    for (let r = 0; r < NOTE_ROUNDS; r++) {
      const order = r % 2 === 0 ? ([on, off] as const) : ([off, on] as const);
      for (const b of order) rounds[b.mode].push(await b.create(NOTES_PER_ROUND));
    }
    // The median round of each mode: a noisy neighbour in one round moves nothing.
    const median = (xs: number[]) => {
      const s = xs.slice().sort((a, b) => a - b);
      const mid = Math.floor(s.length / 2);
      return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
    };
    const ms = { on: median(rounds.on), off: median(rounds.off) };
    const rate = (m: number) => (NOTES_PER_ROUND * 1000) / m;
    const wired = await on.probe();
    console.log(
      table(
        [{ title: 'note creation (median round)' }, { title: 'notes/s', align: 'right' }, { title: 'per note', align: 'right' }],
        [
          ['SAFETY_FILTERS=on', fmtRate(rate(ms.on), 'notes/s'), `${(ms.on / NOTES_PER_ROUND).toFixed(2)} ms`],
          ['SAFETY_FILTERS=off (baseline)', fmtRate(rate(ms.off), 'notes/s'), `${(ms.off / NOTES_PER_ROUND).toFixed(2)} ms`],
        ],
      ),
    );
    if (!wired)
      console.log(
        '\nNOTE: a note with a listed term went through unflagged with filters on: the filters are not wired into note creation, so both figures measure the same path.',
      );
    console.log(`\n${ratioTable([{ name: 'note creation, filters on / off (throughput)', value: ms.off / ms.on, target: CREATE_TARGET }])}`);
  } finally {
    await Promise.all([on.close(), off.close()]);
  }
}

/** One side of the comparison: bench/workers/safety-notes.ts in a process of its own, driven over IPC. */
async function noteBench(mode: 'on' | 'off', textsFile: string) {
  const dir = makeTempDir(`biji-bench-safety-${mode}-`);
  const child = fork(path.join(REPO_ROOT, 'bench/workers/safety-notes.ts'), [mode, dir, textsFile], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies: Array<(m: Reply) => void> = [];
  child.on('message', (m: Reply) => replies.shift()?.(m));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the ${mode} side exited (code ${code})`))));
  exited.catch(() => {});
  /** The next reply, or an error when the child failed or went away (bounded: 10 minutes). */
  const reply = (what: string): Promise<Reply> => {
    const answer = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${mode} side did not answer ${what} within 10 minutes`)), 600_000);
      replies.push((m) => {
        clearTimeout(timer);
        if (m.ok) resolve(m);
        else reject(new Error(`the ${mode} side failed ${what}: ${m.error}`));
      });
    });
    return Promise.race([answer, exited]);
  };
  const ask = (cmd: Record<string, unknown>): Promise<Reply> => {
    const answer = reply(String(cmd.type));
    child.send(cmd);
    return answer;
  };
  await reply('start-up');
  return {
    mode,
    /** Photos to attach, one a note, ingested before anything is timed. */
    async prepare(count: number): Promise<void> {
      await ask({ type: 'prepare', count });
    },
    /** Creates `count` notes; the milliseconds it took (timed in the child). */
    async create(count: number): Promise<number> {
      return (await ask({ type: 'create', count })).ms as number;
    },
    /** Whether a listed term changes anything at creation (refused, or the note held or flagged). */
    async probe(): Promise<boolean> {
      return (await ask({ type: 'probe' })).wired === true;
    },
    async close(): Promise<void> {
      if (child.exitCode === null) await ask({ type: 'close' }).catch(() => {});
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Reply = { ok: boolean; error?: string; [key: string]: unknown };
