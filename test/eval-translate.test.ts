// The translation evaluation (eval/translate.ts) on the first sixty FLORES dev sentences: Biji's
// pipeline in front of a LibreTranslate that answers with Argos's outputs gives Argos's output back
// line for line — through sentence cutting, batching, the store and reassembly — so its BLEU and chrF
// are Argos's own; and every system it reports is scored.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, report } from '../eval/translate.ts';

describe('eval: translate', () => {
  it('passes machine translation through the pipeline without losing a character', async () => {
    const r = await evaluate({ limit: 60, linesPerDocument: 4, env: {} });
    assert.equal(r.sentences, 60);
    assert.deepEqual(r.lossless, { 'zh-en': true, 'en-zh': true });
    for (const d of ['zh-en', 'en-zh'] as const) {
      const argos = r.scores.find((s) => s.system.startsWith('Argos') && s.direction === d);
      const pipeline = r.scores.find((s) => s.system.startsWith('Biji pipeline → LibreTranslate') && s.direction === d);
      const gloss = r.scores.find((s) => s.system.startsWith('gloss') && s.direction === d);
      assert.ok(argos && pipeline && gloss);
      assert.equal(pipeline.chrf, argos.chrf);
      assert.equal(pipeline.bleu, argos.bleu);
      // The gloss is a gloss: well above nothing, well below a translation engine.
      assert.ok(gloss.chrf > 10 && gloss.chrf < argos.chrf + 5, `${d} gloss chrF ${gloss.chrf}`);
    }
    assert.match(report(r), /pipeline lossless: zh→en yes, en→zh yes/);
  });
});
