import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createStorage } from './index.ts';
import { LocalStorage } from './local.ts';
import { S3Storage } from './s3.ts';
import type { Storage } from './types.ts';

// s3rver ships no types; this is the little of it the tests use.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: object) => S3rverServer;

const BUCKET = 'biji-test';
const bytes = (n: number, seed = 0): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) % 256));
const read = async (body: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

function behavesAsStorage(name: string, make: () => Storage) {
  describe(`storage behaviour [${name}]`, () => {
    let s: Storage;
    let tmp: string;
    before(() => {
      s = make();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-storage-src-'));
    });
    after(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it('stores a buffer: stat, get whole, get a range, delete', async () => {
      const key = 'media/01abc/720.webp';
      const data = bytes(100);
      await s.put(key, data, 'image/webp');
      assert.deepEqual(await s.stat(key), { size: 100, contentType: 'image/webp' });

      const whole = await s.get(key);
      assert.ok(whole);
      assert.equal(whole.size, 100);
      assert.equal(whole.contentType, 'image/webp');
      assert.deepEqual(await read(whole.body), data);

      const part = await s.get(key, { start: 10, end: 19 });
      assert.ok(part);
      assert.equal(part.size, 100, 'size is the whole object');
      assert.equal(part.contentType, 'image/webp');
      assert.deepEqual(await read(part.body), data.subarray(10, 20));

      await s.delete([key]);
      assert.equal(await s.stat(key), null);
      assert.equal(await s.get(key), null);
    });

    it('stores a file from disk with its content type', async () => {
      const file = path.join(tmp, 'clip.mp4');
      const data = bytes(64 * 1024 + 3, 5);
      fs.writeFileSync(file, data);
      const key = 'media/01def/original.mp4';
      await s.putFile(key, file, 'video/mp4');
      assert.ok(fs.existsSync(file), 'the source file is left to its owner');
      assert.deepEqual(await s.stat(key), { size: data.length, contentType: 'video/mp4' });
      const got = await s.get(key);
      assert.deepEqual(await read(got!.body), data);
      const tail = await s.get(key, { start: data.length - 10, end: data.length - 1 });
      assert.deepEqual(await read(tail!.body), data.subarray(data.length - 10));
      await s.delete([key]);
    });

    it('takes a file with moveFile: stored whole, the source gone', async () => {
      const data = bytes(300_000, 9);
      const file = path.join(tmp, 'archive.zip');
      fs.writeFileSync(file, data);
      const key = 'exports/01mov/biji-archive.zip';
      await s.moveFile(key, file, 'application/zip');
      assert.equal(fs.existsSync(file), false, 'the source file is taken');
      assert.deepEqual(await s.stat(key), { size: data.length, contentType: 'application/zip' });
      assert.deepEqual(await read((await s.get(key))!.body), data);
      await s.delete([key]);
    });

    it('replaces an object on a second put, content type included', async () => {
      const key = 'media/01ghi/cover.jpg';
      await s.put(key, bytes(30), 'image/jpeg');
      await s.put(key, bytes(12, 9), 'image/png');
      assert.deepEqual(await s.stat(key), { size: 12, contentType: 'image/png' });
      assert.deepEqual(await read((await s.get(key))!.body), bytes(12, 9));
      await s.delete([key]);
    });

    it('answers null for a missing key, and deleting missing keys is not an error', async () => {
      assert.equal(await s.stat('media/nope/x.webp'), null);
      assert.equal(await s.get('media/nope/x.webp'), null);
      assert.equal(await s.get('media/nope/x.webp', { start: 0, end: 9 }), null);
      await s.delete(['media/nope/x.webp', 'media/nope/y.webp']);
      await s.delete([]);
    });

    it('clamps a range past the end, and refuses one that starts past it', async () => {
      const key = 'media/01jkl/small.bin';
      await s.put(key, bytes(20), 'application/octet-stream');
      const clamped = await s.get(key, { start: 15, end: 1000 });
      assert.deepEqual(await read(clamped!.body), bytes(20).subarray(15));
      await assert.rejects(s.get(key, { start: 20, end: 30 }), RangeError);
      await assert.rejects(s.get(key, { start: 5, end: 4 }), RangeError);
      await s.delete([key]);
    });

    it('deletes more keys than one request may carry (batches of 1000)', async () => {
      const keys = Array.from({ length: 1001 }, (_, i) => `media/batch/${i}.txt`);
      await s.put(keys[0]!, bytes(1), 'text/plain');
      await s.put(keys[1000]!, bytes(1), 'text/plain');
      await s.delete(keys);
      assert.equal(await s.stat(keys[0]!), null);
      assert.equal(await s.stat(keys[1000]!), null);
    });

    it('refuses keys that could escape or alias: "..", absolute, backslash, empty segment', async () => {
      for (const bad of ['', '../etc/passwd', 'media/../../x', '/etc/passwd', 'media\\x', 'media//x', 'media/x/', './x', 'media/.hidden']) {
        await assert.rejects(s.put(bad, bytes(1), 'text/plain'), /invalid storage key/, `put ${JSON.stringify(bad)}`);
        await assert.rejects(s.stat(bad), /invalid storage key/, `stat ${JSON.stringify(bad)}`);
        await assert.rejects(s.get(bad), /invalid storage key/, `get ${JSON.stringify(bad)}`);
        await assert.rejects(s.delete([bad]), /invalid storage key/, `delete ${JSON.stringify(bad)}`);
      }
    });
  });
}

describe('storage', () => {
  const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-storage-local-'));
  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-storage-s3-'));
  let server: S3rverServer;
  let endpoint = '';
  const stores: Storage[] = [];
  const track = (s: Storage) => {
    stores.push(s);
    return s;
  };

  before(async () => {
    // Port 0: the OS picks a free port, so parallel test runs never collide.
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] });
    const addr = await server.run();
    endpoint = `http://127.0.0.1:${addr.port}`;
  });
  after(async () => {
    for (const s of stores) await s.close();
    await server.close();
    fs.rmSync(localRoot, { recursive: true, force: true });
    fs.rmSync(s3Dir, { recursive: true, force: true });
  });

  const s3Options = () => ({ endpoint, region: 'us-east-1', bucket: BUCKET, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true });

  behavesAsStorage('local', () => track(new LocalStorage(localRoot)));
  behavesAsStorage('s3', () => track(new S3Storage(s3Options())));

  it('local: writes land under the root, with no temp files left behind', async () => {
    const s = track(new LocalStorage(localRoot));
    await s.put('media/01mno/a.webp', bytes(5), 'image/webp');
    const dir = path.join(localRoot, 'media', '01mno');
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.startsWith('.tmp-')),
      [],
    );
    assert.deepEqual(fs.readFileSync(path.join(dir, 'a.webp')), bytes(5));
  });

  it('createStorage: local disk under DATA_DIR/media without S3 settings, S3 with them', async () => {
    const local = track(await createStorage({ dataDir: localRoot, s3: null }));
    assert.equal(local.kind, 'local');
    await local.put('media/01pqr/b.txt', Buffer.from('hi'), 'text/plain');
    assert.ok(fs.existsSync(path.join(localRoot, 'media', '01pqr', 'b.txt')));

    const s3 = track(await createStorage({ dataDir: localRoot, s3: s3Options() }));
    assert.equal(s3.kind, 's3');
    await s3.put('media/01pqr/c.txt', Buffer.from('hello'), 'text/plain');
    assert.deepEqual(await s3.stat('media/01pqr/c.txt'), { size: 5, contentType: 'text/plain' });
    await s3.delete(['media/01pqr/c.txt']);
  });
});
