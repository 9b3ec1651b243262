// The one way the adapters talk HTTP: a JSON request over global fetch with a per-request timeout,
// every way it can go wrong turned into a ProviderError, and one retry loop for 429s. Adapters add
// only their own shapes, codes and the odd provider-specific status.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Lang, type Provider, ProviderError, type ProviderFailure } from '../types.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A translation of a full batch is a few hundred KB at most; anything bigger is not an answer. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface JsonRequest {
  /** names the provider in error messages (never the URL: Google's carries the key) */
  label: string;
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** sent as application/json */
  json?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
  /** a provider's own reading of an error response, before the common status mapping */
  classify?: (status: number, body: unknown) => ProviderFailure | undefined;
}

/** The parsed JSON body of a 2xx answer; anything else is a ProviderError. */
export async function requestJson(req: JsonRequest): Promise<unknown> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const aborted = (): ProviderError | undefined => {
    if (timeout.aborted) return new ProviderError('timeout', `${req.label}: no answer within ${req.timeoutMs} ms`);
    if (req.signal?.aborted) return new ProviderError('timeout', `${req.label}: cancelled`);
    return undefined;
  };
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  try {
    // A redirect would resend the key somewhere unconfigured: refuse it (fetch then throws).
    const res = await fetch(req.url, {
      method: req.method ?? 'POST',
      headers,
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal,
      redirect: 'error',
    });
    if (!res.ok) throw await statusError(req, res);
    const text = await readText(res, MAX_RESPONSE_BYTES);
    if (text === undefined) throw new ProviderError('bad-response', `${req.label}: answer larger than ${MAX_RESPONSE_BYTES} bytes`, res.status);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ProviderError('bad-response', `${req.label}: answer is not JSON`, res.status);
    }
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    const cause = (err as { cause?: { code?: unknown } }).cause;
    throw aborted() ?? new ProviderError('unavailable', `${req.label}: connection failed${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`);
  }
}

async function statusError(req: JsonRequest, res: Response): Promise<ProviderError> {
  const text = await readText(res, MAX_ERROR_BODY_BYTES).catch(() => undefined);
  let body: unknown;
  try {
    body = text === undefined ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const failure = req.classify?.(res.status, body) ?? failureForStatus(res.status);
  const detail = errorDetail(body);
  return new ProviderError(
    failure,
    `${req.label}: HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
    res.status,
    parseRetryAfter(res.headers.get('retry-after')),
  );
}

/** The common meaning of an error status; DeepL's 529 and quota codes in bodies are the adapters' to refine. */
export function failureForStatus(status: number): ProviderFailure {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limited';
  if (status === 456) return 'quota';
  if (status === 408) return 'timeout';
  // No such endpoint: a wrong URL or an old server, which the service treats like an outage.
  if (status === 404 || status >= 500) return 'unavailable';
  return 'rejected';
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Each provider's error message field: LibreTranslate `error`, DeepL `message`, the others `error.message`. */
function errorDetail(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const message = typeof body.error === 'string' ? body.error : isRecord(body.error) ? body.error.message : body.message;
  return typeof message === 'string' ? message.slice(0, 200) : undefined;
}

/** The body as text, or undefined when it is larger than `limit` bytes. */
async function readText(res: Response, limit: number): Promise<string | undefined> {
  if (Number(res.headers.get('content-length')) > limit) {
    await res.body?.cancel();
    return undefined;
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface RetryOptions {
  signal?: AbortSignal;
  /** retries after the first attempt */
  retries?: number;
  /** first backoff when the provider names no Retry-After; doubled each time, with jitter */
  baseDelayMs?: number;
  /** a longer Retry-After than this means give up now rather than hold the reader */
  maxWaitMs?: number;
}

/**
 * Runs `attempt`, again after a 429 (ProviderError 'rate-limited'), at most `retries` more times.
 * Waits the provider's Retry-After, else an exponential backoff with jitter; a wait past `maxWaitMs`
 * or an abort during a wait ends it with the 429 itself. Every other failure passes straight through.
 */
export async function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { signal, retries = 2, baseDelayMs = 250, maxWaitMs = 2_000 } = options;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ProviderError) || err.failure !== 'rate-limited' || retry >= retries) throw err;
      const delay = err.retryAfterMs ?? baseDelayMs * 2 ** retry;
      if (delay > maxWaitMs || signal?.aborted) throw err;
      try {
        // Jitter spreads the retries of readers that hit the limit together.
        await sleep(delay * (1 + Math.random() * 0.25), undefined, { signal });
      } catch {
        throw err;
      }
    }
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const badResponse = (label: string, what: string): ProviderError => new ProviderError('bad-response', `${label}: ${what}`);

/** `outputs` when it is exactly `count` strings; otherwise the answer is not the documented shape. */
export function expectStrings(label: string, outputs: unknown, count: number): string[] {
  if (!Array.isArray(outputs)) throw badResponse(label, 'no list of translations');
  if (outputs.length !== count) throw badResponse(label, `${outputs.length} translations for ${count} texts`);
  if (!outputs.every((o): o is string => typeof o === 'string')) throw badResponse(label, 'a translation that is not a string');
  return outputs;
}

/** Refuses a batch past the provider's documented limits before it costs a request. */
export function checkBatch(label: string, texts: readonly string[], maxBatch: number, maxChars: number): void {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  if (texts.length > maxBatch || chars > maxChars) {
    throw new ProviderError('rejected', `${label}: batch of ${texts.length} texts, ${chars} characters exceeds ${maxBatch} / ${maxChars}`);
  }
}

/** `base` (which may carry a path prefix, e.g. behind a proxy) joined with `path`. */
export function endpoint(base: string, path: string): URL {
  return new URL(base.replace(/\/+$/, '') + path);
}

/**
 * A provider that sends a whole batch in one request: the empty batch and the limits are handled here,
 * and `attempt` (one request and the reading of its answer) is retried on a 429.
 */
export function batchProvider(
  spec: Pick<Provider, 'id' | 'label' | 'maxBatch' | 'maxChars'>,
  attempt: (texts: readonly string[], source: Lang, target: Lang, signal?: AbortSignal) => Promise<string[]>,
): Provider {
  return {
    ...spec,
    kind: 'translation',
    async translate(texts, source, target, signal) {
      if (texts.length === 0) return [];
      checkBatch(spec.label, texts, spec.maxBatch, spec.maxChars);
      return withRetry(() => attempt(texts, source, target, signal), { signal });
    },
  };
}
