// Sensitive media behind a blur: the content stays in place (its size, its shape) but blurred and
// out of reach, under a "Sensitive content — tap to view" cover; one tap reveals it for the session.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { reveal, useHidden } from '../lib/revealed.ts';
import { EyeIcon } from './icons.tsx';
import './sensitive-cover.css';

export function SensitiveCover({ noteId, sensitive, children }: { noteId: string; sensitive: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const hidden = useHidden(noteId, sensitive);
  if (!hidden) return <>{children}</>;
  return (
    <div className="sensitive" data-testid="sensitive-cover">
      <div className="sensitive__content" aria-hidden="true" inert>
        {children}
      </div>
      <button type="button" className="sensitive__cover" onClick={() => reveal(noteId)}>
        <EyeIcon size={28} aria-hidden="true" />
        <span className="sensitive__title">{t('sensitive.cover')}</span>
        <span className="sensitive__tap">{t('sensitive.tap')}</span>
      </button>
    </div>
  );
}

/** The same cover on a card, inside its link: words only (the link's tap reveals, see NoteCard). */
export function SensitiveBadge() {
  const { t } = useTranslation();
  return (
    <span className="sensitive__cover sensitive__cover--card" data-testid="sensitive-cover">
      <EyeIcon size={22} aria-hidden="true" />
      <span className="sensitive__title">{t('sensitive.cover')}</span>
      <span className="sensitive__tap">{t('sensitive.tap')}</span>
    </span>
  );
}
