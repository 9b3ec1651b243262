// Follow / Following for a person in a list (search results): the same calls and cache updates as the
// profile page (PUT/DELETE /users/:handle/follow through useRelation, on the profile's cached state).
// Signed out, it is a link to log in that comes back here; on yourself, or on someone you block, nothing.
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useMe, useProfile, useRelation } from '../api/accounts.ts';
import { describeError } from '../lib/errors.ts';
import { Button, ButtonLink } from './button.tsx';
import { loginPath } from './require-auth.tsx';
import './follow-button.css';

/** Whether `handle` is the signed-in reader. */
export const isSelf = (me: { handle: string } | null | undefined, handle: string) => Boolean(me && me.handle.toLowerCase() === handle.toLowerCase());

export function FollowButton({ handle, name }: { handle: string; name: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return null;
  if (!me.data)
    return (
      <ButtonLink to={loginPath(location.pathname + location.search)} size="sm" className="follow-button" aria-label={t('search.followPerson', { name })}>
        {t('profile.follow')}
      </ButtonLink>
    );
  if (isSelf(me.data, handle)) return null;
  return <FollowToggle handle={handle} name={name} />;
}

function FollowToggle({ handle, name }: { handle: string; name: string }) {
  const { t } = useTranslation();
  const profile = useProfile(handle);
  const relation = useRelation(handle);
  const viewer = profile.data?.viewer;
  // Until the profile says whether the reader follows them: the button's place, held (no jump).
  if (!viewer) return profile.isError ? null : <span className="follow-button follow-button--waiting" aria-hidden="true" />;
  if (viewer.blocking) return null;
  return (
    <span className="follow-button__wrap">
      {viewer.following ? (
        <Button
          size="sm"
          variant="secondary"
          className="follow-button"
          title={t('profile.unfollow')}
          aria-label={t('search.followingPerson', { name })}
          onClick={() => relation.mutate({ relation: 'follow', on: false })}
        >
          {t('profile.followingButton')}
        </Button>
      ) : (
        <Button
          size="sm"
          className="follow-button"
          aria-label={t(viewer.followedBy ? 'search.followBackPerson' : 'search.followPerson', { name })}
          onClick={() => relation.mutate({ relation: 'follow', on: true })}
        >
          {viewer.followedBy ? t('profile.followBack') : t('profile.follow')}
        </Button>
      )}
      {relation.isError ? (
        <span className="follow-button__error" role="alert">
          {describeError(t, relation.error)}
        </span>
      ) : null}
    </span>
  );
}
