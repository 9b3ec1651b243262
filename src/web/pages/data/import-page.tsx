// /settings/data/imports/:id — one TikTok import: what the export holds (nothing is written yet) and
// what to bring over; then the job's progress (polled); then what it did, with links to the drafts,
// the private board of liked videos and the comments archive, and the friends found through it.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ApplyImportBody, FriendSuggestion, ImportPreview, ImportView } from '../../../shared/api/portability.ts';
import { useApplyImport, useDismissSuggestion, useFriendSuggestions, useImport, useImportFinished } from '../../api/portability.ts';
import { Avatar } from '../../components/avatar.tsx';
import { Button, ButtonLink } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { FollowButton } from '../../components/follow-button.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { describeDataError } from './data-errors.ts';
import { percentOf } from './format.ts';
import '../settings.css';
import './data.css';

export function ImportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('data.importTitle'));
  return <RequireAuth>{() => <ImportScreen key={id} id={id} />}</RequireAuth>;
}

function ImportScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useImport(id);
  const finished = useImportFinished();
  const seenDone = useRef(false);
  const status = query.data?.status;

  // Once the job is done, what it changed elsewhere (profile, drafts, boards, archive) is read again.
  useEffect(() => {
    if (status === 'done' && !seenDone.current) {
      seenDone.current = true;
      finished();
    }
  }, [status, finished]);

  return (
    <div className="settings data">
      <PageHeader title={t('data.importTitle')} backTo="/settings/data" />
      {query.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : query.isError ? (
        <EmptyState
          tone="error"
          title={describeDataError(t, query.error)}
          actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <ImportBody view={query.data} />
      )}
    </div>
  );
}

