import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type Ground, openGround, type TestUser } from '../../../../test/support/notify.ts';
import { WAIT_MS } from '../../../../test/support/ws-client.ts';
import type { LiveMessage } from '../../../shared/api/notify.ts';
import { scoped } from '../../platform/db/index.ts';
import { MemoryPubSub } from '../../platform/pubsub/memory.ts';
import { Gateway, topicChannel } from '../../platform/realtime/gateway.ts';
import { NotifyService, userTopic } from './service.ts';
import { NotifyStore } from './store.ts';
import type { NotifyTables } from './tables.ts';

const DAY = 86_400_000;

/** Collects a person's live messages; `next` waits a bounded time. */
async function listen(pubsub: MemoryPubSub, userId: string) {
  const got: LiveMessage[] = [];
  await pubsub.subscribe(topicChannel(userTopic(userId)), (m) => got.push(m as LiveMessage));
  return {
    got,
    async next(n: number): Promise<LiveMessage> {
      const until = Date.now() + WAIT_MS;
      while (got.length < n) {
        if (Date.now() > until) throw new Error(`only ${got.length} messages`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return got[n - 1] as LiveMessage;
    },
  };
}

for (const kind of DB_KINDS) {
  describe(`notify service [${kind}]`, () => {
    let g: Ground;
    let pubsub: MemoryPubSub;
    let svc: NotifyService;
    let clock = Date.now();
    const people: TestUser[] = [];
    let n = 0;
    const person = async (): Promise<TestUser> => {
      const u = await g.user(`np_${kind.slice(0, 2)}_${++n}`);
      people.push(u);
      return u;
    };
    const like = (recipient: TestUser, actor: TestUser, note: string) =>
      svc.notify({ recipientId: recipient.id, kind: 'like', actorId: actor.id, subjectId: note });

    before(async () => {
      g = await openGround(kind);
      pubsub = new MemoryPubSub();
      svc = new NotifyService(new NotifyStore(scoped<NotifyTables>(g.ctx.db)), new Gateway(pubsub), g.ctx.accounts, g.notes.subjects, { now: () => clock });
    });
    after(async () => {
      await pubsub.close();
      await g.close();
    });

    it('groups likes of one note from three people into one item, newest first', async () => {
      const [author, a, b, c, d] = [await person(), await person(), await person(), await person(), await person()];
      const note = g.notes.add('Mapo tofu 麻婆豆腐');
      for (const actor of [a, b, c]) await like(author, actor, note);
      let page = await svc.list(author.id, null, 20);
      assert.equal(page.items.length, 1);
      const item = page.items[0]!;
      assert.equal(item.kind, 'like');
      assert.equal(item.actorCount, 3);
      assert.deepEqual(
        item.actors.map((p) => p.handle),
        [c.handle, b.handle, a.handle],
      );
      assert.deepEqual(item.subject, { id: note, title: 'Mapo tofu 麻婆豆腐', cover: null });
      assert.equal(item.read, false);
      assert.equal(page.unread, 1);

      await like(author, d, note);
      page = await svc.list(author.id, null, 20);
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0]!.actorCount, 4);
      assert.deepEqual(
        page.items[0]!.actors.map((p) => p.handle),
        [d.handle, c.handle, b.handle],
      );
      assert.notEqual(page.items[0]!.id, item.id, 'the item is named by its newest event');
    });

    it('groups follows together and keeps likes and collects of one note apart', async () => {
      const [author, a, b] = [await person(), await person(), await person()];
      const note = g.notes.add();
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: a.id });
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: b.id });
      await svc.notify({ recipientId: author.id, kind: 'collect', actorId: a.id, subjectId: note });
      await like(author, b, note);
      const page = await svc.list(author.id, null, 20);
      assert.deepEqual(
        page.items.map((i) => [i.kind, i.actorCount]),
        [
          ['like', 1],
          ['collect', 1],
          ['follow', 2],
        ],
      );
      assert.equal(page.items[2]!.subject, null);
      assert.equal(page.unread, 3);
    });

    it('shows every comment, reply and mention on its own, and groups likes per comment', async () => {
      const [author, a, b] = [await person(), await person(), await person()];
      const note = g.notes.add();
      await svc.notify({ recipientId: author.id, kind: 'comment', actorId: a.id, subjectId: note, commentId: 'c1' });
      await svc.notify({ recipientId: author.id, kind: 'comment', actorId: a.id, subjectId: note, commentId: 'c2' });
      await svc.notify({ recipientId: author.id, kind: 'reply', actorId: b.id, subjectId: note, commentId: 'c3' });
      await svc.notify({ recipientId: author.id, kind: 'mention', actorId: b.id, subjectId: note });
      await svc.notify({ recipientId: author.id, kind: 'comment_like', actorId: a.id, subjectId: note, commentId: 'c9' });
      await svc.notify({ recipientId: author.id, kind: 'comment_like', actorId: b.id, subjectId: note, commentId: 'c9' });
      await svc.notify({ recipientId: author.id, kind: 'comment_like', actorId: b.id, subjectId: note, commentId: 'c8' });
      const page = await svc.list(author.id, null, 20);
      assert.deepEqual(
        page.items.map((i) => [i.kind, i.commentId, i.actorCount]),
        [
          ['comment_like', 'c8', 1],
          ['comment_like', 'c9', 2],
          ['mention', null, 1],
          ['reply', 'c3', 1],
          ['comment', 'c2', 1],
          ['comment', 'c1', 1],
        ],
      );
    });

    it('never notifies people of their own actions', async () => {
      const author = await person();
      const note = g.notes.add();
      await like(author, author, note);
      await svc.notify({ recipientId: author.id, kind: 'comment', actorId: author.id, subjectId: note, commentId: 'x' });
      assert.deepEqual((await svc.list(author.id, null, 20)).items, []);
      assert.equal(await svc.unreadCount(author.id), 0);
    });

    it('sends nothing across a block, whoever blocked whom', async () => {
      const [author, blocked, blocker] = [await person(), await person(), await person()];
      const note = g.notes.add();
      await g.ctx.accounts.setEdge('blocks', author.id, blocked.handle, true);
      await g.ctx.accounts.setEdge('blocks', blocker.id, author.handle, true);
      await like(author, blocked, note);
      await like(author, blocker, note);
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: blocked.id });
      assert.equal((await svc.list(author.id, null, 20)).items.length, 0);
    });

    it('hides what someone did before the reader blocked them', async () => {
      const [author, fan, later] = [await person(), await person(), await person()];
      const note = g.notes.add();
      await like(author, fan, note);
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: later.id });
      assert.equal((await svc.list(author.id, null, 20)).items.length, 2);
      await g.ctx.accounts.setEdge('blocks', author.id, later.handle, true);
      const items = (await svc.list(author.id, null, 20)).items;
      assert.deepEqual(
        items.map((i) => i.kind),
        ['like'],
      );
    });

    it('does not repeat an unread event within 24 hours (like, unlike, like again)', async () => {
      const [author, fan] = [await person(), await person()];
      const note = g.notes.add();
      await like(author, fan, note);
      await like(author, fan, note);
      let page = await svc.list(author.id, null, 20);
      assert.equal(page.items.length, 1);
      const first = page.items[0]!;
      assert.equal(first.actorCount, 1);
      // Once read, a new like is news again.
      await svc.markRead(author.id, { ids: [first.id] });
      await like(author, fan, note);
      page = await svc.list(author.id, null, 20);
      assert.equal(page.items[0]!.read, false);
      assert.notEqual(page.items[0]!.id, first.id);
      const second = page.items[0]!.id;
      // Unread but a day later: a new event too.
      const saved = clock;
      clock += DAY + 60_000;
      try {
        await like(author, fan, note);
        page = await svc.list(author.id, null, 20);
        assert.notEqual(page.items[0]!.id, second);
        assert.equal(page.items[0]!.actorCount, 1, 'still one person');
      } finally {
        clock = saved;
      }
    });

    it('counts unread items and marks one group, up to its item, or everything read', async () => {
      const [author, a, b, c] = [await person(), await person(), await person(), await person()];
      const n1 = g.notes.add();
      const n2 = g.notes.add();
      await like(author, a, n1);
      await like(author, b, n1);
      await like(author, a, n2);
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: c.id });
      assert.equal(await svc.unreadCount(author.id), 3);
      const page = await svc.list(author.id, null, 20);
      const n1Item = page.items.find((i) => i.subject?.id === n1)!;
      await svc.markRead(author.id, { ids: [n1Item.id] });
      assert.equal(await svc.unreadCount(author.id), 2);
      assert.equal((await svc.list(author.id, null, 20)).items.find((i) => i.subject?.id === n1)!.read, true);
      // A newer like in a read group makes the group unread again; marking the old item leaves it so.
      await like(author, c, n1);
      assert.equal(await svc.unreadCount(author.id), 3);
      await svc.markRead(author.id, { ids: [n1Item.id] });
      assert.equal(await svc.unreadCount(author.id), 3);
      await svc.markRead(author.id, { all: true });
      assert.equal(await svc.unreadCount(author.id), 0);
      assert.ok((await svc.list(author.id, null, 20)).items.every((i) => i.read));
    });

    it('ignores ids of other people’s notifications when marking read', async () => {
      const [x, y, actor] = [await person(), await person(), await person()];
      const note = g.notes.add();
      await like(x, actor, note);
      await like(y, actor, note);
      const yItem = (await svc.list(y.id, null, 20)).items[0]!;
      await svc.markRead(x.id, { ids: [yItem.id] });
      assert.equal(await svc.unreadCount(y.id), 1);
      assert.equal(await svc.unreadCount(x.id), 1);
    });

    it('pages by cursor without repeats or gaps, even when a group already shown gets a new event', async () => {
      const [author, actor, late] = [await person(), await person(), await person()];
      const notes = Array.from({ length: 25 }, (_, i) => g.notes.add(`note ${i}`));
      for (const note of notes) await like(author, actor, note);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await svc.list(author.id, cursor, 10);
        seen.push(...page.items.map((i) => i.subject!.id));
        cursor = page.nextCursor;
        pages++;
        // Between pages a group already shown gets a new like: it moves to the top, not onto a later page.
        if (pages === 1) await like(author, late, notes[24]!);
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(seen, [...notes].reverse());
    });

    it('leaves out notifications about notes the recipient may no longer see, in the list and the count', async () => {
      const [author, fan, mentioned] = [await person(), await person(), await person()];
      const mine = g.notes.add('mine');
      const theirs = g.notes.add('theirs');
      await like(author, fan, mine);
      await svc.notify({ recipientId: mentioned.id, kind: 'mention', actorId: fan.id, subjectId: theirs });
      await svc.notify({ recipientId: mentioned.id, kind: 'follow', actorId: fan.id });
      assert.equal(await svc.unreadCount(mentioned.id), 2);
      // Made followers-only (the mentioned person does not follow) and deleted: both gone.
      g.notes.restrict(theirs, [fan.id]);
      g.notes.restrict(mine, []);
      const page = await svc.list(mentioned.id, null, 20);
      assert.deepEqual(
        page.items.map((i) => i.kind),
        ['follow'],
      );
      assert.equal(page.unread, 1);
      assert.equal(await svc.unreadCount(mentioned.id), 1);
      assert.deepEqual((await svc.list(author.id, null, 20)).items, []);
      assert.equal(await svc.unreadCount(author.id), 0);
    });

    it('keeps paging past a page whose items are all hidden', async () => {
      const [author, actor] = [await person(), await person()];
      const visible = g.notes.add('visible');
      await like(author, actor, visible);
      const hidden = Array.from({ length: 3 }, () => g.notes.add('gone'));
      for (const note of hidden) await like(author, actor, note);
      for (const note of hidden) g.notes.restrict(note);
      const first = await svc.list(author.id, null, 3);
      assert.deepEqual(first.items, []);
      assert.ok(first.nextCursor);
      const second = await svc.list(author.id, first.nextCursor, 3);
      assert.deepEqual(
        second.items.map((i) => i.subject?.id),
        [visible],
      );
      assert.equal(second.nextCursor, null);
    });

    it('publishes the new unread count after each notification and each mark-read', async () => {
      const [author, fan] = [await person(), await person()];
      const inbox = await listen(pubsub, author.id);
      await like(author, fan, g.notes.add());
      assert.deepEqual(await inbox.next(1), { type: 'notification', unread: 1 });
      await svc.markRead(author.id, { all: true });
      assert.deepEqual(await inbox.next(2), { type: 'read', unread: 0 });
      // Nothing to announce: a repeat, or marking what is already read.
      await svc.markRead(author.id, { all: true });
      await like(author, author, g.notes.add());
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: fan.id });
      assert.deepEqual(await inbox.next(3), { type: 'notification', unread: 1 });
    });

    it('stores one notification for one domain event, however often the event is delivered', async () => {
      const [author, fan] = [await person(), await person()];
      const inbox = await listen(pubsub, author.id);
      const follow = { recipientId: author.id, kind: 'follow' as const, actorId: fan.id };
      assert.equal(await svc.notify(follow, 'event-1'), true);
      // Read, so the day's dedupe of an identical unread event does not hide the point of the test.
      await svc.markRead(author.id, { all: true });
      assert.equal(await svc.notify(follow, 'event-1'), false, 'a redelivery of the same event adds nothing');
      assert.equal(await svc.notify(follow, 'event-2'), true, 'another event does');
      assert.equal((await svc.list(author.id, null, 20)).items.length, 1, 'follows group into one item');
      assert.deepEqual(
        inbox.got.map((m) => m.type),
        ['notification', 'read', 'notification'],
      );
    });

    it('tells nobody of what someone they mute did, and hides it again after unmuting only for new events', async () => {
      const [author, muted] = [await person(), await person()];
      await g.ctx.accounts.setEdge('mutes', author.id, muted.handle, true);
      assert.equal(await svc.notify({ recipientId: author.id, kind: 'follow', actorId: muted.id }), false);
      assert.deepEqual((await svc.list(author.id, null, 20)).items, []);
      await g.ctx.accounts.setEdge('mutes', author.id, muted.handle, false);
      assert.equal(await svc.notify({ recipientId: author.id, kind: 'follow', actorId: muted.id }), true);
    });

    it('refuses an event without the note or comment its kind needs', async () => {
      const [author, fan] = [await person(), await person()];
      await assert.rejects(svc.notify({ recipientId: author.id, kind: 'like', actorId: fan.id }), /needs subjectId/);
      await assert.rejects(svc.notify({ recipientId: author.id, kind: 'reply', actorId: fan.id, subjectId: 'n' }), /needs commentId/);
    });

    // Last: purging with the clock 91 days on deletes every event in this file's database.
    it('forgets events older than the window and purges them', async () => {
      const [author, fan] = [await person(), await person()];
      await svc.notify({ recipientId: author.id, kind: 'follow', actorId: fan.id });
      const saved = clock;
      clock += 91 * DAY;
      try {
        assert.deepEqual((await svc.list(author.id, null, 20)).items, []);
        assert.equal(await svc.unreadCount(author.id), 0);
        assert.ok((await svc.purgeExpired()) >= 1);
      } finally {
        clock = saved;
      }
      assert.deepEqual((await svc.list(author.id, null, 20)).items, [], 'purged, not just hidden');
    });
  });
}
