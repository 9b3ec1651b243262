// Home, Explore, New note and Messages: honest placeholders until their capabilities land.
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/accounts.ts';
import { ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { MessageIcon, NoteIcon, SearchIcon } from '../components/icons.tsx';
import { Logo } from '../components/logo.tsx';
import { PageHeader } from '../components/page-header.tsx';
import './placeholder-pages.css';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return null;
  if (!me.data) {
    return (
      <div className="home">
        <section className="hero">
          <Logo size="lg" />
          <h1 className="hero__title">{t('home.signedOutTitle')}</h1>
          <p className="hero__body">{t('home.signedOutBody')}</p>
          <div className="hero__actions">
            <ButtonLink to="/signup" size="lg">
              {t('auth.signUp')}
            </ButtonLink>
            <ButtonLink to="/login" size="lg" variant="secondary">
              {t('auth.logIn')}
            </ButtonLink>
          </div>
        </section>
      </div>
    );
  }
  return (
    <div className="home">
      <header className="home__top">
        <span className="home__logo">
          <Logo />
        </span>
        <h1 className="home__greeting">{t('home.welcome', { name: me.data.displayName })}</h1>
      </header>
      <EmptyState
        icon={<NoteIcon size={32} />}
        title={t('home.emptyTitle')}
        body={t('home.emptyBody')}
        actions={
          <ButtonLink to={`/u/${me.data.handle}`} variant="secondary">
            {t('settings.viewProfile')}
          </ButtonLink>
        }
      />
    </div>
  );
}

export function ExplorePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('explore.title')} />
      <EmptyState icon={<SearchIcon size={32} />} title={t('explore.emptyTitle')} body={t('explore.emptyBody')} />
    </>
  );
}

export function MessagesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('messages.title')} />
      <EmptyState icon={<MessageIcon size={32} />} title={t('messages.emptyTitle')} body={t('messages.emptyBody')} />
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <EmptyState title={t('notFound.title')} body={t('notFound.body')} actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>} />;
}
