// Home: a compact welcome (a call to post for members, to sign up for visitors), then the feeds as
// RedNote has them: Explore (发现, the default) and Following (关注), the tab in the address
// (`/?tab=following`) so back and forward move between them. Explore leads with trending topics.
// Both load more as the reader scrolls; a card's "⋯" (or a long press) offers "Not interested".
// (The welcome carries the one call to action; an empty feed only explains.)
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Me } from '../../shared/api/accounts.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { useMe } from '../api/accounts.ts';
import { type FeedKind, restartFeed, useFeed, useNotInterested } from '../api/feed.ts';
import { Toast, useToast } from '../components/action-bar-toast.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { NoteIcon, PlusIcon, SearchIcon, UserIcon } from '../components/icons.tsx';
import { Logo } from '../components/logo.tsx';
import type { MenuItem } from '../components/menu.tsx';
import { loginPath } from '../components/require-auth.tsx';
import { TrendingSearchesStrip } from '../components/search-trending.tsx';
import { LinkTabs } from '../components/tabs.tsx';
import { TrendingStrip } from '../components/trending-strip.tsx';
import { WaterfallSkeleton } from '../components/waterfall.tsx';
import { describeError } from '../lib/errors.ts';
import { useScrollMemory } from '../lib/scroll-memory.ts';
import { useImpressionTracker } from '../lib/use-signals.ts';
import { NoteListSection } from './note-list-section.tsx';
import './home-page.css';

function feedTabOf(params: URLSearchParams): FeedKind {
  return params.get('tab') === 'following' ? 'following' : 'explore';
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const tab = feedTabOf(params);
  const queryClient = useQueryClient();
  const { toast, show, dismiss } = useToast();
  // Where the feed starts (the tabs stick to the top when scrolled past it).
  const feedTop = useRef<HTMLDivElement>(null);
  // Back from a note: the feed where the reader left it.
  const pageRef = useRef<HTMLDivElement>(null);
  useScrollMemory(pageRef);

  // Another tab: start it at its top (the tabs stay in view), not at the depth the other was read to.
  const shownTab = useRef(tab);
  useEffect(() => {
    if (shownTab.current === tab) return;
    shownTab.current = tab;
    scrollToFeed(feedTop.current);
  }, [tab]);

  const onReselect = (kind: FeedKind) => {
    // The tab again: back to the top and a fresh page (RedNote's tap-to-refresh).
    scrollToFeed(feedTop.current);
    if (kind === 'explore' || me.data) void restartFeed(queryClient, kind);
  };

  return (
    <div className="home-page" ref={pageRef}>
      <Welcome me={me.data} pending={me.isPending} />
      <div ref={feedTop} />
      <div className="home-page__tabs">
        <LinkTabs
          className="home-page__tablist"
          label={t('feed.tabsLabel')}
          active={tab}
          onReselect={onReselect}
          items={[
            { key: 'explore', to: '/', label: t('feed.explore') },
            { key: 'following', to: '/?tab=following', label: t('feed.following') },
          ]}
        />
        {/* Search, where RedNote has it: at the end of the feed's tabs (a box on a wide screen). */}
        <Link to="/search" className="home-page__search" aria-label={t('search.title')} data-testid="home-search">
          <SearchIcon size={20} />
          <span className="home-page__search-text" aria-hidden="true">
            {t('search.placeholder')}
          </span>
        </Link>
      </div>
      <section className="home-page__feed" aria-label={tab === 'explore' ? t('feed.exploreLabel') : t('feed.followingLabel')}>
        {tab === 'explore' ? (
          <ExploreFeed me={me.data ?? null} onToast={show} />
        ) : me.isPending ? (
          <WaterfallSkeleton label={t('common.loading')} />
        ) : me.data ? (
          <FollowingFeed />
        ) : (
          <EmptyState
            icon={<UserIcon size={32} />}
            title={t('feed.signInTitle')}
            body={t('feed.signInBody')}
            actions={
              <>
                <ButtonLink to={loginPath('/?tab=following')}>{t('auth.logIn')}</ButtonLink>
                <ButtonLink to="/signup" variant="secondary">
                  {t('auth.signUp')}
                </ButtonLink>
              </>
            }
          />
        )}
      </section>
      <Toast toast={toast} onDismiss={dismiss} />
    </div>
  );
}

