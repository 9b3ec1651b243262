// Contract tests: every adapter against a local fake that follows its provider's documented shapes
// (test/fakes/translation). What each sends (paths, headers, language codes), what it accepts back,
// and how every failure ends as a ProviderError of the right kind — never a hang.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { FAKE_KINDS, type FakeKind, type FakeOptions, type FakeServer, startFake } from '../../../../../../test/fakes/translation/index.ts';
import { ProviderError, type ProviderFailure } from '../types.ts';
import { deeplBaseUrl } from './deepl.ts';
import { decodeEntities } from './google.ts';
import { failureForStatus, parseRetryAfter, withRetry } from './http.ts';
import { createProvider } from './index.ts';
import { chatCompletionsUrl, cleanCompletion } from './openai.ts';

const ZH = ['你好。', '今天吃了火锅。', '谢谢你！'];
const EN = ['Hello.', 'We had hotpot today.', 'Thank you!'];
// Bounds a test that would otherwise hang: the adapters' own timeouts must end it far sooner.
const GUARD = { timeout: 5_000 };

async function fake(t: TestContext, kind: FakeKind, options?: FakeOptions): Promise<FakeServer> {
  const server = await startFake(kind, options);
  t.after(() => server.close());
  return server;
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
  return err;
}

const json = (r: { data: unknown } | undefined) => r?.data as Record<string, unknown>;

describe('http helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    const now = Date.parse('2025-01-15T12:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Wed, 15 Jan 2025 12:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  it('maps statuses to failures', () => {
    const cases: [number, ProviderFailure][] = [
      [400, 'rejected'],
      [413, 'rejected'],
      [401, 'auth'],
      [403, 'auth'],
      [404, 'unavailable'],
      [408, 'timeout'],
      [429, 'rate-limited'],
      [456, 'quota'],
      [500, 'unavailable'],
      [503, 'unavailable'],
      [529, 'unavailable'],
    ];
    for (const [status, expected] of cases) assert.equal(failureForStatus(status), expected, `HTTP ${status}`);
  });

  it('retries a 429 at most twice, then gives it up', async () => {
    let calls = 0;
    const err = await failure(
      withRetry(
        async () => {
          calls++;
          throw new ProviderError('rate-limited', 'slow down', 429);
        },
        { baseDelayMs: 1 },
      ),
    );
    assert.equal(err.failure, 'rate-limited');
    assert.equal(calls, 3);
  });

  it('returns the first success after 429s and passes every other failure straight through', async () => {
    let calls = 0;
    const ok = await withRetry(
      async () => {
        if (++calls < 3) throw new ProviderError('rate-limited', 'slow down', 429, 0);
        return 'done';
      },
      { baseDelayMs: 1 },
    );
    assert.equal(ok, 'done');
    for (const failureKind of ['unavailable', 'quota', 'timeout'] as const) {
      let tries = 0;
      const err = await failure(
        withRetry(async () => {
          tries++;
          throw new ProviderError(failureKind, 'no');
        }),
      );
      assert.equal(err.failure, failureKind);
      assert.equal(tries, 1);
    }
    await assert.rejects(
      withRetry(async () => {
        throw new TypeError('a bug');
      }),
      TypeError,
    );
  });

  it('gives up at once when Retry-After asks for longer than it may wait', async () => {
    let calls = 0;
    const err = await failure(
      withRetry(async () => {
        calls++;
        throw new ProviderError('rate-limited', 'slow down', 429, 30_000);
      }),
    );
    assert.equal(calls, 1);
    assert.equal(err.retryAfterMs, 30_000);
  });

  it('stops waiting when the caller aborts, with the 429 that made it wait', GUARD, async () => {
    const controller = new AbortController();
    let calls = 0;
    const pending = withRetry(
      async () => {
        calls++;
        throw new ProviderError('rate-limited', 'slow down', 429, 1_900);
      },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    const err = await failure(pending);
    assert.equal(err.failure, 'rate-limited');
    assert.equal(calls, 1);
  });

  it('refuses an answer larger than 2 MB', GUARD, async (t) => {
    const server = await fake(t, 'libretranslate', { translate: () => 'x'.repeat(1_100_000) });
    const err = await failure(createProvider(server.settings()).translate(['a', 'b'], 'en', 'zh'));
    assert.equal(err.failure, 'bad-response');
  });

  it('calls a refused connection unavailable', GUARD, async (t) => {
    const server = await fake(t, 'deepl');
    const settings = server.settings();
    await server.close();
    const err = await failure(createProvider(settings).translate(['你好'], 'zh', 'en'));
    assert.equal(err.failure, 'unavailable');
  });
});

