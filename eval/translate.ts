// The translation evaluation: corpus BLEU and chrF, computed as sacreBLEU computes them (eval/metrics),
// on the FLORES-200 dev set (../shared/data/flores-dev), both directions, for
// - the built-in gloss, sentence by sentence (with its speed);
// - Biji's pipeline in front of LibreTranslate: a local fake that follows LibreTranslate's API and answers
//   with Argos Translate's own outputs for the dev sentences (Argos is LibreTranslate's engine). The dev
//   lines go through the real Translator — cut into sentences and lines, batched, stored on a real SQLite
//   file, read back from the store on a second pass, reassembled — so its scores equal Argos's exactly
//   when the pipeline loses nothing;
// - the configured provider (TRANSLATE_PROVIDER and the TRANSLATE_* settings), when one is set.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/server/config.ts';
import { Gloss } from '../src/server/modules/language/gloss/index.ts';
import type { LanguageTables } from '../src/server/modules/language/tables.ts';
import { createProvider } from '../src/server/modules/language/translate/providers/index.ts';
import { Translator } from '../src/server/modules/language/translate/service.ts';
import { TranslationStore } from '../src/server/modules/language/translate/store.ts';
import type { Lang, Provider } from '../src/server/modules/language/translate/types.ts';
import { openDb, scoped } from '../src/server/platform/db/index.ts';
import { MemoryRateLimiter } from '../src/server/platform/ratelimit/index.ts';
import { startLibreTranslate } from '../test/fakes/translation/index.ts';
import { bleu } from './metrics/bleu.ts';
import { chrf } from './metrics/chrf.ts';

export const FLORES = fileURLToPath(new URL('../../shared/data/flores-dev/', import.meta.url));

/** The targets the language issue sets for the gloss on this set. */
export const GLOSS_TARGETS: Record<Direction, number> = { 'zh-en': 42, 'en-zh': 18 };

export type Direction = 'zh-en' | 'en-zh';
export const DIRECTIONS: readonly Direction[] = ['zh-en', 'en-zh'];
const ends = (d: Direction): [Lang, Lang] => (d === 'zh-en' ? ['zh', 'en'] : ['en', 'zh']);
/** sacreBLEU's tokenizer for the target: `zh` for Chinese, `13a` otherwise. */
const tokenizerFor = (target: Lang) => (target === 'zh' ? 'zh' : '13a') as 'zh' | '13a';

export interface Score {
  system: string;
  direction: Direction;
  bleu: number;
  chrf: number;
  /** mean milliseconds per sentence, when measured */
  msPerSentence: number | null;
  note?: string;
}

export interface TranslateEvalOptions {
  /** the first N dev sentences only (default: all 997) */
  limit?: number;
  /** dev lines per document sent through the pipeline (several, so lines are batched and reassembled) */
  linesPerDocument: number;
  env?: Record<string, string | undefined>;
}

export interface TranslateEvalResult {
  sentences: number;
  scores: Score[];
  /** for each direction: whether the pipeline's output equals Argos's line for line */
  lossless: Record<Direction, boolean>;
}

