// What moderation means for a note's page. Its author sees banners (held for a moderator, limited,
// marked sensitive, a new account's probation); and, once moderators removed it, the page answers 410
// to its author only: the removed state with the moderators' reason (from the matching notice) and
// Appeal, once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Note } from '../../../shared/api/notes.ts';
import type { ApiError } from '../../api/client.ts';
import { useNotices } from '../../api/notices.ts';
import { AlertIcon } from '../../components/action-bar-icons.tsx';
import { AppealForm } from '../../components/appeal-form.tsx';
import { Button, ButtonLink } from '../../components/button.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import './note-moderation.css';

/** The author's view of what moderators (or probation) did to this note. */
export function NoteModerationBanner({ note }: { note: Note }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const m = note.moderation;
  if (!m || !note.viewer.isAuthor) return null;
  const lines: Array<{ key: string; text: string }> = [];
  if (m.held) lines.push({ key: 'held', text: t('noteBanner.held') });
  if (m.limited) lines.push({ key: 'limited', text: t('noteBanner.limited') });
  if (m.sensitive) lines.push({ key: 'sensitive', text: t('noteBanner.sensitive') });
  if (m.probationUntil && Date.parse(m.probationUntil) > Date.now())
    lines.push({ key: 'probation', text: t('noteBanner.probation', { date: formatDateTime(m.probationUntil, lang) }) });
  if (lines.length === 0) return null;
  const acted = Boolean(m.limited || m.sensitive);
  return (
    <div className="note-mod-banner" role="status" data-testid="note-moderation-banner">
      {lines.map((line) => (
        <p key={line.key} className={`note-mod-banner__line note-mod-banner__line--${line.key}`}>
          {line.text}
        </p>
      ))}
      {acted ? (
        <Link to="/me/moderation" className="note-mod-banner__link">
          {t('noteBanner.details')}
        </Link>
      ) : null}
    </div>
  );
}

/** The author opening a note moderators removed (a 410 `removed`). */
export function NoteRemoved({ noteId, error }: { noteId: string; error: ApiError }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const notices = useNotices();
  const [appealing, setAppealing] = useState(false);
  const notice = (notices.data?.pages ?? [])
    .flatMap((p) => p.items)
    .find((n) => n.kind === 'action' && n.target.type === 'note' && n.target.id === noteId && (n.action === 'remove' || n.action === 'uphold'));
  return (
    <section className="note-removed" data-testid="note-removed">
      <PageHeader backTo="/" />
      <div className="note-removed__card">
        <span className="note-removed__icon" aria-hidden="true">
          <AlertIcon size={28} />
        </span>
        <h1 className="note-removed__title">{t('removed.title')}</h1>
        <p className="note-removed__body">{t('removed.body')}</p>
        <div className="note-removed__reason">
          <h2 className="note-removed__label">{t('removed.reason')}</h2>
          {/* The notice's note is the moderators' own words; before it loads, the 410's detail says the same. */}
          <p data-testid="removed-reason">{notice ? notice.note : notices.isPending ? t('common.loading') : error.detail}</p>
          {notice ? <p className="muted note-removed__when">{formatDateTime(notice.at, lang)}</p> : null}
        </div>
        {notice?.appeal ? (
          <p className="note-removed__appealed" role="status">
            {notice.appeal.state === 'pending' ? t('removed.appealed', { date: formatDate(notice.appeal.at, lang) }) : t('removed.decided')}
          </p>
        ) : notice?.canAppeal ? (
          appealing ? (
            <AppealForm caseId={notice.caseId} autoFocus onSent={() => setAppealing(false)} />
          ) : (
            <div className="note-removed__actions">
              <Button onClick={() => setAppealing(true)} data-testid="appeal-open">
                {t('removed.appeal')}
              </Button>
            </div>
          )
        ) : notice ? (
          <p className="muted">{t('removed.noAppeal')}</p>
        ) : null}
        <ButtonLink to="/me/moderation" variant="ghost" size="sm">
          {t('removed.notices')}
        </ButtonLink>
      </div>
    </section>
  );
}
