// Builds the web client into dist/web. With --if-stale, only when a source file is newer than
// the last build, so `npm start` and `npm test` stay fast after the first run.
import fs from 'node:fs';
import path from 'node:path';

const OUT = path.resolve('dist/web/index.html');
const SOURCES = ['src/web', 'src/shared', 'vite.config.ts', 'package-lock.json'];

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

const ifStale = process.argv.includes('--if-stale');
const builtAt = fs.existsSync(OUT) ? fs.statSync(OUT).mtimeMs : 0;
if (ifStale && builtAt > 0 && Math.max(...SOURCES.map(newest)) < builtAt) {
  process.exit(0);
}
// Vite loads only when there is something to build: importing it costs a second or more of `npm start`.
const { build } = await import('vite');
await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'warn' });
console.log('web client built into dist/web');
