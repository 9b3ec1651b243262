// Home: a welcome (a call to post for members, to sign up for visitors) above the waterfall of
// everyone's latest public notes, loading more as the reader scrolls. (The welcome carries the one
// call to action; the empty state only explains.)
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/accounts.ts';
import { useRecentNotes } from '../api/note-lists.ts';
import { ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { NoteIcon, PlusIcon } from '../components/icons.tsx';
import { Logo } from '../components/logo.tsx';
import { NoteListSection } from './note-list-section.tsx';
import './home-page.css';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const recent = useRecentNotes();
  const signedIn = Boolean(me.data);

  return (
    <div className="home-page">
      {me.isPending ? (
        <div className="home-hero home-hero--pending" aria-hidden="true" />
      ) : me.data ? (
        <header className="home-hero home-hero--member">
          <span className="home-hero__logo">
            <Logo />
          </span>
          <div className="home-hero__text">
            <h1 className="home-hero__title">{t('home.welcome', { name: me.data.displayName })}</h1>
            <p className="home-hero__body">{t('homeFeed.signedInBody')}</p>
          </div>
          <div className="home-hero__actions">
            <ButtonLink to="/compose" icon={<PlusIcon size={18} />}>
              {t('homeFeed.post')}
            </ButtonLink>
          </div>
        </header>
      ) : (
        <header className="home-hero home-hero--visitor">
          <span className="home-hero__logo">
            <Logo size="lg" />
          </span>
          <div className="home-hero__text">
            <h1 className="home-hero__title">{t('homeFeed.signedOutTitle')}</h1>
            <p className="home-hero__body">{t('homeFeed.signedOutBody')}</p>
          </div>
          <div className="home-hero__actions">
            <ButtonLink to="/signup" size="lg">
              {t('auth.signUp')}
            </ButtonLink>
            <ButtonLink to="/login" size="lg" variant="secondary">
              {t('auth.logIn')}
            </ButtonLink>
          </div>
        </header>
      )}
      <section className="home-page__feed" aria-labelledby="home-latest">
        <h2 className="home-page__section" id="home-latest">
          {t('homeFeed.latest')}
        </h2>
        <NoteListSection
          query={recent}
          label={t('homeFeed.label')}
          empty={
            <EmptyState
              icon={<NoteIcon size={32} />}
              title={t('homeFeed.emptyTitle')}
              body={signedIn ? t('homeFeed.emptyBody') : t('homeFeed.emptyBodySignedOut')}
            />
          }
        />
      </section>
    </div>
  );
}
