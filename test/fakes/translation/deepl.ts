// DeepL API v2 as documented: POST /v2/translate (form or JSON, body ≤ 128 KiB) with
// `Authorization: DeepL-Auth-Key <key>`, errors as {"message": "…"}, 456 for a used-up quota.
import { type Accepted, codes, detect, type FakeApi, field, type Reply } from './server.ts';

export const DEEPL_FAKE_KEY = 'fake-key:fx';
const MAX_BODY = 128 * 1024;
const MAX_TEXTS = 50;
const sources = codes({ EN: 'en', ZH: 'zh' });
// Plain EN and ZH targets are deprecated: this fake refuses them, so an adapter cannot rely on them.
const targets = codes({ 'EN-US': 'en', 'EN-GB': 'en', 'ZH-HANS': 'zh', 'ZH-HANT': 'zh' });

const error = (_status: number, message: string) => ({ message });
const bad = (message: string): Reply => ({ status: 400, body: error(400, message) });

export const deeplApi: FakeApi = {
  translatePath: '/v2/translate',
  error,
  quota: { status: 456, body: error(456, 'Quota exceeded') },
  authorize: (req, options) =>
    req.headers.authorization === `DeepL-Auth-Key ${options.apiKey ?? DEEPL_FAKE_KEY}` ? undefined : { status: 403, body: error(403, 'Forbidden') },
  parse(req): Accepted | Reply {
    if (Buffer.byteLength(req.body) > MAX_BODY) return { status: 413, body: error(413, 'Request Entity Too Large') };
    const text = field(req, 'text');
    const texts = typeof text === 'string' ? [text] : text;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) return bad("Parameter 'text' not specified.");
    if (texts.length > MAX_TEXTS) return bad("Too many values for parameter 'text'.");
    const target = targets(field(req, 'target_lang'));
    if (!target) return bad("Value for 'target_lang' not supported.");
    const sourceLang = field(req, 'source_lang');
    const source = sourceLang === undefined ? undefined : sources(sourceLang);
    if (sourceLang !== undefined && !source) return bad("Value for 'source_lang' not supported.");
    return {
      texts,
      source,
      target,
      respond: (outputs) => ({
        translations: outputs.map((out, i) => ({ detected_source_language: (source ?? detect(texts[i] ?? '')).toUpperCase(), text: out })),
      }),
      nearMiss: (outputs) => ({ translations: outputs.map((out) => ({ translated_text: out })) }),
    };
  },
  route(req) {
    if (req.method === 'GET' && req.path === '/v2/languages' && req.query.get('type') === 'target') {
      return {
        status: 200,
        body: [
          { language: 'EN-GB', name: 'English (British)' },
          { language: 'EN-US', name: 'English (American)' },
          { language: 'ZH-HANS', name: 'Chinese (simplified)' },
          { language: 'ZH-HANT', name: 'Chinese (traditional)' },
        ],
      };
    }
    return undefined;
  },
};
