// The live connection's state machine and its runner, with a fake socket and a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveHarness } from '../../../test/support/fake-live.ts';
import { BACKOFF_MAX_MS, backoffDelay, ERROR_AFTER_ATTEMPTS, HOLD_MS, type LiveState, phaseOf, transition } from './realtime.ts';

test('backs off exponentially with jitter, from one second up to thirty', () => {
  const mid = () => 0.5;
  const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(i, mid));
  assert.ok(delays[0]! >= 1_000, 'never under a second');
  for (let i = 1; i < delays.length; i++) assert.ok(delays[i]! >= delays[i - 1]!, 'grows');
  assert.ok(
    delays.every((d) => d <= BACKOFF_MAX_MS),
    'never over thirty seconds',
  );
  assert.notEqual(
    backoffDelay(4, () => 0),
    backoffDelay(4, () => 1),
    'jittered',
  );
});

test('goes idle → connecting → open, and from a dropped connection through closed and backoff back to connecting', () => {
  let s: LiveState = { kind: 'idle' };
  s = transition(s, { type: 'start' });
  assert.equal(s.kind, 'connecting');
  s = transition(s, { type: 'opened' });
  assert.equal(s.kind, 'open');
  s = transition(s, { type: 'closed', code: 1006 });
  assert.deepEqual(s, { kind: 'closed', attempt: 0, code: 1006 });
  s = transition(s, { type: 'schedule' }, () => 0.5);
  assert.equal(s.kind, 'backoff');
  assert.equal(s.kind === 'backoff' && s.hold, false);
  s = transition(s, { type: 'timer' });
  assert.deepEqual(s, { kind: 'connecting', attempt: 1 });
});

test('a refusal (4401, 4429) holds for at least a minute: waking does not retry, signing in does', () => {
  for (const code of [4401, 4429]) {
    let s: LiveState = transition({ kind: 'closed', attempt: 0, code }, { type: 'schedule' }, () => 0);
    assert.equal(s.kind, 'backoff');
    assert.ok(s.kind === 'backoff' && s.hold && s.delayMs >= HOLD_MS);
    assert.equal(transition(s, { type: 'wake' }), s, 'online / visible does not lift a hold');
    s = transition(s, { type: 'start' });
    assert.deepEqual(s, { kind: 'connecting', attempt: 0 });
  }
});

test('stop ends everything from any state', () => {
  const states: LiveState[] = [
    { kind: 'connecting', attempt: 2 },
    { kind: 'open', attempt: 0 },
    { kind: 'backoff', attempt: 3, delayMs: 4_000, hold: false },
  ];
  for (const s of states) assert.deepEqual(transition(s, { type: 'stop' }), { kind: 'idle' });
});

test('the runner delivers messages, reconnects after a drop, and wakes early from an ordinary backoff', () => {
  const h = liveHarness();
  const got: unknown[] = [];
  h.connection.subscribe((m) => got.push(m));
  h.connection.start();
  h.tick(); // the deferred connect
  assert.equal(h.sockets.length, 1);
  h.last().serverOpens();
  h.last().serverSends({ type: 'hello', unread: 2 });
  h.last().serverSends({ type: 'notification', unread: 3 });
  h.last().onmessage?.({ data: 'not json' });
  assert.deepEqual(got, [
    { type: 'hello', unread: 2 },
    { type: 'notification', unread: 3 },
  ]);
  assert.equal(h.connection.getState().kind, 'open');

  h.last().serverCloses(1006);
  assert.equal(h.connection.getState().kind, 'backoff');
  assert.ok(h.pendingDelays()[0]! >= 1_000);
  h.wake(); // back online: try now
  assert.equal(h.connection.getState().kind, 'connecting');
  h.tick();
  assert.equal(h.sockets.length, 2);

  h.connection.stop();
  assert.equal(h.connection.getState().kind, 'idle');
  assert.equal(h.last().closed, true);
  assert.deepEqual(h.pendingDelays(), [], 'no timer left behind');
});

test('the runner ignores events of a socket it has dropped', () => {
  const h = liveHarness();
  h.connection.start();
  h.tick();
  const first = h.last();
  const onclose = first.onclose;
  h.connection.stop();
  h.connection.start();
  h.tick();
  first.onclose = onclose; // a late close of the old socket arrives
  first.serverCloses(1006);
  h.last().serverOpens();
  assert.equal(h.connection.getState().kind, 'open');
});

