// Azure AI Translator v3.0 as documented: POST /translate?api-version=3.0&to=…[&from=…] with
// Ocp-Apim-Subscription-Key (and -Region for a regional resource), body [{"Text": …}] (≤ 100 elements,
// ≤ 50,000 characters), errors as {"error": {"code": 400000, "message": "…"}}.
import { type Accepted, codes, detect, type FakeApi, type Reply } from './server.ts';

export const AZURE_FAKE_KEY = 'fake-key';
const MAX_ELEMENTS = 100;
const MAX_CHARS = 50_000;
const langs = codes({ en: 'en', 'zh-Hans': 'zh', 'zh-Hant': 'zh' });

const error = (code: number, message: string) => ({ error: { code, message } });
const bad = (code: number, message: string): Reply => ({ status: 400, body: error(code, message) });
const unauthorized: Reply = { status: 401, body: error(401000, 'The request is not authorized because credentials are missing or invalid.') };

export const azureApi: FakeApi = {
  translatePath: '/translate',
  // Azure's codes are the HTTP status and three more digits.
  error: (status, message) => error(status * 1000, message),
  quota: { status: 403, body: error(403001, "The operation isn't allowed because the subscription has exceeded its free quota.") },
  authorize(req, options) {
    if (req.headers['ocp-apim-subscription-key'] !== (options.apiKey ?? AZURE_FAKE_KEY)) return unauthorized;
    if (options.region !== undefined && req.headers['ocp-apim-subscription-region'] !== options.region) return unauthorized;
    return undefined;
  },
  parse(req): Accepted | Reply {
    if (req.query.get('api-version') !== '3.0') return bad(400021, 'The API version parameter is missing or invalid.');
    const toCode = req.query.get('to');
    const target = langs(toCode);
    if (!target) return bad(400036, 'The target language is not valid.');
    const fromCode = req.query.get('from');
    const source = fromCode === null ? undefined : langs(fromCode);
    if (fromCode !== null && !source) return bad(400035, 'The source language is not valid.');
    const items = req.data;
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'object' && i !== null && typeof (i as { Text?: unknown }).Text === 'string')) {
      return bad(400074, 'The body of the request is not valid JSON.');
    }
    const texts = items.map((i: { Text: string }) => i.Text);
    if (texts.length > MAX_ELEMENTS) return bad(400077, 'The maximum request size has been exceeded.');
    if (texts.reduce((n, t) => n + t.length, 0) > MAX_CHARS) return bad(400050, 'The input text is too long.');
    return {
      texts,
      source,
      target,
      respond: (outputs) =>
        outputs.map((text, i) => ({
          ...(source ? {} : { detectedLanguage: { language: detect(texts[i] ?? '') === 'zh' ? 'zh-Hans' : 'en', score: 1.0 } }),
          translations: [{ text, to: toCode }],
        })),
      // The shape of the newer API versions, which an adapter pinned to 3.0 must not take for it.
      nearMiss: (outputs) => ({ value: outputs.map((text) => ({ translations: [{ text, language: toCode }] })) }),
    };
  },
};
