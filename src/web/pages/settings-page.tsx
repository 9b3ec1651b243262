import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../shared/api/accounts.ts';
import { useLogOut, useUpdateMe } from '../api/accounts.ts';
import { Avatar } from '../components/avatar.tsx';
import { Button } from '../components/button.tsx';
import { ChevronIcon } from '../components/icons.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { describeError } from '../lib/errors.ts';
import './settings.css';

export function SettingsPage() {
  return <RequireAuth>{(me) => <SettingsHome me={me} />}</RequireAuth>;
}

/** Me → settings: the account at a glance, language, sessions and log out. */
function SettingsHome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const logOut = useLogOut({ leave: () => window.location.replace('/login') });
  const update = useUpdateMe();
  // Shown as pressed at once; put back if the server refuses.
  const [autoTranslate, setAutoTranslate] = useState(me.autoTranslate);
  return (
    <div className="settings">
      <PageHeader title={t('settings.title')} backTo={`/u/${me.handle}`} />
      <Link to={`/u/${me.handle}`} className="settings__who">
        <Avatar user={me} size="lg" />
        <span className="settings__who-text">
          <strong>{me.displayName}</strong>
          <span className="muted">{t('settings.signedInAs', { handle: me.handle })}</span>
        </span>
        <ChevronIcon className="settings__chevron" />
      </Link>

      <h2 className="settings__section">{t('settings.account')}</h2>
      <ul className="settings__list">
        <li>
          <Link to="/settings/profile" className="settings__row">
            <span>{t('settings.profile')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        <li>
          <Link to="/settings/sessions" className="settings__row">
            <span>{t('settings.sessions')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        <li className="settings__row settings__row--static">
          <span>{t('language.label')}</span>
          <LanguageSwitch />
        </li>
        <li className="settings__row settings__row--static settings__row--toggle">
          <label className="settings__toggle">
            <span>
              {t('translate.autoLabel')}
              <span className="settings__hint muted">{t('translate.autoHint')}</span>
            </span>
            <input
              type="checkbox"
              checked={autoTranslate}
              onChange={(e) => {
                const on = e.target.checked;
                setAutoTranslate(on);
                update.mutate({ autoTranslate: on }, { onError: () => setAutoTranslate(!on) });
              }}
            />
          </label>
        </li>
        <li>
          <Link to="/settings/safety" className="settings__row">
            <span>{t('controls.title')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        <li>
          <Link to="/settings/data" className="settings__row" data-testid="settings-data">
            <span>{t('data.title')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        <li>
          <Link to="/me/moderation" className="settings__row">
            <span>{t('notices.title')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        {me.role === 'admin' || me.role === 'moderator' ? (
          <li>
            <Link to="/mod" className="settings__row" data-testid="settings-mod">
              <span>{t('mod.nav')}</span>
              <ChevronIcon className="settings__chevron" />
            </Link>
          </li>
        ) : null}
        <li>
          <Link to="/me/words" className="settings__row">
            <span>{t('myWords.title')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
        <li>
          <Link to="/about" className="settings__row">
            <span>{t('about.title')}</span>
            <ChevronIcon className="settings__chevron" />
          </Link>
        </li>
      </ul>

      {update.isError ? (
        <p className="form-alert" role="alert">
          {describeError(t, update.error)}
        </p>
      ) : null}
      <div className="settings__logout">
        {logOut.isError ? (
          <p className="form-alert" role="alert">
            {describeError(t, logOut.error)}
          </p>
        ) : null}
        <Button variant="danger" block loading={logOut.isPending} onClick={() => logOut.mutate()}>
          {logOut.isPending ? t('auth.loggingOut') : t('auth.logOut')}
        </Button>
      </div>
    </div>
  );
}
