// /mod/new-accounts — accounts on probation (their public notes reach followers only until it ends),
// newest first, each with Approve to end it now.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import { useApproveAccount, useProbation } from '../../api/probation.ts';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Avatar } from '../../components/avatar.tsx';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { UserIcon } from '../../components/icons.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { ModFrame, RequireModerator } from './mod-frame.tsx';

export function ProbationPage() {
  return <RequireModerator>{(me) => <Probation me={me} />}</RequireModerator>;
}

function Probation({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const list = useProbation();
  const approve = useApproveAccount();
  const { toast, show, dismiss } = useToast();
  const items = (list.data?.pages ?? []).flatMap((p) => p.items);
  return (
    <ModFrame me={me} title={t('modProbation.title')}>
      <p className="mod__lead">{t('modProbation.lead')}</p>
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <EmptyState tone="error" title={describeError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState icon={<UserIcon size={32} />} title={t('modProbation.empty')} />
      ) : (
        <ul className="mod__list">
          {items.map((p) => (
            <li key={p.handle} className="probation-row" data-testid="probation-row">
              <Link to={`/u/${p.handle}`} className="probation-row__who">
                <Avatar user={p} size="md" />
                <span className="probation-row__text">
                  <strong>{p.displayName}</strong>
                  <span className="muted">@{p.handle}</span>
                  <span className="probation-row__meta">
                    {t('modProbation.joined', { date: formatDate(p.createdAt, lang) })} ·{' '}
                    {t('modProbation.until', { date: formatDateTime(p.probationUntil, lang) })} · {t('modProbation.notes', { count: p.notes })}
                  </span>
                </span>
              </Link>
              <Button
                size="sm"
                loading={approve.isPending && approve.variables === p.handle}
                onClick={() =>
                  approve.mutate(p.handle, {
                    onSuccess: () => show(t('modProbation.approved', { handle: p.handle })),
                    onError: (error) => show(describeError(t, error)),
                  })
                }
              >
                {t('modProbation.approve')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="mod__more">
          <Button variant="secondary" size="sm" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('mod.loadMore')}
          </Button>
        </div>
      ) : null}
      <Toast toast={toast} onDismiss={dismiss} />
    </ModFrame>
  );
}
