// Local fakes of the five translation providers, for contract tests and the evaluation: start one,
// point an adapter at `fake.settings()`, read what it sent in `fake.requests`, close it.
import type { ProviderSettings } from '../../../src/server/modules/language/translate/types.ts';
import { AZURE_FAKE_KEY, azureApi } from './azure.ts';
import { DEEPL_FAKE_KEY, deeplApi } from './deepl.ts';
import { GOOGLE_FAKE_KEY, googleApi } from './google.ts';
import { libreTranslateApi } from './libretranslate.ts';
import { OPENAI_FAKE_MODEL, openaiApi } from './openai.ts';
import { type FakeApi, type FakeOptions, type RunningFake, serve } from './server.ts';

export type { FakeOptions, Fault, RecordedRequest, TranslateFn } from './server.ts';

export type FakeKind = 'libretranslate' | 'deepl' | 'google' | 'azure' | 'openai';
export const FAKE_KINDS: readonly FakeKind[] = ['libretranslate', 'deepl', 'google', 'azure', 'openai'];

type HttpProviderSettings = Exclude<ProviderSettings, { provider: 'gloss' }>;

export interface FakeServer extends RunningFake {
  kind: FakeKind;
  /** settings that point an adapter at this fake with the key it expects */
  settings(extra?: { timeoutMs?: number }): HttpProviderSettings;
}

const APIS: Record<FakeKind, FakeApi> = { libretranslate: libreTranslateApi, deepl: deeplApi, google: googleApi, azure: azureApi, openai: openaiApi };

function settingsFor(kind: FakeKind, url: string, o: FakeOptions, timeoutMs: number | undefined): HttpProviderSettings {
  switch (kind) {
    case 'libretranslate':
      return { provider: kind, url, apiKey: o.apiKey, timeoutMs };
    case 'deepl':
      return { provider: kind, url, apiKey: o.apiKey ?? DEEPL_FAKE_KEY, timeoutMs };
    case 'google':
      return { provider: kind, url, apiKey: o.apiKey ?? GOOGLE_FAKE_KEY, timeoutMs };
    case 'azure':
      return { provider: kind, url, apiKey: o.apiKey ?? AZURE_FAKE_KEY, region: o.region, timeoutMs };
    case 'openai':
      return { provider: kind, url, model: o.model ?? OPENAI_FAKE_MODEL, apiKey: o.apiKey, timeoutMs };
  }
}

/** A fake `kind` server on 127.0.0.1 at a free port. */
export async function startFake(kind: FakeKind, options: FakeOptions = {}): Promise<FakeServer> {
  const running = await serve(APIS[kind], options);
  return { ...running, kind, settings: (extra = {}) => settingsFor(kind, running.url, options, extra.timeoutMs) };
}

export const startLibreTranslate = (options?: FakeOptions) => startFake('libretranslate', options);
export const startDeepL = (options?: FakeOptions) => startFake('deepl', options);
export const startGoogle = (options?: FakeOptions) => startFake('google', options);
export const startAzure = (options?: FakeOptions) => startFake('azure', options);
export const startOpenAI = (options?: FakeOptions) => startFake('openai', options);
