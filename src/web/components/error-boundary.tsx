import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './button.tsx';
import { EmptyState } from './empty-state.tsx';

function CrashScreen() {
  const { t } = useTranslation();
  return (
    <EmptyState
      tone="error"
      title={t('errorPage.title')}
      body={t('errorPage.body')}
      actions={<Button onClick={() => window.location.reload()}>{t('errorPage.reload')}</Button>}
    />
  );
}

type State = { error: Error | null; resetKey: unknown };

/** Catches render errors below it; a change of `resetKey` (e.g. the route) clears the error. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: unknown }, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey?: unknown }, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Render error', error, info.componentStack);
  }

  override render() {
    return this.state.error ? <CrashScreen /> : this.props.children;
  }
}
