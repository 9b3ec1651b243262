// The hostile uploads that are about size: zip bombs (honest and lying headers) and a 200 MB JSON.
// Each is built by streaming into a temp dir (never held in memory) and deleted afterwards.
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_UPLOAD_LIMITS, readPrunedJson, readTikTokUpload } from './index.ts';
import { patchDeclaredSize, refusedWith, writeZip } from './test-zip.ts';

const MB = 1024 * 1024;

/** `{` then `mb` megabytes of spaces: the start of a valid JSON document, and compresses ~1000:1. */
function spaces(mb: number): () => Readable {
  return () =>
    Readable.from(
      (function* () {
        yield Buffer.from('{');
        const block = Buffer.alloc(MB, 0x20);
        for (let i = 0; i < mb; i++) yield block;
      })(),
    );
}

/** A realistic export growing without end: one like list of `mb` megabytes. */
function* hugeLikes(mb: number): Generator<Buffer> {
  yield Buffer.from('{"Likes and Favorites":{"Like List":{"App":1,"ItemFavoriteList":[');
  let n = 0;
  for (let written = 0; written < mb * MB; ) {
    const items: string[] = [];
    for (let i = 0; i < 2000; i++, n++) items.push(`{"date":"2025-01-14 21:47:03","link":"https://www.tiktokv.com/share/video/${7450000000000000000 + n}/"}`);
    const chunk = Buffer.from(`${n > 2000 ? ',' : ''}${items.join(',')}`);
    written += chunk.length;
    yield chunk;
  }
  yield Buffer.from(']}}}');
}

describe('refusing uploads that are too big', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiktok-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a zip bomb (400 MB of one byte) from its directory, without inflating it, and one whose header lies', async () => {
    const bomb = join(dir, 'bomb.zip');
    await writeZip(bomb, [{ name: 'TikTok_Data_1/user_data_tiktok.json', data: spaces(400) }]);
    assert.ok(statSync(bomb).size < 5 * MB, 'the bomb is small on disk');
    const rss = process.memoryUsage().rss;
    await assert.rejects(readTikTokUpload(bomb), refusedWith('zip_ratio'));

    // The same bytes, but the directory claims the entry inflates to 1,000 bytes: inflating stops there.
    const liar = join(dir, 'liar.zip');
    writeFileSync(liar, patchDeclaredSize(readFileSync(bomb), 1000));
    await assert.rejects(readTikTokUpload(liar), refusedWith('zip_too_large'));
    // …and one that claims 80 MB, under every declared limit: inflating stops at 80 MB.
    const liar80 = join(dir, 'liar80.zip');
    writeFileSync(liar80, patchDeclaredSize(readFileSync(bomb), 80 * MB));
    await assert.rejects(readTikTokUpload(liar80, { maxRatio: 1000 }), refusedWith('zip_too_large'));
    assert.ok(process.memoryUsage().rss - rss < 150 * MB, 'memory stays bounded');
  });

  it('refuses an archive whose entries declare more than the total limit', async () => {
    const big = join(dir, 'big.zip');
    await writeZip(big, [
      { name: 'user_data_tiktok.json', data: '{"hello":"world"}' },
      { name: 'a.bin', data: spaces(2) },
      { name: 'b.bin', data: spaces(2) },
    ]);
    await assert.rejects(readTikTokUpload(big, { maxTotalBytes: 3 * MB, maxRatio: 10_000 }), refusedWith('zip_too_large'));
  });

  it('refuses a 200 MB JSON file before reading it', async () => {
    const file = join(dir, 'huge.json');
    await pipeline(Readable.from(hugeLikes(200)), createWriteStream(file));
    assert.ok(statSync(file).size > 200 * MB);
    const rss = process.memoryUsage().rss;
    await assert.rejects(readTikTokUpload(file), refusedWith('json_too_large'));
    assert.ok(process.memoryUsage().rss - rss < 150 * MB);
    rmSync(file);
  });

  it('stops a streamed 200 MB JSON at the size limit with bounded memory', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    let chunks = 0;
    async function* measured() {
      for (const chunk of hugeLikes(200)) {
        if (++chunks % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
        yield chunk;
      }
    }
    await assert.rejects(readPrunedJson(measured(), DEFAULT_UPLOAD_LIMITS), refusedWith('json_too_large'));
    const growth = peak - before;
    assert.ok(growth < 150 * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
  });
});
