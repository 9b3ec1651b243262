import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { BackIcon } from './icons.tsx';
import './page-header.css';

export type PageHeaderProps = {
  /** The page's h1. Leave it out when the page has its own h1 (e.g. a profile's name). */
  title?: ReactNode;
  /** Where "back" goes when there is no history to go back to (e.g. a fresh tab). */
  backTo?: string;
  actions?: ReactNode;
};

export function PageHeader({ title, backTo, actions }: PageHeaderProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const goBack = () => {
    // history.state.idx is React Router's own position counter: > 0 means we came from inside the app.
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate(backTo ?? '/');
  };
  return (
    <header className="page-header">
      {backTo ? (
        <button type="button" className="page-header__back" onClick={goBack} aria-label={t('common.back')}>
          <BackIcon />
        </button>
      ) : null}
      {title ? <h1 className="page-header__title">{title}</h1> : <span className="page-header__title" />}
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </header>
  );
}
