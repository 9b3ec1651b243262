// /mod/audit (admins) — the append-only log of moderator actions, newest first, filtered by
// moderator, action, case or target type; the filters live in the address, so a view can be shared.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import { MODERATION_ACTIONS, REPORT_TARGETS } from '../../../shared/api/moderation.ts';
import { type AuditFilter, useAudit } from '../../api/audit.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { ShieldIcon } from '../../components/icons.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ModFrame, RequireModerator } from './mod-frame.tsx';

const EXTRA_ACTIONS = ['approve', 'promote', 'demote', 'filter_list'] as const;
const KEYS = ['actor', 'action', 'caseId', 'targetType'] as const;

export function AuditPage() {
  return <RequireModerator admin>{(me) => <Audit me={me} />}</RequireModerator>;
}

function Audit({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter: AuditFilter = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const [draft, setDraft] = useState<AuditFilter>(filter);
  const audit = useAudit(filter);
  const items = (audit.data?.pages ?? []).flatMap((p) => p.items);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of KEYS) {
      const v = draft[k]?.trim().replace(/^@/, '');
      if (v) next.set(k, v);
    }
    void navigate(`/mod/audit${next.size ? `?${next}` : ''}`, { replace: true });
  };
  const actionLabel = (a: string) =>
    (MODERATION_ACTIONS as readonly string[]).includes(a)
      ? t(`modCase.actionShort.${a as (typeof MODERATION_ACTIONS)[number]}`)
      : (EXTRA_ACTIONS as readonly string[]).includes(a)
        ? t(`modAudit.extra.${a as (typeof EXTRA_ACTIONS)[number]}`)
        : a;
  const targetLabel = (ty: string) => ((REPORT_TARGETS as readonly string[]).includes(ty) ? t(`mod.targets.${ty as (typeof REPORT_TARGETS)[number]}`) : ty);

  return (
    <ModFrame me={me} title={t('modAudit.title')}>
      <p className="mod__lead">{t('modAudit.lead')}</p>
      <form className="audit-filters" onSubmit={apply}>
        <label className="audit-filter">
          <span>{t('modAudit.actor')}</span>
          <input value={draft.actor ?? ''} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} autoCapitalize="none" spellCheck={false} />
        </label>
        <label className="audit-filter">
          <span>{t('modAudit.action')}</span>
          <select value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('modAudit.anyAction')}</option>
            {[...MODERATION_ACTIONS, ...EXTRA_ACTIONS].map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label className="audit-filter">
          <span>{t('modAudit.targetType')}</span>
          <select value={draft.targetType ?? ''} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}>
            <option value="">{t('modAudit.anyTarget')}</option>
            {REPORT_TARGETS.map((ty) => (
              <option key={ty} value={ty}>
                {targetLabel(ty)}
              </option>
            ))}
          </select>
        </label>
        <label className="audit-filter">
          <span>{t('modAudit.caseId')}</span>
          <input value={draft.caseId ?? ''} onChange={(e) => setDraft({ ...draft, caseId: e.target.value })} spellCheck={false} />
        </label>
        <div className="audit-filters__actions">
          <Button type="submit" size="sm">
            {t('modAudit.apply')}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setDraft({});
              void navigate('/mod/audit', { replace: true });
            }}
          >
            {t('modAudit.clear')}
          </Button>
        </div>
      </form>
      {audit.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : audit.isError ? (
        <EmptyState tone="error" title={describeError(t, audit.error)} actions={<Button onClick={() => void audit.refetch()}>{t('common.retry')}</Button>} />
      ) : items.length === 0 ? (
        <EmptyState icon={<ShieldIcon size={32} />} title={t('modAudit.empty')} />
      ) : (
        <ol className="mod__list audit-list" data-testid="audit-list">
          {items.map((e) => (
            <li key={e.id} className="audit-entry" data-testid="audit-entry">
              <p className="audit-entry__line">
                <strong>{e.actor ? `@${e.actor.handle}` : t('modAudit.system')}</strong>
                <span className="mod-badge">{actionLabel(e.action)}</span>
                <span className="muted">
                  {targetLabel(e.target.type)} {e.target.id.slice(0, 8)}
                </span>
                {e.days ? <span className="muted">{t('modCase.resolvedDays', { count: e.days })}</span> : null}
              </p>
              {e.note ? <p className="audit-entry__note">{e.note}</p> : null}
              <p className="audit-entry__meta muted">
                <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                {e.caseId ? (
                  <Link to={`/mod/cases/${e.caseId}`} className="case-link">
                    {t('modAudit.openCase')}
                  </Link>
                ) : null}
              </p>
            </li>
          ))}
        </ol>
      )}
      {audit.hasNextPage ? (
        <div className="mod__more">
          <Button variant="secondary" size="sm" loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
            {t('mod.loadMore')}
          </Button>
        </div>
      ) : null}
    </ModFrame>
  );
}
