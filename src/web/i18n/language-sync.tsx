// Keeps the UI language and the signed-in account's `uiLanguage` in step.
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../shared/api/accounts.ts';
import { useMe, useUpdateMe } from '../api/accounts.ts';
import { toUiLanguage } from './index.ts';

/** On load (and after log-in), the account's saved language wins over the browser's. */
export function LanguageSync() {
  const { i18n } = useTranslation();
  // Read through a ref: the effect runs only when the saved value changes, so a switch in flight
  // isn't undone by a stale read.
  const instance = useRef(i18n);
  instance.current = i18n;
  const saved = useMe().data?.uiLanguage;
  useEffect(() => {
    const current = instance.current;
    if (saved && saved !== toUiLanguage(current.resolvedLanguage)) void current.changeLanguage(saved);
  }, [saved]);
  return null;
}

/** Switches the UI language now, and saves it to the account when signed in. */
export function useSetUiLanguage() {
  const { i18n } = useTranslation();
  const me = useMe().data;
  const update = useUpdateMe();
  const { mutate } = update;
  const set = useCallback(
    (lang: UiLanguage) => {
      void i18n.changeLanguage(lang);
      if (me && me.uiLanguage !== lang) mutate({ uiLanguage: lang });
    },
    [i18n, me, mutate],
  );
  return { set, saving: update.isPending, error: update.error };
}
