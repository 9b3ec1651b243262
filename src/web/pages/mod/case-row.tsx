// One case in the queue: what kind of thing, what opened it, an excerpt, the reasons and how many
// reported it, its age, its marks (claimed, appealed, removed…); the whole row opens the case.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ModerationCase } from '../../../shared/api/moderation.ts';
import { relativeTime } from '../../components/notification-item.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';

/** A case's title: the content's title or the start of its text. */
export function caseExcerpt(t: TFunction, c: ModerationCase): string {
  if (!c.content) return t('mod.gone');
  const text = (c.content.title || c.content.text).trim();
  if (!text) return t('mod.noText');
  const chars = [...text];
  return chars.length > 120 ? `${chars.slice(0, 120).join('')}…` : text;
}

/** Badges for what moderation did to it so far. */
export function StateBadges({ c }: { c: Pick<ModerationCase, 'state'> }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const s = c.state;
  const badges: Array<{ key: string; text: string }> = [];
  if (s.removed) badges.push({ key: 'removed', text: t('mod.states.removed') });
  if (s.held) badges.push({ key: 'held', text: t('mod.states.held') });
  if (s.limited) badges.push({ key: 'limited', text: t('mod.states.limited') });
  if (s.sensitive) badges.push({ key: 'sensitive', text: t('mod.states.sensitive') });
  if (s.probationUntil && Date.parse(s.probationUntil) > Date.now())
    badges.push({ key: 'probation', text: t('mod.states.probation', { date: formatDate(s.probationUntil, lang) }) });
  return (
    <>
      {badges.map((b) => (
        <span key={b.key} className={`mod-badge mod-badge--${b.key}`}>
          {b.text}
        </span>
      ))}
    </>
  );
}

export function CaseRow({ c, myHandle, now }: { c: ModerationCase; myHandle: string; now: number }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const claimedByMe = c.claimedBy?.handle.toLowerCase() === myHandle.toLowerCase();
  return (
    <li>
      <Link to={`/mod/cases/${c.id}`} className="case-row" data-testid="case-row" data-case-id={c.id}>
        <span className="case-row__top">
          <span className="mod-badge mod-badge--type">{t(`mod.targets.${c.target.type}`)}</span>
          <span className={`mod-badge mod-badge--source-${c.source}`}>{t(`mod.sources.${c.source}`)}</span>
          {c.appeal?.state === 'pending' ? <span className="mod-badge mod-badge--appeal">{t('mod.appealBadge')}</span> : null}
          <StateBadges c={c} />
          <time className="case-row__age" dateTime={c.createdAt}>
            {relativeTime(c.createdAt, lang, t, now)}
          </time>
        </span>
        <span className="case-row__excerpt">{caseExcerpt(t, c)}</span>
        <span className="case-row__meta">
          {c.content?.author ? <span className="case-row__author">@{c.content.author.handle}</span> : null}
          {c.reporterCount > 0 ? <span>{t('mod.reporters', { count: c.reporterCount })}</span> : null}
          {c.reasons.slice(0, 3).map((r) => (
            <span key={r.reason} className="case-row__reason">
              {t(`report.reasons.${r.reason}`)}
              {r.count > 1 ? ` ×${r.count}` : ''}
            </span>
          ))}
          {c.claimedBy ? (
            <span className="case-row__claimed">{claimedByMe ? t('mod.claimedByYou') : t('mod.claimedBy', { name: c.claimedBy.displayName })}</span>
          ) : null}
          {c.resolution ? <span className="case-row__resolved">{t(`modCase.actionShort.${c.resolution.action}`)}</span> : null}
        </span>
      </Link>
    </li>
  );
}
