// Language benchmark: how long the CC-CEDICT index takes to load and how much heap it holds (targets
// ≤ 1 s, ≤ 100 MB), look-ups in both directions, pinyin over the FLORES-200 dev sentences
// (../shared/data/flores-dev) — Biji's segment() against jieba's own cut in the same run (the baseline:
// what segmentation alone costs) — the gloss's speed both ways (target ≥ 5,000 sentences/s on one core),
// and a stored translation served over HTTP (target p99 ≤ 5 ms) by Biji configured with LibreTranslate
// (a local fake), against the note itself and a bare Fastify route in the same run. Nothing is asserted.
// `npm run bench -- language`
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Dictionary } from '../src/server/modules/language/dictionary.ts';
import { Gloss } from '../src/server/modules/language/gloss/index.ts';
import { segment } from '../src/server/modules/language/segment.ts';
import { startLibreTranslate } from '../test/fakes/translation/index.ts';
import { makeTempDir, REPO_ROOT } from './lib/children.ts';
import { combineHttp, HTTP_SHAPE, type HttpResult, health, httpJob, runLoad } from './lib/load.ts';
import { postNote, upload } from './lib/notes-fixture.ts';
import { makePhoto } from './lib/photo.ts';
import { fmtMs, fmtRate, medianMs, ratioTable, table } from './lib/report.ts';
import { startBareFastify, startBiji } from './lib/servers.ts';

