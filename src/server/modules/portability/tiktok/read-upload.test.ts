import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_UPLOAD_LIMITS, readPrunedJson, readTikTokUpload } from './index.ts';
import { patchName, refusedWith, writeZip } from './test-zip.ts';

const SAMPLES = fileURLToPath(new URL('../../../../../../shared/data/tiktok-export/', import.meta.url));
const sample2026 = readFileSync(join(SAMPLES, 'user_data_tiktok.json'));
const sampleLegacy = readFileSync(join(SAMPLES, 'user_data_legacy_layout.json'));

describe('reading an uploaded TikTok export', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tiktok-upload-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds user_data_tiktok.json at any depth in the zip, preferring it to user_data.json', async () => {
    await writeZip(file('export.zip'), [
      { name: 'TikTok_Data_123/user_data.json', data: sampleLegacy },
      { name: 'TikTok_Data_123/nested/user_data_tiktok.json', data: sample2026 },
      { name: 'TikTok_Data_123/readme.txt', data: 'hello' },
    ]);
    const e = await readTikTokUpload(file('export.zip'));
    assert.equal(e.layout, '2026');
    assert.equal(e.profile.userName, 'catdad_ohio');
    assert.equal(e.following.length, 3);
  });

  it('reads the older user_data.json name in a zip', async () => {
    await writeZip(file('old.zip'), [{ name: 'user_data.json', data: sampleLegacy }]);
    assert.equal((await readTikTokUpload(file('old.zip'))).layout, 'legacy');
  });

  it('reads a bare JSON with a byte-order mark and leading spaces', async () => {
    writeFileSync(file('bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n  '), sample2026]));
    assert.equal((await readTikTokUpload(file('bom.json'))).liked.length, 2);
  });

  it('reads the same export whatever the chunk boundaries, multi-byte characters split included', async () => {
    async function* byteByByte() {
      for (let i = 0; i < sample2026.length; i += 7) yield sample2026.subarray(i, i + 7);
    }
    const pruned = await readPrunedJson(byteByByte(), DEFAULT_UPLOAD_LIMITS);
    const whole = await readTikTokUpload(join(SAMPLES, 'user_data_tiktok.json'));
    assert.match(JSON.stringify(pruned.tree), /😹 #cattax/);
    assert.equal(pruned.topKeys.length, 10);
    assert.ok(whole.comments[0]?.text.includes('😹'));
  });

  it('refuses a zip without the export JSON', async () => {
    await writeZip(file('nojson.zip'), [{ name: 'TikTok_Data_1/Activity/Like List.txt', data: 'Date: 2026-01-01 00:00:00 UTC' }]);
    await assert.rejects(readTikTokUpload(file('nojson.zip')), refusedWith('no_tiktok_json'));
  });

  it('refuses a PNG renamed .zip, and a text file', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    writeFileSync(file('photo.zip'), png);
    await assert.rejects(readTikTokUpload(file('photo.zip')), refusedWith('not_a_zip_or_json'));
    writeFileSync(file('notes.json'), 'Date: 2026-01-01\nLink: x');
    await assert.rejects(readTikTokUpload(file('notes.json')), refusedWith('not_a_zip_or_json'));
    writeFileSync(file('empty.json'), '');
    await assert.rejects(readTikTokUpload(file('empty.json')), refusedWith('not_a_zip_or_json'));
  });

  it('refuses a truncated zip', async () => {
    await writeZip(file('whole.zip'), [{ name: 'user_data_tiktok.json', data: sample2026 }]);
    writeFileSync(file('cut.zip'), readFileSync(file('whole.zip')).subarray(0, 200));
    await assert.rejects(readTikTokUpload(file('cut.zip')), refusedWith('not_a_zip_or_json'));
  });

  for (const evil of ['../../evil.json', '..\\..\\evil.json', '/etc/evil.json', 'C:/x/evil.json', 'a/../../evil.json']) {
    it(`refuses the whole archive when an entry is named ${evil}`, async () => {
      const safe = evil.replace(/[./\\:]/g, 'x');
      await writeZip(file('slip.zip'), [
        { name: 'user_data_tiktok.json', data: sample2026 },
        { name: safe, data: '{}' },
      ]);
      writeFileSync(file('slip.zip'), patchName(readFileSync(file('slip.zip')), safe, evil));
      await assert.rejects(readTikTokUpload(file('slip.zip')), refusedWith('zip_unsafe_path'));
    });
  }

  it('refuses an archive with more entries than an export has', async () => {
    const entries = Array.from({ length: DEFAULT_UPLOAD_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f/${i}.txt`, data: '', store: true }));
    await writeZip(file('many.zip'), [{ name: 'user_data_tiktok.json', data: sample2026 }, ...entries]);
    await assert.rejects(readTikTokUpload(file('many.zip')), refusedWith('zip_too_many_entries'));
  });

  it('refuses invalid UTF-8 inside a string', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"Activity":{"Following List":{"Following":[{"UserName":"a'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('b"}]}}}'),
    ]);
    writeFileSync(file('bad-utf8.json'), bad);
    await assert.rejects(readTikTokUpload(file('bad-utf8.json')), refusedWith('invalid_utf8'));
    // An overlong encoding of "/" and a lone surrogate half, encoded, are invalid too.
    writeFileSync(file('overlong.json'), Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]));
    await assert.rejects(readTikTokUpload(file('overlong.json')), refusedWith('invalid_utf8'));
    writeFileSync(file('surrogate.json'), Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]));
    await assert.rejects(readTikTokUpload(file('surrogate.json')), refusedWith('invalid_utf8'));
  });

  it('refuses JSON nested 10,000 deep before building it', async () => {
    writeFileSync(file('deep.json'), `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    await assert.rejects(readTikTokUpload(file('deep.json')), refusedWith('json_too_deep'));
    // Inside a zip too.
    await writeZip(file('deep.zip'), [{ name: 'user_data_tiktok.json', data: `{"a":${'{"b":'.repeat(10_000)}1${'}'.repeat(10_000)}}` }]);
    await assert.rejects(readTikTokUpload(file('deep.zip')), refusedWith('json_too_deep'));
  });

  it('refuses broken JSON', async () => {
    for (const text of ['{"Activity": {', '{"a" "b"}', '{"a":1,}', '{"a":[1 2]}', '{"a":1}}', '{"a":1} {"b":2}', '{"a":tru}']) {
      writeFileSync(file('broken.json'), text);
      await assert.rejects(readTikTokUpload(file('broken.json')), refusedWith('invalid_json'), text);
    }
  });

  it('keeps at most maxItems of a list, and a bounded number of repeated lists', async () => {
    const fans = Array.from({ length: 50 }, (_, i) => `{"Date":"2025-01-01 00:00:00","UserName":"fan${i}"}`).join(',');
    writeFileSync(file('capped.json'), `{"Activity":{"Follower List":{"FansList":[${fans}]}}}`);
    assert.equal((await readTikTokUpload(file('capped.json'), { maxItems: 10 })).followers.length, 10);
    const repeated = Array.from({ length: 3000 }, (_, i) => `"s${i}":{"FansList":[{"UserName":"u${i}"}]}`).join(',');
    writeFileSync(file('repeated.json'), `{${repeated}}`);
    const pruned = await readPrunedJson(
      (async function* () {
        yield readFileSync(file('repeated.json'));
      })(),
      DEFAULT_UPLOAD_LIMITS,
    );
    assert.equal(Object.keys(pruned.tree).length, 1000);
    assert.deepEqual(
      (await readTikTokUpload(file('repeated.json'))).followers.map((f) => f.username),
      ['u0'],
    );
  });

  it('refuses a valid JSON that holds no TikTok data', async () => {
    writeFileSync(file('hello.json'), '{"hello":"world"}');
    await assert.rejects(readTikTokUpload(file('hello.json')), refusedWith('not_tiktok'));
    await writeZip(file('hello.zip'), [{ name: 'user_data_tiktok.json', data: '{"hello":"world"}' }]);
    await assert.rejects(readTikTokUpload(file('hello.zip')), refusedWith('not_tiktok'));
  });
});
