// Compiles the server (src/server, src/shared) into ES modules, dist/server/main.mjs and its chunks, that plain
// Node runs: `npm start` then loads no TypeScript at run time, which took over a second of start-up
// and tens of MB in every server. Packages stay external (loaded from node_modules as usual). With
// --if-stale, only when a source file is newer than the last build.
import fs from 'node:fs';
import path from 'node:path';
import { BUILDS, stale } from './stale.ts';

export const SERVER_BUNDLE = path.resolve(BUILDS.server.output);
const ifStale = process.argv.includes('--if-stale');
if (!ifStale || stale('server')) {
  const { build } = await import('esbuild');
  // Earlier chunks go first: an old chunk left beside a new main would never load, but it is clutter.
  fs.rmSync(path.dirname(SERVER_BUNDLE), { recursive: true, force: true });
  // `npm start`'s freshness check, in plain JavaScript (see scripts/fresh.ts); built first, as main.mjs's time is what it compares.
  await build({
    entryPoints: ['scripts/fresh.ts'],
    outfile: 'dist/fresh.mjs',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  await build({
    entryPoints: ['src/server/main.ts'],
    outdir: path.dirname(SERVER_BUNDLE),
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    // What the server imports only when configured (the AWS SDK for S3, ioredis for Redis) stays in chunks of its
    // own, loaded then: in one file their packages were imported at start-up by everyone.
    splitting: true,
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
