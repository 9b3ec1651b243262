// The pictures of the generated dataset: a few dozen photos drawn once (the demo seed's scenes and
// text cards), run through the app's own image pipeline (WebP sizes, thumbhash placeholder, dominant
// colour) and stored under keys of their own, `media/gen1-<n>/<file>`. Every generated media row
// points its variants at one of them: a media row is served by its own id
// (/media/<id>/720.webp → the row's variant named 720.webp → its key), so a million notes share
// 48 sets of files. Drawn files are cached under node_modules/.cache/biji-gen, so only the first run
// on a machine pays for drawing (a few seconds).
//
// A caveat that comes with sharing: deleting a generated note deletes its media's files, which are
// the shared ones, so other generated notes using the same picture lose it. Fine for a dataset made
// to measure; not something to hand to people as a real instance.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImageOutput, processImage } from '../src/server/modules/media/images.ts';
import type { MediaVariant } from '../src/server/modules/media/tables.ts';
import type { Storage } from '../src/server/platform/storage/types.ts';
import { renderImage } from './seed-images.ts';
import type { Aspect } from './seed-plan.ts';
import type { SceneKind } from './seed-texts.ts';

/** Bump when the drawing or the pipeline changes: the cache and the storage keys follow it. */
const VERSION = 'gen1';
const CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'biji-gen', VERSION);

export const SCENES: ReadonlyArray<SceneKind | 'card'> = [
  'cat',
  'bowl',
  'landscape',
  'skyline',
  'card',
  'room',
  'cup',
  'dog',
  'sea',
  'desk',
  'screen',
  'pagoda',
  'night',
  'abstract',
];
const ASPECTS: readonly Aspect[] = ['3:4', '3:4', '1:1', '4:3', '3:4', '9:16'];
const CARD_TEXT = [
  ['Weekend plans', 'en'],
  ['周末去哪儿', 'zh'],
  ['My cat, ranked', 'en'],
  ['打工人的一天', 'zh'],
  ['Hello from Ohio 👋', 'en'],
  ['今天吃什么', 'zh'],
] as const;

export interface Template {
  scene: SceneKind | 'card';
  purpose: 'note' | 'avatar';
  width: number;
  height: number;
  bytes: number;
  dominantColor: string;
  placeholder: string;
  /** JSON of MediaVariant[], as the media row stores it */
  variants: string;
}

interface Manifest {
  version: string;
  templates: Array<Template & { files: Array<{ fileName: string; contentType: string }> }>;
}

async function draw(i: number, purpose: 'note' | 'avatar', dir: string): Promise<Manifest['templates'][number]> {
  const scene = purpose === 'avatar' ? (['cat', 'landscape', 'abstract', 'dog', 'sea', 'cup', 'night', 'bowl'] as const)[i % 8]! : SCENES[i % SCENES.length]!;
  const card = CARD_TEXT[i % CARD_TEXT.length]!;
  const src = path.join(dir, 'drawn.jpg');
  await renderImage(
    {
      scene,
      aspect: purpose === 'avatar' ? '1:1' : ASPECTS[i % ASPECTS.length]!,
      seed: 9000 + i * 7 + (purpose === 'avatar' ? 1 : 0),
      script: card[1],
      text: scene === 'card' ? card[0] : null,
    },
    src,
  );
  const img = await processImage(src, dir, { purpose, maxPixels: 40_000_000 });
  await fsp.rm(src, { force: true });
  const key = (o: ImageOutput) => `media/${VERSION}-${purpose === 'avatar' ? 'a' : 'n'}${i}/${o.fileName}`;
  const variants: MediaVariant[] = img.outputs.map((o) => ({
    name: o.name,
    key: key(o),
    width: o.width,
    height: o.height,
    contentType: o.contentType,
    bytes: o.bytes,
  }));
  const original = img.outputs.find((o) => o.name === 'original');
  return {
    scene,
    purpose,
    width: img.width,
    height: img.height,
    bytes: original?.bytes ?? img.outputs[0]?.bytes ?? 0,
    dominantColor: img.dominantColor,
    placeholder: img.placeholder,
    variants: JSON.stringify(variants),
    files: img.outputs.map((o) => ({ fileName: o.fileName, contentType: o.contentType })),
  };
}

async function cached(purpose: 'note' | 'avatar', n: number, say: (line: string) => void): Promise<Manifest['templates']> {
  const dir = path.join(CACHE_DIR, purpose);
  const manifestFile = path.join(dir, 'manifest.json');
  let manifest: Manifest = { version: VERSION, templates: [] };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
    if (manifest.version !== VERSION) manifest = { version: VERSION, templates: [] };
  } catch {
    // none yet
  }
  if (manifest.templates.length >= n) return manifest.templates.slice(0, n);
  const started = performance.now();
  const have = manifest.templates.length;
  const todo = Array.from({ length: n - have }, (_, k) => have + k);
  const out = [...manifest.templates];
  // Two at a time: libvips uses threads of its own, and this is a 2-core machine's worth.
  let next = 0;
  const lane = async () => {
    for (let k = next++; k < todo.length; k = next++) {
      const i = todo[k]!;
      const work = path.join(dir, String(i));
      fs.mkdirSync(work, { recursive: true });
      out[i] = await draw(i, purpose, work);
    }
  };
  await Promise.all([lane(), lane()]);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(manifestFile, JSON.stringify({ version: VERSION, templates: out } satisfies Manifest));
  say(
    `drew ${todo.length} ${purpose} pictures (${((performance.now() - started) / 1000).toFixed(1)} s, cached in ${path.relative(process.cwd(), CACHE_DIR) || CACHE_DIR})`,
  );
  return out.slice(0, n);
}

/** The note and avatar pictures, in storage; drawn (or taken from the cache) and put only when missing. */
export async function ensureTemplates(
  storage: Storage,
  counts: { notes: number; avatars: number },
  say: (line: string) => void,
): Promise<{ notes: Template[]; avatars: Template[] }> {
  const notes = await cached('note', counts.notes, say);
  const avatars = await cached('avatar', counts.avatars, say);
  let put = 0;
  for (const [purpose, list] of [
    ['note', notes],
    ['avatar', avatars],
  ] as const) {
    for (const [i, t] of list.entries()) {
      const variants = JSON.parse(t.variants) as MediaVariant[];
      for (const v of variants) {
        if (await storage.stat(v.key)) continue;
        const fileName = v.key.slice(v.key.lastIndexOf('/') + 1);
        await storage.putFile(v.key, path.join(CACHE_DIR, purpose, String(i), fileName), v.contentType);
        put += 1;
      }
    }
  }
  if (put > 0) say(`stored ${put} picture files`);
  const strip = ({ files: _files, ...t }: Manifest['templates'][number]): Template => t;
  return { notes: notes.map(strip), avatars: avatars.map(strip) };
}
