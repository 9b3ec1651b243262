// /me/moderation — moderators' notices: what they did about my posts or account and why (with
// Appeal, once, where it applies), and how the reports I made ended. A notification's link names
// one case (`?case=`): that notice is highlighted and scrolled to.

import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ModerationNotice } from '../../shared/api/moderation.ts';
import { useNotices } from '../api/notices.ts';
import { AppealForm } from '../components/appeal-form.tsx';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { ShieldIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import './notices-page.css';

export function NoticesPage() {
  return <RequireAuth>{() => <NoticesView />}</RequireAuth>;
}

/** The notice's headline: what was done to me, or how my report ended. */
function noticeHeadline(t: TFunction, n: ModerationNotice): string {
  const target = t(`notices.targets.${n.target.type}`);
  if (n.kind === 'report_outcome') {
    if (n.action === 'dismiss') return t('notices.outcome.dismissed', { target });
    if (n.action === 'restore' || n.action === 'uphold') return t('notices.outcome.appeal', { target });
    return t('notices.outcome.acted', { target });
  }
  return t(`notices.action.${n.action}`, { target, days: n.days ?? 0 });
}

function NoticesView() {
  const { t } = useTranslation();
  const notices = useNotices();
  const [params] = useSearchParams();
  const focus = params.get('case');
  const items = (notices.data?.pages ?? []).flatMap((p) => p.items);

  useEffect(() => {
    if (!focus || items.length === 0) return;
    document.querySelector(`[data-case-id="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: 'center' });
  }, [focus, items.length]);

  return (
    <div className="notices">
      <PageHeader title={t('notices.title')} backTo="/notifications" />
      <p className="notices__lead">{t('notices.lead')}</p>
      {notices.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : notices.isError ? (
        <EmptyState
          tone="error"
          title={describeError(t, notices.error)}
          actions={<Button onClick={() => void notices.refetch()}>{t('common.retry')}</Button>}
        />
      ) : items.length === 0 ? (
        <EmptyState icon={<ShieldIcon size={32} />} title={t('notices.title')} body={t('notices.empty')} />
      ) : (
        <ul className="notices__list">
          {items.map((n) => (
            <NoticeItem key={`${n.caseId}-${n.kind}-${n.at}`} notice={n} focused={n.caseId === focus} />
          ))}
        </ul>
      )}
      {notices.hasNextPage ? (
        <div className="notices__more">
          <Button variant="secondary" size="sm" loading={notices.isFetchingNextPage} onClick={() => void notices.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function NoticeItem({ notice: n, focused }: { notice: ModerationNotice; focused: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [appealing, setAppealing] = useState(false);
  const [sent, setSent] = useState(false);
  // A note still standing can be opened (a removed one answers its author with the removed page).
  const href = n.target.type === 'note' ? `/n/${n.target.id}` : null;
  const mine = n.kind === 'action';
  return (
    <li
      className={`notice ${focused ? 'notice--focused' : ''} ${mine ? 'notice--action' : 'notice--outcome'}`}
      data-case-id={n.caseId}
      data-testid="notice"
      data-kind={n.kind}
    >
      <span className="notice__icon" aria-hidden="true">
        <ShieldIcon size={20} />
      </span>
      <div className="notice__main">
        <h2 className="notice__headline">{noticeHeadline(t, n)}</h2>
        {n.excerpt ? <p className="notice__excerpt">“{n.excerpt}”</p> : null}
        {n.note && mine ? <p className="notice__why">{t('notices.why', { note: n.note })}</p> : null}
        <p className="notice__meta">
          <time dateTime={n.at}>{formatDateTime(n.at, lang)}</time>
          {href && mine ? (
            <Link to={href} className="notice__view">
              {t('notices.view')}
            </Link>
          ) : null}
        </p>
        {n.appeal ? (
          <p className="notice__appeal" role="status">
            {n.appeal.state === 'pending' ? t('notices.appealPending', { date: formatDate(n.appeal.at, lang) }) : t('notices.appealDecided')}
          </p>
        ) : sent ? (
          <p className="notice__appeal" role="status">
            {t('notices.appealSent')}
          </p>
        ) : n.canAppeal ? (
          appealing ? (
            <AppealForm caseId={n.caseId} autoFocus onSent={() => setSent(true)} />
          ) : (
            <div>
              <Button size="sm" variant="secondary" onClick={() => setAppealing(true)} data-testid="notice-appeal">
                {t('removed.appeal')}
              </Button>
            </div>
          )
        ) : null}
      </div>
    </li>
  );
}
