// The translation pipeline: text → sentences → the ones not already in the target language → the
// stored translation of each (memory, then the database, keyed by the sentence's sha256) → the rest
// from the provider in batches, once however many readers ask at the same moment → stored → put back
// together with the original's line breaks. A provider that is out of quota, down, too slow, answering
// garbage or over its budget is not the reader's problem: the text is glossed instead, and the answer
// says so (`kind: "gloss"`, `fallback`). The gloss is the default provider and needs no network.
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { RateRule } from '../../../config.ts';
import { RateLimitedError } from '../../../platform/errors.ts';
import { sha256 as sha } from '../../../platform/ids.ts';
import type { RateLimiter } from '../../../platform/ratelimit/index.ts';
import { type Piece, sourceOf, splitForTranslation, splitSentences } from './sentences.ts';
import type { TranslationStore } from './store.ts';
import { GLOSS_LABEL, type Lang, type Provider, ProviderError, type ProviderFailure, type TranslationKind } from './types.ts';

export interface TranslatedSegment {
  /** a sentence of the original */
  original: string;
  /** its translation; null when it is already in the target language (or has no words) */
  translated: string | null;
  /** the whitespace after it in the original (line breaks kept) */
  tail: string;
}

export interface TranslatedText {
  /** the whole translation, sentences joined with the original's spacing */
  text: string;
  segments: TranslatedSegment[];
}

export interface TranslationResult {
  fields: TranslatedText[];
  /** the language most of the translated text was in ("und" when nothing needed translating) */
  sourceLang: string;
  targetLang: Lang;
  /** who translated: "LibreTranslate", "DeepL", …, or "CC-CEDICT" for the gloss */
  provider: string;
  kind: TranslationKind;
  /** the configured provider could not answer, so this is the gloss: whose turn it was, and why */
  fallback: { provider: string; reason: ProviderFailure | 'budget' } | null;
}

export interface TranslateBudget {
  /** provider calls (batches that reach a paid or remote provider) one reader may cause */
  perUser: RateRule;
  /** provider calls the whole instance may make */
  global: RateRule;
  /** gloss requests one reader may cause: it is local and cheap, so far more */
  glossPerUser: RateRule;
}

export interface TranslatorDeps {
  /** the configured translation service; null: the gloss is the translator */
  provider: Provider | null;
  /** the built-in gloss, loaded on first use */
  gloss: () => Promise<Provider>;
  store: TranslationStore;
  limiter: RateLimiter;
  budget: TranslateBudget;
  log: Pick<Logger, 'warn'>;
  /** longest a request waits for its provider, in all (default 10 s) */
  deadlineMs?: number;
  /** translations kept in memory (default 50,000 sentences) */
  cacheEntries?: number;
  now?: () => number;
}

/** How long a provider is left alone after it failed this way, in ms: no point asking again at once. */
const REST_MS: Record<ProviderFailure | 'budget', number> = {
  quota: 3_600_000,
  auth: 600_000,
  unavailable: 30_000,
  timeout: 30_000,
  'bad-response': 30_000,
  'rate-limited': 10_000,
  rejected: 0,
  budget: 0,
};

/** Who asks, for budgets: a person, or a visitor's address. */
export type Asker = { userId: string } | { ip: string };
const askerKey = (a: Asker) => ('userId' in a ? `u:${a.userId}` : `ip:${a.ip}`);

interface Job {
  field: number;
  index: number;
  source: Lang;
  text: string;
  hash: string;
}

export class Translator {
  private readonly memory: LRUCache<string, string>;
  /** whole answers by their texts' hash: a note read again is one hash and one look-up, not a re-assembly */
  private readonly answers: LRUCache<string, TranslationResult>;
  private readonly inflight = new Map<string, Promise<string>>();
  /** providers resting after a failure: until when, and why */
  private readonly resting = new Map<string, { until: number; reason: ProviderFailure }>();
  private readonly now: () => number;

  constructor(private readonly deps: TranslatorDeps) {
    this.memory = new LRUCache({ max: deps.cacheEntries ?? 50_000 });
    this.answers = new LRUCache({ max: Math.ceil((deps.cacheEntries ?? 50_000) / 10) });
    this.now = deps.now ?? Date.now;
  }

  /** The configured provider's name and kind, for the UI ("Translated by DeepL"). */
  get provider(): { id: string; label: string; kind: TranslationKind } {
    const p = this.deps.provider;
    return p ? { id: p.id, label: p.label, kind: p.kind } : { id: 'gloss', label: GLOSS_LABEL, kind: 'gloss' };
  }

