// Web benchmark: Lighthouse (mobile: a mid-range phone on a slow 4G link, simulated) on the three
// pages people land on from outside — home, a note, a profile — served by the real server from the
// production build, on a fresh SQLite DATA_DIR holding a person with an avatar and a bio and a few
// notes with phone photos. Prints the four category scores per page and FCP/LCP, against the target
// (every category ≥ 95); the audits that cost points are listed under the table. Nothing is asserted.
// `npm run bench -- web [--runs N] [--save DIR]` (the median run of N per page, default 1; --save
// writes each Lighthouse report as JSON into DIR). Needs Chromium at
// /usr/bin/chromium (CHROME_PATH to use another).
import { spawnSync } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { signUp } from './lib/biji-api.ts';
import { cleanup, makeTempDir, REPO_ROOT } from './lib/children.ts';
import { postNote, upload } from './lib/notes-fixture.ts';
import { makePhoto } from './lib/photo.ts';
import { table } from './lib/report.ts';
import { startBiji } from './lib/servers.ts';

const TARGET = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  fcpMs: number;
  lcpMs: number;
  /** audits below a full score that weigh in a category: id → score */
  lost: Map<string, { title: string; score: number; category: string }>;
}

async function api(base: string, route: string, token: string, method: string, json: unknown): Promise<void> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
}

async function uploadAvatar(base: string, token: string, file: string): Promise<string> {
  const form = new FormData();
  form.set('purpose', 'avatar');
  form.set('file', new Blob([await fsp.readFile(file)], { type: 'image/jpeg' }), 'avatar.jpg');
  const res = await fetch(`${base}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`avatar upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A person with an avatar and a bio, and six public notes with phone photos (one with four). */
async function seed(base: string, workDir: string): Promise<{ handle: string; noteId: string }> {
  const handle = 'lighthouse_ana';
  const token = await signUp(base, handle, '安娜 Ana Lighthouse');
  const photo = async (i: number, width: number, height: number) => {
    const file = path.join(workDir, `photo-${i}.jpg`);
    await makePhoto(file, { width, height, orientation: 1, quality: 88, seed: 4242 + i });
    return file;
  };
  await api(base, '/me', token, 'PATCH', { bio: 'Tea, trains and hotpot. 喜欢喝茶、坐火车、吃火锅。Notes from Chengdu and beyond.' });
  await api(base, '/me/avatar', token, 'PUT', { mediaId: await uploadAvatar(base, token, await photo(99, 800, 800)) });
  const titles = ['Morning tea in People’s Park', '熊猫基地一日游', 'Street food on Jinli', '雨后的宽窄巷子', 'Mapo tofu, the real one'];
  for (const [i, title] of titles.entries()) {
    const media = await upload(base, token, await photo(i, 1080, i % 2 ? 1440 : 1080));
    await postNote(base, token, { title, body: `${title} — a note for the benchmark. #成都 #travel`, mediaIds: [media] });
  }
  const mediaIds: string[] = [];
  for (let i = 10; i < 14; i++) mediaIds.push(await upload(base, token, await photo(i, 1080, 1440)));
  const noteId = await postNote(base, token, {
    title: '成都三天两夜 Chengdu in 3 days',
    body: 'Hotpot, pandas and tea houses. 火锅、熊猫和茶馆，一个都不能少！\n\nDay 1: People’s Park and Kuanzhai Alley. Day 2: the panda base early, before the crowds. Day 3: Wenshu Monastery. #旅行 #成都 #美食',
    mediaIds,
  });
  return { handle, noteId };
}

async function audit(url: string, port: number, save: string | null): Promise<Run> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (save) await fsp.writeFile(save, JSON.stringify(lhr));
  if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Run['scores'];
  const lost: Run['lost'] = new Map();
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (!a || ref.weight === 0 || a.score === null || a.score >= 1 || a.scoreDisplayMode === 'informative') continue;
      lost.set(ref.id, { title: a.title, score: a.score, category: c });
    }
  }
  return {
    scores,
    fcpMs: lhr.audits['first-contentful-paint']?.numericValue ?? Number.NaN,
    lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    lost,
  };
}

const median = (runs: Run[]): Run => {
  const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  return sorted[Math.floor(sorted.length / 2)] as Run;
};

export async function run(args: string[]): Promise<void> {
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 1;
  const saveArg = args.indexOf('--save');
  const saveDir = saveArg >= 0 ? path.resolve(args[saveArg + 1] ?? '.') : null;
  if (saveDir) await fsp.mkdir(saveDir, { recursive: true });
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--if-stale'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the web client did not build');

  const server = await startBiji();
  let chrome: chromeLauncher.LaunchedChrome | null = null;
  try {
    const workDir = makeTempDir('biji-bench-web-');
    const { handle, noteId } = await seed(server.url, workDir);
    chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', chromeFlags: CHROME_FLAGS });
    const pages = [
      ['home', '/'],
      ['note', `/n/${noteId}`],
      ['profile', `/u/${handle}`],
    ] as const;
    const results: Array<[string, Run]> = [];
    for (const [name, route] of pages) {
      const each: Run[] = [];
      for (let i = 0; i < runs; i++) each.push(await audit(`${server.url}${route}`, chrome.port, saveDir && path.join(saveDir, `${name}-${i + 1}.json`)));
      results.push([name, median(each)]);
      process.stdout.write('.');
    }
    const mark = (n: number) => `${n}${n >= TARGET ? '' : ' (below)'}`;
    const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n\nLighthouse 12 (mobile, simulated slow 4G) on Biji, ${runs} run(s) a page — target ≥ ${TARGET} in every category\n`);
    console.log(
      table(
        [
          { title: 'page' },
          ...CATEGORIES.map((c) => ({ title: c, align: 'right' as const })),
          { title: 'FCP', align: 'right' },
          { title: 'LCP', align: 'right' },
        ],
        results.map(([name, r]) => [name, ...CATEGORIES.map((c) => mark(r.scores[c])), secs(r.fcpMs), secs(r.lcpMs)]),
      ),
    );
    const lost = results.flatMap(([name, r]) =>
      [...r.lost].map(([id, a]) => `  ${name.padEnd(8)} ${a.category.padEnd(15)} ${id} (${a.score.toFixed(2)}): ${a.title}`),
    );
    if (lost.length > 0) console.log(`\naudits below a full score:\n${lost.join('\n')}`);
    const all = results.every(([, r]) => CATEGORIES.every((c) => r.scores[c] >= TARGET));
    console.log(`\n${all ? 'PASS' : 'BELOW'}: every page ≥ ${TARGET} in every category`);
  } finally {
    if (chrome) await chrome.kill();
    await server.stop();
    await cleanup();
  }
}