test('after a 4429 the runner waits out the hold before connecting again', () => {
  const h = liveHarness();
  h.connection.start();
  h.tick();
  h.last().serverCloses(4429);
  const state = h.connection.getState();
  assert.ok(state.kind === 'backoff' && state.hold);
  assert.ok(h.pendingDelays()[0]! >= HOLD_MS);
  h.wake();
  assert.equal(h.connection.getState().kind, 'backoff');
  h.tick();
  assert.equal(h.connection.getState().kind, 'connecting');
});

test('a hidden tab backgrounds a ready connection and a visible one makes it ready again; a drop while hidden reconnects as usual', () => {
  let s: LiveState = { kind: 'open', attempt: 0 };
  s = transition(s, { type: 'hidden' });
  assert.deepEqual(s, { kind: 'backgrounded', attempt: 0 });
  assert.equal(phaseOf(s), 'backgrounded');
  assert.deepEqual(transition(s, { type: 'wake' }), { kind: 'open', attempt: 0 });
  assert.equal(phaseOf(transition(s, { type: 'wake' })), 'ready');
  assert.deepEqual(transition(s, { type: 'closed', code: 1006 }), { kind: 'closed', attempt: 0, code: 1006 });
  assert.equal(transition({ kind: 'connecting', attempt: 0 }, { type: 'hidden' }).kind, 'connecting', 'only a working connection is backgrounded');
});

test('the phases people see: connecting while trying, ready when open, error on a refusal or after repeated failures', () => {
  assert.equal(phaseOf({ kind: 'connecting', attempt: 0 }), 'connecting');
  assert.equal(phaseOf({ kind: 'backoff', attempt: 1, delayMs: 1000, hold: false }), 'connecting');
  assert.equal(phaseOf({ kind: 'backoff', attempt: 1, delayMs: 60_000, hold: true }), 'error');
  assert.equal(phaseOf({ kind: 'connecting', attempt: ERROR_AFTER_ATTEMPTS }), 'error');
  assert.equal(phaseOf({ kind: 'open', attempt: 3 }), 'ready');
  assert.equal(phaseOf({ kind: 'idle' }), 'idle');
});

test('the runner sends frames only while connected, keeps held topics subscribed across reconnects and tells ready listeners', () => {
  const h = liveHarness();
  const frames: unknown[] = [];
  let readies = 0;
  h.connection.onFrame((f) => frames.push(f));
  h.connection.onReady(() => readies++);
  const release = h.connection.holdTopic('room:abc');
  h.connection.start();
  assert.equal(h.connection.send({ type: 'ping' }), false, 'nothing to send on yet');
  h.tick();
  h.last().serverOpens();
  assert.deepEqual(h.last().sent, [{ type: 'subscribe', topic: 'room:abc' }]);
  assert.equal(readies, 1);
  assert.equal(h.connection.send({ type: 'typing', conversation: 'c1' }), true);
  h.last().serverSends({ type: 'messages', conversation: 'c1', items: [] });
  h.last().serverSends({ type: 'read', unread: 0 });
  h.last().serverSends({ type: 'read', conversation: 'c1', handle: 'bo', seq: 3 });
  assert.deepEqual(
    frames,
    [
      { type: 'messages', conversation: 'c1', items: [] },
      { type: 'read', conversation: 'c1', handle: 'bo', seq: 3 },
    ],
    "chat frames reach chat listeners; the notifications' read does not",
  );

  h.hide();
  assert.equal(h.connection.getState().kind, 'backgrounded');
  assert.equal(h.connection.send({ type: 'ping' }), true, 'a backgrounded socket still sends');
  h.last().serverCloses(1006);
  h.wake();
  h.tick();
  h.last().serverOpens();
  assert.deepEqual(h.last().sent, [{ type: 'subscribe', topic: 'room:abc' }], 'the room is subscribed again');
  assert.equal(readies, 2);
  release();
  assert.deepEqual(h.last().sent.at(-1), { type: 'unsubscribe', topic: 'room:abc' });
  h.connection.stop();
});
