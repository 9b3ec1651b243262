// Compiles the server (src/server, src/shared) into one ES module, dist/server/main.mjs, that plain
// Node runs: `npm start` then loads no TypeScript at run time, which took over a second of start-up
// and tens of MB in every server. Packages stay external (loaded from node_modules as usual). With
// --if-stale, only when a source file is newer than the last build.
import fs from 'node:fs';
import path from 'node:path';
import { newest } from './newest.ts';

export const SERVER_BUNDLE = path.resolve('dist/server/main.mjs');
const SOURCES = ['src/server', 'src/shared', 'package-lock.json', 'scripts/build-server.ts'];

const ifStale = process.argv.includes('--if-stale');
const builtAt = fs.existsSync(SERVER_BUNDLE) ? fs.statSync(SERVER_BUNDLE).mtimeMs : 0;
if (!(ifStale && builtAt > 0 && Math.max(...SOURCES.map(newest)) < builtAt)) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ['src/server/main.ts'],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Stack traces point into the TypeScript sources (node --enable-source-maps).
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}
