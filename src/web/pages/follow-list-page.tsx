import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type FollowListKind, useFollowList, useProfile } from '../api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { Avatar } from '../components/avatar.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { UserIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Tabs } from '../components/tabs.tsx';
import { describeError } from '../lib/errors.ts';
import './follow-list-page.css';

export function FollowListPage({ kind }: { kind: FollowListKind }) {
  const { handle = '' } = useParams();
  const { t } = useTranslation();
  const profile = useProfile(handle);
  const list = useFollowList(handle, kind);
  const name = profile.data?.displayName ?? `@${handle}`;
  const base = `/u/${handle}`;

  if (isApiError(list.error) && list.error.status === 404) {
    return (
      <EmptyState
        icon={<UserIcon size={32} />}
        title={t('profile.notFoundTitle')}
        body={t('profile.notFoundBody', { handle })}
        actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
      />
    );
  }

  const people = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="follow-list">
      <PageHeader title={name} backTo={base} />
      <Tabs
        label={kind === 'followers' ? t('profile.followersOf', { name }) : t('profile.followingOf', { name })}
        items={[
          { to: `${base}/following`, label: t('profile.following') },
          { to: `${base}/followers`, label: t('profile.followers') },
        ]}
      />
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError && people.length === 0 ? (
        <EmptyState tone="error" title={describeError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : people.length === 0 ? (
        <EmptyState title={kind === 'followers' ? t('profile.emptyFollowers') : t('profile.emptyFollowing')} />
      ) : (
        <>
          <ul className="people">
            {people.map((person) => (
              <li key={person.handle}>
                <Link to={`/u/${person.handle}`} className="person">
                  <Avatar user={person} size="md" />
                  <span className="person__text">
                    <span className="person__name">{person.displayName}</span>
                    <span className="person__handle">@{person.handle}</span>
                    {person.bio ? <span className="person__bio">{person.bio}</span> : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <div className="follow-list__more">
            {list.hasNextPage ? (
              <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {t('common.loadMore')}
              </Button>
            ) : (
              <p className="muted">{t('profile.endOfList')}</p>
            )}
            {list.isFetchNextPageError ? (
              <p className="field__error" role="alert">
                {describeError(t, list.error)}
              </p>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
