// The OpenAPI document exactly as the server generates it from the route schemas, without a server
// running: the app is built on a throw-away SQLite DATA_DIR and asked for `app.swagger()`.
//
//   tsx scripts/openapi.ts            print the document (JSON) to stdout
//   tsx scripts/openapi.ts --out F    write it to F
//   tsx scripts/openapi.ts --lint     write it to dist/openapi.json (git-ignored, regenerated each time) and run
//                                     `redocly lint` on it with redocly.yaml and .redocly.lint-ignore.yaml (what
//                                     `npm run lint:api` and CI do); exits with redocly's code
// The lint target has a fixed path because redocly's ignore file names the findings it accepts by file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LINT_TARGET = 'dist/openapi.json';

/** The generated document. PUBLIC_URL (from the environment) decides its `servers`, as it does for a running server. */
export async function openApiDocument(env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-openapi-'));
  const quiet = new Writable({ write: (_chunk, _enc, cb) => cb() });
  try {
    const config = loadConfig({ DATA_DIR: dataDir, WEB_DIST: path.join(dataDir, 'no-web'), LOG_LEVEL: 'silent', PUBLIC_URL: env.PUBLIC_URL ?? '' });
    const { app } = await buildApp(config, { logStream: quiet });
    try {
      await app.ready();
      return app.swagger();
    } finally {
      await app.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const doc = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  const outAt = argv.indexOf('--out');
  if (outAt >= 0) {
    const file = argv[outAt + 1];
    if (!file) throw new Error('--out needs a file name');
    fs.writeFileSync(file, doc);
    return 0;
  }
  if (!argv.includes('--lint')) {
    process.stdout.write(doc);
    return 0;
  }
  const file = path.join(ROOT, LINT_TARGET);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, doc);
  const redocly = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  const res = spawnSync(process.execPath, [redocly, 'lint', LINT_TARGET, '--config', 'redocly.yaml', '--format', 'stylish'], {
    cwd: ROOT,
    stdio: 'inherit',
    // No telemetry and no update check: CI and these machines reach no host but the package registry.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(await main(process.argv.slice(2)));