for (const kind of FAKE_KINDS) {
  describe(`${kind} adapter, common contract`, () => {
    it('translates both ways, one output per input, in order', GUARD, async (t) => {
      const server = await fake(t, kind);
      const provider = createProvider(server.settings());
      assert.equal(provider.kind, 'translation');
      assert.deepEqual(
        await provider.translate(ZH, 'zh', 'en'),
        ZH.map((s) => `zh>en: ${s}`),
      );
      assert.deepEqual(
        await provider.translate(EN, 'en', 'zh'),
        EN.map((s) => `en>zh: ${s}`),
      );
      for (const r of server.translations()) assert.equal(r.method, 'POST');
    });

    it('serves whatever the fake is given, e.g. known outputs for known sentences', GUARD, async (t) => {
      const known = new Map([
        ['今天吃了火锅。', 'Had hotpot today.'],
        ['谢谢你！', 'Thank you!'],
      ]);
      const server = await fake(t, kind, { translate: (text) => known.get(text) ?? '?' });
      assert.deepEqual(await createProvider(server.settings()).translate([...known.keys()], 'zh', 'en'), [...known.values()]);
    });

    it('asks for nothing when given nothing', async (t) => {
      const server = await fake(t, kind);
      assert.deepEqual(await createProvider(server.settings()).translate([], 'zh', 'en'), []);
      assert.equal(server.translations().length, 0);
    });

    it('refuses a batch past its limits before sending it', async (t) => {
      const server = await fake(t, kind);
      const provider = createProvider(server.settings());
      const tooMany = Array.from({ length: provider.maxBatch + 1 }, () => '好');
      assert.equal((await failure(provider.translate(tooMany, 'zh', 'en'))).failure, 'rejected');
      assert.equal((await failure(provider.translate(['好'.repeat(provider.maxChars + 1)], 'zh', 'en'))).failure, 'rejected');
      assert.equal(server.translations().length, 0);
    });

    it('sends a batch at its own limits that the provider accepts', GUARD, async (t) => {
      const server = await fake(t, kind, { charLimit: 5_000, batchLimit: 50 });
      const provider = createProvider(server.settings());
      const texts = Array.from({ length: provider.maxBatch }, () => '火'.repeat(Math.floor(provider.maxChars / provider.maxBatch)));
      const out = await provider.translate(texts, 'zh', 'en');
      assert.equal(out.length, provider.maxBatch);
    });

    it('retries a 429 and then succeeds', GUARD, async (t) => {
      const limited = { kind: 'status', status: 429, retryAfter: '0' } as const;
      const server = await fake(t, kind, { faults: [limited, limited] });
      assert.deepEqual(await createProvider(server.settings()).translate(['你好。'], 'zh', 'en'), ['zh>en: 你好。']);
      assert.equal(server.translations().length, 3);
    });

    it('retries a 429 without Retry-After after a backoff', GUARD, async (t) => {
      const server = await fake(t, kind, { faults: [{ kind: 'status', status: 429 }] });
      assert.deepEqual(await createProvider(server.settings()).translate(['你好。'], 'zh', 'en'), ['zh>en: 你好。']);
      assert.equal(server.translations().length, 2);
    });

    it('ends a lasting 429 as rate-limited after two retries', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'status', status: 429, retryAfter: '0' } });
      const err = await failure(createProvider(server.settings()).translate(['你好。'], 'zh', 'en'));
      assert.equal(err.failure, 'rate-limited');
      assert.equal(err.status, 429);
      assert.equal(err.retryAfterMs, 0);
      assert.equal(server.translations().length, 3);
    });

    it('does not wait out a long Retry-After', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'status', status: 429, retryAfter: '120' } });
      const err = await failure(createProvider(server.settings()).translate(['你好。'], 'zh', 'en'));
      assert.equal(err.failure, 'rate-limited');
      assert.equal(err.retryAfterMs, 120_000);
      assert.equal(server.translations().length, 1);
    });

    const statuses: [number, ProviderFailure][] = [
      [400, 'rejected'],
      [413, 'rejected'],
      [401, 'auth'],
      [403, 'auth'],
      [500, 'unavailable'],
      [503, 'unavailable'],
    ];
    for (const [status, expected] of statuses) {
      it(`calls HTTP ${status} ${expected}, without retrying`, GUARD, async (t) => {
        const server = await fake(t, kind, { fault: { kind: 'status', status } });
        const err = await failure(createProvider(server.settings()).translate(['你好。'], 'zh', 'en'));
        assert.equal(err.failure, expected);
        assert.equal(err.status, status);
        assert.equal(server.translations().length, 1);
      });
    }

    it('calls a wrong key auth', GUARD, async (t) => {
      const server = await fake(t, kind, { apiKey: 'the-right-key' });
      const settings = { ...server.settings(), apiKey: 'a-wrong-key' };
      assert.equal((await failure(createProvider(settings).translate(['你好。'], 'zh', 'en'))).failure, 'auth');
    });

    for (const fault of ['garbage', 'near-miss', 'wrong-count'] as const) {
      it(`calls a ${fault} answer bad-response`, GUARD, async (t) => {
        const server = await fake(t, kind, { fault: { kind: fault } });
        const texts = kind === 'openai' ? ['你好。'] : ZH;
        assert.equal((await failure(createProvider(server.settings()).translate(texts, 'zh', 'en'))).failure, 'bad-response');
      });
    }

    it('calls a dropped connection unavailable', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'reset' } });
      assert.equal((await failure(createProvider(server.settings()).translate(['你好。'], 'zh', 'en'))).failure, 'unavailable');
    });

    it('waits for a slow answer within its timeout', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'slow', ms: 100 } });
      assert.deepEqual(await createProvider(server.settings({ timeoutMs: 3_000 })).translate(['你好。'], 'zh', 'en'), ['zh>en: 你好。']);
    });

    it('ends a hung request as a timeout', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'hang' } });
      const err = await failure(createProvider(server.settings({ timeoutMs: 300 })).translate(['你好。'], 'zh', 'en'));
      assert.equal(err.failure, 'timeout');
      assert.match(err.message, /300 ms/);
      await server.unanswered(1);
    });

    it('ends at once when the caller aborts, long before its own timeout', GUARD, async (t) => {
      const server = await fake(t, kind, { fault: { kind: 'hang' } });
      const controller = new AbortController();
      const pending = createProvider(server.settings({ timeoutMs: 60_000 })).translate(['你好。'], 'zh', 'en', controller.signal);
      await server.received(1);
      controller.abort();
      assert.equal((await failure(pending)).failure, 'timeout');
      // The HTTP request itself is cancelled, not just forgotten.
      await server.unanswered(1);
    });

    it('does not send when the caller has already given up', async (t) => {
      const server = await fake(t, kind);
      const err = await failure(createProvider(server.settings()).translate(['你好。'], 'zh', 'en', AbortSignal.abort()));
      assert.equal(err.failure, 'timeout');
      assert.equal(server.translations().length, 0);
    });
  });
}

