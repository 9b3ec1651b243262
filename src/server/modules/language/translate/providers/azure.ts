// Azure AI Translator v3.0: `POST /translate?api-version=3.0&from=…&to=…` with `[{"Text": …}]`.
// The version is pinned: the newer API versions answer in another shape.
import type { Lang, Provider, ProviderSettings } from '../types.ts';
import { badResponse, batchProvider, DEFAULT_TIMEOUT_MS, endpoint, expectStrings, isRecord, requestJson } from './http.ts';

const label = 'Azure Translator';
const MAX_BATCH = 100;
const MAX_CHARS = 50_000;
const CODE: Record<Lang, string> = { en: 'en', zh: 'zh-Hans' };
/** Azure's error code for a free tier whose monthly characters are used up (a 403, not a bad key). */
const FREE_QUOTA_EXCEEDED = 403001;

export function createAzure(settings: Extract<ProviderSettings, { provider: 'azure' }>): Provider {
  const base = settings.url ?? 'https://api.cognitive.microsofttranslator.com';
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { 'ocp-apim-subscription-key': settings.apiKey };
  // Regional (and multi-service) resources refuse a request that does not name the region.
  if (settings.region) headers['ocp-apim-subscription-region'] = settings.region;
  return batchProvider({ id: 'azure', label, maxBatch: MAX_BATCH, maxChars: MAX_CHARS }, async (texts, source, target, signal) => {
    const url = endpoint(base, '/translate');
    url.searchParams.set('api-version', '3.0');
    url.searchParams.set('from', CODE[source]);
    url.searchParams.set('to', CODE[target]);
    const body = await requestJson({
      label,
      url,
      headers,
      json: texts.map((text) => ({ Text: text })),
      timeoutMs,
      signal,
      classify: (_status, error) => (isRecord(error) && isRecord(error.error) && error.error.code === FREE_QUOTA_EXCEEDED ? 'quota' : undefined),
    });
    if (!Array.isArray(body)) throw badResponse(label, 'answer is not a list');
    return expectStrings(
      label,
      body.map((item: unknown) => {
        const first = isRecord(item) && Array.isArray(item.translations) ? item.translations[0] : undefined;
        return isRecord(first) ? first.text : undefined;
      }),
      texts.length,
    );
  });
}
