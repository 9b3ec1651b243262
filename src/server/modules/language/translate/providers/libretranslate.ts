// LibreTranslate (self-hosted Argos): `POST /translate` with `q` as an array, one output per input.
// Chinese is `zh-Hans` since v1.7.2 and `zh` before; the server's `GET /languages` says which, once.
import { type Lang, type Provider, ProviderError, type ProviderSettings } from '../types.ts';
import { badResponse, batchProvider, DEFAULT_TIMEOUT_MS, endpoint, expectStrings, isRecord, requestJson } from './http.ts';

const label = 'LibreTranslate';
// Servers set their own char_limit (often a few thousand) and batch_limit: stay inside the common ones.
const MAX_BATCH = 50;
const MAX_CHARS = 5_000;

export function createLibreTranslate(settings: Extract<ProviderSettings, { provider: 'libretranslate' }>): Provider {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Learnt from the first answer to /languages; a concurrent first call may ask too, which is harmless.
  let chinese: string | undefined;

  const chineseCode = async (signal?: AbortSignal): Promise<string> => {
    if (chinese) return chinese;
    const languages = await requestJson({ label, url: endpoint(settings.url, '/languages'), method: 'GET', timeoutMs, signal });
    if (!Array.isArray(languages)) throw badResponse(label, '/languages is not a list');
    const codes = languages.map((l: unknown) => (isRecord(l) && typeof l.code === 'string' ? l.code : ''));
    const found = codes.find((c) => c.toLowerCase() === 'zh-hans') ?? codes.find((c) => c.toLowerCase() === 'zh');
    // No Chinese model installed: the pair is not supported.
    if (!found) throw new ProviderError('rejected', `${label}: the server offers no Chinese (zh-Hans or zh)`);
    chinese = found;
    return found;
  };

  return batchProvider({ id: 'libretranslate', label, maxBatch: MAX_BATCH, maxChars: MAX_CHARS }, async (texts, source, target, signal) => {
    const zh = await chineseCode(signal);
    const code = (lang: Lang) => (lang === 'zh' ? zh : 'en');
    const body = await requestJson({
      label,
      url: endpoint(settings.url, '/translate'),
      json: { q: texts, source: code(source), target: code(target), format: 'text', ...(settings.apiKey ? { api_key: settings.apiKey } : {}) },
      timeoutMs,
      signal,
    });
    if (!isRecord(body)) throw badResponse(label, 'answer is not an object');
    return expectStrings(label, body.translatedText, texts.length);
  });
}
