// /search?q=…&type=…&sort=… — one box for notes, people and topics, in English, 中文 or across the two.
// The address is the state (lib/search-state.ts): back and forward move between searches, a shared
// link shows the same one. With no query: the reader's recent searches and what is trending. With one:
// tabs Notes / People / Topics; notes sorted and filtered, in the waterfall, the words that matched
// marked; "Also showing results for 火锅" names the words the query was widened with; related searches.
import { type ReactNode, type RefObject, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../shared/api/accounts.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import type { SearchHit, SearchResult, SearchType, SearchUser } from '../../shared/api/search.ts';
import { useMe, useProfile } from '../api/accounts.ts';
import { useForgetSearch, useSearchHistory, useSearchResults, useTrendingSearches } from '../api/search.ts';
import { Avatar } from '../components/avatar.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { FollowButton, isSelf } from '../components/follow-button.tsx';
import { Highlighted } from '../components/highlighted.tsx';
import { SearchIcon } from '../components/icons.tsx';
import { SearchBox } from '../components/search-box.tsx';
import { TrendingSearchesList } from '../components/search-trending.tsx';
import { LinkTabs } from '../components/tabs.tsx';
import { AUTO_PAGES, Waterfall, WaterfallSkeleton } from '../components/waterfall.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatCount } from '../lib/format.ts';
import { usePageTitle } from '../lib/page-title.ts';
import { useScrollMemory } from '../lib/scroll-memory.ts';
import {
  activeFilters,
  distinctTerms,
  readSearchState,
  SEARCH_LANGS,
  SEARCH_MEDIA,
  SEARCH_SORTS,
  SEARCH_TIMES,
  SEARCH_TYPES,
  type SearchState,
  searchHref,
} from '../lib/search-state.ts';
import './search-page.css';

export function SearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const state = readSearchState(params);
  const q = state.q.trim();
  const navigate = useNavigate();
  const pageRef = useRef<HTMLDivElement>(null);
  useScrollMemory(pageRef);
  usePageTitle(q ? t('search.pageTitle', { q }) : t('search.title'));

  return (
    <div className="search-page" ref={pageRef}>
      <h1 className="visually-hidden">{q ? t('search.pageTitle', { q }) : t('search.title')}</h1>
      <div className="search-page__head">
        <SearchBox value={q} autoFocus={!q} onSearch={(next) => void navigate(searchHref({ q: next, type: state.type }))} />
      </div>
      {q ? (
        <>
          <LinkTabs
            className="search-page__tabs"
            label={t('search.tabsLabel')}
            active={state.type}
            items={SEARCH_TYPES.map((type) => ({ key: type, to: searchHref({ q, type }), label: t(`search.${type}`) }))}
          />
          {state.type === 'notes' ? <NoteTools state={state} /> : null}
          {/* Keyed by the search: another one starts with its own pages. */}
          <Results key={searchHref(state)} state={{ ...state, q }} />
        </>
      ) : (
        <SearchStart />
      )}
    </div>
  );
}

// --- no query: recent and trending ------------------------------------------------------------

function SearchStart() {
  const { t } = useTranslation();
  const me = useMe();
  const history = useSearchHistory(Boolean(me.data));
  const trending = useTrendingSearches();
  const recent = history.data?.items ?? [];
  const settled = !me.isPending && !(me.data && history.isPending) && !trending.isPending;
  return (
    <div className="search-start">
      {recent.length > 0 ? <RecentSearches items={recent} /> : null}
      <TrendingSearchesList />
      {/* With nothing to list, a word on what search does. */}
      {settled && recent.length === 0 && (trending.data?.queries.length ?? 0) === 0 ? (
        <EmptyState icon={<SearchIcon size={32} />} title={t('search.startTitle')} body={t('search.startBody')} />
      ) : null}
    </div>
  );
}

