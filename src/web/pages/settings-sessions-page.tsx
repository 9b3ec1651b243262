import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/api/accounts.ts';
import { useLogOut, useRevokeSession, useSessions } from '../api/accounts.ts';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { formatDateTime } from '../lib/format.ts';
import { describeUserAgent } from '../lib/user-agent.ts';
import './settings.css';

export function SettingsSessionsPage() {
  return <RequireAuth>{() => <SessionList />}</RequireAuth>;
}

function SessionList() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const revoke = useRevokeSession();

  // The current session first, then the most recently used.
  const items = [...(sessions.data ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));

  return (
    <div className="settings">
      <PageHeader title={t('settings.sessions')} backTo="/settings" />
      <p className="settings__lead">{t('settings.sessionsLead')}</p>
      {revoke.isError ? (
        <p className="form-alert settings__lead" role="alert">
          {describeError(t, revoke.error)}
        </p>
      ) : null}
      {sessions.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : sessions.isError ? (
        <EmptyState
          tone="error"
          title={describeError(t, sessions.error)}
          actions={<Button onClick={() => void sessions.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <ul className="sessions">
          {items.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              revoking={revoke.isPending && revoke.variables === session.id}
              onRevoke={() => revoke.mutate(session.id)}
            />
          ))}
          {items.length <= 1 ? <li className="muted">{t('settings.noSessions')}</li> : null}
        </ul>
      )}
    </div>
  );
}

function SessionRow({ session, revoking, onRevoke }: { session: SessionInfo; revoking: boolean; onRevoke: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const logOut = useLogOut({ leave: () => window.location.replace('/login') });
  const { browser, system } = describeUserAgent(session.userAgent);
  const device = browser && system ? t('settings.deviceOn', { browser, system }) : (browser ?? system ?? t('settings.unknownDevice'));

  return (
    <li className={`session ${session.current ? 'session--current' : ''}`}>
      <div className="session__text">
        <span className="session__device">
          {device}
          {session.current ? <span className="session__badge">{t('settings.thisDevice')}</span> : null}
        </span>
        <span className="session__meta">
          {t('settings.sessionLastUsed', { date: formatDateTime(session.lastUsedAt, lang) })}
          {session.ip ? ` · ${t('settings.sessionIp', { ip: session.ip })}` : ''}
        </span>
        <span className="session__meta">{t('settings.sessionCreated', { date: formatDateTime(session.createdAt, lang) })}</span>
      </div>
      {session.current ? (
        <Button variant="secondary" size="sm" loading={logOut.isPending} onClick={() => logOut.mutate()}>
          {t('auth.logOut')}
        </Button>
      ) : (
        <Button variant="danger" size="sm" loading={revoking} onClick={onRevoke}>
          {revoking ? t('settings.revoking') : t('settings.revoke')}
        </Button>
      )}
    </li>
  );
}
