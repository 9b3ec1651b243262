import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES } from '../../shared/rules/accounts.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { useSetUiLanguage } from '../i18n/language-sync.tsx';
import { GlobeIcon } from './icons.tsx';
import './language-switch.css';

/** English | 中文 segmented switch. Each option is labelled in its own language, on purpose. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const current = useUiLanguage();
  const { set } = useSetUiLanguage();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form to fieldset
    <div className={`lang-switch ${compact ? 'lang-switch--compact' : ''}`} role="group" aria-label={t('language.switchTo')}>
      {compact ? <GlobeIcon size={16} className="lang-switch__icon" /> : null}
      {UI_LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang === 'zh' ? 'zh-CN' : 'en'}
          className="lang-switch__option"
          aria-pressed={current === lang}
          onClick={() => set(lang)}
        >
          {t(`language.${lang}`)}
        </button>
      ))}
    </div>
  );
}
