import { useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Me, Profile } from '../../shared/api/accounts.ts';
import { useMe, useProfile } from '../api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { Avatar } from '../components/avatar.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { GlobeIcon, PinIcon, SettingsIcon, ShieldIcon, UserIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { TranslateBar, TranslatedText, useTranslatable } from '../components/translate.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatCount, formatMonth, languageName } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { ProfileActions } from './profile-actions.tsx';
import { ProfileTabs } from './profile-tabs.tsx';
import './profile-page.css';

export function ProfilePage() {
  const { handle = '' } = useParams();
  const { t } = useTranslation();
  const profile = useProfile(handle);
  const me = useMe().data ?? null;
  // Rendered as a transition, in slices (see NotePage): no long task when the profile arrives.
  const data = useDeferredValue(profile.data);
  usePageTitle(profile.data ? `${profile.data.displayName} (@${profile.data.handle})` : null);

  if (profile.isPending) return <Spinner label={t('common.loading')} />;
  if (profile.isError) {
    if (isApiError(profile.error) && (profile.error.status === 404 || profile.error.status === 400)) {
      return <UserNotFound handle={handle} />;
    }
    return (
      <EmptyState tone="error" title={describeError(t, profile.error)} actions={<Button onClick={() => void profile.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  if (!data) return <Spinner label={t('common.loading')} />;
  return <ProfileView profile={data} me={me} />;
}

function UserNotFound({ handle }: { handle: string }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<UserIcon size={32} />}
      title={t('profile.notFoundTitle')}
      body={t('profile.notFoundBody', { handle })}
      actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
    />
  );
}

function ProfileView({ profile, me }: { profile: Profile; me: Me | null }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const isSelf = me !== null && me.handle.toLowerCase() === profile.handle.toLowerCase();
  const base = `/u/${profile.handle}`;

  const bio = useTranslatable({ kind: 'bio', id: profile.handle }, profile.bioLangs, profile.bio);
  const bioTr = bio.mode !== 'original' ? bio.data : undefined;
  return (
    <article className="profile">
      <PageHeader
        backTo={isSelf ? undefined : '/'}
        actions={
          isSelf ? (
            <>
              {me?.role === 'admin' || me?.role === 'moderator' ? (
                <Link to="/mod" className="icon-circle icon-link" aria-label={t('mod.nav')} title={t('mod.nav')} data-testid="profile-mod">
                  <ShieldIcon />
                </Link>
              ) : null}
              <Link to="/settings" className="icon-circle icon-link" aria-label={t('profile.settings')}>
                <SettingsIcon />
              </Link>
            </>
          ) : null
        }
      />
      <header className="profile__head">
        <Avatar user={profile} size="xl" />
        <div className="profile__names">
          <h1 className="profile__name">{profile.displayName}</h1>
          <p className="profile__handle">@{profile.handle}</p>
          {profile.viewer?.followedBy ? <span className="profile__tag">{t('profile.followsYou')}</span> : null}
        </div>
      </header>

      {bioTr ? (
        <TranslatedText
          className="profile__bio"
          text={bioTr.body}
          segments={bioTr.segments.body}
          mode={bio.mode === 'both' ? 'both' : 'translated'}
          target={bio.target}
        />
      ) : (
        <p className={`profile__bio ${profile.bio ? '' : 'muted'}`}>{profile.bio || t('profile.noBio')}</p>
      )}
      <TranslateBar state={bio} />

      <ul className="profile__meta">
        {profile.region ? (
          <li>
            <PinIcon size={16} />
            <span className="visually-hidden">{t('profile.region')}: </span>
            {profile.region}
          </li>
        ) : null}
        {profile.languages.length > 0 ? (
          <li>
            <GlobeIcon size={16} />
            <span className="visually-hidden">{t('profile.reads')}: </span>
            {profile.languages.map((code) => languageName(code, lang)).join(' · ')}
          </li>
        ) : null}
        <li className="muted">{t('profile.joined', { date: formatMonth(profile.createdAt, lang) })}</li>
        {profile.tiktokUsername ? (
          <li className="muted" data-testid="profile-tiktok">
            {t('data.tiktok.profile', { name: profile.tiktokUsername })} · {t('data.tiktok.selfDeclared')}
          </li>
        ) : null}
      </ul>

      <div className="profile__bar">
        <div className="profile__stats">
          <Link to={`${base}/following`} className="stat">
            <span className="stat__value" data-testid="following-count">
              {formatCount(profile.followingCount, lang)}
            </span>{' '}
            <span className="stat__label">{t('profile.following')}</span>
          </Link>
          <Link to={`${base}/followers`} className="stat">
            <span className="stat__value" data-testid="followers-count">
              {formatCount(profile.followersCount, lang)}
            </span>{' '}
            <span className="stat__label">{t('profile.followers')}</span>
          </Link>
        </div>
        {isSelf ? (
          <>
            <ButtonLink to="/settings/profile" variant="secondary">
              {t('profile.editProfile')}
            </ButtonLink>
            <ButtonLink to="/me/words" variant="secondary">
              {t('myWords.title')}
            </ButtonLink>
          </>
        ) : (
          <ProfileActions profile={profile} signedIn={me !== null} />
        )}
      </div>
      <ProfileTabs profile={profile} isSelf={isSelf} />
    </article>
  );
}
