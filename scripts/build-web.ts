// Builds the web client into dist/web. With --if-stale, only when a source file is newer than
// the last build, so `npm start` and `npm test` stay fast after the first run. Every text file
// gets a brotli (.br) and a gzip (.gz) copy beside it, compressed once here at the highest levels,
// which the server sends as they are (@fastify/static `preCompressed`): no compression per request.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { BUILDS, stale } from './stale.ts';

const OUT = path.resolve(BUILDS.web.output);
const ifStale = process.argv.includes('--if-stale');

async function buildWeb(): Promise<void> {
  // Vite loads only when there is something to build: importing it costs a second or more of `npm start`.
  const { build } = await import('vite');
  await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn' });
  const compressed = compressTree(path.dirname(OUT));
  // index.html is written by the build: touching it last keeps --if-stale's comparison true.
  fs.utimesSync(OUT, new Date(), new Date());
  console.log(`web client built into dist/web (${compressed} files precompressed: .br, .gz)`);
}

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|webmanifest|xml|ico)$/;
/** Smaller than this, a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 512;

function compressTree(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      n += compressTree(p);
      continue;
    }
    if (!COMPRESSIBLE.test(e.name)) continue;
    const raw = fs.readFileSync(p);
    if (raw.length < MIN_BYTES) continue;
    const br = zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    const gz = zlib.gzipSync(raw, { level: 9 });
    // Keep a copy only where it is smaller: otherwise the plain file is the better answer.
    if (br.length < raw.length) fs.writeFileSync(`${p}.br`, br);
    if (gz.length < raw.length) fs.writeFileSync(`${p}.gz`, gz);
    n++;
  }
  return n;
}

if (!ifStale || stale('web')) await buildWeb();
