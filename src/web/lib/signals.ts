// What the reader saw, for the feeds to learn from (POST /api/v1/feed/signals), sent in batches.
//
// - An impression: a feed card at least half on screen for at least a second, counted once per card
//   and page view (ImpressionTracker; IntersectionObserver at 0.5 and a 1-s timer).
// - Dwell: time on a note page while the document is visible (DwellTimer).
//
// The queue sends what it holds ~10 s after the first signal, and at once when the page is hidden or
// left (visibilitychange → hidden, pagehide) with navigator.sendBeacon, which outlives the page (fetch
// with keepalive when the beacon is refused). Both send Origin on a POST, as the server's CSRF check
// wants for cookie-authenticated writes. Signals are best effort: a failed batch is dropped, never retried.
import type { SignalsBody } from '../../shared/api/feed.ts';

export type Seen = { noteId: string; ms: number };

/** The server's limits (shared/api/feed.ts SignalsBody): per request, and per duration. */
export const MAX_IMPRESSIONS = 200;
export const MAX_DWELL = 50;
export const MAX_MS = 3_600_000;
/** How long a signal may wait before it is sent. */
export const FLUSH_MS = 10_000;
/** How long a card must stay at least half on screen to count as seen. */
export const IMPRESSION_MS = 1_000;
export const IMPRESSION_RATIO = 0.5;
/** Shorter stretches of dwell are not a read (and a flush right before a hide leaves a sliver). */
export const MIN_DWELL_MS = 100;
/** Held at most (a long offline spell drops the oldest rather than grow without bound). */
const MAX_HELD = 2_000;

export const SIGNALS_URL = '/api/v1/feed/signals';

const clampMs = (ms: number) => Math.min(MAX_MS, Math.max(0, Math.round(Number.isFinite(ms) ? ms : 0)));

/** Splits what is held into request bodies within the server's limits. */
export function toBatches(impressions: readonly Seen[], dwell: readonly Seen[]): SignalsBody[] {
  const out: SignalsBody[] = [];
  for (let i = 0, d = 0; i < impressions.length || d < dwell.length; i += MAX_IMPRESSIONS, d += MAX_DWELL) {
    const body: SignalsBody = {};
    const imp = impressions.slice(i, i + MAX_IMPRESSIONS);
    const dw = dwell.slice(d, d + MAX_DWELL);
    if (imp.length) body.impressions = imp;
    if (dw.length) body.dwell = dw;
    out.push(body);
  }
  return out;
}

export type TimerId = ReturnType<typeof setTimeout> | number;

export type QueueEnv = {
  /** Sends one batch; `unload`: the page is going away (use a beacon). */
  send: (body: SignalsBody, unload: boolean) => void;
  setTimer: (fn: () => void, ms: number) => TimerId;
  clearTimer: (id: TimerId) => void;
};

export class SignalQueue {
  private impressions: Seen[] = [];
  private dwell: Seen[] = [];
  private timer: TimerId | null = null;
  /** Measurements still running (a note page being read), asked to report before each flush. */
  private readonly collectors = new Set<() => void>();

  constructor(private readonly env: QueueEnv) {}

  impression(noteId: string, ms: number): void {
    this.impressions.push({ noteId, ms: clampMs(ms) });
    if (this.impressions.length > MAX_HELD) this.impressions.splice(0, this.impressions.length - MAX_HELD);
    // A full batch need not wait.
    if (this.impressions.length >= MAX_IMPRESSIONS) this.flush(false);
    else this.schedule();
  }

  addDwell(noteId: string, ms: number): void {
    const clamped = clampMs(ms);
    if (clamped < MIN_DWELL_MS) return;
    this.dwell.push({ noteId, ms: clamped });
    if (this.dwell.length > MAX_HELD) this.dwell.splice(0, this.dwell.length - MAX_HELD);
    if (this.dwell.length >= MAX_DWELL) this.flush(false);
    else this.schedule();
  }

