// Media benchmark: does Biji's image pipeline cost about what libvips itself costs? One 12-megapixel
// phone JPEG (EXIF orientation 6, GPS) is ingested into every derivative through the real
// MediaService (sniff, decode, orient, strip, three WebP widths, the JPEG original, thumbhash and
// dominant colour, files into storage, the database row) and, separately, through processImage
// alone; the baseline is sharp by hand making the same outputs with the same settings, in the
// same process and run. Rounds are interleaved (A B C D, D C B A, …); nothing is asserted.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { type AppContext, buildContext, closeContext } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { processImage } from '../src/server/modules/media/images.ts';
import type { MediaView } from '../src/server/modules/media/index.ts';
import { cleanup, makeTempDir } from './lib/children.ts';
import { exifHasGps, hasMetadata, makePhoto, TWELVE_MP } from './lib/photo.ts';
import { interleave, strongPassword } from './lib/pool.ts';
import { rawClones, rawDecodeOnce } from './lib/raw-sharp.ts';
import { ratioTable, table } from './lib/report.ts';

const ITERATIONS = 8; // measured, per subject, after one warm-up round
const TARGET = 0.8;

const SUBJECTS = ['ingest', 'processImage', 'raw clones', 'raw decode-once'] as const;
type Subject = (typeof SUBJECTS)[number];

interface Stats {
  mean: number;
  median: number;
  best: number;
}

function stats(ms: readonly number[]): Stats {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { mean: ms.reduce((a, b) => a + b, 0) / ms.length, median, best: sorted[0] ?? 0 };
}

const fmt = (ms: number): string => `${ms.toLocaleString('en-US', { maximumFractionDigits: 0 })} ms`;

/** The files of an ingested photo, on local storage (keys are paths under DATA_DIR). */
const storedFiles = (dataDir: string, view: MediaView): string[] => Object.values(view.urls).map((u) => path.join(dataDir, u.slice(1)));

/** What the benchmark claims: the input carries metadata to strip, and Biji's outputs carry none. */
async function checkPipeline(photo: string, dataDir: string, view: MediaView): Promise<string> {
  const inMeta = await sharp(photo).metadata();
  if (inMeta.orientation !== 6 || !exifHasGps(inMeta.exif)) throw new Error('the test photo lacks its EXIF orientation or GPS');
  if (view.width !== inMeta.height || view.height !== inMeta.width) throw new Error(`ingest did not auto-orient: ${view.width}×${view.height}`);
  const files = storedFiles(dataDir, view);
  for (const f of files) if (await hasMetadata(f)) throw new Error(`stored file keeps metadata: ${f}`);
  const sizes = await Promise.all(files.map(async (f) => `${path.basename(f)} ${((await fsp.stat(f)).size / 1024).toFixed(0)} KB`));
  return sizes.join(', ');
}

export async function run(): Promise<void> {
  const cpus = os.cpus().length;
  const loadBefore = os.loadavg()[0] ?? 0;
  const dir = makeTempDir('biji-bench-media-');
  const dataDir = path.join(dir, 'data');
  const work = path.join(dir, 'out');
  const photo = path.join(dir, 'photo-12mp.jpg');
  let ctx: AppContext | null = null;
  try {
    const bytes = await makePhoto(photo);
    const machine = `${cpus} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}) · Node ${process.version}`;
    const libs = `sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips} · vips threads ${sharp.concurrency()} · libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4}`;
    console.log(`media benchmark · ${machine} · ${libs}`);
    const input = `${TWELVE_MP.width}×${TWELVE_MP.height} JPEG q${TWELVE_MP.quality} (${(bytes / 1e6).toFixed(1)} MB), EXIF orientation ${TWELVE_MP.orientation} + GPS`;
    console.log(`input: ${input}; one photo at a time, ${ITERATIONS} measured rounds after 1 warm-up, interleaved\n`);

    // Embedded mode on a temp DATA_DIR, whatever the developer's shell says.
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMITS: 'off' });
    const c = await buildContext(config);
    ctx = c;
    const owner = (
      await c.accounts.signUp({ handle: 'bench_photographer', password: strongPassword(), displayName: 'Bench' }, { ip: null, userAgent: 'bench' })
    ).user.id;
    const views: MediaView[] = [];

    const subjects: Record<Subject, (out: string) => Promise<unknown>> = {
      ingest: async () => {
        const view = await c.media.service.ingest(owner, 'note', { path: photo });
        if (views.length === 0) views.push(view); // kept for the checks after the clock has stopped
      },
      processImage: (out) => processImage(photo, out, { purpose: 'note', maxPixels: config.media.maxImagePixels }),
      'raw clones': (out) => rawClones(photo, out),
      'raw decode-once': (out) => rawDecodeOnce(photo, out),
    };
    const times: Record<Subject, number[]> = { ingest: [], processImage: [], 'raw clones': [], 'raw decode-once': [] };
    process.stdout.write('measuring');
    await interleave(SUBJECTS, ITERATIONS + 1, async (k, round) => {
      fs.mkdirSync(work, { recursive: true });
      const started = performance.now();
      await subjects[k](work);
      const ms = performance.now() - started;
      if (round > 0) times[k].push(ms);
      // Outside the clock: a fresh output dir each time, so no run overwrites another's files.
      fs.rmSync(work, { recursive: true, force: true });
      process.stdout.write('.');
    });
    process.stdout.write('\n\n');

    const firstView = views[0];
    if (!firstView) throw new Error('no ingest ran');
    const outputs = await checkPipeline(photo, dataDir, firstView);

    const s = Object.fromEntries(SUBJECTS.map((k) => [k, stats(times[k])])) as Record<Subject, Stats>;
    const row = (name: string, st: Stats) => [name, fmt(st.mean), fmt(st.median), fmt(st.best), `${(1000 / st.mean).toFixed(2)} img/s`];
    console.log(
      table(
        [
          { title: 'measure (one 12 MP photo → all derivatives)' },
          { title: 'mean', align: 'right' },
          { title: 'median', align: 'right' },
          { title: 'best', align: 'right' },
          { title: 'throughput', align: 'right' },
        ],
        [
          row('raw sharp, clone per output (baseline)', s['raw clones']),
          row('raw sharp, decode once to memory (baseline)', s['raw decode-once']),
          row('Biji processImage (pipeline alone)', s.processImage),
          row('Biji MediaService.ingest (sniff → files → row)', s.ingest),
        ],
      ),
    );
    console.log(`\nstored by ingest (no EXIF/GPS/ICC, oriented ${firstView.width}×${firstView.height}): ${outputs}\n`);

    // The baseline is the faster way to use sharp by hand: Biji is held to the best of the two.
    const raw = Math.min(s['raw clones'].mean, s['raw decode-once'].mean);
    const rawName = raw === s['raw clones'].mean ? 'raw clones' : 'raw decode-once';
    console.log(
      ratioTable([
        { name: `ingest / ${rawName} (throughput)`, value: raw / s.ingest.mean, target: TARGET },
        { name: `processImage / ${rawName} (throughput)`, value: raw / s.processImage.mean, target: null },
        { name: 'raw decode-once / raw clones (throughput)', value: s['raw clones'].mean / s['raw decode-once'].mean, target: null },
      ]),
    );
    if (loadBefore > cpus * 0.5) {
      console.log(`\nnote: the machine was busy before we started (1-min load ${loadBefore.toFixed(1)} on ${cpus} CPUs): figures are noisy, ratios less so`);
    }
  } finally {
    if (ctx) await closeContext(ctx);
    await cleanup();
  }
}
