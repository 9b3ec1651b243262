// Infinite scroll for a plain list: a sentinel after the last row; when it comes within `marginPx`
// of the screen the next page is asked for — and again after each page while the end stays near
// (a tall screen, a short page), bounded by `maxPages` so a runaway never pages through everything.
import { type RefObject, useEffect, useRef, useState } from 'react';

export type NearEndOptions = {
  /** there is a next page, and nothing stands in the way of asking for it (not loading, no error) */
  ready: boolean;
  /** pages loaded so far */
  pages: number;
  onNearEnd: () => void;
  maxPages?: number;
  marginPx?: number;
};

export function useNearEnd({ ready, pages, onNearEnd, maxPages = 20, marginPx = 600 }: NearEndOptions): RefObject<HTMLDivElement | null> {
  const sentinel = useRef<HTMLDivElement>(null);
  const [nearEnd, setNearEnd] = useState(false);
  const present = pages > 0;
  useEffect(() => {
    // The sentinel exists only once the first page is drawn: observe it then.
    const el = present ? sentinel.current : null;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setNearEnd(entries.some((e) => e.isIntersecting)), {
      rootMargin: `0px 0px ${marginPx}px 0px`,
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [present, marginPx]);
  const latest = useRef(onNearEnd);
  latest.current = onNearEnd;
  useEffect(() => {
    if (!(nearEnd && ready && pages < maxPages)) return;
    // The observer's last word may predate the page just drawn, which pushed the end away: look now.
    const el = sentinel.current;
    if (el && el.getBoundingClientRect().top > window.innerHeight + marginPx) return;
    latest.current();
  }, [nearEnd, ready, pages, maxPages, marginPx]);
  return sentinel;
}
