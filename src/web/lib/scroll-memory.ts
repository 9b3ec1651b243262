// Where the page is scrolled when the address changes. A new page (a link followed) starts at its
// top; back and forward are left to the browser — except on a feed, which the browser cannot put
// back: it restores before the client has drawn the list again (from the cache, a frame or two
// later). A feed remembers its scroll per history entry and puts it back itself (useScrollMemory).
import { type RefObject, useEffect } from 'react';
import { useLocation, useNavigationType } from 'react-router';

/** A link to another page opens it at its top (a note opened from deep in a feed starts at its title). */
export function useScrollToTopOnNewPage(): void {
  const { pathname } = useLocation();
  const navigation = useNavigationType();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new path, by design
  useEffect(() => {
    if (navigation !== 'POP') window.scrollTo(0, 0);
  }, [pathname]);
}

/** Scroll positions by history entry (React Router's location.key); this visit's only. */
const positions = new Map<string, number>();
const MAX_REMEMBERED = 50;
/** Frames to wait for the page to grow tall enough (a cached list draws within a few). */
const MAX_FRAMES = 60;

/**
 * Remembers the scroll while `root` is on screen, and restores it when the reader comes back to this
 * history entry (back from a note). The reader's own wheel or touch ends the wait.
 */
export function useScrollMemory(root: RefObject<HTMLElement | null>): void {
  const { key } = useLocation();
  const navigation = useNavigationType();

  useEffect(() => {
    let frame = 0;
    let tries = 0;
    const target = positions.get(key);
    let restoring = navigation === 'POP' && target !== undefined;
    const save = () => {
      // Not while growing back (that scroll isn't the reader's), nor once the page has gone (the next one's).
      if (restoring || !root.current?.isConnected) return;
      positions.delete(key);
      positions.set(key, window.scrollY);
      if (positions.size > MAX_REMEMBERED) positions.delete(positions.keys().next().value!);
    };
    const restore = () => {
      const room = document.documentElement.scrollHeight - window.innerHeight;
      if (room >= target! || tries++ >= MAX_FRAMES) {
        window.scrollTo(0, Math.min(target!, Math.max(0, room)));
        restoring = false;
        return;
      }
      frame = requestAnimationFrame(restore);
    };
    const stop = () => {
      if (!restoring) return;
      restoring = false;
      cancelAnimationFrame(frame);
    };
    if (restoring) frame = requestAnimationFrame(restore);
    window.addEventListener('scroll', save, { passive: true });
    window.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('touchstart', stop, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', save);
      window.removeEventListener('wheel', stop);
      window.removeEventListener('touchstart', stop);
    };
  }, [key, navigation, root]);
}
