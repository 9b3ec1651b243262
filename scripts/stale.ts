// What each build makes from what: the web client and the server. `--if-stale` builds and `npm start`'s
// freshness check (scripts/fresh.ts) both ask `stale`, so they can never disagree on what is fresh.
import fs from 'node:fs';
import { newest } from './newest.ts';

export const BUILDS = {
  web: { output: 'dist/web/index.html', sources: ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'] },
  server: {
    output: 'dist/server/main.mjs',
    sources: ['src/server', 'src/shared', 'package-lock.json', 'scripts/build-server.ts', 'scripts/stale.ts', 'scripts/fresh.ts', 'scripts/newest.ts'],
  },
} as const;

/** Whether a build's output is missing or older than one of its sources (paths from the project root). */
export function stale(name: keyof typeof BUILDS): boolean {
  const { output, sources } = BUILDS[name];
  const builtAt = fs.existsSync(output) ? fs.statSync(output).mtimeMs : 0;
  return builtAt === 0 || Math.max(...sources.map(newest)) >= builtAt;
}
