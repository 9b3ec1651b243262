// Google Cloud Translation Basic v2 as documented: POST /language/translate/v2?key=KEY with JSON
// {q, target, source?, format?}, answers under data.translations, errors as {"error": {code, message,
// status}}. Without format "text" the output is HTML, escaped as the real service does.
import { type Accepted, codes, detect, type FakeApi, field, type Reply } from './server.ts';

export const GOOGLE_FAKE_KEY = 'fake-key';
const MAX_SEGMENTS = 128;
const langs = codes({ en: 'en', zh: 'zh', 'zh-CN': 'zh', 'zh-TW': 'zh' });
const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const error = (status: number, message: string) => ({ error: { code: status, message, status: STATUS[status] ?? 'UNKNOWN' } });
const bad = (message: string): Reply => ({ status: 400, body: error(400, message) });
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export const googleApi: FakeApi = {
  translatePath: '/language/translate/v2',
  error,
  quota: {
    status: 403,
    body: {
      error: {
        code: 403,
        message: 'Daily Limit Exceeded',
        errors: [{ message: 'Daily Limit Exceeded', domain: 'usageLimits', reason: 'dailyLimitExceeded' }],
        status: 'PERMISSION_DENIED',
      },
    },
  },
  authorize(req, options) {
    const key = req.query.get('key');
    if (!key) return { status: 403, body: error(403, 'The request is missing a valid API key.') };
    if (key === (options.apiKey ?? GOOGLE_FAKE_KEY)) return undefined;
    // A wrong key is a 400 whose details say why.
    const message = 'API key not valid. Please pass a valid API key.';
    return {
      status: 400,
      body: {
        error: {
          ...error(400, message).error,
          details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
        },
      },
    };
  },
  parse(req): Accepted | Reply {
    const q = field(req, 'q');
    const texts = typeof q === 'string' ? [q] : q;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) return bad('Required Text');
    if (texts.length > MAX_SEGMENTS) return bad('Too many text segments');
    const target = langs(field(req, 'target'));
    if (!target) return bad('Invalid Value');
    const sourceCode = field(req, 'source');
    const source = sourceCode === undefined ? undefined : langs(sourceCode);
    if (sourceCode !== undefined && !source) return bad('Invalid Value');
    const format = field(req, 'format') ?? 'html';
    if (format !== 'text' && format !== 'html') return bad('Invalid Value');
    return {
      texts,
      source,
      target,
      respond: (outputs) => ({
        data: {
          translations: outputs.map((out, i) => ({
            translatedText: format === 'text' ? out : escapeHtml(out),
            ...(source ? {} : { detectedSourceLanguage: detect(texts[i] ?? '') === 'zh' ? 'zh-CN' : 'en' }),
          })),
        },
      }),
      nearMiss: (outputs) => ({ translations: outputs.map((out) => ({ translatedText: out })) }),
    };
  },
};
