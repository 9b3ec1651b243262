// LibreTranslate v1.9 as documented: POST /translate (JSON or form; `q` a string or a list), errors as
// {"error": "…"}, GET /languages and /health. Since v1.7.2 Chinese is zh-Hans (zh and zt still read
// as aliases); `legacyCodes` plays an older server that knows only zh / zt.
import { type Accepted, codes, type FakeApi, type FakeOptions, field, type RecordedRequest, type Reply } from './server.ts';

const current = codes({ en: 'en', 'zh-Hans': 'zh', 'zh-Hant': 'zh', zh: 'zh', zt: 'zh' });
const legacy = codes({ en: 'en', zh: 'zh', zt: 'zh' });

const error = (_status: number, message: string) => ({ error: message });
const bad = (message: string): Reply => ({ status: 400, body: error(400, message) });

function languages(options: FakeOptions) {
  const all = options.legacyCodes
    ? [
        ['en', 'English'],
        ['zh', 'Chinese'],
        ['zt', 'Chinese (traditional)'],
      ]
    : [
        ['en', 'English'],
        ['zh-Hans', 'Chinese'],
        ['zh-Hant', 'Chinese (traditional)'],
      ];
  return all.map(([code, name]) => ({ code, name, targets: all.map(([c]) => c) }));
}

export const libreTranslateApi: FakeApi = {
  translatePath: '/translate',
  error,
  authorize: (req, options) =>
    options.apiKey !== undefined && field(req, 'api_key') !== options.apiKey ? { status: 403, body: error(403, 'Invalid API key') } : undefined,
  parse(req: RecordedRequest, options: FakeOptions): Accepted | Reply {
    const q = field(req, 'q');
    const texts = typeof q === 'string' ? [q] : q;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string')) return bad('Invalid request: missing q parameter');
    const lang = options.legacyCodes ? legacy : current;
    const source = field(req, 'source');
    const target = field(req, 'target');
    if (source === undefined) return bad('Invalid request: missing source parameter');
    if (target === undefined) return bad('Invalid request: missing target parameter');
    const from = lang(source);
    const to = lang(target);
    if (!from) return bad(`${String(source)} is not supported`);
    if (!to) return bad(`${String(target)} is not supported`);
    const format = field(req, 'format') ?? 'text';
    if (format !== 'text' && format !== 'html') return bad(`${String(format)} format is not supported`);
    if (options.batchLimit !== undefined && texts.length > options.batchLimit) {
      return bad(`Invalid request: request (${texts.length}) exceeds text limit (${options.batchLimit})`);
    }
    const chars = texts.reduce((n, t) => n + t.length, 0);
    if (options.charLimit !== undefined && chars > options.charLimit) {
      return bad(`Invalid request: request (${chars}) exceeds text limit (${options.charLimit})`);
    }
    return {
      texts,
      source: from,
      target: to,
      respond: (outputs) => ({ translatedText: typeof q === 'string' ? outputs[0] : outputs }),
      nearMiss: (outputs) => ({ translatedText: outputs.join('\n') }),
    };
  },
  route(req, options) {
    if (req.method === 'GET' && req.path === '/languages') return { status: 200, body: languages(options) };
    if (req.method === 'GET' && req.path === '/health') return { status: 200, body: { status: 'ok' } };
    return undefined;
  },
};
