// Merging chat messages: each seq once, holes noticed, my own messages settled by the server's copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatItem } from '../../shared/api/messages.ts';
import { noteIdOf } from './chat-links.ts';
import {
  addPending,
  confirmSent,
  contiguousFrom,
  emptyThread,
  loadPage,
  markDeleted,
  markRead,
  mergeItems,
  prependPage,
  receive,
  seenUpTo,
} from './chat-merge.ts';

const author = (handle: string) => ({ handle, displayName: handle, avatar: null });
function item(seq: number, extra: Partial<ChatItem> = {}): ChatItem {
  return { seq, id: `m${seq}`, author: author('ana'), body: `hi ${seq}`, lang: 'en', kind: 'text', createdAt: '2026-01-01T00:00:00Z', ...extra };
}
const seqs = (items: readonly ChatItem[]) => items.map((i) => i.seq);

test('merging keeps each seq once, in order, and a later copy wins unless it would undo a tombstone', () => {
  const merged = mergeItems([item(1), item(3)], [item(2), item(3, { body: 'edited' }), item(1)]);
  assert.deepEqual(seqs(merged), [1, 2, 3]);
  assert.equal(merged[2]!.body, 'edited');
  const gone = mergeItems([item(2, { deleted: true, body: '' })], [item(2)]);
  assert.equal(gone[0]!.deleted, true, 'a late live copy does not bring a deleted message back');
});

test('the last seq held advances only over an unbroken run', () => {
  assert.equal(contiguousFrom(2, [item(1), item(2), item(3), item(4), item(6)]), 4);
  assert.equal(contiguousFrom(5, [item(7)]), 5);
});

test('a live frame that skips seqs asks for a resume from the last seq held; the resume fills the hole without duplicates', () => {
  let t = loadPage(emptyThread(), [item(1), item(2)], false, 2);
  assert.equal(t.lastSeq, 2);
  const live = receive(t, [item(5)]);
  assert.equal(live.resumeAfter, 2);
  assert.equal(live.thread.lastSeq, 2);
  t = live.thread;
  // The resume answers 3, 4, 5 — 5 again — and a reconnect's overlap repeats 2.
  const resumed = receive(t, [item(2), item(3), item(4), item(5)]);
  assert.equal(resumed.resumeAfter, null);
  assert.equal(resumed.added, 2);
  assert.deepEqual(seqs(resumed.thread.items), [1, 2, 3, 4, 5]);
  assert.equal(resumed.thread.lastSeq, 5);
  // The same frame twice changes nothing.
  const again = receive(resumed.thread, [item(5)]);
  assert.equal(again.added, 0);
  assert.deepEqual(seqs(again.thread.items), [1, 2, 3, 4, 5]);
});

test('my message shows at once, is confirmed by "sent" and gives way to the server copy (by clientId or by seq)', () => {
  let t = loadPage(emptyThread(), [item(1)], false, 1);
  t = addPending(t, { clientId: 'a', body: 'hello', status: 'sending', createdAt: '' });
  t = addPending(t, { clientId: 'b', body: 'again', status: 'sending', createdAt: '' });
  t = confirmSent(t, 'a', 2);
  assert.equal(t.pending.find((p) => p.clientId === 'a')?.status, 'sent');
  t = receive(t, [item(2, { clientId: null, author: author('me') })]).thread;
  assert.deepEqual(
    t.pending.map((p) => p.clientId),
    ['b'],
    'settled by seq',
  );
  t = receive(t, [item(3, { clientId: 'b', author: author('me') })]).thread;
  assert.deepEqual(t.pending, [], 'settled by clientId');
  // The server copy first, then the `sent`: nothing left pending either.
  t = addPending(t, { clientId: 'c', body: 'x', status: 'sending', createdAt: '' });
  t = receive(t, [item(4, { author: author('me') })]).thread;
  t = confirmSent(t, 'c', 4);
  assert.deepEqual(t.pending, []);
});

test('older pages go in front, a reload keeps what arrived live after it, deletes become tombstones', () => {
  let t = loadPage(emptyThread(), [item(51), item(52)], true, 52);
  t = prependPage(t, [item(49), item(50)], false);
  assert.deepEqual(seqs(t.items), [49, 50, 51, 52]);
  assert.equal(t.hasMore, false);
  t = receive(t, [item(53)]).thread;
  t = loadPage(t, [item(52)], true, 52);
  assert.deepEqual(seqs(t.items), [52, 53], 'a fresh newest page keeps the newer live message');
  t = markDeleted(t, 53);
  assert.equal(t.items[1]!.deleted, true);
  assert.equal(t.items[1]!.body, '');
});

test('"Seen" sits under my newest message the other person has read', () => {
  let t = loadPage(emptyThread(), [item(1, { author: author('me') }), item(2, { author: author('bo') }), item(3, { author: author('me') })], false, 3);
  assert.equal(seenUpTo(t, 'me', 'bo'), null);
  t = markRead(t, 'bo', 2);
  assert.equal(seenUpTo(t, 'me', 'bo'), 1);
  t = markRead(t, 'bo', 3);
  t = markRead(t, 'bo', 1);
  assert.equal(seenUpTo(t, 'me', 'bo'), 3, 'an older receipt does not move it back');
});

test("a message that is only a note's link is shared as that note", () => {
  const id = '0190f3a2-7c1e-7b2a-9c3d-1234567890ab';
  assert.equal(noteIdOf(`https://biji.example/n/${id}`), id);
  assert.equal(noteIdOf(` /n/${id}?c=1 `), id);
  assert.equal(noteIdOf(`look at https://biji.example/n/${id}`), null, 'text around it: sent as text');
  assert.equal(noteIdOf('/n/not-a-note'), null);
});
