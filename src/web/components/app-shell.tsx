// The frame around every signed-in-or-browsing page: a left rail on desktop,
// a bottom tab bar on phones (CSS decides which one shows).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/accounts.ts';
import { useChatLive } from '../lib/chat-live.ts';
import { useLiveUpdates } from '../lib/realtime.ts';
import { useScrollToTopOnNewPage } from '../lib/scroll-memory.ts';
import { Avatar } from './avatar.tsx';
import { HomeIcon, MessageIcon, PlusIcon, SearchIcon, ShieldIcon, UserIcon } from './icons.tsx';
import { Logo } from './logo.tsx';
import { WithUnreadCount } from './unread-badge.tsx';
import './app-shell.css';

type NavItem = {
  to: string;
  label: string;
  icon: ReactNode;
  end?: boolean;
  primary?: boolean;
  /** Also highlighted on these paths (e.g. "Me" on your own profile and in settings). */
  alsoActive?: (pathname: string) => boolean;
};

function useNavItems(): NavItem[] {
  const { t } = useTranslation();
  const me = useMe().data;
  const own = me ? `/u/${me.handle.toLowerCase()}` : null;
  return [
    { to: '/', label: t('nav.home'), icon: <HomeIcon />, end: true },
    { to: '/search', label: t('search.nav'), icon: <SearchIcon /> },
    { to: '/compose', label: t('nav.compose'), icon: <PlusIcon />, primary: true },
    // As on RedNote, Messages holds the chats and the notifications, with both unread counts on the tab.
    {
      to: '/messages',
      label: t('nav.messages'),
      icon: (
        <WithUnreadCount>
          <MessageIcon />
        </WithUnreadCount>
      ),
      alsoActive: (pathname) => ['/notifications', '/rooms', '/join/'].some((p) => pathname.startsWith(p)),
    },
    {
      to: '/me',
      label: t('nav.me'),
      icon: me ? <Avatar user={me} size="sm" /> : <UserIcon />,
      alsoActive: (pathname) => {
        const path = pathname.toLowerCase();
        return path.startsWith('/settings') || (own !== null && (path === own || path.startsWith(`${own}/`)));
      },
    },
  ];
}

function navClass(base: string, item: NavItem, pathname: string) {
  return ({ isActive }: { isActive: boolean }) => {
    const active = isActive || (item.alsoActive?.(pathname) ?? false);
    return [base, active ? `${base}--active` : '', item.primary ? `${base}--primary` : ''].filter(Boolean).join(' ');
  };
}

function Rail({ items }: { items: NavItem[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const role = useMe().data?.role;
  // Moderators and admins find their queue on the rail (on phones: Me → the shield).
  const all: NavItem[] = role === 'admin' || role === 'moderator' ? [...items, { to: '/mod', label: t('mod.nav'), icon: <ShieldIcon /> }] : items;
  return (
    <nav className="rail" aria-label={t('nav.main')}>
      <NavLink to="/" className="rail__logo" aria-label={t('nav.home')}>
        <Logo />
      </NavLink>
      <ul className="rail__list">
        {all.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end} className={navClass('rail__item', item, pathname)}>
              <span className="rail__icon">{item.icon}</span>
              <span className="rail__label">{item.label}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function TabBar({ items }: { items: NavItem[] }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <nav className="tabbar" aria-label={t('nav.main')}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end} className={navClass('tabbar__item', item, pathname)}>
          {item.primary ? <span className="tabbar__plus">{item.icon}</span> : <span className="tabbar__icon">{item.icon}</span>}
          <span className={item.primary ? 'visually-hidden' : 'tabbar__label'}>{item.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}

export function AppShell() {
  const { t } = useTranslation();
  const items = useNavItems();
  useLiveUpdates();
  useChatLive();
  useScrollToTopOnNewPage();
  // A note or a chat fills a phone's screen (its own back button, action bar or composer, as on RedNote): no tab bar.
  const immersive = /^\/(n|rooms)\/[^/]+$|^\/messages\/[^/]+$/.test(useLocation().pathname);
  return (
    <div className={immersive ? 'shell shell--immersive' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Rail items={items} />
      <main id="main" className="shell__main" tabIndex={-1}>
        <Outlet />
      </main>
      <TabBar items={items} />
    </div>
  );
}
