// The moderation area's frame: only moderators and admins get in (admins alone to the audit log and
// the word lists); a header and the area's sections as a row of chips.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ShieldIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { usePageTitle } from '../../lib/page-title.ts';
import './mod.css';

export const isModerator = (me: Pick<Me, 'role'> | null | undefined) => me?.role === 'admin' || me?.role === 'moderator';

/** The page for moderators (`admin`: for admins only), given the signed-in account. */
export function RequireModerator({ admin = false, children }: { admin?: boolean; children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <RequireAuth>
      {(me) =>
        (admin ? me.role === 'admin' : isModerator(me)) ? (
          children(me)
        ) : (
          <EmptyState icon={<ShieldIcon size={32} />} title={t(admin ? 'errors.admins_only' : 'errors.moderators_only')} />
        )
      }
    </RequireAuth>
  );
}

export function ModFrame({ me, title, backTo, children }: { me: Me; title: string; backTo?: string; children: ReactNode }) {
  const { t } = useTranslation();
  usePageTitle(`${title} · ${t('mod.title')}`);
  const sections = [
    { to: '/mod', label: t('mod.queue'), end: true },
    { to: '/mod/new-accounts', label: t('mod.newAccounts') },
    ...(me.role === 'admin'
      ? [
          { to: '/mod/audit', label: t('mod.audit') },
          { to: '/mod/filters', label: t('mod.filters') },
        ]
      : []),
  ];
  return (
    <div className="mod">
      <PageHeader title={title} backTo={backTo ?? `/u/${me.handle}`} />
      {backTo ? null : (
        <nav className="mod__sections" aria-label={t('mod.sections')}>
          {sections.map((s) => (
            <NavLink key={s.to} to={s.to} end={s.end} className={({ isActive }) => `mod__section ${isActive ? 'mod__section--active' : ''}`}>
              {s.label}
            </NavLink>
          ))}
        </nav>
      )}
      {children}
    </div>
  );
}
