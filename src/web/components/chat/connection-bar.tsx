// A quiet line at the top of a chat while the live connection is not ready: "Connecting…" on the
// first try, "Reconnecting…" after a drop, and a plain explanation when it keeps failing.
import { useTranslation } from 'react-i18next';
import { phaseOf, useLiveState } from '../../lib/realtime.ts';

export function ConnectionBar() {
  const { t } = useTranslation();
  const state = useLiveState();
  const phase = phaseOf(state);
  if (phase === 'ready' || phase === 'backgrounded' || phase === 'idle') return null;
  const text = phase === 'error' ? t('chat.offline') : 'attempt' in state && state.attempt > 0 ? t('chat.reconnecting') : t('chat.connecting');
  return (
    <div className={`chat-connection ${phase === 'error' ? 'chat-connection--error' : ''}`} role="status" data-testid="chat-connection" data-phase={phase}>
      {text}
    </div>
  );
}
