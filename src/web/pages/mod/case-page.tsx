// /mod/cases/:id — one case: its marks, Claim / Release, the content and why it came here, the
// reports, the author's history, the decision (and any appeal), and the form to decide it while open.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import type { CaseDetail } from '../../../shared/api/moderation.ts';
import { useCase, useClaimCase } from '../../api/cases.ts';
import { isApiError } from '../../api/client.ts';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { ShieldIcon } from '../../components/icons.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { CaseActionForm, caseErrorText } from './case-action-form.tsx';
import { AuthorHistoryPanel, CaseContentPanel, CaseFlags, CaseReports } from './case-parts.tsx';
import { StateBadges } from './case-row.tsx';
import { ModFrame, RequireModerator } from './mod-frame.tsx';

export function CasePage() {
  const { id = '' } = useParams();
  return <RequireModerator>{(me) => <CaseView key={id} id={id} me={me} />}</RequireModerator>;
}

function CaseView({ id, me }: { id: string; me: Me }) {
  const { t } = useTranslation();
  const c = useCase(id);
  const title = t('modCase.title');
  if (c.isPending)
    return (
      <ModFrame me={me} title={title} backTo="/mod">
        <Spinner label={t('common.loading')} />
      </ModFrame>
    );
  if (c.isError)
    return (
      <ModFrame me={me} title={title} backTo="/mod">
        {isApiError(c.error) && (c.error.status === 404 || c.error.status === 400) ? (
          <EmptyState icon={<ShieldIcon size={32} />} title={t('modCase.notFound')} />
        ) : (
          <EmptyState tone="error" title={describeError(t, c.error)} actions={<Button onClick={() => void c.refetch()}>{t('common.retry')}</Button>} />
        )}
      </ModFrame>
    );
  return (
    <ModFrame me={me} title={`${title} · ${t(`mod.targets.${c.data.target.type}`)}`} backTo="/mod">
      <CaseBody c={c.data} me={me} />
    </ModFrame>
  );
}

function CaseBody({ c, me }: { c: CaseDetail; me: Me }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const claim = useClaimCase(c.id);
  const { toast, show, dismiss } = useToast();
  const [claimError, setClaimError] = useState<string | null>(null);
  const open = c.status === 'open';
  const mine = c.claimedBy?.handle.toLowerCase() === me.handle.toLowerCase();
  const onClaim = (on: boolean) => {
    setClaimError(null);
    claim.mutate(on, { onError: (error) => setClaimError(caseErrorText(t, error)) });
  };

  return (
    <div className="case" data-testid="case" data-status={c.status}>
      <div className="case__head">
        <p className="case__badges">
          <span className={`mod-badge mod-badge--status-${c.status}`}>{c.status === 'open' ? t('mod.tabs.open') : t('mod.tabs.resolved')}</span>
          <span className="mod-badge mod-badge--type">{t(`mod.targets.${c.target.type}`)}</span>
          <span className={`mod-badge mod-badge--source-${c.source}`}>{t(`mod.sources.${c.source}`)}</span>
          {c.appeal?.state === 'pending' ? <span className="mod-badge mod-badge--appeal">{t('mod.appealBadge')}</span> : null}
          <StateBadges c={c} />
        </p>
        <p className="case__when muted">
          <time dateTime={c.createdAt}>{formatDateTime(c.createdAt, lang)}</time>
        </p>
        {open ? (
          <div className="case__claim">
            <span className="case__claimed" data-testid="case-claimed">
              {c.claimedBy ? (mine ? t('mod.claimedByYou') : t('mod.claimedBy', { name: c.claimedBy.displayName })) : t('modCase.claimHint')}
            </span>
            {mine ? (
              <Button size="sm" variant="secondary" loading={claim.isPending} onClick={() => onClaim(false)}>
                {t('modCase.release')}
              </Button>
            ) : (
              <Button size="sm" loading={claim.isPending} onClick={() => onClaim(true)} data-testid="case-claim">
                {t('modCase.claim')}
              </Button>
            )}
          </div>
        ) : null}
        {claimError ? (
          <p className="mod-alert" role="alert">
            {claimError}
          </p>
        ) : null}
      </div>
      <div className="case__grid">
        <div className="case__col">
          <CaseContentPanel content={c.content} />
          <CaseFlags flags={c.flags} />
          <CaseReports c={c} />
        </div>
        <div className="case__col">
          {c.resolution ? (
            <section className="panel case-panel" data-testid="case-resolution">
              <h2 className="panel__title">{t('modCase.resolution')}</h2>
              <p>
                <strong>
                  {t('modCase.resolvedBy', {
                    action: t(`modCase.actionShort.${c.resolution.action}`),
                    name: c.resolution.by?.displayName ?? t('modAudit.system'),
                    date: formatDateTime(c.resolution.at, lang),
                  })}
                </strong>
                {c.resolution.days ? ` · ${t('modCase.resolvedDays', { count: c.resolution.days })}` : ''}
              </p>
              <p className="case-note">{c.resolution.note}</p>
            </section>
          ) : null}
          {c.appeal ? (
            <section className="panel case-panel case-appeal" data-testid="case-appeal">
              <h2 className="panel__title">{t('modCase.appeal')}</h2>
              <p className="case-note">{c.appeal.text}</p>
              <p className="muted">
                {formatDate(c.appeal.at, lang)} · {c.appeal.state === 'pending' ? t('modCase.appealPending') : t('modCase.appealDecided')}
              </p>
            </section>
          ) : null}
          {open ? (
            <CaseActionForm
              key={`${c.id}-${c.appeal?.state ?? 'none'}`}
              c={c}
              onDone={(action) => show(t('modCase.done', { action: t(`modCase.actionShort.${action}`) }))}
            />
          ) : (
            <p className="muted case__closed">{t('modCase.closed')}</p>
          )}
          <AuthorHistoryPanel c={c} />
        </div>
      </div>
      <Toast toast={toast} onDismiss={dismiss} />
    </div>
  );
}
