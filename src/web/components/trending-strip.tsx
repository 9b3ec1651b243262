// Trending topics as a row of chips above Explore (each to its topic page); nothing at all when
// there is nothing trending, or the list can't be had.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTrending } from '../api/feed.ts';
import './trending-strip.css';

const SHOWN = 12;

export function TrendingStrip() {
  const { t } = useTranslation();
  const trending = useTrending();
  const topics = trending.data?.topics.slice(0, SHOWN) ?? [];
  if (topics.length === 0) return null;
  return (
    <section className="trending" aria-label={t('feed.trendingLabel')} data-testid="trending">
      <span className="trending__title" aria-hidden="true">
        <FlameIcon />
        {t('feed.trending')}
      </span>
      <ul className="trending__list chip-row">
        {topics.map((topic, i) => (
          <li key={topic.tag}>
            <Link
              to={`/t/${encodeURIComponent(topic.tag)}`}
              className={`trending__chip ${i < 3 ? 'trending__chip--top' : ''}`}
              // one name, "#tag" (the chip's parts are flex items, which names would space apart)
              aria-label={`#${topic.tag}`}
            >
              <span className="trending__hash">#</span>
              <bdi>{topic.tag}</bdi>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FlameIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
      <path d="M12 2c.6 3.3-1 5.2-2.6 7C7.8 10.8 6 12.7 6 15.6 6 19.2 8.7 22 12 22s6-2.8 6-6.4c0-2.3-1-4-2.2-5.4-.3 1.4-1 2.4-2.1 2.9.4-3.8-.8-8.2-1.7-11.1z" />
    </svg>
  );
}