const readLines = (name: string, limit?: number): string[] => {
  const lines = fs.readFileSync(path.join(FLORES, name), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return limit ? lines.slice(0, limit) : lines;
};

const score = (system: string, direction: Direction, hyp: string[], ref: string[], msPerSentence: number | null, note?: string): Score => {
  const [, target] = ends(direction);
  return {
    system,
    direction,
    bleu: bleu(hyp, ref, { tokenize: tokenizerFor(target) }).score,
    chrf: chrf(hyp, ref),
    msPerSentence,
    ...(note ? { note } : {}),
  };
};

/** The dev sentences through a Translator with `provider`, as documents of `linesPerDocument` lines. */
async function throughPipeline(
  provider: Provider,
  direction: Direction,
  sources: string[],
  linesPerDocument: number,
  file: string,
): Promise<{ out: string[]; again: string[]; ms: number }> {
  const [, target] = ends(direction);
  const db = await openDb({ kind: 'sqlite', file });
  try {
    const translator = new Translator({
      provider,
      gloss: async () => {
        throw new Error('the evaluation measures the provider: no fallback to the gloss');
      },
      store: new TranslationStore(scoped<LanguageTables>(db)),
      limiter: new MemoryRateLimiter(),
      budget: { perUser: { limit: 1e9, windowMs: 1000 }, global: { limit: 1e9, windowMs: 1000 }, glossPerUser: { limit: 1e9, windowMs: 1000 } },
      log: { warn: (o: unknown, m?: string) => void console.error(m, o) },
      deadlineMs: 120_000,
    });
    const run = async () => {
      const out: string[] = [];
      for (let i = 0; i < sources.length; i += linesPerDocument) {
        const doc = sources.slice(i, i + linesPerDocument).join('\n');
        const r = await translator.translate([doc], target, { userId: 'eval' });
        if (r.fallback) throw new Error(`the provider failed (${r.fallback.reason})`);
        out.push(...(r.fields[0]?.text ?? '').split('\n'));
      }
      return out;
    };
    const started = performance.now();
    const out = await run();
    const ms = performance.now() - started;
    // A fresh translator on the same store: everything now comes from the database.
    const again = await run();
    return { out, again, ms };
  } finally {
    await db.close();
  }
}

export async function evaluate(opts: TranslateEvalOptions): Promise<TranslateEvalResult> {
  const zh = readLines('dev.zh', opts.limit);
  const en = readLines('dev.en', opts.limit);
  const argos: Record<Direction, string[]> = { 'zh-en': readLines('dev.argos.zh-en.en', opts.limit), 'en-zh': readLines('dev.argos.en-zh.zh', opts.limit) };
  const sources: Record<Direction, string[]> = { 'zh-en': zh, 'en-zh': en };
  const refs: Record<Direction, string[]> = { 'zh-en': en, 'en-zh': zh };
  const scores: Score[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-eval-translate-'));
  const lossless = { 'zh-en': false, 'en-zh': false };
  try {
    // The gloss, sentence by sentence (warmed first: its tables build on first use).
    const gloss = await Gloss.load();
    for (const d of DIRECTIONS) {
      const [source, target] = ends(d);
      gloss.translate(sources[d][0] ?? '', source, target);
      const started = performance.now();
      const hyp = sources[d].map((s) => gloss.translate(s, source, target));
      scores.push(score('gloss (CC-CEDICT)', d, hyp, refs[d], (performance.now() - started) / hyp.length, `target chrF ≥ ${GLOSS_TARGETS[d]}`));
    }

    // Argos's own outputs, and the same through Biji's pipeline in front of a LibreTranslate that serves them.
    const served = new Map<string, string>();
    // By the sentence without surrounding spaces: the pipeline keeps those from the original (dev.zh has a few).
    for (const d of DIRECTIONS) for (const [i, s] of sources[d].entries()) served.set(`${d}|${s.trim()}`, argos[d][i] ?? '');
    const fake = await startLibreTranslate({
      translate: (text, source, target) => {
        const found = served.get(`${source}-${target}|${text}`);
        if (found === undefined) throw new Error(`not a dev sentence: ${text.slice(0, 60)}`);
        return found;
      },
    });
    try {
      const libre = createProvider(fake.settings({ timeoutMs: 60_000 }));
      for (const d of DIRECTIONS) {
        scores.push(score('Argos (published outputs)', d, argos[d], refs[d], null));
        const { out, again, ms } = await throughPipeline(libre, d, sources[d], opts.linesPerDocument, path.join(tmp, `argos-${d}.db`));
        lossless[d] =
          out.length === argos[d].length && out.every((line, i) => line.trim() === argos[d][i]?.trim()) && again.every((line, i) => line === out[i]);
        scores.push(
          score(
            'Biji pipeline → LibreTranslate (Argos)',
            d,
            out,
            refs[d],
            ms / out.length,
            lossless[d] ? 'identical to Argos, also from the store' : 'DIFFERS from Argos',
          ),
        );
      }
    } finally {
      await fake.close();
    }

    // The configured provider, if any.
    const config = loadConfig({ DATA_DIR: tmp, ...(opts.env ?? process.env) });
    if (config.translate.provider.provider !== 'gloss') {
      const provider = createProvider(config.translate.provider);
      for (const d of DIRECTIONS) {
        try {
          const { out, ms } = await throughPipeline(provider, d, sources[d], opts.linesPerDocument, path.join(tmp, `configured-${d}.db`));
          scores.push(score(`Biji pipeline → ${provider.label}`, d, out, refs[d], ms / out.length));
        } catch (err) {
          scores.push({
            system: `Biji pipeline → ${provider.label}`,
            direction: d,
            bleu: Number.NaN,
            chrf: Number.NaN,
            msPerSentence: null,
            note: `failed: ${(err as Error).message}`,
          });
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { sentences: zh.length, scores, lossless };
}

export function report(r: TranslateEvalResult): string {
  const lines = [`FLORES-200 dev, ${r.sentences} sentences; BLEU (zh tokenizer for Chinese, 13a for English) and chrF (char order 6, β 2), as sacreBLEU`, ''];
  const head = ['system', 'direction', 'BLEU', 'chrF', 'ms/sentence', ''];
  const rows = r.scores.map((s) => {
    const target = s.system.startsWith('gloss') ? GLOSS_TARGETS[s.direction] : null;
    const verdict = target === null ? (s.note ?? '') : `${s.chrf >= target ? 'PASS' : 'MISS'} (target chrF ≥ ${target})`;
    return [s.system, s.direction, s.bleu.toFixed(2), s.chrf.toFixed(2), s.msPerSentence === null ? '' : s.msPerSentence.toFixed(3), verdict];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const fmt = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  lines.push(fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  lines.push('', `pipeline lossless: zh→en ${r.lossless['zh-en'] ? 'yes' : 'NO'}, en→zh ${r.lossless['en-zh'] ? 'yes' : 'NO'}`);
  return lines.join('\n');
}

const HELP = `npm run eval -- translate [--limit N] [--lines-per-document N] [--json]
  --limit N               the first N dev sentences only (default: all 997)
  --lines-per-document N  dev lines joined into one text for the pipeline (default 5)
  --json                  print the result as JSON
  A provider configured with TRANSLATE_PROVIDER / TRANSLATE_URL / TRANSLATE_API_KEY … is evaluated too.`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(HELP);
    return 0;
  }
  const value = (flag: string): number | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const n = Number(args[i + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a whole number ≥ 1`);
    return n;
  };
  const limit = value('--limit');
  const result = await evaluate({ linesPerDocument: value('--lines-per-document') ?? 5, ...(limit ? { limit } : {}) });
  console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : report(result));
  return 0;
}