const LOAD_TARGET_MS = 1000;
const HEAP_TARGET_MB = 100;
const FLORES_ZH = path.resolve(REPO_ROOT, '../shared/data/flores-dev/dev.zh');
const FLORES_EN = path.resolve(REPO_ROOT, '../shared/data/flores-dev/dev.en');
const GLOSS_TARGET_PER_S = 5000;
const CACHED_P99_TARGET_MS = 5;
const HTTP_ROUNDS = 3;
const HTTP_TIMEOUT_MS = 60_000;
const ROUNDS = 3;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 1e6;
};

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
    (medianMs(ROUNDS, () => {
      for (let i = 0; i < N; i++) dict.lookup(words[i % words.length] as string);
    }) *
      1000) /
    N;
  const M = 2_000;
  const enUs =
    (medianMs(ROUNDS, () => {
      for (let i = 0; i < M; i++) dict.fromEnglish(english[i % english.length] as string, 10);
    }) *
      1000) /
    M;

  // Pinyin: ours (jieba's cut + pinyin-pro's reading, dealt out to the words) against jieba's cut alone.
  await segment('预热'); // loads jieba and pinyin-pro
  const { Jieba } = await import('@node-rs/jieba');
  const { dict: jiebaDict } = await import('@node-rs/jieba/dict.js');
  const jieba = Jieba.withDict(jiebaDict);
  const cutMs = medianMs(ROUNDS, () => {
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

  // ---- the gloss, both ways, on one core (the dev sentences, after one warm-up pass)
  const englishSentences = fs
    .readFileSync(FLORES_EN, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0);
  t = performance.now();
  const gloss = await Gloss.load(dict);
  for (const s of sentences.slice(0, 50)) gloss.translate(s, 'zh', 'en');
  for (const s of englishSentences.slice(0, 50)) gloss.translate(s, 'en', 'zh');
  const glossLoadMs = performance.now() - t;
  for (const s of sentences) gloss.translate(s, 'zh', 'en');
  for (const s of englishSentences) gloss.translate(s, 'en', 'zh');
  const zhEnMs = medianMs(ROUNDS, () => {
    for (const s of sentences) gloss.translate(s, 'zh', 'en');
  });
  const enZhMs = medianMs(ROUNDS, () => {
    for (const s of englishSentences) gloss.translate(s, 'en', 'zh');
  });
  const bothPerS = ((sentences.length + englishSentences.length) / (zhEnMs + enZhMs)) * 1000;
  console.log(
    `\n${table(
      [{ title: 'gloss (one core)' }, { title: 'value', align: 'right' }, { title: 'target', align: 'right' }, { title: 'result' }],
      [
        ['zh → en', `${perSecond(zhEnMs).toLocaleString('en-US')} sentences/s`, '', ''],
        ['en → zh', `${Math.round((englishSentences.length / enZhMs) * 1000).toLocaleString('en-US')} sentences/s`, '', ''],
        [
          'both ways',
          `${Math.round(bothPerS).toLocaleString('en-US')} sentences/s`,
          `≥ ${GLOSS_TARGET_PER_S.toLocaleString('en-US')}`,
          bothPerS >= GLOSS_TARGET_PER_S ? 'PASS' : 'BELOW',
        ],
        ['per sentence (both ways)', `${(1000 / bothPerS).toFixed(3)} ms`, '< 1 ms', 1000 / bothPerS < 1 ? 'PASS' : 'BELOW'],
        ['first use (tables, 100 warm-up sentences)', `${glossLoadMs.toFixed(0)} ms`, '', ''],
      ],
    )}`,
  );

  // ---- a stored translation over HTTP
  await translationOverHttp(sentences);
}

/**
 * Biji with LibreTranslate (a local fake) as its provider: a Chinese note is translated once (one call
 * to the fake), then its translation is read under load — served from what the server stored — next to
 * the note itself and a bare Fastify route in the same run.
 */
async function translationOverHttp(sentences: string[]): Promise<void> {
  const fake = await startLibreTranslate({ translate: (text) => `EN ${text.length}` });
  const [biji, bare] = await Promise.all([startBiji({ env: { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url } }), startBareFastify()]);
  try {
    const handle = `bench_${process.pid}`;
    const res = await fetch(`${biji.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handle, password: 'correct-horse-battery-7', displayName: '翻译', languages: ['zh'] }),
    });
    const { token } = (await res.json()) as { token: string };
    const photo = path.join(makeTempDir('biji-bench-language-'), 'photo.jpg');
    await makePhoto(photo, { width: 800, height: 600, orientation: 1, quality: 80, seed: 7 });
    const mediaId = await upload(biji.url, token, photo);
    const body = sentences.slice(0, 6).join('\n');
    const noteId = await postNote(biji.url, token, { title: '成都火锅真好吃', body, mediaIds: [mediaId] });
    const trUrl = `${biji.url}/api/v1/notes/${noteId}/translation?target=en`;
    const first = await fetch(trUrl);
    const tr = (await first.json()) as { provider: string; kind: string };
    if (first.status !== 200 || tr.provider !== 'LibreTranslate' || fake.translations().length !== 1)
      throw new Error(`the translation is not what we measure: ${first.status} ${JSON.stringify(tr)} after ${fake.translations().length} calls`);

    const jobs = { translation: httpJob(trUrl), note: httpJob(`${biji.url}/api/v1/notes/${noteId}`), bare: httpJob(`${bare.url}/ok`) };
    const rounds: Record<keyof typeof jobs, HttpResult[]> = { translation: [], note: [], bare: [] };
    for (let r = 0; r < HTTP_ROUNDS; r++)
      for (const k of Object.keys(jobs) as Array<keyof typeof jobs>) rounds[k].push(await runLoad(jobs[k], HTTP_TIMEOUT_MS));
    const one = { ...httpJob(trUrl), connections: 1 };
    const single = await runLoad(one, HTTP_TIMEOUT_MS);
    const got = { translation: combineHttp(rounds.translation), note: combineHttp(rounds.note), bare: combineHttp(rounds.bare) };
    if (fake.translations().length !== 1) throw new Error(`the load reached the provider (${fake.translations().length} calls): not a stored translation`);
    console.log(
      `\nstored translation over HTTP: a note of ${sentences.slice(0, 6).length + 1} Chinese sentences, LibreTranslate (local fake) as provider; ${HTTP_ROUNDS} rounds of ${HTTP_SHAPE.durationSeconds} s at ${HTTP_SHAPE.connections} connections, interleaved\n`,
    );
    console.log(
      table(
        [
          { title: 'route' },
          { title: 'req/s', align: 'right' },
          { title: 'p50', align: 'right' },
          { title: 'p99', align: 'right' },
          { title: 'target', align: 'right' },
          { title: 'result' },
          { title: 'health' },
        ],
        [
          [
            'GET /notes/:id/translation (stored)',
            fmtRate(got.translation.requestsPerSec, ''),
            fmtMs(got.translation.p50Ms),
            fmtMs(got.translation.p99Ms),
            `p99 ≤ ${CACHED_P99_TARGET_MS} ms`,
            got.translation.p99Ms <= CACHED_P99_TARGET_MS ? 'PASS' : 'BELOW',
            health(got.translation),
          ],
          [
            '…one connection at a time',
            fmtRate(single.requestsPerSec, ''),
            fmtMs(single.p50Ms),
            fmtMs(single.p99Ms),
            `p99 ≤ ${CACHED_P99_TARGET_MS} ms`,
            single.p99Ms <= CACHED_P99_TARGET_MS ? 'PASS' : 'BELOW',
            health(single),
          ],
          ['GET /notes/:id (the note itself)', fmtRate(got.note.requestsPerSec, ''), fmtMs(got.note.p50Ms), fmtMs(got.note.p99Ms), '', '', health(got.note)],
          ['bare Fastify (baseline)', fmtRate(got.bare.requestsPerSec, ''), fmtMs(got.bare.p50Ms), fmtMs(got.bare.p99Ms), '', '', health(got.bare)],
        ],
      ),
    );
    console.log(
      `\n${ratioTable([
        { name: 'stored translation / bare Fastify (req/s)', value: got.translation.requestsPerSec / got.bare.requestsPerSec, target: null },
        { name: 'stored translation / the note read (req/s)', value: got.translation.requestsPerSec / got.note.requestsPerSec, target: null },
      ])}`,
    );
  } finally {
    await Promise.all([biji.stop(), bare.stop(), fake.close()]);
  }
}
