// /mod — the moderation queue: Open, Appealed, Mine (claimed by me) and Resolved, optionally one kind
// of content only; oldest questions first as the server orders them, more on demand.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import { REPORT_TARGETS, type ReportTargetType } from '../../../shared/api/moderation.ts';
import { type QueueStatus, useCases } from '../../api/cases.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { ShieldIcon } from '../../components/icons.tsx';
import { LinkTabs } from '../../components/tabs.tsx';
import { describeError } from '../../lib/errors.ts';
import { CaseRow } from './case-row.tsx';
import { ModFrame, RequireModerator } from './mod-frame.tsx';

const STATUSES: QueueStatus[] = ['open', 'appealed', 'claimed', 'resolved'];

export function ModQueuePage() {
  return <RequireModerator>{(me) => <Queue me={me} />}</RequireModerator>;
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function Queue({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const raw = params.get('status');
  const status: QueueStatus = STATUSES.includes(raw as QueueStatus) ? (raw as QueueStatus) : 'open';
  const rawType = params.get('type');
  const type = REPORT_TARGETS.includes(rawType as ReportTargetType) ? (rawType as ReportTargetType) : null;
  const cases = useCases(status, type);
  const now = useNow();
  const items = (cases.data?.pages ?? []).flatMap((p) => p.items);
  const href = (s: QueueStatus, ty: ReportTargetType | null) => `/mod?status=${s}${ty ? `&type=${ty}` : ''}`;

  return (
    <ModFrame me={me} title={t('mod.title')}>
      <div className="mod__bar">
        <LinkTabs
          className="mod__tabs"
          label={t('mod.title')}
          active={status}
          items={STATUSES.map((s) => ({ key: s, to: href(s, type), label: t(`mod.tabs.${s}`) }))}
          onReselect={() => void cases.refetch()}
        />
        <label className="mod__type">
          <span className="visually-hidden">{t('mod.typeFilter')}</span>
          <select value={type ?? ''} onChange={(e) => void navigate(href(status, (e.target.value || null) as ReportTargetType | null), { replace: true })}>
            <option value="">{t('mod.allTypes')}</option>
            {REPORT_TARGETS.map((ty) => (
              <option key={ty} value={ty}>
                {t(`mod.targets.${ty}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {cases.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : cases.isError ? (
        <EmptyState tone="error" title={describeError(t, cases.error)} actions={<Button onClick={() => void cases.refetch()}>{t('common.retry')}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState icon={<ShieldIcon size={32} />} title={t(`mod.empty.${status}`)} />
      ) : (
        <ul className="mod__list" data-testid="case-list">
          {items.map((c) => (
            <CaseRow key={c.id} c={c} myHandle={me.handle} now={now} />
          ))}
        </ul>
      )}
      {cases.hasNextPage ? (
        <div className="mod__more">
          <Button variant="secondary" size="sm" loading={cases.isFetchingNextPage} onClick={() => void cases.fetchNextPage()}>
            {t('mod.loadMore')}
          </Button>
        </div>
      ) : null}
    </ModFrame>
  );
}
