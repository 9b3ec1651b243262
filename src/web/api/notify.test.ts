// What a live message does to the client's state: the count goes into the cache, and every new
// event counts as activity — even one that joins an unread group and leaves the count as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { applyLiveMessage, notificationActivity, notifyKeys } from './notify.ts';

test('a like joining an unread group is new activity though the unread count stays the same', () => {
  const queryClient = new QueryClient();
  applyLiveMessage(queryClient, { type: 'hello', unread: 1 });
  const before = notificationActivity();
  applyLiveMessage(queryClient, { type: 'notification', unread: 1 });
  assert.deepEqual(queryClient.getQueryData(notifyKeys.unread()), { unread: 1 });
  assert.equal(notificationActivity(), before + 1, 'the badge has something to show');
  applyLiveMessage(queryClient, { type: 'notification', unread: 2 });
  assert.equal(notificationActivity(), before + 2);
});

test('reading (here or in another tab) and reconnecting are not new activity', () => {
  const queryClient = new QueryClient();
  const before = notificationActivity();
  applyLiveMessage(queryClient, { type: 'read', unread: 0 });
  applyLiveMessage(queryClient, { type: 'hello', unread: 0 });
  assert.deepEqual(queryClient.getQueryData(notifyKeys.unread()), { unread: 0 });
  assert.equal(notificationActivity(), before);
});
