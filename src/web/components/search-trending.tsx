// Trending searches: a row of chips on Home (beside trending topics), and the ranked list on the search
// page when its box is empty. Each is a link to that search. Nothing at all when nothing is trending.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTrendingSearches } from '../api/search.ts';
import { searchHref } from '../lib/search-state.ts';
import { SearchIcon } from './icons.tsx';
import './search-trending.css';

const STRIP = 10;
const LIST = 10;

/** Home's row of trending searches, under its trending topics. */
export function TrendingSearchesStrip() {
  const { t } = useTranslation();
  const queries = useTrendingSearches().data?.queries.slice(0, STRIP) ?? [];
  if (queries.length === 0) return null;
  return (
    <section className="trending-searches" aria-label={t('search.trending')} data-testid="trending-searches">
      <Link to="/search" className="trending-searches__title">
        <SearchIcon size={14} />
        {t('search.trending')}
      </Link>
      <ul className="trending-searches__list chip-row">
        {queries.map(({ q }) => (
          <li key={q}>
            <Link to={searchHref({ q })} className="trending-searches__chip">
              <bdi>{q}</bdi>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The search page's ranked list (the first three in the accent), or nothing. */
export function TrendingSearchesList() {
  const { t } = useTranslation();
  const queries = useTrendingSearches().data?.queries.slice(0, LIST) ?? [];
  if (queries.length === 0) return null;
  return (
    <section className="search-trending" aria-labelledby="search-trending-title" data-testid="search-trending">
      <h2 id="search-trending-title" className="search-section__title">
        {t('search.trending')}
      </h2>
      <ol className="search-trending__list">
        {queries.map(({ q }, i) => (
          <li key={q}>
            <Link to={searchHref({ q })} className="search-trending__item">
              <span className={`search-trending__rank ${i < 3 ? 'search-trending__rank--top' : ''}`} aria-hidden="true">
                {i + 1}
              </span>
              <bdi className="search-trending__q">{q}</bdi>
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
