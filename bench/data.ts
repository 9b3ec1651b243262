// Your-data benchmark. Export: a person with 1,000 notes and 5,000 photos (real files made by the
// media pipeline, each its own stored file) is exported by the real job into a zip, against zipping
// the same original files with yazl directly (target: export ≥ 0.7 × the baseline's MB/s); each runs
// in a process of its own so its peak RSS is its own (the archive is streamed, never held). Import: a
// 20 MB TikTok export (generated in the 2025 layout) is read into a preview and applied by the real
// job: seconds and peak RSS. Nothing is asserted. `npm run bench -- data [--notes=1000 --photos=5000]`
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { type AppContext, buildContext, closeContext } from '../src/server/app.ts';
import { loadConfig, TOOL_SAFETY_ENV } from '../src/server/config.ts';
import { newId } from '../src/server/platform/ids.ts';
import { firstJsonLine, makeTempDir, spawnTs, stopChild } from './lib/children.ts';
import { makePhoto } from './lib/photo.ts';
import { fmtRate, ratioTable, table } from './lib/report.ts';

const TARGET = 0.7;
const DISTINCT_PHOTOS = 40;

function argOf(args: string[], name: string, fallback: number): number {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
}

async function context(dataDir: string): Promise<AppContext> {
  const config = loadConfig({ DATA_DIR: dataDir, RATE_LIMITS: 'off', LOG_LEVEL: 'warn', WEB_DIST: `${dataDir}/no-web`, ...TOOL_SAFETY_ENV });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  return buildContext(config, { logStream: sink });
}

const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** The person, their photos (DISTINCT_PHOTOS made by the pipeline, each stored again under its own id) and notes. */
async function setUp(dataDir: string, notes: number, photos: number): Promise<{ userId: string }> {
  const ctx = await context(dataDir);
  try {
    const { user } = await ctx.accounts.signUp(
      { handle: 'bench_exporter', password: 'a long bench password 42', displayName: 'Bench', languages: ['en'] },
      { ip: '127.0.0.1', userAgent: 'bench' },
    );
    const tmp = makeTempDir('biji-bench-photos-');
    const made = [];
    for (let i = 0; i < DISTINCT_PHOTOS; i++) {
      const file = path.join(tmp, `p${i}.jpg`);
      await makePhoto(file, { width: 1600, height: 1200, orientation: 1, quality: 85, seed: 1000 + i });
      made.push(await ctx.media.service.ingest(user.id, 'note', { path: file }));
    }
    // Every further photo is its own media item with its own files, copied from one of those.
    const k = ctx.db.kysely;
    const sources = await k.selectFrom('media').selectAll().where('owner_id', '=', user.id).execute();
    const ids: string[] = made.map((m) => m.id);
    for (let i = DISTINCT_PHOTOS; i < photos; i++) {
      const src = sources[i % sources.length] as Record<string, unknown>;
      const id = newId();
      const variants = (JSON.parse(src.variants as string) as { key: string }[]).map((v) => ({ ...v, key: v.key.replace(String(src.id), id) }));
      for (const [j, v] of (JSON.parse(src.variants as string) as { key: string }[]).entries()) {
        const to = path.join(dataDir, ...(variants[j] as { key: string }).key.split('/'));
        await fsp.mkdir(path.dirname(to), { recursive: true });
        await fsp.copyFile(path.join(dataDir, ...v.key.split('/')), to);
        const meta = path.join(path.dirname(path.join(dataDir, ...v.key.split('/'))), `.${path.basename(v.key)}.meta.json`);
        if (fs.existsSync(meta)) await fsp.copyFile(meta, path.join(path.dirname(to), `.${path.basename(to)}.meta.json`));
      }
      await k
        .insertInto('media')
        .values({ ...src, id, variants: JSON.stringify(variants), attached_to: null })
        .execute();
      ids.push(id);
    }
    const per = Math.max(1, Math.floor(photos / notes));
    for (let i = 0; i < notes; i++) {
      const mediaIds = ids.slice(i * per, (i + 1) * per);
      if (mediaIds.length === 0) break;
      await ctx.notes.create(user.id, {
        title: `Note ${i}`,
        body: `Day ${i} of cat tax: Biscuit found the sunny spot again #cattax #day${i % 50}`,
        mediaIds,
        visibility: i % 10 === 0 ? 'followers' : 'public',
      });
    }
    await ctx.jobs.drain(1000);
    return { userId: user.id };
  } finally {
    await closeContext(ctx);
  }
}

