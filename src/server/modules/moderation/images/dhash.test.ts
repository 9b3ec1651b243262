import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { dhash, hamming, hashFromGrey, SIMILAR_BITS } from './dhash.ts';
import * as img from './test-images.ts';

const naiveHamming = (a: string, b: string): number => {
  let n = 0;
  for (let i = 0; i < 16; i++) {
    let x = Number.parseInt(a[i] as string, 16) ^ Number.parseInt(b[i] as string, 16);
    for (let k = 0; k < 4; k++, x >>= 1) n += x & 1;
  }
  return n;
};

describe('difference hash', () => {
  it('counts differing bits, the high ones too', () => {
    assert.equal(hamming('0000000000000000', '0000000000000000'), 0);
    assert.equal(hamming('0000000000000000', 'ffffffffffffffff'), 64);
    assert.equal(hamming('8000000000000000', '0000000000000001'), 2);
    const samples = ['0123456789abcdef', 'fedcba9876543210', 'f0f0f0f00f0f0f0f', '8000000180000001', 'ffffffff00000000'];
    for (const a of samples) for (const b of samples) assert.equal(hamming(a, b), naiveHamming(a, b), `${a} ${b}`);
    assert.throws(() => hamming('xyz', '0000000000000000'));
  });

  it('compares each pixel with its right neighbour, row by row', () => {
    const rising = Uint8Array.from({ length: 72 }, (_, i) => (i % 9) * 20); // every pixel darker than its right one
    assert.equal(hashFromGrey(rising), '0000000000000000');
    const falling = Uint8Array.from({ length: 72 }, (_, i) => 200 - (i % 9) * 20);
    assert.equal(hashFromGrey(falling), 'ffffffffffffffff');
    assert.equal(hashFromGrey(new Uint8Array(72).fill(77)), null, 'a flat picture has no hash');
  });

  it('gives a re-encoded or resized copy a hash within a few bits', async () => {
    for (const seed of [1, 2, 3]) {
      const original = await img.scene(seed);
      const h = await dhash(original);
      assert.ok(h, 'a scene has a hash');
      assert.match(h, /^[0-9a-f]{16}$/);
      for (const copy of await img.copiesOf(original)) {
        const d = hamming(h, (await dhash(copy)) as string);
        assert.ok(d <= SIMILAR_BITS, `seed ${seed}: a copy is ${d} bits away`);
      }
    }
  });

  it('tells different pictures apart', async () => {
    const pictures = await Promise.all([img.scene(1), img.scene(2), img.scene(3), img.scene(4), img.scene(6), img.gradient()]);
    const hashes = await Promise.all(pictures.map((b) => dhash(b)));
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) {
        const d = hamming(hashes[i] as string, hashes[j] as string);
        assert.ok(d > 2 * SIMILAR_BITS, `pictures ${i} and ${j} are only ${d} bits apart`);
      }
    }
  });

  it('has no hash for a flat picture, and hashes transparent pictures as seen on white', async () => {
    assert.equal(await dhash(await img.flat()), null);
    const scene = await img.scene(5, 400, 300);
    const withAlpha = await sharp(scene).ensureAlpha(1).png().toBuffer();
    assert.ok(hamming((await dhash(scene)) as string, (await dhash(withAlpha)) as string) <= 1);
    await assert.rejects(dhash(Buffer.from('not an image')));
  });
});
