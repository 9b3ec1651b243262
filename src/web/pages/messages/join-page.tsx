// /join/:token — an invite link: the group's name, face and size, then join (or open it, for a member).
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useInvitePreview, useJoinInvite } from '../../api/messages.ts';
import { Avatar } from '../../components/avatar.tsx';
import { Button, ButtonLink } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { describeError } from '../../lib/errors.ts';
import './messages.css';

export function JoinPage() {
  const { token = '' } = useParams();
  return <RequireAuth>{() => <JoinView token={token} />}</RequireAuth>;
}

function JoinView({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const preview = useInvitePreview(token);
  const join = useJoinInvite(token);
  if (preview.isPending) return <Spinner label={t('common.loading')} />;
  if (preview.isError)
    return (
      <>
        <PageHeader backTo="/messages" title={t('chat.joinTitle')} />
        <EmptyState tone="error" title={t('chat.inviteGone')} body={describeError(t, preview.error)} />
      </>
    );
  const { conversation: c, member } = preview.data;
  return (
    <>
      <PageHeader backTo="/messages" title={t('chat.joinTitle')} />
      <div className="join-card" data-testid="join-card">
        <Avatar user={{ handle: c.id, displayName: c.name, avatar: c.avatar }} size="xl" />
        <h2 className="join-card__name">{c.name}</h2>
        <p className="join-card__meta">{t('chat.members', { count: c.memberCount })}</p>
        {member ? (
          <>
            <p>{t('chat.alreadyMember')}</p>
            <ButtonLink to={`/messages/${c.id}`}>{t('chat.open')}</ButtonLink>
          </>
        ) : (
          <Button
            size="lg"
            loading={join.isPending}
            onClick={() => join.mutate(undefined, { onSuccess: (conv) => void navigate(`/messages/${conv.id ?? c.id}`) })}
          >
            {t('chat.join')}
          </Button>
        )}
        {join.isError ? (
          <p role="alert" className="field__error">
            {describeError(t, join.error)}
          </p>
        ) : null}
      </div>
    </>
  );
}
