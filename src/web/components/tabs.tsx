import type { MouseEvent } from 'react';
import { Link, NavLink } from 'react-router';
import './tabs.css';

export type TabItem = { to: string; label: string; end?: boolean };

/** Route-backed tabs: each tab is a link, the current route is the selected tab. */
export function Tabs({ items, label }: { items: TabItem[]; label: string }) {
  return (
    <nav className="tabs" aria-label={label}>
      {items.map((item) => (
        <NavLink key={item.to} to={item.to} end={item.end ?? true} replace className={({ isActive }) => `tabs__tab ${isActive ? 'tabs__tab--active' : ''}`}>
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}

export type LinkTabItem<K extends string> = { key: K; to: string; label: string };

export type LinkTabsProps<K extends string> = {
  items: LinkTabItem<K>[];
  /** The selected tab (read from the address by the page: `?tab=`, `?sort=`). */
  active: K;
  label: string;
  className?: string;
  /** The selected tab chosen again (RedNote: tap the feed's tab to refresh it). */
  onReselect?: (key: K) => void;
};

/**
 * Tabs kept in the address's query (`/?tab=following`, `?sort=new`): each is a link that adds a
 * history entry, so back and forward move between them.
 */
export function LinkTabs<K extends string>({ items, active, label, className, onReselect }: LinkTabsProps<K>) {
  return (
    <nav className={className ? `tabs ${className}` : 'tabs'} aria-label={label}>
      {items.map((item) => {
        const selected = item.key === active;
        const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
          if (!selected || !onReselect || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onReselect(item.key);
        };
        return (
          <Link
            key={item.key}
            to={item.to}
            aria-current={selected ? 'page' : undefined}
            className={`tabs__tab ${selected ? 'tabs__tab--active' : ''}`}
            onClick={onClick}
            data-tab={item.key}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