describe('LibreTranslate', () => {
  it('posts q as a list with zh-Hans, format text and no key unless configured, and reads /languages once', GUARD, async (t) => {
    const server = await fake(t, 'libretranslate');
    const provider = createProvider(server.settings());
    assert.equal(provider.label, 'LibreTranslate');
    await provider.translate(ZH, 'zh', 'en');
    await provider.translate(EN, 'en', 'zh');
    const [first, second] = server.translations();
    assert.equal(first?.path, '/translate');
    assert.match(String(first?.headers['content-type']), /^application\/json/);
    assert.deepEqual(json(first), { q: ZH, source: 'zh-Hans', target: 'en', format: 'text' });
    assert.deepEqual(json(second), { q: EN, source: 'en', target: 'zh-Hans', format: 'text' });
    assert.equal(server.requests.filter((r) => r.path === '/languages').length, 1);
    assert.deepEqual([provider.maxBatch, provider.maxChars], [50, 5_000]);
  });

  it('sends the api_key when one is configured', GUARD, async (t) => {
    const server = await fake(t, 'libretranslate', { apiKey: 'lt-key' });
    assert.deepEqual(await createProvider(server.settings()).translate(['你好。'], 'zh', 'en'), ['zh>en: 你好。']);
    assert.equal(json(server.translations()[0]).api_key, 'lt-key');
  });

  it('speaks zh to a server older than v1.7.2, which refuses zh-Hans', GUARD, async (t) => {
    const server = await fake(t, 'libretranslate', { legacyCodes: true });
    const provider = createProvider(server.settings());
    assert.deepEqual(
      await provider.translate(ZH, 'zh', 'en'),
      ZH.map((s) => `zh>en: ${s}`),
    );
    assert.deepEqual(
      await provider.translate(EN, 'en', 'zh'),
      EN.map((s) => `en>zh: ${s}`),
    );
    assert.deepEqual(
      server.translations().map((r) => [json(r).source, json(r).target]),
      [
        ['zh', 'en'],
        ['en', 'zh'],
      ],
    );
  });

  it("calls the server's own char limit rejected", GUARD, async (t) => {
    const server = await fake(t, 'libretranslate', { charLimit: 10 });
    const err = await failure(createProvider(server.settings()).translate(ZH, 'zh', 'en'));
    assert.equal(err.failure, 'rejected');
    assert.match(err.message, /exceeds text limit/);
  });

  it('keeps a path prefix of the configured URL (a server behind a reverse proxy)', GUARD, async (t) => {
    const server = await fake(t, 'libretranslate');
    // The fake answers only at its root: the prefixed path reaches it and meets a 404.
    const err = await failure(createProvider({ provider: 'libretranslate', url: `${server.url}/lt/` }).translate(['你好。'], 'zh', 'en'));
    assert.equal(err.failure, 'unavailable');
    assert.equal(server.requests[0]?.path, '/lt/languages');
  });
});

