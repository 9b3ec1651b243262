// A short message at the bottom of the screen ("Link copied"), optionally with one action.
import { useCallback, useEffect, useRef, useState } from 'react';
import './action-bar.css';

export type ToastMessage = { id: number; text: string; action?: { label: string; onClick: () => void } };

const SHOW_MS = 4000;

export function useToast() {
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const seq = useRef(0);
  const show = useCallback((text: string, action?: ToastMessage['action']) => setToast({ id: ++seq.current, text, action }), []);
  const dismiss = useCallback(() => setToast(null), []);
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => setToast((current) => (current?.id === toast.id ? null : current)), SHOW_MS);
    return () => window.clearTimeout(timer);
  }, [toast]);
  return { toast, show, dismiss };
}

export function Toast({ toast, onDismiss }: { toast: ToastMessage | null; onDismiss: () => void }) {
  // The live region stays mounted, so screen readers hear each new message.
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast ? (
        <div className="toast" key={toast.id}>
          <span className="toast__text">{toast.text}</span>
          {toast.action ? (
            <button
              type="button"
              className="toast__action"
              onClick={() => {
                toast.action?.onClick();
                onDismiss();
              }}
            >
              {toast.action.label}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
