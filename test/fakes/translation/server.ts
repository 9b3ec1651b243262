// The common part of the fake translation servers: a node:http server on 127.0.0.1 that records every
// request, plays a script of faults on the translate route (429s, quota, garbage, a hang…), and hands
// the rest to the provider's documented shapes (see ../../../../shared/reference/translation-apis.md).
import http from 'node:http';
import type { Lang } from '../../../src/server/modules/language/translate/types.ts';

/** What the fake answers for one text; tests and the evaluation pass their own (e.g. a lookup of known outputs). */
export type TranslateFn = (text: string, source: Lang, target: Lang) => string;

export type Fault =
  /** that status with the provider's error body (and a Retry-After header when given) */
  | { kind: 'status'; status: number; retryAfter?: string; message?: string }
  /** the provider's own quota answer: DeepL 456, Azure 403001, Google dailyLimitExceeded, OpenAI insufficient_quota */
  | { kind: 'quota' }
  /** 200 with a body that is not JSON */
  | { kind: 'garbage' }
  /** 200 with JSON close to, but not, the documented shape */
  | { kind: 'near-miss' }
  /** 200 with one output too many */
  | { kind: 'wrong-count' }
  /** never answers (until the fake closes) */
  | { kind: 'hang' }
  /** answers normally after `ms` */
  | { kind: 'slow'; ms: number }
  /** drops the connection */
  | { kind: 'reset' };

export interface FakeOptions {
  translate?: TranslateFn;
  /** the key the fake insists on; LibreTranslate and OpenAI check one only when it is given */
  apiKey?: string;
  /** what the first requests to the translate route meet, in order */
  faults?: Fault[];
  /** what every request after `faults` meets (e.g. a 429 for ever) */
  fault?: Fault;
  /** LibreTranslate before v1.7.2: Chinese is `zh` / `zt`, and `zh-Hans` is refused */
  legacyCodes?: boolean;
  /** LibreTranslate's char_limit and batch_limit */
  charLimit?: number;
  batchLimit?: number;
  /** Azure: the region the resource demands in Ocp-Apim-Subscription-Region */
  region?: string;
  /** OpenAI-compatible: the one model served (others are 404, as Ollama does) */
  model?: string;
}

export interface RecordedRequest {
  method: string;
  /** the pathname */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** the body parsed: JSON, or URLSearchParams for a form; undefined when it does not parse */
  data: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A translate request the provider's rules accepted. */
export interface Accepted {
  texts: string[];
  /** undefined: the caller asked the provider to detect it */
  source?: Lang;
  target: Lang;
  respond(outputs: string[]): unknown;
  nearMiss(outputs: string[]): unknown;
}

/** One provider's documented shapes. */
export interface FakeApi {
  /** POST to this path translates; faults apply to it alone */
  translatePath: string;
  error(status: number, message: string): unknown;
  quota?: Reply;
  /** the answer to a request with a missing or wrong key */
  authorize(req: RecordedRequest, options: FakeOptions): Reply | undefined;
  parse(req: RecordedRequest, options: FakeOptions): Accepted | Reply;
  /** the provider's other documented routes (GET /languages …) */
  route?(req: RecordedRequest, options: FakeOptions): Reply | undefined;
}

export interface RunningFake {
  /** http://127.0.0.1:<port>, the base URL an adapter is configured with */
  url: string;
  /** every request, in order of arrival */
  requests: RecordedRequest[];
  /** the requests to the translate route */
  translations(): RecordedRequest[];
  /** resolves once `n` requests have reached the translate route */
  received(n: number): Promise<void>;
  /** resolves once `n` translate requests have closed without an answer (the client gave up on them) */
  unanswered(n: number): Promise<void>;
  close(): Promise<void>;
}

export const detect = (text: string): Lang => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');
export const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');
const defaultTranslate: TranslateFn = (text, source, target) => `${source}>${target}: ${text}`;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A field of a JSON body, or of a form (a repeated field as a list). */
export function field(req: RecordedRequest, name: string): unknown {
  if (req.data instanceof URLSearchParams) {
    const all = req.data.getAll(name);
    return all.length > 1 ? all : all[0];
  }
  return typeof req.data === 'object' && req.data !== null && !Array.isArray(req.data) ? (req.data as Record<string, unknown>)[name] : undefined;
}

/** A string-keyed lookup that ignores case and cannot hit Object.prototype. */
export const codes = (entries: Record<string, Lang>) => {
  const map = new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v]));
  return (code: unknown): Lang | undefined => (typeof code === 'string' ? map.get(code.toLowerCase()) : undefined);
};

export async function serve(api: FakeApi, options: FakeOptions): Promise<RunningFake> {
  if (!api.quota && [...(options.faults ?? []), options.fault].some((f) => f?.kind === 'quota')) {
    throw new Error('this provider documents no quota answer');
  }
  const translate = options.translate ?? defaultTranslate;
  const faults = [...(options.faults ?? [])];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const isTranslate = (r: RecordedRequest) => r.method === 'POST' && r.path === api.translatePath;
  const translations = () => requests.filter(isTranslate);
  let unanswered = 0;
  const wake = () => {
    for (const w of waiters) w();
  };
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });

  const send = (res: http.ServerResponse, reply: Reply) => {
    const raw = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(raw);
  };
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const answer = async (req: RecordedRequest, res: http.ServerResponse): Promise<void> => {
    if (!isTranslate(req)) {
      send(res, api.route?.(req, options) ?? { status: 404, body: api.error(404, 'Not Found') });
      return;
    }
    const fault = faults.shift() ?? options.fault;
    switch (fault?.kind) {
      case 'status':
        send(res, {
          status: fault.status,
          body: api.error(fault.status, fault.message ?? http.STATUS_CODES[fault.status] ?? 'error'),
          headers: fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
        });
        return;
      case 'quota':
        send(res, api.quota!);
        return;
      case 'garbage':
        send(res, { status: 200, body: '{"translations": [<html>oops' });
        return;
      case 'hang':
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'slow':
        await delay(fault.ms);
        break;
    }
    const denied = api.authorize(req, options);
    if (denied) return send(res, denied);
    const accepted = api.parse(req, options);
    if (!('texts' in accepted)) return send(res, accepted);
    let outputs = accepted.texts.map((t) => translate(t, accepted.source ?? detect(t), accepted.target));
    if (fault?.kind === 'wrong-count') outputs = [...outputs, outputs.at(-1) ?? ''];
    send(res, { status: 200, body: fault?.kind === 'near-miss' ? accepted.nearMiss(outputs) : accepted.respond(outputs) });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return send(res, { status: 413, body: api.error(413, 'Payload Too Large') });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let data: unknown;
      if (type.includes('application/x-www-form-urlencoded')) data = new URLSearchParams(body);
      else {
        try {
          data = JSON.parse(body);
        } catch {
          data = undefined;
        }
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, data };
      requests.push(recorded);
      if (isTranslate(recorded)) {
        res.on('close', () => {
          if (res.writableFinished) return;
          unanswered++;
          wake();
        });
      }
      wake();
      answer(recorded, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: api.error(500, String(err)) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    translations,
    received: (n) => until(() => translations().length >= n),
    unanswered: (n) => until(() => unanswered >= n),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      waiters.clear();
      // Hung and keep-alive connections would hold close() open for ever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
