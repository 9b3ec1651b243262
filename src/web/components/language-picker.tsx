import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguageCode, LIMITS, parseLanguageCodes } from '../lib/validation.ts';
import './language-picker.css';

/** The form state behind "languages you read": two common checkboxes and free codes. */
export type LanguageChoice = { en: boolean; zh: boolean; other: string };

export function languagesToChoice(languages: readonly string[]): LanguageChoice {
  const primary = (code: string) => code.toLowerCase().split('-')[0];
  return {
    en: languages.some((c) => primary(c) === 'en'),
    zh: languages.some((c) => primary(c) === 'zh'),
    other: languages.filter((c) => primary(c) !== 'en' && primary(c) !== 'zh').join(', '),
  };
}

export type ChoiceResult = { ok: true; languages: string[] } | { ok: false; error: 'atLeastOne' | 'tooMany' | 'invalid'; code?: string };

export function choiceToLanguages(choice: LanguageChoice): ChoiceResult {
  const others = parseLanguageCodes(choice.other);
  const bad = others.find((code) => !isLanguageCode(code));
  if (bad) return { ok: false, error: 'invalid', code: bad };
  const languages = [...new Set([...(choice.en ? ['en'] : []), ...(choice.zh ? ['zh'] : []), ...others])];
  if (languages.length < LIMITS.languages.min) return { ok: false, error: 'atLeastOne' };
  if (languages.length > LIMITS.languages.max) return { ok: false, error: 'tooMany' };
  return { ok: true, languages };
}

export type LanguagePickerProps = {
  value: LanguageChoice;
  onChange: (next: LanguageChoice) => void;
  error?: string | undefined;
};

export function LanguagePicker({ value, onChange, error }: LanguagePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="lang-picker" aria-describedby={`${id}-hint`} aria-invalid={error ? true : undefined}>
      <legend className="lang-picker__legend">{t('languages.legend')}</legend>
      <div className="lang-picker__options">
        <label className="chip-check">
          <input type="checkbox" checked={value.en} onChange={(e) => onChange({ ...value, en: e.target.checked })} />
          <span lang="en">English</span>
        </label>
        <label className="chip-check">
          <input type="checkbox" checked={value.zh} onChange={(e) => onChange({ ...value, zh: e.target.checked })} />
          <span lang="zh-CN">中文</span>
        </label>
      </div>
      <label className="lang-picker__other">
        <span className="lang-picker__other-label">{t('languages.other')}</span>
        <input
          className="lang-picker__other-input"
          value={value.other}
          placeholder={t('languages.otherPlaceholder')}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          onChange={(e) => onChange({ ...value, other: e.target.value })}
        />
      </label>
      <p id={`${id}-hint`} className={error ? 'field__error' : 'field__hint'} role={error ? 'alert' : undefined}>
        {error ?? t('languages.hint')}
      </p>
    </fieldset>
  );
}

/** The message for a ChoiceResult error, in the reader's language. */
export function useChoiceError() {
  const { t } = useTranslation();
  return (result: ChoiceResult): string | undefined => {
    if (result.ok) return undefined;
    if (result.error === 'invalid') return t('languages.otherInvalid', { code: result.code ?? '' });
    return t(`languages.${result.error}`);
  };
}