  /** Registers a running measurement's "report what you have so far"; returns its removal. */
  collect(fn: () => void): () => void {
    this.collectors.add(fn);
    return () => this.collectors.delete(fn);
  }

  get pending(): number {
    return this.impressions.length + this.dwell.length;
  }

  /** Sends everything held now. `unload`: the page is being hidden or left. */
  flush(unload: boolean): void {
    if (unload) for (const fn of this.collectors) fn();
    if (this.timer !== null) {
      this.env.clearTimer(this.timer);
      this.timer = null;
    }
    const batches = toBatches(this.impressions, this.dwell);
    this.impressions = [];
    this.dwell = [];
    for (const body of batches) this.env.send(body, unload);
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.env.setTimer(() => {
      this.timer = null;
      this.flush(false);
    }, FLUSH_MS);
  }
}

// --- impressions -----------------------------------------------------------------------------

type ObserverLike = Pick<IntersectionObserver, 'observe' | 'unobserve' | 'disconnect'>;
type EntryLike = Pick<IntersectionObserverEntry, 'target' | 'isIntersecting' | 'intersectionRatio'>;

export type TrackerEnv = {
  createObserver: (callback: (entries: EntryLike[]) => void, threshold: number) => ObserverLike;
  setTimer: (fn: () => void, ms: number) => TimerId;
  clearTimer: (id: TimerId) => void;
  now: () => number;
  /** Is the document hidden (a background tab: nothing on screen is being seen)? */
  hidden: () => boolean;
};

type Watch = { since: number; timer: TimerId | null; el: Element };

/**
 * Watches the cards of one list for one page view. A card counts once it has been at least half on
 * screen for a second without a break (while the document is visible); each card counts once.
 */
export class ImpressionTracker {
  private readonly reported = new Set<string>();
  private readonly watching = new Map<string, Watch>();
  private readonly observer: ObserverLike | null;

  constructor(
    private readonly report: (noteId: string, ms: number) => void,
    private readonly env: TrackerEnv,
  ) {
    this.observer = env.createObserver((entries) => this.onEntries(entries), IMPRESSION_RATIO);
  }

  /** Watches a card (an element with data-note-id); watching it again is harmless. */
  observe(el: Element): void {
    const id = noteIdOf(el);
    if (!id || this.reported.has(id)) return;
    this.observer?.observe(el);
  }

  /** The document was hidden: the clocks stop (a card must be seen for a second in one go). */
  pause(): void {
    for (const watch of this.watching.values()) {
      if (watch.timer !== null) this.env.clearTimer(watch.timer);
      watch.timer = null;
    }
  }

  /** Visible again: the cards still on screen start their second over. */
  resume(): void {
    for (const [id, watch] of this.watching) {
      if (watch.timer === null) this.start(id, watch.el);
    }
  }

  disconnect(): void {
    this.pause();
    this.watching.clear();
    this.observer?.disconnect();
  }

  private onEntries(entries: EntryLike[]): void {
    for (const entry of entries) {
      const id = noteIdOf(entry.target);
      if (!id || this.reported.has(id)) continue;
      const onScreen = entry.isIntersecting && entry.intersectionRatio >= IMPRESSION_RATIO - 1e-6;
      const watch = this.watching.get(id);
      // The same card may be drawn anew (moved to another column): the element on screen is the one watched.
      if (onScreen && watch?.el !== entry.target) {
        if (watch) this.stop(id);
        this.start(id, entry.target);
      } else if (!onScreen && watch?.el === entry.target) {
        this.stop(id);
      }
    }
  }

  private start(id: string, el: Element): void {
    const watch: Watch = { since: this.env.now(), timer: null, el };
    this.watching.set(id, watch);
    if (this.env.hidden()) return; // resume() starts it
    watch.timer = this.env.setTimer(() => {
      watch.timer = null;
      if (this.env.hidden()) return; // resume() starts it over
      if (this.watching.get(id) === watch) this.watching.delete(id);
      if (!el.isConnected) return; // gone from the list (not interested) before its second was up
      this.reported.add(id);
      this.observer?.unobserve(el);
      this.report(id, this.env.now() - watch.since);
    }, IMPRESSION_MS);
  }

