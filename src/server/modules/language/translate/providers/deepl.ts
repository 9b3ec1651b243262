// DeepL API v2: `POST /v2/translate` with a JSON body, one translation per text, in order. Source
// codes are bare (ZH, EN); targets name the variant (ZH-HANS, EN-US): plain ZH/EN targets are deprecated.
import type { Lang, Provider, ProviderSettings } from '../types.ts';
import { badResponse, batchProvider, DEFAULT_TIMEOUT_MS, endpoint, expectStrings, isRecord, requestJson } from './http.ts';

const label = 'DeepL';
const MAX_BATCH = 50;
// The body may be 128 KiB; 15,000 UTF-16 units stay under it even at 6 JSON bytes each (\u escapes).
const MAX_CHARS = 15_000;
const SOURCE: Record<Lang, string> = { en: 'EN', zh: 'ZH' };
const TARGET: Record<Lang, string> = { en: 'EN-US', zh: 'ZH-HANS' };

/** Free-plan keys end in ":fx" and only work on the free host. */
export const deeplBaseUrl = (apiKey: string): string => (apiKey.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com');

export function createDeepL(settings: Extract<ProviderSettings, { provider: 'deepl' }>): Provider {
  const url = endpoint(settings.url ?? deeplBaseUrl(settings.apiKey), '/v2/translate');
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return batchProvider({ id: 'deepl', label, maxBatch: MAX_BATCH, maxChars: MAX_CHARS }, async (texts, source, target, signal) => {
    const body = await requestJson({
      label,
      url,
      headers: { authorization: `DeepL-Auth-Key ${settings.apiKey}` },
      json: { text: texts, source_lang: SOURCE[source], target_lang: TARGET[target] },
      timeoutMs,
      signal,
      // DeepL's 529 means too many requests, not an outage.
      classify: (status) => (status === 529 ? 'rate-limited' : undefined),
    });
    if (!isRecord(body) || !Array.isArray(body.translations)) throw badResponse(label, 'no translations list');
    return expectStrings(
      label,
      body.translations.map((t: unknown) => (isRecord(t) ? t.text : undefined)),
      texts.length,
    );
  });
}
