// /account-deleted — where deleting the account lands (signed out by then): when everything will be
// erased, and that logging in before that day cancels it.
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { ButtonLink } from '../../components/button.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import '../settings.css';
import './data.css';

export function AccountDeletedPage() {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [params] = useSearchParams();
  const location = useLocation();
  usePageTitle(t('data.delete.doneTitle'));
  // Handed over in the address (the page is reached with a full load) or in the navigation state.
  const raw = params.get('erasesAt') ?? (location.state as { erasesAt?: string } | null)?.erasesAt ?? null;
  const erasesAt = raw && !Number.isNaN(Date.parse(raw)) ? raw : null;
  return (
    <div className="settings data data--done">
      <section className="data__section data__deleted" aria-labelledby="account-deleted-title">
        <h1 id="account-deleted-title" className="data__deleted-title">
          {t('data.delete.doneTitle')}
        </h1>
        <p data-testid="account-deleted">{erasesAt ? t('data.delete.doneBody', { date: formatDateTime(erasesAt, lang) }) : t('data.delete.doneBodyUndated')}</p>
        <p className="data__hint">{t('data.delete.doneCancel')}</p>
        <div className="settings-form__actions">
          <ButtonLink to="/">{t('data.delete.doneHome')}</ButtonLink>
        </div>
      </section>
    </div>
  );
}
