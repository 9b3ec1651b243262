// The translation service's parts and the contract between them: a provider turns a batch of
// sentences in one language into the other, in order, or fails with a ProviderError that says why
// (the service retries a 429, falls back to the gloss on quota or outage, and stores what it got).
// Languages are Biji's two (BCP 47 primary subtags); each adapter maps them to its API's own codes.

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (s: string): s is Lang => (LANGS as readonly string[]).includes(s);

/** A translation proper, or the built-in word-by-word gloss (never called a translation in the UI). */
export type TranslationKind = 'translation' | 'gloss';

/** How the gloss is credited: its words come from CC-CEDICT. */
export const GLOSS_LABEL = 'CC-CEDICT';

export type ProviderId = 'gloss' | 'libretranslate' | 'deepl' | 'google' | 'azure' | 'openai';

export interface Provider {
  readonly id: ProviderId;
  /** shown under each result: "LibreTranslate", "DeepL", "Google", "Azure Translator", the model's name, "CC-CEDICT" */
  readonly label: string;
  readonly kind: TranslationKind;
  /** most sentences one call takes */
  readonly maxBatch: number;
  /** most characters (UTF-16 units, all sentences together) one call takes */
  readonly maxChars: number;
  /**
   * The sentences translated, one output for each input, in order. `signal` aborts the call (the
   * service's deadline); an adapter also applies its own per-request timeout. Failures are ProviderErrors.
   */
  translate(texts: readonly string[], source: Lang, target: Lang, signal?: AbortSignal): Promise<string[]>;
}

export type ProviderFailure =
  /** 429 / DeepL 529: slow down; retried with backoff (honouring Retry-After) before giving up */
  | 'rate-limited'
  /** DeepL 456, a provider's quota or budget used up */
  | 'quota'
  /** 401 / 403: a wrong or banned key */
  | 'auth'
  /** 5xx, connection refused or reset */
  | 'unavailable'
  /** no answer within the timeout */
  | 'timeout'
  /** 2xx whose body is not the documented shape, or the wrong number of outputs */
  | 'bad-response'
  /** 400 / 413: the provider refused this input (too long, pair not supported) */
  | 'rejected';

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly status?: number,
    /** from a Retry-After header, when the provider sent one */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Which provider the instance uses, from settings (BIJI_TRANSLATE_* environment variables). */
export type ProviderSettings =
  | { provider: 'gloss' }
  | { provider: 'libretranslate'; url: string; apiKey?: string; timeoutMs?: number }
  | { provider: 'deepl'; apiKey: string /** default: api-free.deepl.com for keys ending ":fx", else api.deepl.com */; url?: string; timeoutMs?: number }
  | { provider: 'google'; apiKey: string /** default https://translation.googleapis.com */; url?: string; timeoutMs?: number }
  | { provider: 'azure'; apiKey: string; region?: string /** default https://api.cognitive.microsofttranslator.com */; url?: string; timeoutMs?: number }
  | { provider: 'openai'; url: string; model: string; apiKey?: string; timeoutMs?: number };