describe('DeepL', () => {
  it('posts JSON text with DeepL-Auth-Key, source ZH/EN and targets EN-US/ZH-HANS', GUARD, async (t) => {
    const server = await fake(t, 'deepl');
    const provider = createProvider(server.settings());
    assert.equal(provider.label, 'DeepL');
    await provider.translate(ZH, 'zh', 'en');
    await provider.translate(EN, 'en', 'zh');
    const [first, second] = server.translations();
    assert.equal(first?.path, '/v2/translate');
    assert.equal(first?.headers.authorization, 'DeepL-Auth-Key fake-key:fx');
    assert.deepEqual(json(first), { text: ZH, source_lang: 'ZH', target_lang: 'EN-US' });
    assert.deepEqual(json(second), { text: EN, source_lang: 'EN', target_lang: 'ZH-HANS' });
    assert.deepEqual([provider.maxBatch, provider.maxChars], [50, 15_000]);
  });

  it('picks the free host for keys ending in :fx', () => {
    assert.equal(deeplBaseUrl('0000-1111:fx'), 'https://api-free.deepl.com');
    assert.equal(deeplBaseUrl('0000-1111'), 'https://api.deepl.com');
  });

  it('calls 456 quota, without retrying', GUARD, async (t) => {
    const server = await fake(t, 'deepl', { fault: { kind: 'quota' } });
    const err = await failure(createProvider(server.settings()).translate(ZH, 'zh', 'en'));
    assert.deepEqual([err.failure, err.status], ['quota', 456]);
    assert.equal(server.translations().length, 1);
  });

  it('treats 529 as too many requests: retried, then rate-limited', GUARD, async (t) => {
    const once = await fake(t, 'deepl', { faults: [{ kind: 'status', status: 529, retryAfter: '0' }] });
    assert.equal((await createProvider(once.settings()).translate(ZH, 'zh', 'en')).length, 3);
    const always = await fake(t, 'deepl', { fault: { kind: 'status', status: 529, retryAfter: '0' } });
    assert.equal((await failure(createProvider(always.settings()).translate(ZH, 'zh', 'en'))).failure, 'rate-limited');
    assert.equal(always.translations().length, 3);
  });

  it('fake: takes a form body as well, and refuses the deprecated plain EN target', GUARD, async (t) => {
    const server = await fake(t, 'deepl');
    const post = (body: string) =>
      fetch(`${server.url}/v2/translate`, {
        method: 'POST',
        headers: { authorization: 'DeepL-Auth-Key fake-key:fx', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const ok = await post(
      new URLSearchParams([
        ['text', '你好'],
        ['text', '谢谢'],
        ['target_lang', 'EN-US'],
        ['source_lang', 'ZH'],
      ]).toString(),
    );
    assert.deepEqual(await ok.json(), {
      translations: [
        { detected_source_language: 'ZH', text: 'zh>en: 你好' },
        { detected_source_language: 'ZH', text: 'zh>en: 谢谢' },
      ],
    });
    const refused = await post('text=hi&target_lang=EN');
    assert.equal(refused.status, 400);
  });
});

describe('Google', () => {
  it('posts q with the key in the query, zh-CN and format text', GUARD, async (t) => {
    const server = await fake(t, 'google');
    const provider = createProvider(server.settings());
    assert.equal(provider.label, 'Google');
    await provider.translate(ZH, 'zh', 'en');
    await provider.translate(EN, 'en', 'zh');
    const [first, second] = server.translations();
    assert.equal(first?.path, '/language/translate/v2');
    assert.equal(first?.query.get('key'), 'fake-key');
    assert.deepEqual(json(first), { q: ZH, source: 'zh-CN', target: 'en', format: 'text' });
    assert.deepEqual(json(second), { q: EN, source: 'en', target: 'zh-CN', format: 'text' });
    assert.deepEqual([provider.maxBatch, provider.maxChars], [128, 30_000]);
  });

  it('decodes the entities Google may still send', GUARD, async (t) => {
    const server = await fake(t, 'google', { translate: () => 'it&#39;s &quot;hotpot&quot; &amp; more &lt;3' });
    assert.deepEqual(await createProvider(server.settings()).translate(['火锅'], 'zh', 'en'), [`it's "hotpot" & more <3`]);
    assert.equal(decodeEntities('&#x706B;&#38149; &nbsp;&copy; &#xD800; &#99999999;'), '火锅 \u00a0&copy; &#xD800; &#99999999;');
  });

  it('calls a used-up daily limit quota and an invalid key (a 400 with API_KEY_INVALID) auth', GUARD, async (t) => {
    const quota = await fake(t, 'google', { fault: { kind: 'quota' } });
    assert.equal((await failure(createProvider(quota.settings()).translate(ZH, 'zh', 'en'))).failure, 'quota');
    const keyed = await fake(t, 'google');
    const err = await failure(createProvider({ ...keyed.settings(), apiKey: 'wrong' }).translate(ZH, 'zh', 'en'));
    assert.deepEqual([err.failure, err.status], ['auth', 400]);
  });

  it('fake: escapes its output when format is left at html, as Google does', GUARD, async (t) => {
    const server = await fake(t, 'google', { translate: () => "it's" });
    const res = await fetch(`${server.url}/language/translate/v2?key=fake-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: ['它是'], target: 'en' }),
    });
    assert.deepEqual(await res.json(), { data: { translations: [{ translatedText: 'it&#39;s', detectedSourceLanguage: 'zh-CN' }] } });
  });
});

describe('Azure Translator', () => {
  it('posts [{Text}] to api-version 3.0 with from/to codes, the key and the region', GUARD, async (t) => {
    const server = await fake(t, 'azure', { region: 'eastasia' });
    const provider = createProvider(server.settings());
    assert.equal(provider.label, 'Azure Translator');
    await provider.translate(ZH, 'zh', 'en');
    await provider.translate(EN, 'en', 'zh');
    const [first, second] = server.translations();
    assert.equal(first?.path, '/translate');
    assert.deepEqual(Object.fromEntries(first?.query ?? []), { 'api-version': '3.0', from: 'zh-Hans', to: 'en' });
    assert.deepEqual(Object.fromEntries(second?.query ?? []), { 'api-version': '3.0', from: 'en', to: 'zh-Hans' });
    assert.equal(first?.headers['ocp-apim-subscription-key'], 'fake-key');
    assert.equal(first?.headers['ocp-apim-subscription-region'], 'eastasia');
    assert.deepEqual(
      json(first),
      ZH.map((Text) => ({ Text })),
    );
    assert.deepEqual([provider.maxBatch, provider.maxChars], [100, 50_000]);
  });

  it('names no region when none is set, and a regional resource then refuses it as auth', GUARD, async (t) => {
    const global = await fake(t, 'azure');
    await createProvider(global.settings()).translate(ZH, 'zh', 'en');
    assert.equal(global.translations()[0]?.headers['ocp-apim-subscription-region'], undefined);
    const regional = await fake(t, 'azure', { region: 'eastasia' });
    const err = await failure(createProvider({ provider: 'azure', url: regional.url, apiKey: 'fake-key', region: 'westus' }).translate(ZH, 'zh', 'en'));
    assert.deepEqual([err.failure, err.status], ['auth', 401]);
  });

  it('calls 403001 (free quota used up) quota, and any other 403 auth', GUARD, async (t) => {
    const quota = await fake(t, 'azure', { fault: { kind: 'quota' } });
    assert.equal((await failure(createProvider(quota.settings()).translate(ZH, 'zh', 'en'))).failure, 'quota');
    const forbidden = await fake(t, 'azure', { fault: { kind: 'status', status: 403 } });
    assert.equal((await failure(createProvider(forbidden.settings()).translate(ZH, 'zh', 'en'))).failure, 'auth');
  });

  it('fake: refuses an API version other than 3.0', GUARD, async (t) => {
    const server = await fake(t, 'azure');
    const res = await fetch(`${server.url}/translate?api-version=2026-06-06&to=en`, {
      method: 'POST',
      headers: { 'ocp-apim-subscription-key': 'fake-key', 'content-type': 'application/json' },
      body: JSON.stringify([{ Text: '你好' }]),
    });
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { error: { code: 400021, message: 'The API version parameter is missing or invalid.' } });
  });
});

describe('OpenAI-compatible', () => {
  it('sends one chat request per text at temperature 0, with the key as a Bearer token', GUARD, async (t) => {
    const server = await fake(t, 'openai', { apiKey: 'sk-local', model: 'qwen2.5:7b-instruct' });
    const provider = createProvider(server.settings());
    assert.equal(provider.label, 'qwen2.5:7b-instruct');
    assert.deepEqual(
      await provider.translate(ZH, 'zh', 'en'),
      ZH.map((s) => `zh>en: ${s}`),
    );
    const sent = server.translations();
    assert.equal(sent.length, ZH.length);
    for (const r of sent) {
      assert.equal(r.path, '/v1/chat/completions');
      assert.equal(r.headers.authorization, 'Bearer sk-local');
      const body = json(r) as { model: string; temperature: number; messages: { role: string; content: string }[] };
      assert.equal(body.model, 'qwen2.5:7b-instruct');
      assert.equal(body.temperature, 0);
      assert.deepEqual(
        body.messages.map((m) => m.role),
        ['system', 'user'],
      );
      assert.match(body.messages[0]!.content, /from Chinese into English/);
    }
    assert.deepEqual(sent.map((r) => (json(r).messages as { content: string }[])[1]?.content).sort(), [...ZH].sort());
    assert.deepEqual([provider.maxBatch, provider.maxChars], [20, 4_000]);
  });

  it('asks for Simplified Chinese and sends no Authorization without a key', GUARD, async (t) => {
    const server = await fake(t, 'openai');
    await createProvider(server.settings()).translate(['Hello.'], 'en', 'zh');
    const [r] = server.translations();
    assert.equal(r?.headers.authorization, undefined);
    assert.match((json(r).messages as { content: string }[])[0]!.content, /from English into Simplified Chinese/);
  });

  it('accepts a base URL that already ends in /v1', () => {
    assert.equal(chatCompletionsUrl('http://127.0.0.1:11434/v1/').href, 'http://127.0.0.1:11434/v1/chat/completions');
    assert.equal(chatCompletionsUrl('http://127.0.0.1:8080').href, 'http://127.0.0.1:8080/v1/chat/completions');
    assert.equal(chatCompletionsUrl('http://h/api/v1/chat/completions').href, 'http://h/api/v1/chat/completions');
  });

  it("strips an LLM's chatter: quotes, a label, a lead-in line, a reasoning block", GUARD, async (t) => {
    assert.equal(cleanCompletion('"We had hotpot today."', '今天吃了火锅。'), 'We had hotpot today.');
    assert.equal(cleanCompletion('“今天吃了火锅。”', 'We had hotpot today.'), '今天吃了火锅。');
    assert.equal(cleanCompletion('Translation: Hello.', '你好。'), 'Hello.');
    assert.equal(cleanCompletion('译文：你好。', 'Hello.'), '你好。');
    assert.equal(cleanCompletion("Here's the translation:\nHello.", '你好。'), 'Hello.');
    assert.equal(cleanCompletion('<think>\nThe user wants English.\n</think>\n\nHello.', '你好。'), 'Hello.');
    assert.equal(cleanCompletion('"Hi," he said, "bye"', '“嗨，”他说，“再见”'), '"Hi," he said, "bye"');
    assert.equal(cleanCompletion('"Hello."', '"你好。"'), '"Hello."');
    const server = await fake(t, 'openai', { translate: (text) => (text === '你好。' ? 'Translation: "Hello."' : 'Sure! Here is the translation:\nThanks!') });
    assert.deepEqual(await createProvider(server.settings()).translate(['你好。', '谢谢！'], 'zh', 'en'), ['Hello.', 'Thanks!']);
  });

  it('keeps line breaks, and calls an answer with more or fewer lines bad-response', GUARD, async (t) => {
    const two = await fake(t, 'openai', { translate: (text) => text.replace('你好', 'Hello').replace('谢谢', 'Thanks') });
    assert.deepEqual(await createProvider(two.settings()).translate(['你好\n谢谢'], 'zh', 'en'), ['Hello\nThanks']);
    const chatty = await fake(t, 'openai', { translate: () => 'Hello.\n(Note: a greeting.)' });
    assert.equal((await failure(createProvider(chatty.settings()).translate(['你好。'], 'zh', 'en'))).failure, 'bad-response');
    const blank = await fake(t, 'openai', { translate: () => '""' });
    assert.equal((await failure(createProvider(blank.settings()).translate(['你好。'], 'zh', 'en'))).failure, 'bad-response');
  });

  it('passes blank text through without asking the model', async (t) => {
    const server = await fake(t, 'openai');
    assert.deepEqual(await createProvider(server.settings()).translate([' ', '你好。'], 'zh', 'en'), [' ', 'zh>en: 你好。']);
    assert.equal(server.translations().length, 1);
  });

  it('calls insufficient_quota quota without retrying, and an unknown model unavailable', GUARD, async (t) => {
    const quota = await fake(t, 'openai', { fault: { kind: 'quota' } });
    const err = await failure(createProvider(quota.settings()).translate(['你好。'], 'zh', 'en'));
    assert.deepEqual([err.failure, err.status], ['quota', 429]);
    assert.equal(quota.translations().length, 1);
    const other = await fake(t, 'openai', { model: 'llama3.1:8b' });
    const missing = await failure(createProvider({ provider: 'openai', url: other.url, model: 'no-such-model' }).translate(['你好。'], 'zh', 'en'));
    assert.deepEqual([missing.failure, missing.status], ['unavailable', 404]);
  });

  it('stops the rest of a batch after the first failure', GUARD, async (t) => {
    const server = await fake(t, 'openai', { faults: [{ kind: 'status', status: 500 }], fault: { kind: 'hang' } });
    const texts = Array.from({ length: 10 }, (_, i) => `第${i}句。`);
    assert.equal((await failure(createProvider(server.settings({ timeoutMs: 60_000 })).translate(texts, 'zh', 'en'))).failure, 'unavailable');
    // The other request in flight is cancelled (else it would hang past the guard), and none follows it.
    await server.unanswered(1);
    assert.equal(server.translations().length, 2);
  });
});