function RecentSearches({ items }: { items: { q: string }[] }) {
  const { t } = useTranslation();
  const forget = useForgetSearch();
  return (
    <section className="search-recent" aria-labelledby="search-recent-title" data-testid="search-history">
      <div className="search-section__head">
        <h2 id="search-recent-title" className="search-section__title">
          {t('search.recent')}
        </h2>
        <button type="button" className="search-section__action" onClick={() => forget.mutate(undefined)}>
          {t('search.clearAll')}
        </button>
      </div>
      <ul className="search-recent__list">
        {items.map(({ q }) => (
          <li key={q} className="search-recent__item">
            <Link to={searchHref({ q })} className="search-recent__q">
              <bdi>{q}</bdi>
            </Link>
            <button type="button" className="search-recent__remove" aria-label={t('search.remove', { q })} onClick={() => forget.mutate(q)}>
              <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="m6 6 12 12M18 6 6 18" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
              </svg>
            </button>
          </li>
        ))}
      </ul>
      {forget.isError ? (
        <p className="field__error" role="alert">
          {describeError(t, forget.error)}
        </p>
      ) : null}
    </section>
  );
}

// --- results -----------------------------------------------------------------------------------

function Results({ state }: { state: SearchState }) {
  const { t } = useTranslation();
  const query = useSearchResults(state);
  // Rendered as a transition: a page of cards doesn't hold the main thread in one piece.
  const data = useDeferredValue(query.data);
  const first = data?.pages[0];
  const hits = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const drawing = (query.data?.pages.length ?? 0) > (data?.pages.length ?? 0);

  let body: ReactNode;
  if (query.isPending || (query.data && !data)) {
    body = state.type === 'notes' ? <WaterfallSkeleton label={t('common.loading')} /> : <Spinner label={t('common.loading')} />;
  } else if (query.isError && hits.length === 0) {
    body = (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  } else if (hits.length === 0) {
    const filtered = state.type === 'notes' && activeFilters(state) > 0;
    body = (
      <EmptyState
        icon={<SearchIcon size={32} />}
        title={t('search.noResultsTitle', { q: state.q })}
        body={filtered ? t('search.noResultsFiltered') : t('search.noResultsBody')}
        actions={
          filtered ? (
            <ButtonLink to={searchHref({ q: state.q, sort: state.sort })} variant="secondary">
              {t('search.resetFilters')}
            </ButtonLink>
          ) : null
        }
      />
    );
  } else {
    const paging = {
      hasMore: query.hasNextPage,
      loadingMore: query.isFetchingNextPage || drawing,
      pages: data?.pages.length ?? 0,
      loadMoreError: query.isFetchNextPageError ? query.error : null,
      onLoadMore: () => void query.fetchNextPage(),
    };
    const end = <p className="waterfall__end">{t('search.end', { q: state.q })}</p>;
    body =
      state.type === 'notes' ? (
        <NoteResults hits={hits} label={t('search.notesLabel', { q: state.q })} end={end} {...paging} />
      ) : (
        <RowResults hits={hits} label={t(state.type === 'users' ? 'search.usersLabel' : 'search.topicsLabel', { q: state.q })} end={end} {...paging} />
      );
  }

  return (
    <>
      {first ? <Widened result={first} q={state.q} /> : null}
      {first ? <Related related={first.related} type={state.type} /> : null}
      <section className={`search-page__results search-page__results--${state.type}`} aria-busy={query.isFetching}>
        {body}
      </section>
    </>
  );
}

/** Sort (as tabs of links) and the filters (a panel the Filters button opens); each choice is an address. */
function NoteTools({ state }: { state: SearchState }) {
  const { t } = useTranslation();
  const count = activeFilters(state);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const filterRows = [
    { key: 'media', label: t('search.mediaLabel'), any: t('search.mediaAny'), values: SEARCH_MEDIA, current: state.media },
    { key: 'lang', label: t('search.langLabel'), any: t('search.langAny'), values: SEARCH_LANGS, current: state.lang },
    { key: 'time', label: t('search.timeLabel'), any: t('search.timeAny'), values: SEARCH_TIMES, current: state.time },
  ] as const;
  return (
    <>
      <div className="search-tools">
        <nav className="search-tools__sort" aria-label={t('search.sortLabel')}>
          {SEARCH_SORTS.map((sort) => (
            <Link
              key={sort}
              to={searchHref({ ...state, sort })}
              className={`search-chip ${state.sort === sort ? 'search-chip--on' : ''}`}
              aria-current={state.sort === sort ? 'true' : undefined}
              data-sort={sort}
            >
              {t(`search.${sort}`)}
            </Link>
          ))}
        </nav>
        <button
          type="button"
          className={`search-tools__filters ${count > 0 ? 'search-tools__filters--on' : ''}`}
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          <FilterIcon />
          {t('search.filters')}
          {count > 0 ? <span className="search-tools__count">{count}</span> : null}
        </button>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a group of links (each filter is an address), not form fields to fieldset */}
      <div id={panelId} className="search-filters" hidden={!open} role="group" aria-label={t('search.filtersLabel')}>
        {filterRows.map((row) => (
          <div key={row.key} className="search-filters__row">
            <span className="search-filters__label">{row.label}</span>
            <ul className="search-filters__chips">
              {[null, ...row.values].map((value) => (
                <li key={value ?? 'any'}>
                  <Link
                    to={searchHref({ ...state, [row.key]: value })}
                    className={`search-chip search-chip--small ${row.current === value ? 'search-chip--on' : ''}`}
                    aria-current={row.current === value ? 'true' : undefined}
                    replace
                  >
                    {value === null ? row.any : t(`search.${value}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
        {count > 0 ? (
          <Link to={searchHref({ q: state.q, sort: state.sort })} className="search-filters__reset" replace>
            {t('search.resetFilters')}
          </Link>
        ) : null}
      </div>
    </>
  );
}

/** "Also showing results for 火锅, hot pot": the words the query was widened with, each once. */
function Widened({ result, q }: { result: SearchResult; q: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const terms = distinctTerms(result.expansions, q);
  if (terms.length === 0) return null;
  return (
    <p className="search-page__widened" data-testid="search-expansions">
      {t('search.alsoShowing')}{' '}
      {terms.map((e, i) => (
        <span key={e.term}>
          <strong title={t('search.expandedFrom', { from: e.from, via: t(`search.via.${e.via}`) })}>
            <bdi>{e.term}</bdi>
          </strong>
          {i < terms.length - 1 ? (lang === 'zh' ? '、' : ', ') : null}
        </span>
      ))}
    </p>
  );
}

function Related({ related, type }: { related: string[]; type: SearchType }) {
  const { t } = useTranslation();
  if (related.length === 0) return null;
  return (
    <nav className="search-related" aria-label={t('search.related')} data-testid="search-related">
      <span className="search-related__title">{t('search.related')}</span>
      <ul className="search-related__list chip-row">
        {related.map((r) => (
          <li key={r}>
            <Link to={searchHref({ q: r, type })} className="search-chip search-chip--small">
              <SearchIcon size={12} />
              <bdi>{r}</bdi>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

type Paging = {
  hasMore: boolean;
  loadingMore: boolean;
  pages: number;
  loadMoreError: unknown;
  onLoadMore: () => void;
};

function NoteResults({ hits, label, end, ...paging }: Paging & { hits: SearchHit[]; label: string; end: ReactNode }) {
  const { notes, matched } = useMemo(() => {
    const seen = new Map<string, readonly string[]>();
    const out: NoteCard[] = [];
    for (const hit of hits) {
      if (!hit.note || seen.has(hit.note.id)) continue;
      seen.set(hit.note.id, hit.matched);
      out.push(hit.note);
    }
    return { notes: out, matched: seen };
  }, [hits]);
  return <Waterfall notes={notes} label={label} end={end} highlightOf={(note) => matched.get(note.id)} translate {...paging} />;
}

function RowResults({ hits, label, end, ...paging }: Paging & { hits: SearchHit[]; label: string; end: ReactNode }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const me = useMe();
  const sentinel = useRef<HTMLDivElement>(null);
  useLoadNearEnd(sentinel, paging);
  return (
    <>
      <ul className="search-rows" aria-label={label}>
        {hits.map((hit) =>
          hit.user ? (
            <PersonRow key={`u:${hit.user.handle}`} user={hit.user} matched={hit.matched} me={me.data} />
          ) : hit.topic ? (
            <li key={`t:${hit.topic.tag}`}>
              <Link to={`/t/${encodeURIComponent(hit.topic.tag)}`} className="search-row" data-testid="search-topic">
                <span className="search-row__hash" aria-hidden="true">
                  #
                </span>
                <span className="search-row__text">
                  <span className="search-row__name">
                    #
                    <bdi>
                      <Highlighted text={hit.topic.tag} words={hit.matched} />
                    </bdi>
                  </span>
                  <span className="search-row__sub">{t('topic.notes', { count: hit.topic.notes, formatted: formatCount(hit.topic.notes, lang) })}</span>
                </span>
              </Link>
            </li>
          ) : null,
        )}
      </ul>
      <div ref={sentinel} aria-hidden="true" />
      <div className="waterfall__foot">
        {paging.hasMore ? (
          <Button variant="secondary" size="sm" loading={paging.loadingMore} onClick={paging.onLoadMore}>
            {paging.loadMoreError ? t('common.retry') : t('common.loadMore')}
          </Button>
        ) : (
          end
        )}
        {paging.loadMoreError ? (
          <p className="field__error" role="alert">
            {describeError(t, paging.loadMoreError)}
          </p>
        ) : null}
      </div>
    </>
  );
}

/**
 * A person: the row to their profile and, beside it (not in the link), Follow / Following. Signed in
 * and not yourself, the follower count is the profile's, so a follow counts at once.
 */
function PersonRow({ user, matched, me }: { user: SearchUser; matched: readonly string[]; me: Me | null | undefined }) {
  return me && !isSelf(me, user.handle) ? (
    <FollowablePerson user={user} matched={matched} />
  ) : (
    <PersonRowView user={user} matched={matched} followers={user.followers} follow={me === null} />
  );
}

function FollowablePerson({ user, matched }: { user: SearchUser; matched: readonly string[] }) {
  // The same query as the Follow button's (one request): whether I follow them, and their count.
  const profile = useProfile(user.handle);
  return <PersonRowView user={user} matched={matched} followers={profile.data?.followersCount ?? user.followers} follow />;
}

function PersonRowView({ user, matched, followers, follow }: { user: SearchUser; matched: readonly string[]; followers: number; follow: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <li className="search-person" data-testid="search-user">
      <Link to={`/u/${user.handle}`} className="search-row">
        <Avatar user={user} size="md" />
        <span className="search-row__text">
          <span className="search-row__name">
            <Highlighted text={user.displayName} words={matched} />
          </span>
          <span className="search-row__sub">
            @<Highlighted text={user.handle} words={matched} />
            <span aria-hidden="true"> · </span>
            {t('search.followers', { count: followers, formatted: formatCount(followers, lang) })}
          </span>
          {user.bio ? (
            <span className="search-row__bio">
              <Highlighted text={user.bio} words={matched} />
            </span>
          ) : null}
        </span>
      </Link>
      {follow ? <FollowButton handle={user.handle} name={user.displayName || user.handle} /> : null}
    </li>
  );
}

/** How close (px below the screen) the end of a list of rows comes before the next page is fetched. */
const NEAR_END_PX = 600;

/** Infinite scroll for rows: the next page when the end comes near (bounded, like the waterfall's). */
function useLoadNearEnd(sentinel: RefObject<HTMLElement | null>, { hasMore, loadingMore, loadMoreError, pages, onLoadMore }: Paging) {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setNear(entries.some((e) => e.isIntersecting)), { rootMargin: `0px 0px ${NEAR_END_PX}px 0px` });
    observer.observe(el);
    return () => observer.disconnect();
  }, [sentinel]);
  useEffect(() => {
    if (near && hasMore && !loadingMore && !loadMoreError && pages < AUTO_PAGES) onLoadMore();
  }, [near, hasMore, loadingMore, loadMoreError, pages, onLoadMore]);
}

function FilterIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M4 6h16M7 12h10M10 18h4" />
    </svg>
  );
}