/** Child: zip the person's original photo files with yazl directly. */
async function baseline(dataDir: string, userId: string): Promise<void> {
  const ctx = await context(dataDir);
  const rows = await ctx.db.kysely.selectFrom('media').select(['variants']).where('owner_id', '=', userId).execute();
  await closeContext(ctx);
  const files = rows.map((r) => {
    const vs = JSON.parse(r.variants as string) as { name: string; key: string; bytes: number }[];
    const v = vs.find((x) => x.name === 'original') ?? vs.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    return path.join(dataDir, ...v.key.split('/'));
  });
  const out = path.join(makeTempDir('biji-bench-zip-'), 'baseline.zip');
  const t0 = performance.now();
  const zip = new ZipFile();
  const done = pipeline(zip.outputStream, fs.createWriteStream(out));
  for (const [i, f] of files.entries()) zip.addReadStreamLazy(`media/${i}${path.extname(f)}`, { compress: false }, (cb) => cb(null, fs.createReadStream(f)));
  zip.end();
  await done;
  const ms = performance.now() - t0;
  const bytes = (await fsp.stat(out)).size;
  console.log(JSON.stringify({ ms, bytes, files: files.length, rss: peakRss() }));
}

/** Child: the real export job. */
async function exportRun(dataDir: string, userId: string): Promise<void> {
  const ctx = await context(dataDir);
  const t0 = performance.now();
  const { id } = await ctx.portability.exports.start(userId);
  await ctx.portability.exports.run(id);
  const ms = performance.now() - t0;
  const row = await ctx.portability.exports.own(userId, id);
  await closeContext(ctx);
  console.log(JSON.stringify({ ms, bytes: row.bytes ?? 0, status: row.status, rss: peakRss() }));
}

/** A TikTok export in the 2025 layout of about `mb` megabytes (mostly likes and watch history, as real ones). */
export function tiktokExport(mb: number): string {
  const likes = [];
  const following = [];
  const posts = [];
  const comments = [];
  const watch = [];
  const date = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString().slice(0, 19).replace('T', ' ');
  for (let i = 0; i < 1500; i++)
    posts.push({
      Date: date(i),
      Link: `https://v16m.tiktokcdn-us.com/x/${i}/?mime_type=video_mp4`,
      Likes: String(i * 3),
      WhoCanView: i % 7 ? 'Everyone' : 'Only me',
      Title: `Post ${i} about my cat #cattax #day${i % 40}`,
      Sound: 'original sound',
      Location: '',
    });
  for (let i = 0; i < 2000; i++) following.push({ Date: date(i), UserName: `friend_${i}` });
  for (let i = 0; i < 5000; i++) comments.push({ date: date(i), comment: `so cute ${i} 😹`, photo: 'N/A', url: '' });
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024 * 0.55; i++) {
    const l = { date: date(i), link: `https://www.tiktokv.com/share/video/74500000${String(i).padStart(11, '0')}/` };
    likes.push(l);
    size += 95;
  }
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    watch.push({ Date: date(i), Link: `https://www.tiktokv.com/share/video/74600000${String(i).padStart(11, '0')}/` });
    size += 95;
  }
  return JSON.stringify({
    Profile: { 'Profile Info': { ProfileMap: { userName: 'bench_cat', displayName: 'Bench Cat', bioDescription: 'cats', emailAddress: 'x@example.com' } } },
    'Your Activity': {
      Following: { Following: following },
      Follower: { FansList: following.slice(0, 500) },
      'Like List': { ItemFavoriteList: likes },
      'Favorite Videos': { FavoriteVideoList: likes.slice(0, 2000).map((l) => ({ Date: l.date, Link: l.link })) },
      'Watch History': { VideoList: watch },
    },
    Post: { Posts: { VideoList: posts } },
    Comment: { Comments: { CommentsList: comments } },
  });
}

/** Child: reading and applying a 20 MB export. */
async function importRun(dataDir: string): Promise<void> {
  const file = path.join(makeTempDir('biji-bench-tiktok-'), 'user_data_tiktok.json');
  await fsp.writeFile(file, tiktokExport(20));
  const bytes = (await fsp.stat(file)).size;
  const ctx = await context(dataDir);
  const { user } = await ctx.accounts.signUp(
    { handle: 'bench_importer', password: 'a long bench password 42', displayName: 'Importer', languages: ['en'] },
    { ip: '127.0.0.1', userAgent: 'bench' },
  );
  const t0 = performance.now();
  const row = await ctx.portability.imports.create(user.id, file);
  const previewMs = performance.now() - t0;
  await ctx.portability.imports.apply(user.id, row.id, { profile: true, posts: true, likes: true, comments: true });
  await ctx.portability.imports.run(row.id);
  const ms = performance.now() - t0;
  const done = ctx.portability.imports.view(await ctx.portability.imports.own(user.id, row.id));
  await closeContext(ctx);
  console.log(JSON.stringify({ bytes, previewMs, ms, status: done.status, counts: done.counts, rss: peakRss() }));
}

