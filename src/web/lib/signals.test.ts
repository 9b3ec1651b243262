// The signals queue, the impression rule and the dwell clock, with a fake observer and a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SignalsBody } from '../../shared/api/feed.ts';
import { DwellTimer, FLUSH_MS, IMPRESSION_MS, ImpressionTracker, MAX_DWELL, MAX_IMPRESSIONS, MAX_MS, SignalQueue, type TimerId, toBatches } from './signals.ts';

function clock() {
  let now = 0;
  let timers: { fn: () => void; at: number; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimer: (fn: () => void, ms: number): TimerId => {
      const id = next++;
      timers.push({ fn, at: now + ms, id });
      return id;
    },
    clearTimer: (id: TimerId) => {
      timers = timers.filter((t) => t.id !== id);
    },
    /** Moves time on, running each timer that falls due, in order. */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}

function queueHarness() {
  const time = clock();
  const sent: { body: SignalsBody; unload: boolean }[] = [];
  const queue = new SignalQueue({ send: (body, unload) => sent.push({ body, unload }), setTimer: time.setTimer, clearTimer: time.clearTimer });
  return { time, sent, queue };
}

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

test('batches keep within the server limits: 200 impressions and 50 dwell a request', () => {
  const imp = Array.from({ length: 450 }, (_, i) => ({ noteId: id(i), ms: 1000 }));
  const dwell = Array.from({ length: 120 }, (_, i) => ({ noteId: id(i), ms: 5000 }));
  const batches = toBatches(imp, dwell);
  assert.equal(batches.length, 3);
  assert.deepEqual(
    batches.map((b) => [b.impressions?.length ?? 0, b.dwell?.length ?? 0]),
    [
      [200, 50],
      [200, 50],
      [50, 20],
    ],
  );
  assert.ok(batches.every((b) => (b.impressions?.length ?? 0) <= MAX_IMPRESSIONS && (b.dwell?.length ?? 0) <= MAX_DWELL));
  assert.deepEqual(toBatches([], []), []);
  assert.deepEqual(toBatches([], [{ noteId: id(1), ms: 200 }]), [{ dwell: [{ noteId: id(1), ms: 200 }] }], 'no empty array sent');
});

test('the queue sends ~10 s after the first signal, in one request', () => {
  const { time, sent, queue } = queueHarness();
  queue.impression(id(1), 1200);
  time.advance(4000);
  queue.impression(id(2), 1000.4);
  queue.addDwell(id(1), 8000);
  assert.equal(sent.length, 0);
  time.advance(FLUSH_MS - 4000);
  assert.deepEqual(sent, [
    {
      body: {
        impressions: [
          { noteId: id(1), ms: 1200 },
          { noteId: id(2), ms: 1000 },
        ],
        dwell: [{ noteId: id(1), ms: 8000 }],
      },
      unload: false,
    },
  ]);
  time.advance(FLUSH_MS * 3);
  assert.equal(sent.length, 1, 'nothing held, nothing sent');
  assert.equal(time.pending(), 0, 'no timer runs while idle');
});

test('durations are whole milliseconds within 0..3,600,000; slivers of dwell are dropped', () => {
  const { sent, queue } = queueHarness();
  queue.impression(id(1), -5);
  queue.impression(id(2), Number.NaN);
  queue.addDwell(id(3), 10 * MAX_MS);
  queue.addDwell(id(4), 40);
  queue.flush(false);
  assert.deepEqual(sent[0]?.body, {
    impressions: [
      { noteId: id(1), ms: 0 },
      { noteId: id(2), ms: 0 },
    ],
    dwell: [{ noteId: id(3), ms: MAX_MS }],
  });
});

test('a full batch goes at once; leaving the page flushes as a beacon after the running clocks report', () => {
  const { time, sent, queue } = queueHarness();
  for (let i = 0; i < MAX_IMPRESSIONS; i++) queue.impression(id(i), 1000);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.body.impressions?.length, MAX_IMPRESSIONS);
  assert.equal(time.pending(), 0);

  const dwell = new DwellTimer(id(7), queue, time.now, false);
  const uncollect = queue.collect(() => dwell.report());
  time.advance(3000);
  queue.flush(true);
  assert.deepEqual(sent[1], { body: { dwell: [{ noteId: id(7), ms: 3000 }] }, unload: true });
  uncollect();
  queue.flush(true);
  assert.equal(sent.length, 2, 'an empty flush sends nothing');
});

class FakeObserver {
  readonly watched = new Set<Element>();
  constructor(readonly callback: (entries: { target: Element; isIntersecting: boolean; intersectionRatio: number }[]) => void) {}
  observe(el: Element) {
    this.watched.add(el);
  }
  unobserve(el: Element) {
    this.watched.delete(el);
  }
  disconnect() {
    this.watched.clear();
  }
  show(el: Element, ratio: number) {
    this.callback([{ target: el, isIntersecting: ratio > 0, intersectionRatio: ratio }]);
  }
}

