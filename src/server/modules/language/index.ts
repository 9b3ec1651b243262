// The language module (the language bridge): the dictionary both ways, pinyin, the translation of any
// note, comment or bio through the configured provider (the built-in gloss by default), and the words a
// learner saves. It owns the translations and my_words tables; notes, comments and bios reach it only
// through the read functions the composition root hands it, which apply every visibility rule.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { loadFolding } from './fold.ts';
import { Gloss, glossProvider } from './gloss/index.ts';
import { createLanguagePersonalData } from './personal-data.ts';
import { languageRoutes, type TextSources } from './routes.ts';
import { LanguageService } from './service.ts';
import type { LanguageTables } from './tables.ts';
import { createProvider } from './translate/providers/index.ts';
import { Translator } from './translate/service.ts';
import { TranslationStore } from './translate/store.ts';
import type { Provider } from './translate/types.ts';
import { MyWords, type NoteTitles } from './words.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'language.purge': Record<string, never>;
  }
}

export interface LanguageModuleDeps extends TextSources {
  db: Db;
  jobs: JobQueue;
  kit: RouteKit;
  limiter: RateLimiter;
  config: Pick<Config, 'translate'>;
  log: Pick<Logger, 'warn'>;
  noteTitles: NoteTitles;
  canSee(viewerId: string, noteId: string): Promise<boolean>;
  /** a provider to use instead of the configured one (tests, the evaluation) */
  provider?: Provider;
}

export interface LanguageModule {
  service: LanguageService;
  translator: Translator;
  words: MyWords;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
}

/** Translations are kept this long, then asked for again (edited and deleted texts' sentences go with them). */
const KEEP_MS = 90 * 86_400_000;

export function createLanguageModule(deps: LanguageModuleDeps): LanguageModule {
  const service = new LanguageService();
  const db = scoped<LanguageTables>(deps.db);
  const store = new TranslationStore(db);
  let gloss: Promise<Provider> | null = null;
  const loadGloss = (): Promise<Provider> => {
    gloss ??= (async () => {
      const [g, fold] = await Promise.all([service.ready().then((dict) => Gloss.load(dict)), loadFolding()]);
      const inner = glossProvider(g);
      // Traditional text is glossed in simplified form: the segmenter's dictionary is simplified.
      return { ...inner, translate: (texts, source, target, signal) => inner.translate(source === 'zh' ? texts.map(fold) : texts, source, target, signal) };
    })();
    return gloss;
  };
  const settings = deps.config.translate;
  const provider = deps.provider ?? (settings.provider.provider === 'gloss' ? null : createProvider(settings.provider));
  const translator = new Translator({
    provider,
    gloss: loadGloss,
    store,
    limiter: deps.limiter,
    budget: { perUser: settings.perUser, global: settings.global, glossPerUser: settings.glossPerUser },
    log: deps.log,
  });
  const words = new MyWords(db, service, deps.noteTitles, deps.canSee);
  deps.jobs.register('language.purge', async () => void (await store.purge(new Date(Date.now() - KEEP_MS).toISOString())), { keepDone: false });
  deps.jobs.every('language.purge', 86_400_000, {});
  return {
    service,
    translator,
    words,
    routes: languageRoutes({ language: service, translator, words, kit: deps.kit, sources: deps }),
    personalData: createLanguagePersonalData({ db }),
  };
}

export { LanguageService } from './service.ts';