function ImportBody({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  switch (view.status) {
    case 'previewed':
      return (
        <>
          <Preview preview={view.preview} />
          <ApplyForm id={view.id} />
        </>
      );
    case 'queued':
    case 'running':
      return <ImportProgress view={view} />;
    case 'done':
      return (
        <>
          <ImportResult view={view} />
          <Friends id={view.id} />
        </>
      );
    case 'failed':
      return (
        <EmptyState
          tone="error"
          title={t('data.result.failed')}
          body={view.error ?? undefined}
          actions={<ButtonLink to="/settings/data">{t('data.title')}</ButtonLink>}
        />
      );
    default:
      return (
        <EmptyState title={t('data.status.expired')} body={t('data.result.expired')} actions={<ButtonLink to="/settings/data">{t('data.title')}</ButtonLink>} />
      );
  }
}

// --- the preview ---------------------------------------------------------------------------------

function Preview({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const titleId = useId();
  const { profile, posts } = preview;
  const n = (count: number) => ({ count });
  return (
    <section className="data__section" aria-labelledby={titleId}>
      <h2 id={titleId} className="data__title">
        {t('data.preview.title')}
      </h2>
      <p className="data__hint">{t('data.preview.layout', { layout: preview.layout })}</p>

      <h3 className="data__subtitle">{t('data.preview.profile')}</h3>
      <div className="data__card data__profile" data-testid="preview-profile">
        {profile.displayName || profile.userName || profile.bio ? (
          <>
            <span className="data__profile-name">
              {profile.displayName ? <bdi>{profile.displayName}</bdi> : null}
              {profile.userName ? (
                <span className="data__meta">
                  <bdi>@{profile.userName}</bdi>
                </span>
              ) : null}
            </span>
            {profile.bio ? <p className="data__profile-bio">{profile.bio}</p> : null}
          </>
        ) : (
          <span className="muted">{t('data.preview.noProfile')}</span>
        )}
      </div>

      <ul className="data__counts" data-testid="preview-counts">
        <li>{t('data.preview.posts', n(posts.count))}</li>
        {posts.onlyMe > 0 ? <li className="data__meta">{t('data.preview.onlyMe', n(posts.onlyMe))}</li> : null}
        <li>{t('data.preview.liked', n(preview.liked.count))}</li>
        <li>{t('data.preview.favorites', n(preview.favorites.count))}</li>
        <li>{t('data.preview.comments', n(preview.comments.count))}</li>
        <li>
          {t('data.preview.following', n(preview.following.count))}
          {preview.following.onBiji > 0 ? <span className="data__meta"> · {t('data.preview.onBiji', n(preview.following.onBiji))}</span> : null}
        </li>
        <li>{t('data.preview.followers', n(preview.followers.count))}</li>
      </ul>

      {posts.items.length > 0 ? (
        <ul className="data__posts" data-testid="preview-posts">
          {posts.items.map((post, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: an export's posts have no id, and this list never changes order
            <li key={i} className="data__post">
              <p className="data__post-caption">{post.caption || t('data.drafts.untitled')}</p>
              <span className="data__meta">
                {post.date ? formatDate(post.date, lang) : t('data.preview.undated')}
                {post.likes !== null ? ` · ${t('data.preview.postLikes', n(post.likes))}` : ''}
                {` · ${t(`data.preview.who.${post.whoCanView}`)}`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

// --- choosing what to bring over -----------------------------------------------------------------

const OPTIONS = ['profile', 'posts', 'likes', 'comments'] as const;

function ApplyForm({ id }: { id: string }) {
  const { t } = useTranslation();
  const apply = useApplyImport(id);
  const [chosen, setChosen] = useState<ApplyImportBody>({ profile: true, posts: true, likes: true, comments: true });
  const titleId = useId();
  const nothing = !OPTIONS.some((o) => chosen[o]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (nothing || apply.isPending) return;
    apply.mutate(chosen);
  };

  return (
    <form className="data__section" onSubmit={onSubmit} aria-labelledby={titleId}>
      <fieldset className="data__options" data-testid="import-options">
        <legend id={titleId} className="data__title">
          {t('data.options.title')}
        </legend>
        {OPTIONS.map((option) => (
          <label key={option} className="data__option">
            <input type="checkbox" checked={chosen[option]} onChange={(e) => setChosen((c) => ({ ...c, [option]: e.target.checked }))} />
            <span className="data__option-text">
              <span className="data__option-label">{t(`data.options.${option}`)}</span>
              <span className="data__hint">{t(`data.options.${option}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className="data__hint">{t('data.options.friendsNote')}</p>
      {nothing ? (
        <p className="data__hint" role="status">
          {t('data.options.nothing')}
        </p>
      ) : null}
      {apply.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, apply.error)}
        </p>
      ) : null}
      <div className="settings-form__actions">
        <Button type="submit" data-testid="import-apply" loading={apply.isPending} disabled={nothing}>
          {apply.isPending ? t('data.options.applying') : t('data.options.apply')}
        </Button>
      </div>
    </form>
  );
}

// --- the job -------------------------------------------------------------------------------------

function ImportProgress({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { done, total } = view.progress;
  const waiting = view.status === 'queued' || total === 0;
  const label = waiting ? t('data.progress.waiting') : t('data.progress.count', { done, total });
  return (
    <section className="data__section" aria-labelledby={titleId} data-testid="import-progress">
      <h2 id={titleId} className="data__title">
        {t('data.progress.title')}
      </h2>
      <div className="data__progress" aria-live="polite">
        <span>{label}</span>
        {waiting ? <progress aria-label={label} /> : <progress max={100} value={percentOf(done, total)} aria-label={label} />}
      </div>
      <p className="data__hint">{t('data.progress.leave')}</p>
    </section>
  );
}

function ImportResult({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { counts } = view;
  const n = (count: number) => ({ count });
  return (
    <section className="data__section" aria-labelledby={titleId} data-testid="import-result" aria-live="polite">
      <h2 id={titleId} className="data__title">
        {t('data.result.title')}
      </h2>
      <ul className="data__counts">
        {counts.profile ? <li>{t('data.result.profile')}</li> : null}
        {counts.drafts > 0 ? <li>{t('data.result.drafts', n(counts.drafts))}</li> : null}
        {counts.links > 0 ? <li>{t('data.result.links', n(counts.links))}</li> : null}
        {counts.comments > 0 ? <li>{t('data.result.comments', n(counts.comments))}</li> : null}
        {counts.following > 0 ? <li>{t('data.result.following', n(counts.following))}</li> : null}
      </ul>
      <div className="settings-form__actions data__links">
        {counts.drafts > 0 ? (
          <ButtonLink to="/me/drafts" data-testid="result-drafts">
            {t('data.result.openDrafts')}
          </ButtonLink>
        ) : null}
        {view.boardId && counts.links > 0 ? (
          <ButtonLink to={`/b/${view.boardId}`} variant="secondary" data-testid="result-board">
            {t('data.result.openBoard')}
          </ButtonLink>
        ) : null}
        {counts.comments > 0 ? (
          <ButtonLink to="/me/imported-comments" variant="secondary" data-testid="result-comments">
            {t('data.result.openComments')}
          </ButtonLink>
        ) : null}
      </div>
    </section>
  );
}

// --- friends found through the import ------------------------------------------------------------

function Friends({ id }: { id: string }) {
  const { t } = useTranslation();
  const friends = useFriendSuggestions(id, true);
  const dismiss = useDismissSuggestion(id);
  const titleId = useId();
  const items = friends.data?.items ?? [];
  const waiting = friends.data?.waiting ?? 0;
  return (
    <section className="data__section" aria-labelledby={titleId} data-testid="friend-suggestions">
      <h2 id={titleId} className="data__title">
        {t('data.friends.title')}
      </h2>
      {friends.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : friends.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, friends.error)}
        </p>
      ) : (
        <>
          {items.length > 0 ? (
            <>
              <p className="data__text">{t('data.friends.lead')}</p>
              <ul className="data__friends">
                {items.map((friend) => (
                  <FriendRow
                    key={friend.tiktokUsername}
                    friend={friend}
                    dismissing={dismiss.isPending && dismiss.variables === friend.tiktokUsername}
                    onDismiss={() => dismiss.mutate(friend.tiktokUsername)}
                  />
                ))}
              </ul>
            </>
          ) : (
            <p className="data__text">{t('data.friends.none')}</p>
          )}
          {dismiss.isError ? (
            <p className="form-alert data__alert" role="alert">
              {describeDataError(t, dismiss.error)}
            </p>
          ) : null}
          {waiting > 0 ? <p className="data__hint">{t('data.friends.waiting', { count: waiting })}</p> : null}
        </>
      )}
    </section>
  );
}

function FriendRow({ friend, dismissing, onDismiss }: { friend: FriendSuggestion; dismissing: boolean; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="data__friend" data-testid="friend-suggestion" data-tiktok={friend.tiktokUsername}>
      <Link to={`/u/${friend.handle}`} className="data__friend-who">
        <Avatar user={friend} size="md" />
        <span className="data__friend-text">
          <bdi className="data__friend-name">{friend.displayName}</bdi>
          <span className="data__meta">{t('data.friends.tiktok', { name: friend.tiktokUsername })}</span>
        </span>
      </Link>
      <span className="data__friend-actions">
        <FollowButton handle={friend.handle} name={friend.displayName} />
        <Button variant="ghost" size="sm" loading={dismissing} aria-label={t('data.friends.dismissPerson', { name: friend.displayName })} onClick={onDismiss}>
          {t('data.friends.dismiss')}
        </Button>
      </span>
    </li>
  );
}
