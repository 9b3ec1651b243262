// Language benchmark, the learner aids for now: how long the CC-CEDICT index takes to load and how much
// heap it holds (targets ≤ 1 s, ≤ 100 MB), look-ups in both directions, and pinyin over the FLORES-200
// dev sentences (../shared/data/flores-dev/dev.zh) — Biji's segment() against jieba's own cut in the
// same run (the baseline: what segmentation alone costs), in sentences per second. Nothing is asserted.
// `npm run bench -- language`
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Dictionary } from '../src/server/modules/language/dictionary.ts';
import { segment } from '../src/server/modules/language/segment.ts';
import { REPO_ROOT } from './lib/children.ts';
import { ratioTable, table } from './lib/report.ts';

const LOAD_TARGET_MS = 1000;
const HEAP_TARGET_MB = 100;
const FLORES_ZH = path.resolve(REPO_ROOT, '../shared/data/flores-dev/dev.zh');
const ROUNDS = 3;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1e6;
};

/** Median of `rounds` timings of `fn`, in milliseconds. */
function median(rounds: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

export async function run(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`the language benchmark takes no options (got ${args.join(' ')})`);
  const sentences = fs.existsSync(FLORES_ZH)
    ? fs
        .readFileSync(FLORES_ZH, 'utf8')
        .split('\n')
        .filter((l) => l.trim().length > 0)
    : [];
  if (sentences.length === 0) throw new Error(`no sentences at ${FLORES_ZH} (the shared data folder beside the project)`);
  console.log(`language benchmark · Node ${process.version} · ${sentences.length} FLORES-200 dev sentences (zh)\n`);

  // The index: a fresh load, the English side built on the first English look-up.
  const before = heapMb();
  let t = performance.now();
  const dict = Dictionary.fromPackage();
  const loadMs = performance.now() - t;
  t = performance.now();
  dict.fromEnglish('hotpot', 5);
  const englishMs = performance.now() - t;
  const heldMb = heapMb() - before;

  const words = ['火锅', '火鍋', '银行', '好吃', '朋友', '今天', '猫', '喜欢'];
  const english = ['hotpot', 'bank', 'delicious', 'friend', 'today', 'cat', 'to like', 'thank you'];
  const N = 20_000;
  const zhUs =
    (median(ROUNDS, () => {
      for (let i = 0; i < N; i++) dict.lookup(words[i % words.length] as string);
    }) *
      1000) /
    N;
  const M = 2_000;
  const enUs =
    (median(ROUNDS, () => {
      for (let i = 0; i < M; i++) dict.fromEnglish(english[i % english.length] as string, 10);
    }) *
      1000) /
    M;

  // Pinyin: ours (jieba's cut + pinyin-pro's reading, dealt out to the words) against jieba's cut alone.
  await segment('预热'); // loads jieba and pinyin-pro
  const { Jieba } = await import('@node-rs/jieba');
  const { dict: jiebaDict } = await import('@node-rs/jieba/dict.js');
  const jieba = Jieba.withDict(jiebaDict);
  const cutMs = median(ROUNDS, () => {
    for (const s of sentences) jieba.cut(s, true);
  });
  const oursTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const s of sentences) await segment(s);
    oursTimes.push(performance.now() - start);
  }
  const oursMs = oursTimes.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number;
  const perSecond = (ms: number) => Math.round((sentences.length / ms) * 1000);

  console.log(
    table(
      [{ title: 'figure' }, { title: 'value', align: 'right' }, { title: 'target', align: 'right' }, { title: 'result' }],
      [
        ['dictionary index: load (CC-CEDICT, Chinese side)', `${loadMs.toFixed(0)} ms`, `≤ ${LOAD_TARGET_MS} ms`, loadMs <= LOAD_TARGET_MS ? 'PASS' : 'BELOW'],
        ['…its English side (built on the first English look-up)', `${englishMs.toFixed(0)} ms`, '', ''],
        ['heap held by the whole index', `${heldMb.toFixed(0)} MB`, `≤ ${HEAP_TARGET_MB} MB`, heldMb <= HEAP_TARGET_MB ? 'PASS' : 'BELOW'],
        ['look-up of a Chinese word', `${zhUs.toFixed(1)} µs`, '', ''],
        ['look-up of an English word (ranked)', `${enUs.toFixed(1)} µs`, '', ''],
        ['pinyin by word (Biji segment)', `${perSecond(oursMs).toLocaleString('en-US')} sentences/s`, '', ''],
        ['jieba cut alone (baseline)', `${perSecond(cutMs).toLocaleString('en-US')} sentences/s`, '', ''],
      ],
    ),
  );
  console.log(`\n${dict.size.toLocaleString('en-US')} dictionary entries\n`);
  console.log(ratioTable([{ name: 'pinyin by word / jieba cut alone (what reading aloud costs on top of cutting)', value: cutMs / oursMs, target: null }]));
}
