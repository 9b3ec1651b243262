import type { ReactNode } from 'react';
import './empty-state.css';

export type EmptyStateProps = {
  icon?: ReactNode;
  title: string;
  body?: ReactNode;
  actions?: ReactNode;
  /** 'alert' for errors the user should notice; plain status otherwise. */
  tone?: 'info' | 'error';
};

export function EmptyState({ icon, title, body, actions, tone = 'info' }: EmptyStateProps) {
  return (
    <section className={`empty-state empty-state--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      {icon ? <div className="empty-state__icon">{icon}</div> : null}
      <h2 className="empty-state__title">{title}</h2>
      {body ? <p className="empty-state__body">{body}</p> : null}
      {actions ? <div className="empty-state__actions">{actions}</div> : null}
    </section>
  );
}

/** An accessible loading indicator for a region. */
export function Spinner({ label }: { label: string }) {
  return (
    <div className="center-block" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
