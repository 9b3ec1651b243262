// i18next set-up: English and 简体中文, detected from the browser, remembered in localStorage.
// A signed-in user's saved `uiLanguage` overrides both (see language-sync.tsx).
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../shared/api/accounts.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

export const resources = { en: { translation: en }, zh: { translation: zh } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** Maps any browser tag (zh-CN, zh-Hant-TW, en-GB, fr) onto one of our UI languages. */
export function toUiLanguage(tag: string | undefined | null): UiLanguage {
  return tag?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The BCP 47 tag to use for <html lang> and Intl formatting. */
export function localeOf(lang: UiLanguage): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}

export function initI18n() {
  void i18n
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      supportedLngs: ['en', 'zh'],
      fallbackLng: 'en',
      load: 'languageOnly',
      interpolation: { escapeValue: false }, // React escapes already
      returnNull: false,
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: 'biji.lang',
        caches: ['localStorage'],
        convertDetectedLanguage: (lng: string) => toUiLanguage(lng),
      },
    });
  const applyLang = (lng: string) => {
    const ui = toUiLanguage(lng);
    document.documentElement.lang = localeOf(ui);
    document.title = ui === 'zh' ? '笔记 Biji' : 'Biji 笔记';
  };
  applyLang(i18n.language);
  i18n.on('languageChanged', applyLang);
  return i18n;
}

/** The current UI language, narrowed to the two we ship. */
export function useUiLanguage(): UiLanguage {
  const { i18n: instance } = useTranslation();
  return toUiLanguage(instance.resolvedLanguage ?? instance.language);
}
