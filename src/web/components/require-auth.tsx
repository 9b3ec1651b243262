import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../../shared/api/accounts.ts';
import { useMe } from '../api/accounts.ts';
import { describeError } from '../lib/errors.ts';
import { Button } from './button.tsx';
import { EmptyState, Spinner } from './empty-state.tsx';

/** Where to go after logging in; only same-app paths, never another origin. */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback;
}

export function loginPath(next: string) {
  return `/login?next=${encodeURIComponent(next)}`;
}

/** Renders its children with the signed-in account, or sends the visitor to log in. */
export function RequireAuth({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) {
    return <EmptyState tone="error" title={describeError(t, me.error)} actions={<Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>} />;
  }
  if (!me.data) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  return <>{children(me.data)}</>;
}
