// The production build of the web client, as the server sends it: no source maps published, every
// script precompressed, and a browser that accepts brotli gets brotli.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { type TestApp, testApp } from './support/app.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist/web');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('the built web client', () => {
  let t: TestApp;
  before(async () => {
    // `npm test` has just built it if stale; a file run alone builds it here the same way.
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts', '--if-stale'], { cwd: ROOT, stdio: 'inherit', timeout: 180_000 });
    assert.equal(built.status, 0, 'the web build succeeds');
    t = await testApp('sqlite', { WEB_DIST: DIST });
  });
  after(() => t.close());

  it('publishes no source map', () => {
    const maps = files(DIST).filter((f) => f.endsWith('.map'));
    assert.deepEqual(maps, []);
  });

  it('has a brotli and a gzip copy beside every script, and each decompresses to it', () => {
    const scripts = files(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    assert.ok(scripts.length > 5, 'pages are split into chunks');
    for (const f of scripts) {
      const raw = fs.readFileSync(f);
      if (raw.length < 512) continue; // too small to be worth a copy
      assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(`${f}.br`)), raw, `${f}.br`);
      assert.deepEqual(zlib.gunzipSync(fs.readFileSync(`${f}.gz`)), raw, `${f}.gz`);
    }
  });

  it('sends the entry script brotli-compressed to a browser that accepts it', async () => {
    const html = (await t.app.inject({ url: '/settings' })).body;
    const src = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    assert.ok(src, 'index.html names its entry script');
    const res = await t.app.inject({ url: src, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.deepEqual(zlib.brotliDecompressSync(res.rawPayload), fs.readFileSync(path.join(DIST, src)));
  });
});
