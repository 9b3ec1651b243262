// Follow / Following, and the "…" menu with block and mute, for someone else's profile.
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Profile } from '../../shared/api/accounts.ts';
import { useRelation } from '../api/accounts.ts';
import { useStartConversation } from '../api/messages.ts';
import { Toast, useToast } from '../components/action-bar-toast.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { MoreIcon } from '../components/icons.tsx';
import { Menu } from '../components/menu.tsx';
import { useReporter } from '../components/report-sheet.tsx';
import { loginPath } from '../components/require-auth.tsx';
import { describeError } from '../lib/errors.ts';

export function ProfileActions({ profile, signedIn }: { profile: Profile; signedIn: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const relation = useRelation(profile.handle);
  const navigate = useNavigate();
  const message = useStartConversation();
  const { toast, show, dismiss } = useToast();
  const reporter = useReporter(show);
  const viewer = profile.viewer;

  if (!signedIn || !viewer) {
    return <ButtonLink to={loginPath(location.pathname)}>{t('profile.follow')}</ButtonLink>;
  }

  const change = (rel: 'follow' | 'block' | 'mute', on: boolean) => relation.mutate({ relation: rel, on });
  const onBlock = () => {
    if (viewer.blocking) change('block', false);
    else if (window.confirm(t('profile.blockConfirm', { handle: profile.handle }))) change('block', true);
  };

  return (
    <div className="profile__actions">
      {viewer.blocking ? (
        <Button variant="danger" onClick={() => change('block', false)}>
          {t('profile.unblock')}
        </Button>
      ) : viewer.following ? (
        <Button variant="secondary" title={t('profile.unfollow')} onClick={() => change('follow', false)}>
          {t('profile.followingButton')}
        </Button>
      ) : (
        <Button onClick={() => change('follow', true)}>{viewer.followedBy ? t('profile.followBack') : t('profile.follow')}</Button>
      )}
      {viewer.blocking ? null : (
        <Button
          variant="secondary"
          loading={message.isPending}
          onClick={() => message.mutate({ members: [profile.handle] }, { onSuccess: (c) => void navigate(`/messages/${c.id}`) })}
        >
          {t('profile.message')}
        </Button>
      )}
      <Menu
        label={t('profile.menu', { handle: profile.handle })}
        trigger={<MoreIcon />}
        items={[
          { key: 'mute', label: viewer.muting ? t('profile.unmute') : t('profile.mute'), onSelect: () => change('mute', !viewer.muting) },
          { key: 'block', label: viewer.blocking ? t('profile.unblock') : t('profile.block'), onSelect: onBlock, danger: !viewer.blocking },
          {
            key: 'report',
            label: t('report.action'),
            onSelect: () => reporter.open({ type: 'user', id: profile.handle, handle: profile.handle }),
            danger: true,
          },
        ]}
      />
      {viewer.blocking || viewer.muting || relation.isError || message.isError ? (
        <p className={`profile__notice ${relation.isError || message.isError ? 'profile__notice--error' : ''}`} role="status">
          {relation.isError
            ? describeError(t, relation.error)
            : message.isError
              ? describeError(t, message.error)
              : viewer.blocking
                ? t('profile.blockedNotice')
                : t('profile.mutedNotice')}
        </p>
      ) : null}
      {reporter.sheet}
      <Toast toast={toast} onDismiss={dismiss} />
    </div>
  );
}
