// Sizes and dates as the "Your data" pages show them.
import type { UiLanguage } from '../../../shared/api/accounts.ts';
import { localeOf } from '../../i18n/index.ts';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** 1500 → "1.5 kB"; decimal units (as kB means), in the reader's locale, with the unit as that locale writes it. */
export function formatBytes(bytes: number, lang: UiLanguage): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(localeOf(lang), {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** A whole percentage of a job's progress, 0 when it has no size yet. */
export const percentOf = (done: number, total: number) => (total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0);
