// A LiveConnection (src/web/lib/realtime.ts) on a fake socket and a fake clock, for the web's unit
// tests: the test opens, feeds and closes each socket and runs the pending timers itself.
import assert from 'node:assert/strict';
import { LiveConnection, type LiveEnv, type SocketLike } from '../../src/web/lib/realtime.ts';

export class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closed = false;
  /** The frames the client sent, parsed. */
  sent: Record<string, unknown>[] = [];
  close() {
    this.closed = true;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  serverOpens() {
    this.onopen?.({});
  }
  serverSends(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  serverCloses(code: number) {
    this.onclose?.({ code });
  }
}

/** A connection (not started) with every socket it made and its clock, wake and hide in the test's hands. */
export function liveHarness() {
  const sockets: FakeSocket[] = [];
  let timers: { fn: () => void; ms: number; id: number }[] = [];
  let nextId = 1;
  let wake: (() => void) | null = null;
  let hide: (() => void) | null = null;
  const env: LiveEnv = {
    url: () => 'ws://test/api/v1/stream',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    random: () => 0.5,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.push({ fn, ms, id });
      return id;
    },
    clearTimer: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
    onWake: (fn) => {
      wake = fn;
      return () => (wake = null);
    },
    onHide: (fn) => {
      hide = fn;
      return () => (hide = null);
    },
  };
  const connection = new LiveConnection(env);
  return {
    connection,
    sockets,
    pendingDelays: () => timers.map((t) => t.ms),
    /** Runs the earliest timer. */
    tick() {
      const t = timers.sort((a, b) => a.ms - b.ms).shift();
      assert.ok(t, 'a timer is pending');
      t.fn();
    },
    wake: () => wake?.(),
    hide: () => hide?.(),
    last: () => sockets[sockets.length - 1]!,
  };
}