  /**
   * Several texts (a note's title and body) translated together: one pass, one set of batches. Each
   * sentence's script says whether it needs translating, and from what — unless the caller names the
   * `source`, and then every sentence with letters in it is taken to be in it.
   */
  async translate(texts: readonly string[], target: Lang, asker: Asker, source?: Lang): Promise<TranslationResult> {
    const key = `${this.provider.id}|${target}|${source ?? ''}|${sha(texts.join('\u0000'))}`;
    const known = this.answers.get(key);
    if (known) return known;
    const result = await this.work(texts, target, asker, source);
    // A stand-in (the gloss for a failed provider) is not kept: the provider may be back for the next reader.
    if (!result.fallback) this.answers.set(key, result);
    return result;
  }

  private async work(texts: readonly string[], target: Lang, asker: Asker, source?: Lang): Promise<TranslationResult> {
    const pieces = texts.map((t) => splitForTranslation(t.normalize('NFC')));
    const jobs: Job[] = [];
    for (const [field, list] of pieces.entries())
      for (const [index, p] of list.entries()) {
        const from = !p.text ? null : source ? (/[\p{L}]/u.test(p.text) ? source : null) : sourceOf(p.text, target);
        if (from) jobs.push({ field, index, source: from, text: p.text, hash: sha(p.text) });
      }
    const sourceLang = dominant(jobs);
    const primary = this.deps.provider;
    if (jobs.length === 0)
      return assemble(pieces, new Map(), { sourceLang, targetLang: target, provider: this.provider.label, kind: this.provider.kind, fallback: null });

    let fallback: TranslationResult['fallback'] = null;
    if (primary) {
      const rest = this.resting.get(primary.id);
      if (rest && rest.until > this.now()) fallback = { provider: primary.label, reason: rest.reason };
      else {
        try {
          const out = await this.run(primary, jobs, target, asker);
          return assemble(pieces, out, { sourceLang, targetLang: target, provider: primary.label, kind: primary.kind, fallback: null });
        } catch (err) {
          if (err instanceof OverBudget) fallback = { provider: primary.label, reason: 'budget' };
          else if (err instanceof ProviderError) {
            fallback = { provider: primary.label, reason: err.failure };
            const restMs = REST_MS[err.failure];
            if (restMs > 0) this.resting.set(primary.id, { until: this.now() + restMs, reason: err.failure });
            this.deps.log.warn(
              { provider: primary.id, failure: err.failure, status: err.status, err: err.message },
              'translation provider failed: glossing instead',
            );
          } else throw err;
        }
      }
    }
    const gloss = await this.deps.gloss();
    const out = await this.run(gloss, jobs, target, asker);
    return assemble(pieces, out, { sourceLang, targetLang: target, provider: gloss.label, kind: 'gloss', fallback });
  }

