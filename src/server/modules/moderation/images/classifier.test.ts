// One model load for the whole file (a few seconds): every test shares the classifier.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import sharp from 'sharp';
import { decodeForModel, safetyScore, toClassification, WorkerClassifier } from './classifier.ts';
import * as img from './test-images.ts';

describe('image classifier', () => {
  const classifier = new WorkerClassifier();
  after(() => classifier.close());

  it('scores porn and hentai fully and sexy by half, within 0–1', () => {
    assert.equal(safetyScore({ drawing: 0, hentai: 0.2, neutral: 0.3, porn: 0.1, sexy: 0.4 }), 0.5);
    assert.equal(safetyScore({ drawing: 0, hentai: 0.7, neutral: 0, porn: 0.6, sexy: 0.5 }), 1);
    assert.equal(safetyScore({ drawing: 1, hentai: Number.NaN, neutral: 0, porn: 0, sexy: 0 }), 0);
    assert.deepEqual(toClassification([0.5, 0.1, 0.2, 0.1, 0.1]).scores, { drawing: 0.5, hentai: 0.1, neutral: 0.2, porn: 0.1, sexy: 0.1 });
    assert.throws(() => toClassification([1, 0]));
  });

  it('decodes any picture to 224×224 RGB, grey and transparent ones too', async () => {
    const grey = await sharp(await img.gradient())
      .grayscale()
      .jpeg()
      .toBuffer();
    const clear = await sharp({ create: { width: 300, height: 500, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0 } } })
      .png()
      .toBuffer();
    for (const b of [grey, clear, await img.noise()]) assert.equal((await decodeForModel(b)).length, 224 * 224 * 3);
    const flattened = await decodeForModel(clear);
    assert.ok(
      flattened.every((v) => v === 255),
      'transparent pixels are seen on white',
    );
  });

  it('gives five probabilities summing to 1 and a low score to plain pictures', async () => {
    for (const picture of [await img.gradient(), await img.scene(1), await img.flat()]) {
      const r = await classifier.classify(picture);
      const values = Object.values(r.scores);
      assert.deepEqual(Object.keys(r.scores).sort(), ['drawing', 'hentai', 'neutral', 'porn', 'sexy']);
      for (const v of values) assert.ok(v >= 0 && v <= 1, `probability ${v}`);
      assert.ok(Math.abs(values.reduce((a, b) => a + b, 0) - 1) < 1e-3);
      assert.equal(r.score, safetyScore(r.scores));
      assert.ok(r.score < 0.3, `a plain picture scored ${r.score}`);
    }
  });

  it('leaves no tensors behind, answers in turn when asked at once, and survives a bad file', async () => {
    const picture = await img.scene(2, 640, 480);
    const before = await classifier.stats();
    const results = await Promise.all([classifier.classify(picture), classifier.classify(picture), classifier.classify(picture)]);
    assert.deepEqual(results[1], results[0], 'the same picture, the same answer');
    await assert.rejects(classifier.classify(Buffer.from('not an image')));
    await classifier.classify(await img.gradient(100, 400));
    const afterwards = await classifier.stats();
    assert.equal(afterwards.tensors, before.tensors, 'only the model’s own tensors remain');
    assert.ok(before.loadMs > 0);
  });
});
