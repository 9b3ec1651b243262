// A case's parts as a moderator reads them: the content (with its translation, its images and their
// scores, a link to it in the app), why it was flagged, the reports, and the author's history.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseContent, CaseDetail } from '../../../shared/api/moderation.ts';
import { Avatar } from '../../components/avatar.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';

export function CaseContentPanel({ content }: { content: CaseContent | null }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  if (!content)
    return (
      <section className="panel case-panel">
        <h2 className="panel__title">{t('modCase.content')}</h2>
        <p className="muted">{t('mod.gone')}</p>
      </section>
    );
  return (
    <section className="panel case-panel" data-testid="case-content">
      <h2 className="panel__title">{t('modCase.content')}</h2>
      {content.author ? (
        <Link to={`/u/${content.author.handle}`} className="case-author">
          <Avatar user={content.author} size="sm" />
          <span>
            <strong>{content.author.displayName}</strong> <span className="muted">@{content.author.handle}</span>
          </span>
        </Link>
      ) : null}
      {content.title ? <h3 className="case-content__title">{content.title}</h3> : null}
      {content.text ? (
        <p className="case-content__text" lang={content.lang || undefined}>
          {content.text}
        </p>
      ) : null}
      {content.translation ? (
        <div className="case-content__translation">
          <span className="case-label">{t('modCase.translation')}</span>
          <p>{content.translation}</p>
        </div>
      ) : null}
      {content.images.length > 0 ? (
        <ul className="case-images">
          {content.images.map((img) => (
            <li key={img.url} className={img.flagged ? 'case-image case-image--flagged' : 'case-image'}>
              <img src={img.url} alt="" loading="lazy" />
              {img.score !== null ? (
                <span className="case-image__score">
                  {img.flagged ? t('modCase.flagged', { score: img.score.toFixed(2) }) : t('modCase.notFlagged', { score: img.score.toFixed(2) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="case-content__meta">
        <time dateTime={content.createdAt}>{formatDateTime(content.createdAt, lang)}</time>
        {content.href ? (
          <Link to={content.href} className="case-link" data-testid="case-view-in-app">
            {t('modCase.viewInApp')}
          </Link>
        ) : null}
      </p>
    </section>
  );
}

export function CaseFlags({ flags }: { flags: string[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <section className="panel case-panel">
      <h2 className="panel__title">{t('modCase.flags')}</h2>
      <ul className="case-flags">
        {flags.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CaseReports({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <section className="panel case-panel" data-testid="case-reports">
      <h2 className="panel__title">
        {t('modCase.reports')}
        {c.reporterCount > 0 ? <span className="muted"> · {t('mod.reporters', { count: c.reporterCount })}</span> : null}
      </h2>
      {c.reasons.length > 0 ? (
        <p className="case-reasons">
          {c.reasons.map((r) => (
            <span key={r.reason} className="mod-badge">
              {t(`report.reasons.${r.reason}`)} ×{r.count}
            </span>
          ))}
        </p>
      ) : null}
      {c.reports.length === 0 ? (
        <p className="muted">{t('modCase.noReports')}</p>
      ) : (
        <ul className="case-reports">
          {c.reports.map((r) => (
            <li key={`${r.createdAt}-${r.reporter?.handle ?? r.reason}`} className="case-report">
              <span className="case-report__who">
                {r.reporter ? `${r.reporter.displayName} @${r.reporter.handle}` : t('modCase.anonymous')}
                <span className="muted"> · {t(`report.reasons.${r.reason}`)}</span>
              </span>
              {r.text ? <span className="case-report__text">{r.text}</span> : null}
              <time className="muted" dateTime={r.createdAt}>
                {formatDateTime(r.createdAt, lang)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AuthorHistoryPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const h = c.authorHistory;
  if (!h) return null;
  return (
    <section className="panel case-panel" data-testid="case-history">
      <h2 className="panel__title">{t('modCase.history')}</h2>
      <p className="case-history__facts">
        <Link to={`/u/${h.handle}`}>@{h.handle}</Link>
        <span>{t('modCase.joined', { date: formatDate(h.createdAt, lang) })}</span>
        <span>{t('modCase.role', { role: t(`mod.roles.${h.role}` as 'mod.roles.member', { defaultValue: h.role }) })}</span>
        {h.banned ? <span className="mod-badge mod-badge--removed">{t('modCase.banned')}</span> : null}
        {h.suspendedUntil && Date.parse(h.suspendedUntil) > Date.now() ? (
          <span className="mod-badge mod-badge--held">{t('modCase.suspendedUntil', { date: formatDateTime(h.suspendedUntil, lang) })}</span>
        ) : null}
      </p>
      <p>{t('modCase.casesCount', { cases: h.cases, actioned: h.actioned })}</p>
      {h.recent.length === 0 ? (
        <p className="muted">{t('modCase.noHistory')}</p>
      ) : (
        <ul className="case-history">
          {h.recent.map((r) => (
            <li key={r.caseId}>
              <Link to={`/mod/cases/${r.caseId}`}>
                {t(`mod.targets.${r.targetType}`)} · {r.action ? t(`modCase.actionShort.${r.action}`) : t('mod.tabs.open')}
              </Link>
              <time className="muted" dateTime={r.at}>
                {formatDate(r.at, lang)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