  /** Each job's translation by `provider`: remembered, stored, or asked for now. */
  private async run(provider: Provider, jobs: readonly Job[], target: Lang, asker: Asker): Promise<Map<Job, string>> {
    const out = new Map<Job, string>();
    const keyOf = (j: Job) => `${provider.id}|${j.source}|${target}|${j.hash}`;
    const wanted = new Map<string, Job>();
    for (const j of jobs) {
      const hit = this.memory.get(keyOf(j));
      if (hit !== undefined) out.set(j, hit);
      else wanted.set(keyOf(j), j);
    }
    if (wanted.size === 0) return out;

    // The gloss is worked out again rather than stored (it costs less than reading it back).
    const stored = provider.kind === 'gloss' ? new Map<string, string>() : await this.lookUp(provider, [...wanted.values()], target);
    const waits: Array<Promise<void>> = [];
    const toAsk = new Map<string, Job>();
    for (const [key, j] of wanted) {
      const found = stored.get(key);
      const pending = this.inflight.get(key);
      if (found !== undefined) this.memory.set(key, found);
      else if (pending) waits.push(pending.then(() => undefined));
      else toAsk.set(key, j);
    }
    if (toAsk.size > 0) {
      if (provider.kind === 'gloss') await this.spend(asker, true);
      waits.push(this.ask(provider, [...toAsk.entries()], target, asker));
    }
    // Every wait settles (so no rejection is left unhandled) before the first failure is thrown.
    const settled = await Promise.allSettled(waits);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [key, j] of wanted) {
      const text = this.memory.get(key) ?? stored.get(key);
      if (text === undefined) throw new ProviderError('bad-response', 'a translation went missing');
      out.set(j, text);
    }
    for (const j of jobs) if (!out.has(j)) out.set(j, this.memory.get(keyOf(j)) ?? j.text);
    return out;
  }

  private async lookUp(provider: Provider, jobs: readonly Job[], target: Lang): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const bySource = new Map<Lang, string[]>();
    for (const j of jobs) bySource.set(j.source, [...(bySource.get(j.source) ?? []), j.hash]);
    for (const [source, hashes] of bySource) {
      const found = await this.deps.store.find(source, target, provider.id, hashes);
      for (const [hash, text] of found) out.set(`${provider.id}|${source}|${target}|${hash}`, text);
    }
    return out;
  }

  /**
   * The sentences sent in batches within the provider's limits, each sentence once (the same sentence
   * twice in a text, or asked by two readers at once, is one request), results remembered and stored.
   */
  private ask(provider: Provider, entries: ReadonlyArray<[string, Job]>, target: Lang, asker: Asker): Promise<void> {
    const done = (async () => {
      const signal = AbortSignal.timeout(this.deps.deadlineMs ?? 10_000);
      for (const source of ['zh', 'en'] as const) {
        const unique = new Map<string, string[]>(); // text → keys
        for (const [key, j] of entries) if (j.source === source) unique.set(j.text, [...(unique.get(j.text) ?? []), key]);
        const texts = [...unique.keys()];
        for (const batch of batches(texts, provider.maxBatch, provider.maxChars)) {
          if (provider.kind !== 'gloss') await this.spend(asker, false);
          const results = await provider.translate(batch, source, target, signal);
          if (results.length !== batch.length) throw new ProviderError('bad-response', `${results.length} translations for ${batch.length} sentences`);
          const rows: Array<{ hash: string; text: string }> = [];
          batch.forEach((text, i) => {
            const translated = results[i] as string;
            for (const key of unique.get(text) ?? []) this.memory.set(key, translated);
            rows.push({ hash: sha(text), text: translated });
          });
          if (provider.kind !== 'gloss') await this.deps.store.save(source, target, provider.id, rows);
        }
      }
    })();
    for (const [key] of entries) this.inflight.set(key, done as Promise<unknown> as Promise<string>);
    const forget = () => {
      for (const [key] of entries) if (this.inflight.get(key) === (done as Promise<unknown>)) this.inflight.delete(key);
    };
    return done.then(forget, (err: unknown) => {
      forget();
      throw err;
    });
  }

  /** One more provider call on the asker's and the instance's budgets; the gloss on the asker's alone. */
  private async spend(asker: Asker, gloss: boolean): Promise<void> {
    const { limiter, budget } = this.deps;
    if (gloss) {
      const d = await limiter.hit(`gloss:${askerKey(asker)}`, budget.glossPerUser);
      if (!d.allowed) throw new RateLimitedError(d.retryAfterSeconds);
      return;
    }
    const mine = await limiter.hit(`translate:${askerKey(asker)}`, budget.perUser);
    if (!mine.allowed) throw new OverBudget();
    const all = await limiter.hit('translate:all', budget.global);
    if (!all.allowed) throw new OverBudget();
  }
}

class OverBudget extends Error {}

/** Texts grouped so that no group has more than `maxBatch` texts or `maxChars` characters (a longer text alone). */
export function batches(texts: readonly string[], maxBatch: number, maxChars: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const t of texts) {
    if (current.length > 0 && (current.length >= maxBatch || chars + t.length > maxChars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(t);
    chars += t.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The language most of the text to translate is in, by characters. */
function dominant(jobs: readonly Job[]): string {
  const weight = new Map<Lang, number>();
  for (const j of jobs) weight.set(j.source, (weight.get(j.source) ?? 0) + j.text.length);
  let best: string = 'und';
  let most = 0;
  for (const [lang, w] of weight)
    if (w > most) {
      best = lang;
      most = w;
    }
  return best;
}

function assemble(pieces: readonly Piece[][], translated: ReadonlyMap<Job, string>, meta: Omit<TranslationResult, 'fields'>): TranslationResult {
  const byPlace = new Map<string, string>();
  for (const [j, text] of translated) byPlace.set(`${j.field}:${j.index}`, text);
  const fields = pieces.map((list, field) => {
    const text = list.map((p, index) => (byPlace.get(`${field}:${index}`) ?? p.text) + p.tail).join('');
    const segments = list.flatMap((p, index): TranslatedSegment[] => {
      const t = byPlace.get(`${field}:${index}`);
      if (t === undefined) return [{ original: p.text, translated: null, tail: p.tail }];
      // Side by side sentence by sentence when the translation has as many sentences; else the paragraph.
      const from = splitSentences(p.text).filter((s) => s.text);
      const to = splitSentences(t).filter((s) => s.text);
      if (from.length > 1 && from.length === to.length)
        return from.map((s, i) => ({ original: s.text, translated: (to[i] as Piece).text, tail: i === from.length - 1 ? p.tail : s.tail }));
      return [{ original: p.text, translated: t, tail: p.tail }];
    });
    return { text, segments };
  });
  return { ...meta, fields };
}
