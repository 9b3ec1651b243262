// A board's links: videos saved elsewhere (liked or favourited on TikTok, brought over by an import),
// known only by their address. Shown under the board's notes when it has any; each opens in a new tab
// without handing this page to the other site (noopener noreferrer).
import { useTranslation } from 'react-i18next';
import type { Board, BoardLink } from '../../shared/api/boards.ts';
import { useBoardLinks } from '../api/portability.ts';
import { Button } from '../components/button.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatDate } from '../lib/format.ts';
import './data/data.css';

/** Only http(s) addresses become links: anything else is shown as text. */
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

export function BoardLinks({ board }: { board: Board }) {
  const { t } = useTranslation();
  const has = board.linkCount > 0;
  const query = useBoardLinks(board.id, has);
  if (!has) return null;
  const links = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="board-links" aria-labelledby="board-links-title" data-testid="board-links">
      <h2 id="board-links-title" className="board-links__title">
        {t('data.links.title')} <span className="muted">{t('data.links.count', { count: board.linkCount })}</span>
      </h2>
      {query.isError && links.length === 0 ? (
        <p className="data__alert" role="alert">
          {describeError(t, query.error)}
        </p>
      ) : null}
      <ul className="board-links__list">
        {links.map((link) => (
          <LinkRow key={link.url} link={link} />
        ))}
      </ul>
      {query.hasNextPage ? (
        <div className="data__more">
          <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function LinkRow({ link }: { link: BoardLink }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const source = link.source === 'tiktok_like' || link.source === 'tiktok_favorite' ? link.source : 'other';
  const label = link.title || link.url;
  return (
    <li className="board-link" data-testid="board-link">
      {isWebUrl(link.url) ? (
        <a className="board-link__url" href={link.url} target="_blank" rel="noopener noreferrer">
          {label}
          <span className="visually-hidden"> ({t('data.links.opens')})</span>
        </a>
      ) : (
        <span className="board-link__url">{label}</span>
      )}
      <span className="board-link__meta muted">
        {t(`data.links.source.${source}`)} · {t('data.links.saved', { date: formatDate(link.savedAt, lang) })}
      </span>
    </li>
  );
}
