import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationView } from '../../shared/api/messages.ts';
import { filterConversations, handleToStart, normaliseQuery } from './share-targets.ts';

function conversation(over: Partial<ConversationView> & { id: string; name: string }): ConversationView {
  return {
    kind: 'group',
    avatar: null,
    peer: null,
    memberCount: 3,
    lastSeq: 1,
    lastMessage: null,
    unread: 0,
    viewer: { role: 'member', state: 'active', lastReadSeq: 1, muted: false, autoTranslate: false },
    peerReadSeq: 0,
    ended: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

const dm = (id: string, handle: string, displayName: string, over: Partial<ConversationView> = {}) =>
  conversation({ id, name: displayName, kind: 'dm', memberCount: 2, peer: { handle, displayName, bio: '', avatar: null }, ...over });

const items = [
  dm('1', 'bo_liao', '小波'),
  conversation({ id: '2', name: 'Dumpling club' }),
  dm('3', 'cai_third', 'Cai', { ended: true }),
  dm('4', 'dou_stranger', 'Dou', { viewer: { role: 'member', state: 'request', lastReadSeq: 0, muted: false, autoTranslate: false } }),
];

describe('share targets', () => {
  it('lists every conversation a note can go to when nothing is typed, leaving out ended ones and unanswered requests', () => {
    assert.deepEqual(
      filterConversations(items, '  ').map((c) => c.id),
      ['1', '2'],
    );
  });

  it('matches a group by its name and a DM by the partner’s handle or name, ignoring case and a leading @', () => {
    assert.deepEqual(
      filterConversations(items, 'DUMPLING').map((c) => c.id),
      ['2'],
    );
    assert.deepEqual(
      filterConversations(items, '@Bo_L').map((c) => c.id),
      ['1'],
    );
    assert.deepEqual(
      filterConversations(items, '小波').map((c) => c.id),
      ['1'],
    );
    assert.deepEqual(filterConversations(items, 'nobody'), []);
  });

  it('offers a new DM for a well-formed handle with no DM listed, keeping how it was typed', () => {
    assert.equal(handleToStart(items, '@New_Person', 'ana_chat'), 'New_Person');
    assert.equal(handleToStart(items, 'bo_liao', 'ana_chat'), null, 'the DM with Bo is the row to tap');
    assert.equal(handleToStart(items, 'BO_LIAO', 'ana_chat'), null);
    assert.equal(handleToStart(items, 'ANA_chat', 'ana_chat'), null, 'not myself');
    assert.equal(handleToStart(items, 'no spaces here', 'ana_chat'), null);
    assert.equal(handleToStart(items, 'ab', 'ana_chat'), null, 'too short for a handle');
    assert.equal(handleToStart(items, '', 'ana_chat'), null);
  });

  it('compares what is typed trimmed, lower-cased and without a leading @', () => {
    assert.equal(normaliseQuery('  @@Ana '), 'ana');
  });
});
