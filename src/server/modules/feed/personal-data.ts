// What the feed module holds about a person. Their interest profile is personal data (the feed
// profiles readers to rank for them): the tags, authors and languages it learned they like, the notes
// they engaged with, saw and hid, the topics they follow and their Following inbox's state. The rest
// of the feed's tables are copies (its notes, their tags, others' inboxes, ranked lists, follows as the
// accounts module has them, taste neighbours worked out from engagement) or counts that name nobody.
//
// Erasure forgets their notes as a deleted note is forgotten (topic counts and participants move as
// the module's own bookkeeping moves them), takes their notes out of the lists readers page through,
// and deletes every row naming them: as reader, author, follower or followee, and neighbour either side.
import type { Kysely } from 'kysely';
import { keysetPages, type PersonalData } from '../../platform/personal-data.ts';
import { FeedPersonalStore } from './personal-store.ts';
import type { FeedStore } from './store.ts';
import type { FeedTables } from './tables.ts';

const PAGE = 500;

export interface FeedPersonalDeps {
  db: Kysely<FeedTables>;
  store: FeedStore;
  /** forgets what this process keeps in memory of them and of shared pages */
  forget(userId: string): void;
}

export function createFeedPersonalData(deps: FeedPersonalDeps): PersonalData {
  const store = new FeedPersonalStore(deps.db, deps.store);
  return {
    module: 'feed',
    tables: {
      feed_affinity: { kind: 'personal', owner: ['user_id'] },
      feed_engaged: { kind: 'personal', owner: ['user_id'] },
      feed_seen: { kind: 'personal', owner: ['user_id'] },
      feed_hidden: { kind: 'personal', owner: ['user_id'] },
      topic_follows: { kind: 'personal', owner: ['user_id'] },
      feed_inbox_state: { kind: 'personal', owner: ['user_id'] },
      feed_neighbours: { kind: 'derived' },
      feed_follows: { kind: 'derived' },
      feed_inbox: { kind: 'derived' },
      feed_lists: { kind: 'derived' },
      feed_notes: { kind: 'derived' },
      feed_note_tags: { kind: 'derived' },
      feed_pool_results: { kind: 'derived' },
      feed_topic_authors: { kind: 'derived' },
      feed_topics: { kind: 'none' },
      feed_topic_hours: { kind: 'none' },
      feed_trending: { kind: 'none' },
    },
    files: {
      'feed/affinities.json':
        'Your interest profile: how much the feed thinks you like each tag (t), author (a) and language (l), as it ranks Explore for you.',
      'feed/engaged.json': 'Notes you liked, collected or commented on, as the feed learned from them.',
      'feed/seen.json': 'Notes the feed showed you recently (so it does not show them again).',
      'feed/hidden.json': 'Notes you marked "not interested".',
      'feed/topic-follows.json': 'The topics (hashtags) you follow.',
      'feed/inbox.json': 'The state of your Following feed: from when it is complete, and when you last read it.',
    },
    async export(userId, out) {
      await out.json(
        'feed/affinities.json',
        keysetPages(
          (a: [string, string]) => store.affinities(userId, a, PAGE),
          ['', ''] as [string, string],
          (r) => [r.kind, r.key] as [string, string],
          (r) => ({ userId: r.user_id, kind: r.kind, key: r.key, weight: Number(r.weight), updatedS: Number(r.updated_s) }),
        ),
      );
      await out.json(
        'feed/engaged.json',
        keysetPages(
          (a: string) => store.engaged(userId, a, PAGE),
          '',
          (r) => r.note_id,
          (r) => ({ userId: r.user_id, noteId: r.note_id, weight: Number(r.weight), atS: Number(r.at_s) }),
        ),
      );
      await out.json(
        'feed/seen.json',
        keysetPages(
          (a: string) => store.seen(userId, a, PAGE),
          '',
          (r) => r.note_id,
          (r) => ({ userId: r.user_id, noteId: r.note_id, seenS: Number(r.seen_s) }),
        ),
      );
      await out.json(
        'feed/hidden.json',
        keysetPages(
          (a: string) => store.hidden(userId, a, PAGE),
          '',
          (r) => r.note_id,
          (r) => ({ userId: r.user_id, noteId: r.note_id, createdAt: r.created_at }),
        ),
      );
      await out.json(
        'feed/topic-follows.json',
        keysetPages(
          (a: string) => store.topicFollows(userId, a, PAGE),
          '',
          (r) => r.tag,
          (r) => ({ userId: r.user_id, tag: r.tag, createdAt: r.created_at }),
        ),
      );
      await out.json(
        'feed/inbox.json',
        (await store.inboxState(userId)).map((r) => ({ userId: r.user_id, fromS: Number(r.from_s), readS: Number(r.read_s) })),
      );
    },
    async erase(userId) {
      // Their notes leave readers' ranked lists first, while the feed still knows which notes are theirs
      // (a retried erasure finds them again until they are dropped below).
      let after = '';
      for (;;) {
        const ids = await store.notesOf(userId, after, PAGE * 4);
        if (ids.length === 0) break;
        const theirs = new Set(ids);
        let listAfter = '';
        for (;;) {
          const lists = await store.lists(listAfter, PAGE);
          for (const l of lists) {
            const all = JSON.parse(l.ids) as string[];
            const kept = all.filter((id) => !theirs.has(id));
            if (kept.length !== all.length) await store.rewriteList(l.id, kept);
          }
          const last = lists[lists.length - 1];
          if (lists.length < PAGE || !last) break;
          listAfter = last.id;
        }
        if (ids.length < PAGE * 4) break;
        after = ids[ids.length - 1] as string;
      }
      // Each loop below removes what it handled, so the next page is the next rows; bounded by their rows.
      for (;;) {
        const ids = await store.notesOf(userId, '', PAGE);
        await store.dropNotes(ids);
        if (ids.length < PAGE) break;
      }
      while ((await store.dropTopicAuthors(userId, PAGE)) === PAGE) {}
      for (const table of ['feed_engaged', 'feed_seen', 'feed_hidden'] as const) while ((await store.deleteNoteKeyed(table, userId, PAGE)) === PAGE) {}
      while ((await store.deleteInbox(userId, PAGE)) === PAGE) {}
      await store.deleteRest(userId);
      deps.forget(userId);
    },
  };
}