/** Scrolls up to where the feed starts, if the reader is below it. */
function scrollToFeed(marker: HTMLElement | null) {
  if (!marker) return;
  const top = marker.getBoundingClientRect().top + window.scrollY;
  if (window.scrollY > top) window.scrollTo({ top });
}

/** A compact welcome: on a phone the feed starts within the first screen. */
function Welcome({ me, pending }: { me: Me | null | undefined; pending: boolean }) {
  const { t } = useTranslation();
  if (pending) return <div className="home-hero home-hero--pending" aria-hidden="true" />;
  if (me) {
    return (
      <header className="home-hero home-hero--member">
        <div className="home-hero__text">
          <h1 className="home-hero__title">{t('home.welcome', { name: me.displayName })}</h1>
          <p className="home-hero__body">{t('homeFeed.signedInBody')}</p>
        </div>
        <div className="home-hero__actions">
          <ButtonLink to="/compose" size="sm" icon={<PlusIcon size={16} />}>
            {t('homeFeed.post')}
          </ButtonLink>
        </div>
      </header>
    );
  }
  return (
    <header className="home-hero home-hero--visitor">
      <span className="home-hero__logo">
        <Logo />
      </span>
      <div className="home-hero__text">
        <h1 className="home-hero__title">{t('homeFeed.signedOutTitle')}</h1>
        <p className="home-hero__body">{t('homeFeed.signedOutBody')}</p>
      </div>
      <div className="home-hero__actions">
        <ButtonLink to="/signup" size="sm">
          {t('auth.signUp')}
        </ButtonLink>
        <ButtonLink to="/login" size="sm" variant="secondary">
          {t('auth.logIn')}
        </ButtonLink>
      </div>
    </header>
  );
}

type FeedProps = { me: Me | null; onToast: (text: string) => void };

/** "Not interested" on each card, for a signed-in reader and someone else's note. */
function useCardMenu(me: Me | null, onToast: (text: string) => void) {
  const { t } = useTranslation();
  const notInterested = useNotInterested();
  if (!me) return undefined;
  return (note: NoteCard): MenuItem[] | undefined =>
    note.viewer.isAuthor
      ? undefined
      : [
          {
            key: 'not-interested',
            label: t('feed.notInterested'),
            onSelect: () =>
              notInterested.mutate(note.id, {
                onSuccess: () => onToast(t('feed.notInterestedDone')),
                onError: (error) => onToast(describeError(t, error)),
              }),
          },
        ];
}

function ExploreFeed({ me, onToast }: FeedProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useFeed('explore');
  const tracker = useImpressionTracker();
  const cardMenu = useCardMenu(me, onToast);
  const refresh = () => {
    window.scrollTo({ top: 0 });
    void restartFeed(queryClient, 'explore');
  };
  return (
    <>
      <TrendingStrip />
      <TrendingSearchesStrip />
      <NoteListSection
        query={query}
        label={t('feed.exploreLabel')}
        tracker={tracker}
        cardMenu={cardMenu}
        end={
          <div className="home-page__end">
            <p className="waterfall__end">{t('feed.exploreEnd')}</p>
            <Button variant="secondary" size="sm" onClick={refresh}>
              {t('feed.refresh')}
            </Button>
          </div>
        }
        empty={
          <EmptyState icon={<NoteIcon size={32} />} title={t('homeFeed.emptyTitle')} body={me ? t('homeFeed.emptyBody') : t('homeFeed.emptyBodySignedOut')} />
        }
      />
    </>
  );
}

/** The people the reader follows, newest first ("Not interested" is Explore's: here they chose). */
function FollowingFeed() {
  const { t } = useTranslation();
  const query = useFeed('following');
  const tracker = useImpressionTracker();
  return (
    <NoteListSection
      query={query}
      label={t('feed.followingLabel')}
      tracker={tracker}
      end={<p className="waterfall__end">{t('feed.followingEnd')}</p>}
      empty={
        <EmptyState
          icon={<UserIcon size={32} />}
          title={t('feed.followingEmptyTitle')}
          body={t('feed.followingEmptyBody')}
          actions={<ButtonLink to="/">{t('feed.findPeople')}</ButtonLink>}
        />
      }
    />
  );
}