  private stop(id: string): void {
    const watch = this.watching.get(id);
    if (watch?.timer != null) this.env.clearTimer(watch.timer);
    this.watching.delete(id);
  }
}

function noteIdOf(el: Element): string | null {
  return el.getAttribute('data-note-id');
}

// --- dwell -----------------------------------------------------------------------------------

/** Time on one note page while the document is visible; reports what it has at each flush and at the end. */
export class DwellTimer {
  /** Counting since (null: hidden or stopped). */
  private since: number | null;
  private stopped = false;

  constructor(
    private readonly noteId: string,
    private readonly queue: Pick<SignalQueue, 'addDwell'>,
    private readonly now: () => number,
    hidden: boolean,
  ) {
    this.since = hidden ? null : now();
  }

  /** The document was hidden (hand over the time so far, stop the clock) or shown again (start it). */
  visibility(hidden: boolean): void {
    if (this.stopped) return;
    if (hidden) {
      this.report();
      this.since = null;
    } else {
      this.since ??= this.now();
    }
  }

  /** Hands over the time so far and keeps counting (a flush while the reader stays). */
  report(): void {
    if (this.since === null) return;
    const now = this.now();
    this.queue.addDwell(this.noteId, now - this.since);
    this.since = now;
  }

  /** The reader left the note. */
  stop(): void {
    if (this.stopped) return;
    this.report();
    this.stopped = true;
    this.since = null;
  }
}

/** Measures dwell on a note page for as long as `noteId` is shown; call the returned function on leaving. */
export function startDwell(noteId: string): () => void {
  const queue = signalQueue();
  const timer = new DwellTimer(noteId, queue, () => performance.now(), document.visibilityState === 'hidden');
  const onVisibility = () => timer.visibility(document.visibilityState === 'hidden');
  document.addEventListener('visibilitychange', onVisibility);
  const uncollect = queue.collect(() => timer.report());
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    uncollect();
    timer.stop();
  };
}

// --- the browser's wiring --------------------------------------------------------------------

/** Sends one batch from the browser: a beacon when the page goes away, else fetch with keepalive. */
function browserSend(body: SignalsBody, unload: boolean): void {
  const json = JSON.stringify(body);
  if (unload && typeof navigator.sendBeacon === 'function') {
    try {
      if (navigator.sendBeacon(SIGNALS_URL, new Blob([json], { type: 'application/json' }))) return;
    } catch {
      // some browsers refuse a non-form type for a beacon: fall back to fetch
    }
  }
  // keepalive: the request survives the page it was sent from (a tap on a card right after a flush).
  void fetch(SIGNALS_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: json,
    credentials: 'same-origin',
    keepalive: true,
  }).catch(() => {
    // best effort
  });
}

let shared: SignalQueue | null = null;

/** The page's one queue, wired to the document's visibility and page lifecycle on first use. */
export function signalQueue(): SignalQueue {
  if (shared) return shared;
  const queue = new SignalQueue({
    send: browserSend,
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (id) => window.clearTimeout(id as number),
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') queue.flush(true);
  });
  window.addEventListener('pagehide', () => queue.flush(true));
  shared = queue;
  return queue;
}

/** An ImpressionTracker for this page view, reporting into the page's queue. */
export function browserImpressionTracker(): ImpressionTracker | null {
  if (typeof IntersectionObserver === 'undefined') return null;
  const queue = signalQueue();
  return new ImpressionTracker((noteId, ms) => queue.impression(noteId, ms), {
    createObserver: (callback, threshold) => new IntersectionObserver((entries) => callback(entries), { threshold }),
    setTimer: (fn, ms) => window.setTimeout(fn, ms),
    clearTimer: (id) => window.clearTimeout(id as number),
    now: () => performance.now(),
    hidden: () => document.visibilityState === 'hidden',
  });
}
