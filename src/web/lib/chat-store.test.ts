// The chat store on a real LiveConnection over a fake socket: resuming after a reconnect from the last
// seq held, each message once, my messages sent with a clientId and sent again after a reconnect, a
// room's hello, holes and refusals.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { liveHarness } from '../../../test/support/fake-live.ts';
import type { ChatItem } from '../../shared/api/messages.ts';
import { ChatStore } from './chat-store.ts';

function setup() {
  const live = liveHarness();
  const store = new ChatStore(live.connection);
  /** Connects (again): runs the deferred connect and opens the new socket. */
  const connect = () => {
    live.wake();
    if (live.pendingDelays().length > 0) live.tick();
    const socket = live.last();
    socket.serverOpens();
    return socket;
  };
  live.connection.start();
  return { connection: live.connection, store, connect, sockets: live.sockets };
}

const author = (handle: string) => ({ handle, displayName: handle, avatar: null });
const item = (seq: number, extra: Partial<ChatItem> = {}): ChatItem => ({
  seq,
  id: `m${seq}`,
  author: author('bo'),
  body: `hi ${seq}`,
  lang: 'en',
  kind: 'text',
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});
const seqs = (store: ChatStore, key: string) => store.thread(key).items.map((i) => i.seq);

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

test('after a reconnect a conversation resumes from the last seq it holds, and what comes twice shows once', async () => {
  const { store, connect, connection } = setup();
  globalThis.fetch = async () => new Response(JSON.stringify({ items: [item(1), item(2)], hasMore: false }), { status: 200 });
  let socket = connect();
  await store.load({ kind: 'conversation', id: 'c1' }, 2);
  socket.serverSends({ type: 'messages', conversation: 'c1', items: [item(3)] });
  assert.deepEqual(seqs(store, 'conversation:c1'), [1, 2, 3]);

  socket.onclose?.({ code: 1006 });
  socket = connect();
  assert.deepEqual(
    socket.sent.find((f) => f.type === 'resume'),
    { type: 'resume', conversation: 'c1', after: 3 },
  );
  // The resume's answer overlaps what was held; a live copy of 4 arrives too.
  socket.serverSends({ type: 'messages', conversation: 'c1', items: [item(3), item(4)] });
  socket.serverSends({ type: 'messages', conversation: 'c1', items: [item(4)] });
  assert.deepEqual(seqs(store, 'conversation:c1'), [1, 2, 3, 4]);
  assert.equal(store.thread('conversation:c1').lastSeq, 4);

  // A hole (6 without 5) asks for exactly what is missing.
  socket.serverSends({ type: 'messages', conversation: 'c1', items: [item(6)] });
  assert.deepEqual(socket.sent.at(-1), { type: 'resume', conversation: 'c1', after: 4 });
  connection.stop();
});

test('my message goes out with a clientId, again after a reconnect if it had not, and is settled by "sent" and its copy', async () => {
  const { store, connect, connection } = setup();
  globalThis.fetch = async () => new Response(JSON.stringify({ items: [], hasMore: false }), { status: 200 });
  let socket = connect();
  await store.load({ kind: 'conversation', id: 'c1' }, 0);
  socket.onclose?.({ code: 1006 });
  // Offline: it shows at once, as sending.
  const clientId = store.post({ kind: 'conversation', id: 'c1' }, { body: 'hello' });
  assert.equal(store.thread('conversation:c1').pending[0]?.status, 'sending');
  socket = connect();
  const sends = socket.sent.filter((f) => f.type === 'send');
  assert.deepEqual(sends, [{ type: 'send', conversation: 'c1', clientId, body: 'hello' }]);
  socket.serverSends({ type: 'sent', conversation: 'c1', clientId, id: 'm1', seq: 1 });
  assert.equal(store.thread('conversation:c1').pending[0]?.status, 'sent');
  socket.serverSends({ type: 'messages', conversation: 'c1', items: [item(1, { author: author('me'), clientId })] });
  assert.deepEqual(store.thread('conversation:c1').pending, []);
  assert.deepEqual(seqs(store, 'conversation:c1'), [1]);
  connection.stop();
});

test("a room's hello loads it; refusals fail my message and reach the screen; a tombstone replaces the message", () => {
  const { store, connect, connection } = setup();
  const release = connection.holdTopic('room:r1');
  const socket = connect();
  assert.deepEqual(socket.sent[0], { type: 'subscribe', topic: 'room:r1' });
  socket.serverSends({ type: 'room', room: 'r1', members: 3, pinned: null, slowModeS: 10, lastSeq: 12, recent: [item(11), item(12)] });
  assert.deepEqual(store.room('r1'), { members: 3, pinned: null, slowModeS: 10 });
  assert.deepEqual(seqs(store, 'room:r1'), [11, 12]);
  assert.equal(store.thread('room:r1').hasMore, true);
  socket.serverSends({ type: 'room', room: 'r1', members: 4 });
  assert.equal(store.room('r1')?.members, 4);
  assert.equal(store.room('r1')?.slowModeS, 10, 'a change keeps what it does not name');

  const errors: string[] = [];
  store.onError((e) => errors.push(`${e.code}:${e.key}:${e.retryAfterMs}`));
  const clientId = store.post({ kind: 'room', id: 'r1' }, { body: 'again' });
  socket.serverSends({ type: 'error', code: 'slow_mode', room: 'r1', clientId, retryAfterMs: 4000, detail: 'wait' });
  assert.equal(store.thread('room:r1').pending[0]?.status, 'failed');
  assert.equal(store.thread('room:r1').pending[0]?.error, 'slow_mode');
  assert.deepEqual(errors, ['slow_mode:room:r1:4000']);

  socket.serverSends({ type: 'deleted', room: 'r1', id: 'm12', seq: 12 });
  assert.equal(store.thread('room:r1').items[1]?.deleted, true);
  release();
  connection.stop();
});
