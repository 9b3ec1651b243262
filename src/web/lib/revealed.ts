// Sensitive notes the reader chose to see: once revealed, a note stays revealed for the rest of the
// session (this tab, across reloads), on its cards and on its page alike.
import { useSyncExternalStore } from 'react';

const KEY = 'biji.revealed';
const listeners = new Set<() => void>();
let revealed: ReadonlySet<string> = load();

function load(): ReadonlySet<string> {
  try {
    const raw = sessionStorage.getItem(KEY);
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  } catch {
    return new Set();
  }
}

export function reveal(noteId: string): void {
  if (revealed.has(noteId)) return;
  revealed = new Set([...revealed, noteId]);
  try {
    sessionStorage.setItem(KEY, JSON.stringify([...revealed].slice(-500)));
  } catch {
    // Private mode or a full store: it stays revealed for this page's life.
  }
  for (const fn of listeners) fn();
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => void listeners.delete(fn);
};

/** Is this note's sensitive content hidden from this reader just now? */
export function useHidden(noteId: string, sensitive: boolean): boolean {
  const set = useSyncExternalStore(
    subscribe,
    () => revealed,
    () => revealed,
  );
  return sensitive && !set.has(noteId);
}
