// /t/:tag — a topic: #tag as the title, how many views, people and notes it has, Follow, related
// tags, and its notes Hot or New (`?sort=new`, in the address) in the waterfall, loading more as the
// reader scrolls. Every hashtag in a note or comment, and every trending chip, links here.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import type { Topic } from '../../shared/api/feed.ts';
import { useMe } from '../api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { type TopicSort, useFollowTopic, useTopic, useTopicNotes } from '../api/feed.ts';
import { isTag } from '../api/note-lists.ts';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PlusIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { loginPath } from '../components/require-auth.tsx';
import { LinkTabs } from '../components/tabs.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatCount } from '../lib/format.ts';
import { useScrollMemory } from '../lib/scroll-memory.ts';
import { useImpressionTracker } from '../lib/use-signals.ts';
import { NoteListSection } from './note-list-section.tsx';
import './tag-page.css';

function topicSortOf(params: URLSearchParams): TopicSort {
  return params.get('sort') === 'new' ? 'new' : 'hot';
}

export function TagPage() {
  const { tag = '' } = useParams();
  // Keyed by tag: another tag starts at its own top, with its own list.
  return <TagView key={tag} tag={tag} />;
}

function TagView({ tag }: { tag: string }) {
  const { t } = useTranslation();
  const valid = isTag(tag);
  const [params] = useSearchParams();
  const sort = topicSortOf(params);
  const base = `/t/${encodeURIComponent(tag)}`;
  const pageRef = useRef<HTMLDivElement>(null);
  useScrollMemory(pageRef);

  return (
    <div className="tag-page" ref={pageRef}>
      <PageHeader title={<bdi>{t('tagPage.title', { tag })}</bdi>} backTo="/" />
      {valid ? (
        <>
          <TopicHead tag={tag} />
          <LinkTabs
            className="tag-page__tabs"
            label={t('topic.sortLabel')}
            active={sort}
            items={[
              { key: 'hot', to: base, label: t('topic.hot') },
              { key: 'new', to: `${base}?sort=new`, label: t('topic.new') },
            ]}
          />
          <div className="tag-page__grid">
            <TopicNotes key={sort} tag={tag} sort={sort} />
          </div>
        </>
      ) : (
        <EmptyState
          icon={<span className="tag-page__hash">#</span>}
          title={t('tagPage.invalidTitle')}
          body={t('tagPage.invalidBody')}
          actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
        />
      )}
    </div>
  );
}

/** The topic's numbers and Follow; its place is held (same height) while they load. */
function TopicHead({ tag }: { tag: string }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const topic = useTopic(tag);
  // A tag nobody has used yet may be unknown to the server: it has nothing of anything.
  const data = topic.data ?? (isApiError(topic.error) && topic.error.status === 404 ? emptyTopic(tag) : undefined);
  const count = (key: 'views' | 'participants' | 'notes', n: number) => t(`topic.${key}`, { count: n, formatted: formatCount(n, lang) });
  return (
    <section className="topic-head" aria-label={t('topic.stats', { tag })} aria-busy={topic.isPending}>
      <div className="topic-head__row">
        <span className="topic-head__icon" aria-hidden="true">
          #
        </span>
        <div className="topic-head__text">
          {data ? (
            <>
              <p className="topic-head__views" data-testid="topic-views">
                {count('views', data.views)}
              </p>
              <p className="topic-head__stats">
                <span data-testid="topic-notes">{count('notes', data.notes)}</span>
                <span aria-hidden="true"> · </span>
                <span data-testid="topic-participants">{count('participants', data.participants)}</span>
              </p>
            </>
          ) : topic.isError ? (
            <p className="topic-head__stats">{describeError(t, topic.error)}</p>
          ) : (
            <>
              <span className="topic-head__bone topic-head__bone--wide" />
              <span className="topic-head__bone" />
            </>
          )}
        </div>
        <FollowTopic tag={tag} topic={data} />
      </div>
      {data && data.related.length > 0 ? (
        <nav className="topic-head__related" aria-label={t('topic.relatedLabel')}>
          <span className="topic-head__related-title">{t('topic.related')}</span>
          <ul className="topic-head__chips">
            {data.related.map((related) => (
              <li key={related}>
                <Link className="topic-head__chip" to={`/t/${encodeURIComponent(related)}`} aria-label={`#${related}`}>
                  #<bdi>{related}</bdi>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}

function emptyTopic(tag: string): Topic {
  return { tag, views: 0, participants: 0, notes: 0, following: false, related: [] };
}

function FollowTopic({ tag, topic }: { tag: string; topic: Topic | undefined }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  const follow = useFollowTopic(tag);
  if (!me.data) {
    if (me.isPending) return null;
    return (
      <ButtonLink to={loginPath(location.pathname + location.search)} size="sm" className="topic-head__follow">
        {t('topic.follow')}
      </ButtonLink>
    );
  }
  if (!topic) return null;
  return (
    <div className="topic-head__follow-wrap">
      {topic.following ? (
        <Button
          variant="secondary"
          size="sm"
          className="topic-head__follow"
          aria-pressed="true"
          title={t('topic.unfollow', { tag })}
          onClick={() => follow.mutate(false)}
        >
          {t('topic.following')}
        </Button>
      ) : (
        <Button size="sm" className="topic-head__follow" aria-pressed="false" onClick={() => follow.mutate(true)}>
          {t('topic.follow')}
        </Button>
      )}
      {follow.isError ? (
        <p className="field__error" role="alert">
          {describeError(t, follow.error)}
        </p>
      ) : null}
    </div>
  );
}

function TopicNotes({ tag, sort }: { tag: string; sort: TopicSort }) {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const query = useTopicNotes(tag, sort);
  const tracker = useImpressionTracker();
  return (
    <NoteListSection
      query={query}
      label={t(sort === 'hot' ? 'topic.hotLabel' : 'topic.newLabel', { tag })}
      tracker={tracker}
      end={<p className="waterfall__end">{t('topic.end', { tag })}</p>}
      empty={
        <EmptyState
          icon={<span className="tag-page__hash">#</span>}
          title={t('tagPage.emptyTitle', { tag })}
          body={t('tagPage.emptyBody', { tag })}
          actions={
            signedIn ? (
              <ButtonLink to="/compose" icon={<PlusIcon size={18} />}>
                {t('homeFeed.post')}
              </ButtonLink>
            ) : null
          }
        />
      }
    />
  );
}
