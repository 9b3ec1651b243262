// The language module (the language bridge): for now the learner aids — the CC-CEDICT dictionary in
// both directions and pinyin over words. It owns no tables yet and reads no other module's.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { languageRoutes } from './routes.ts';
import { LanguageService } from './service.ts';

export interface LanguageModule {
  service: LanguageService;
  routes: FastifyPluginAsyncTypebox;
}

export function createLanguageModule(): LanguageModule {
  const service = new LanguageService();
  return { service, routes: languageRoutes(service) };
}

export { LanguageService } from './service.ts';
