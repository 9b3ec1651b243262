import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { Logo } from '../components/logo.tsx';
import './auth-layout.css';

/** Sign-up and log-in: a focused card with the logo, a language switch and nothing else to get lost in. */
export function AuthLayout({ title, lead, children, footer }: { title: string; lead: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="auth">
      <header className="auth__top">
        <Link to="/" className="auth__logo">
          <Logo />
        </Link>
        <LanguageSwitch compact />
      </header>
      <main className="auth__main">
        <div className="auth__card">
          <h1 className="auth__title">{title}</h1>
          <p className="auth__lead">{lead}</p>
          {children}
        </div>
        <p className="auth__footer">{footer}</p>
      </main>
    </div>
  );
}
