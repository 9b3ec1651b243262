// The HTTP translation providers, chosen by settings. The gloss is built elsewhere (it needs no HTTP).
import type { Provider, ProviderSettings } from '../types.ts';
import { createAzure } from './azure.ts';
import { createDeepL } from './deepl.ts';
import { createGoogle } from './google.ts';
import { createLibreTranslate } from './libretranslate.ts';
import { createOpenAI } from './openai.ts';

export type HttpProviderSettings = Exclude<ProviderSettings, { provider: 'gloss' }>;

/** The adapter for `settings`; it does no I/O until asked to translate. */
export function createProvider(settings: HttpProviderSettings): Provider {
  switch (settings.provider) {
    case 'libretranslate':
      return createLibreTranslate(settings);
    case 'deepl':
      return createDeepL(settings);
    case 'google':
      return createGoogle(settings);
    case 'azure':
      return createAzure(settings);
    case 'openai':
      return createOpenAI(settings);
  }
}

/** What the UI names under a result: "Translated by <label>". An LLM is named by its model. */
export function providerLabel(settings: HttpProviderSettings): string {
  return createProvider(settings).label;
}
