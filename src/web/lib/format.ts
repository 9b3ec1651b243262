// Locale-aware formatting of dates, counts and language names.
import type { UiLanguage } from '../../shared/api/accounts.ts';
import { localeOf } from '../i18n/index.ts';

export function formatDate(iso: string, lang: UiLanguage, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), options).format(date);
}

export function formatMonth(iso: string, lang: UiLanguage) {
  return formatDate(iso, lang, { year: 'numeric', month: 'long' });
}

export function formatDateTime(iso: string, lang: UiLanguage) {
  return formatDate(iso, lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** 1234 → "1,234"; 12345 → "1.2万" in Chinese, "12K" in English (RedNote shows counts this way). */
export function formatCount(n: number, lang: UiLanguage) {
  return new Intl.NumberFormat(localeOf(lang), n >= 10_000 ? { notation: 'compact', maximumFractionDigits: 1 } : {}).format(n);
}

/** "zh" → "中文" / "Chinese"; unknown codes are shown as written. */
export function languageName(code: string, lang: UiLanguage) {
  try {
    return new Intl.DisplayNames([localeOf(lang)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