async function child<T>(args: string[], what: string): Promise<T> {
  const c = spawnTs('bench/run.ts', ['data', ...args]);
  try {
    return await firstJsonLine<T>(c, 30 * 60_000, what);
  } finally {
    await stopChild(c);
  }
}

export async function run(args: string[]): Promise<void> {
  const role = args.find((a) => a.startsWith('--child='))?.split('=')[1];
  const dataDir = args.find((a) => a.startsWith('--dir='))?.split('=')[1] ?? '';
  const userId = args.find((a) => a.startsWith('--user='))?.split('=')[1] ?? '';
  if (role === 'setup') return console.log(JSON.stringify(await setUp(dataDir, argOf(args, 'notes', 1000), argOf(args, 'photos', 5000))));
  if (role === 'baseline') return baseline(dataDir, userId);
  if (role === 'export') return exportRun(dataDir, userId);
  if (role === 'import') return importRun(dataDir);

  const notes = argOf(args, 'notes', 1000);
  const photos = argOf(args, 'photos', 5000);
  const dir = makeTempDir('biji-bench-data-');
  console.log(`setting up: ${notes.toLocaleString()} notes, ${photos.toLocaleString()} photos in ${dir} (${os.cpus().length} cores)…`);
  const { userId: uid } = await child<{ userId: string }>(['--child=setup', `--dir=${dir}`, `--notes=${notes}`, `--photos=${photos}`], 'setup');
  type Zip = { ms: number; bytes: number; rss: number };
  const rounds: { base: Zip; exp: Zip }[] = [];
  for (let r = 0; r < 2; r++) {
    const base = await child<Zip>(['--child=baseline', `--dir=${dir}`, `--user=${uid}`], 'baseline');
    const exp = await child<Zip>(['--child=export', `--dir=${dir}`, `--user=${uid}`], 'export');
    rounds.push({ base, exp });
  }
  const mbps = (z: Zip) => z.bytes / 1024 / 1024 / (z.ms / 1000);
  const best = (pick: (x: { base: Zip; exp: Zip }) => Zip) => rounds.map(pick).reduce((a, b) => (mbps(b) > mbps(a) ? b : a));
  const base = best((x) => x.base);
  const exp = best((x) => x.exp);
  const imp = await child<{ bytes: number; previewMs: number; ms: number; status: string; counts: unknown; rss: number }>(
    ['--child=import', `--dir=${dir}`],
    'import',
  );
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    table(
      [
        { title: 'export' },
        { title: 'archive', align: 'right' as const },
        { title: 'time', align: 'right' as const },
        { title: 'MB/s', align: 'right' as const },
        { title: 'peak RSS', align: 'right' as const },
      ],
      [
        ['yazl directly (the photos)', mb(base.bytes), `${(base.ms / 1000).toFixed(1)} s`, fmtRate(mbps(base), 'MB/s'), mb(base.rss)],
        ['Biji export (everything)', mb(exp.bytes), `${(exp.ms / 1000).toFixed(1)} s`, fmtRate(mbps(exp), 'MB/s'), mb(exp.rss)],
      ],
    ),
  );
  console.log(ratioTable([{ name: 'export MB/s vs yazl directly', value: mbps(exp) / mbps(base), target: TARGET }]));
  console.log(
    table(
      [
        { title: 'import' },
        { title: 'file', align: 'right' as const },
        { title: 'preview', align: 'right' as const },
        { title: 'preview + apply', align: 'right' as const },
        { title: 'peak RSS', align: 'right' as const },
      ],
      [['TikTok export (2025 layout)', mb(imp.bytes), `${(imp.previewMs / 1000).toFixed(1)} s`, `${(imp.ms / 1000).toFixed(1)} s`, mb(imp.rss)]],
    ),
  );
  console.log(`import: ${imp.status} ${JSON.stringify(imp.counts)}`);
  await fsp.rm(dir, { recursive: true, force: true });
}
