// React's side of lib/signals.ts: one impression tracker per list and page view, dwell per note page.
import { useEffect, useState } from 'react';
import { browserImpressionTracker, type ImpressionTracker, startDwell } from './signals.ts';

/** A tracker for the cards of one list, alive while the list is shown (a page view); null before mount. */
export function useImpressionTracker(enabled = true): ImpressionTracker | null {
  const [tracker, setTracker] = useState<ImpressionTracker | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const made = browserImpressionTracker();
    if (!made) return;
    const onVisibility = () => (document.visibilityState === 'hidden' ? made.pause() : made.resume());
    document.addEventListener('visibilitychange', onVisibility);
    setTracker(made);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      made.disconnect();
      setTracker(null);
    };
  }, [enabled]);
  return tracker;
}

/** Counts the time this note is read (the document visible) until the page leaves it. */
export function useDwell(noteId: string | null | undefined): void {
  useEffect(() => {
    if (!noteId) return;
    return startDwell(noteId);
  }, [noteId]);
}