function card(noteId: string): Element {
  return { getAttribute: (name: string) => (name === 'data-note-id' ? noteId : null), isConnected: true } as unknown as Element;
}

function trackerHarness() {
  const time = clock();
  let hidden = false;
  let observer: FakeObserver | null = null;
  const reported: [string, number][] = [];
  const tracker = new ImpressionTracker((noteId, ms) => reported.push([noteId, ms]), {
    createObserver: (callback, threshold) => {
      assert.equal(threshold, 0.5);
      observer = new FakeObserver(callback);
      return observer;
    },
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
    now: time.now,
    hidden: () => hidden,
  });
  return { time, tracker, reported, observer: observer as unknown as FakeObserver, setHidden: (h: boolean) => (hidden = h) };
}

test('a card counts when at least half of it stays on screen for a second, once per page view', () => {
  const { time, tracker, reported, observer } = trackerHarness();
  const a = card(id(1));
  const b = card(id(2));
  tracker.observe(a);
  tracker.observe(b);

  observer.show(a, 0.3); // less than half: not seen
  time.advance(2000);
  observer.show(a, 0.6);
  observer.show(b, 1);
  time.advance(600);
  observer.show(b, 0.2); // scrolled past within the second: not seen
  time.advance(IMPRESSION_MS);
  assert.deepEqual(reported, [[id(1), IMPRESSION_MS]]);
  assert.equal(observer.watched.has(a), false, 'a counted card is no longer watched');

  observer.show(a, 0); // leaves and comes back: still once
  observer.show(a, 1);
  tracker.observe(a);
  time.advance(5000);
  observer.show(b, 0.5); // exactly half counts
  time.advance(IMPRESSION_MS);
  assert.deepEqual(reported, [
    [id(1), IMPRESSION_MS],
    [id(2), IMPRESSION_MS],
  ]);
});

test('a hidden document stops the clock; a card must be seen for a second in one go', () => {
  const { time, tracker, reported, observer, setHidden } = trackerHarness();
  const a = card(id(1));
  tracker.observe(a);
  observer.show(a, 1);
  time.advance(700);
  setHidden(true);
  tracker.pause();
  time.advance(10_000);
  assert.deepEqual(reported, []);
  setHidden(false);
  tracker.resume();
  time.advance(999);
  assert.deepEqual(reported, []);
  time.advance(1);
  assert.deepEqual(reported, [[id(1), IMPRESSION_MS]]);

  // A card shown while hidden starts its second when the document is visible again.
  const b = card(id(2));
  setHidden(true);
  observer.show(b, 1);
  time.advance(5000);
  setHidden(false);
  tracker.resume();
  time.advance(IMPRESSION_MS);
  assert.equal(reported.length, 2);
  tracker.disconnect();
  assert.equal(time.pending(), 0);
});

test('dwell counts only visible time and reports what it has when the page is hidden or left', () => {
  const time = clock();
  const added: [string, number][] = [];
  const dwell = new DwellTimer(id(9), { addDwell: (noteId, ms) => added.push([noteId, ms]) }, time.now, false);
  time.advance(4000);
  dwell.visibility(true); // hidden: hand over 4 s
  time.advance(60_000); // a minute in another tab: not counted
  dwell.visibility(false);
  time.advance(2500);
  dwell.report(); // a flush while reading
  time.advance(500);
  dwell.stop();
  dwell.stop();
  dwell.visibility(false);
  time.advance(9000);
  dwell.report();
  assert.deepEqual(added, [
    [id(9), 4000],
    [id(9), 2500],
    [id(9), 500],
  ]);
});

test('a card drawn anew (moved to another column) is watched as the new element; a removed card never counts', () => {
  const { time, tracker, reported, observer } = trackerHarness();
  const old = card(id(1));
  tracker.observe(old);
  observer.show(old, 1);
  time.advance(400);
  const moved = card(id(1));
  tracker.observe(moved);
  observer.show(moved, 1);
  observer.show(old, 0); // the old element's last word does not stop the new one's clock
  time.advance(IMPRESSION_MS);
  assert.deepEqual(reported, [[id(1), IMPRESSION_MS]]);

  const gone = card(id(2)) as Element & { isConnected: boolean };
  tracker.observe(gone);
  observer.show(gone, 1);
  gone.isConnected = false; // "not interested": taken out of the list
  time.advance(IMPRESSION_MS * 2);
  assert.equal(reported.length, 1);
  assert.equal(time.pending(), 0);
});
