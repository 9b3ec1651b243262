// Google Cloud Translation Basic (v2): `POST /language/translate/v2?key=…` with `q` as an array.
// `format` is always "text" (the default, html, escapes the output); Chinese is zh-CN.
import type { Lang, Provider, ProviderFailure, ProviderSettings } from '../types.ts';
import { badResponse, batchProvider, DEFAULT_TIMEOUT_MS, endpoint, expectStrings, isRecord, requestJson } from './http.ts';

const label = 'Google';
const MAX_BATCH = 128;
const MAX_CHARS = 30_000;
const CODE: Record<Lang, string> = { en: 'en', zh: 'zh-CN' };

// Google puts the cause in `reason` fields: a bad key is a 400, a used-up daily quota a 403.
const REASONS: Record<string, ProviderFailure> = {
  API_KEY_INVALID: 'auth',
  keyInvalid: 'auth',
  dailyLimitExceeded: 'quota',
  quotaExceeded: 'quota',
  userRateLimitExceeded: 'rate-limited',
  rateLimitExceeded: 'rate-limited',
};

function classify(_status: number, body: unknown): ProviderFailure | undefined {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  for (const list of [error?.errors, error?.details]) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const reason = isRecord(item) && typeof item.reason === 'string' ? REASONS[item.reason] : undefined;
      if (reason) return reason;
    }
  }
  return undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Google may still escape a few characters (&#39;, &quot;) with format "text": undo the common entities. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

export function createGoogle(settings: Extract<ProviderSettings, { provider: 'google' }>): Provider {
  const url = endpoint(settings.url ?? 'https://translation.googleapis.com', '/language/translate/v2');
  url.searchParams.set('key', settings.apiKey);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return batchProvider({ id: 'google', label, maxBatch: MAX_BATCH, maxChars: MAX_CHARS }, async (texts, source, target, signal) => {
    const body = await requestJson({ label, url, json: { q: texts, source: CODE[source], target: CODE[target], format: 'text' }, timeoutMs, signal, classify });
    const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
    if (!data || !Array.isArray(data.translations)) throw badResponse(label, 'no data.translations list');
    const out = expectStrings(
      label,
      data.translations.map((t: unknown) => (isRecord(t) ? t.translatedText : undefined)),
      texts.length,
    );
    return out.map(decodeEntities);
  });
}
