import { NavLink } from 'react-router';
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
