import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { rejectsWith } from '../../../../test/support/assert.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`comments service [${kind}]`, () => {
    let t: InteractionsTest;
    let ana: Account;
    let bo: Account;
    let chen: Account;
    before(async () => {
      t = await interactionsTest(kind);
      ana = await signUp(t.app, 'cm_ana', { languages: ['en'] });
      bo = await signUp(t.app, 'cm_bo', { languages: ['en'] });
      chen = await signUp(t.app, 'cm_chen', { languages: ['zh', 'en'] });
    });
    after(() => t.close());

    const follow = async (who: Account, whom: Account) =>
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/users/${whom.handle}/follow`, headers: bearer(who) })).statusCode, 204);
    const block = async (who: Account, whom: Account) =>
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/users/${whom.handle}/block`, headers: bearer(who) })).statusCode, 204);
    const commentCount = async (noteId: string, viewer: Account = ana) => (await t.ctx.reader.notes(viewer.id, [noteId], 'direct'))[0]!.counts.comments;
    const eventsFor = async (commentId: string) =>
      (await t.notifications())
        .filter((e) => e.commentId === commentId)
        .map((e) => `${e.kind}->${e.recipientId === ana.id ? 'ana' : e.recipientId === bo.id ? 'bo' : e.recipientId === chen.id ? 'chen' : e.recipientId}`)
        .sort();

    it('threads a reply to a reply under the top-level comment and records whom it answers', async () => {
      const note = await postNote(t.app, ana);
      const top = await t.comments.create(bo.id, note.id, { body: 'What a cat!' });
      assert.equal(top.parentId, null);
      assert.equal(top.replyTo, null);
      assert.deepEqual(top.replies, []);
      const reply = await t.comments.create(chen.id, note.id, { body: '同意！', replyTo: top.id });
      assert.equal(reply.parentId, top.id);
      assert.equal(reply.replyTo, null, 'a direct reply answers its thread head');
      const deeper = await t.comments.create(ana.id, note.id, { body: 'Thanks both', replyTo: reply.id });
      assert.equal(deeper.parentId, top.id, 'attached to the top-level comment, not the reply');
      assert.deepEqual(deeper.replyTo, { handle: 'cm_chen', displayName: 'Test cm_chen' });
      const page = await t.comments.listForNote(bo.id, note.id, undefined, 20);
      assert.equal(page.items.length, 1);
      const thread = page.items[0]!;
      assert.equal(thread.replyCount, 2);
      assert.deepEqual(
        thread.replies!.map((r) => [r.body, r.replyTo?.handle ?? null]),
        [
          ['同意！', null],
          ['Thanks both', 'cm_chen'],
        ],
      );
      assert.equal(await commentCount(note.id), 3);
      // a reply to a comment of another note is not found
      const other = await postNote(t.app, ana);
      await rejectsWith(t.comments.create(bo.id, other.id, { body: 'x', replyTo: top.id }), 404, 'comment_not_found');
    });

    it('parses mentions of real people and hashtags, and detects the language', async () => {
      const note = await postNote(t.app, ana);
      const c = await t.comments.create(chen.id, note.id, { body: '太可爱了 @cm_bo @nobody_here_x #猫 #cattax' });
      assert.equal(c.lang, 'zh');
      assert.deepEqual(
        c.entities.map((e) => e.type),
        ['mention', 'hashtag', 'hashtag'],
      );
      assert.ok(c.body.includes('@nobody_here_x'));
      const en = await t.comments.create(bo.id, note.id, { body: 'so cute, my cat does this too' });
      assert.equal(en.lang, 'en');
    });

    it('refuses an empty or too long body (a Chinese character counts 2)', async () => {
      const note = await postNote(t.app, ana);
      await rejectsWith(t.comments.create(bo.id, note.id, { body: '  \u0007 ' }), 400, 'validation_failed');
      await rejectsWith(t.comments.create(bo.id, note.id, { body: '好'.repeat(501) }), 400, 'text_too_long');
      assert.equal((await t.comments.create(bo.id, note.id, { body: '好'.repeat(500) })).body.length, 500);
    });

    it('answers 404 for a comment on a note the commenter may not see', async () => {
      const fo = await postNote(t.app, ana, { visibility: 'followers' });
      const me = await postNote(t.app, ana, { visibility: 'only_me' });
      await rejectsWith(t.comments.create(bo.id, fo.id, { body: 'hi' }), 404, 'not_found');
      await rejectsWith(t.comments.create(bo.id, me.id, { body: 'hi' }), 404, 'not_found');
      await rejectsWith(t.comments.listForNote(bo.id, fo.id, undefined, 20), 404, 'not_found');
      await rejectsWith(t.comments.listForNote(null, fo.id, undefined, 20), 404, 'not_found');
      const fan = await signUp(t.app, 'cm_fan');
      await follow(fan, ana);
      const c = await t.comments.create(fan.id, fo.id, { body: 'friends only' });
      await rejectsWith(t.comments.replies(bo.id, c.id, undefined, 20), 404, 'not_found');
      await rejectsWith(t.comments.setLike(bo.id, c.id, true), 404, 'not_found');
      await rejectsWith(t.comments.remove(bo.id, c.id), 404, 'not_found');
      await rejectsWith(t.comments.create(bo.id, fo.id, { body: 'sneaky', replyTo: c.id }), 404, 'not_found');
    });

    it('answers 403 comments_off when the author turned comments off', async () => {
      const note = await postNote(t.app, ana);
      const before = await t.comments.create(bo.id, note.id, { body: 'early' });
      const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${note.id}`, headers: bearer(ana), payload: { commentsEnabled: false } });
      assert.equal(off.statusCode, 200, off.body);
      await rejectsWith(t.comments.create(bo.id, note.id, { body: 'late' }), 403, 'comments_off');
      await rejectsWith(t.comments.create(ana.id, note.id, { body: 'me too' }), 403, 'comments_off');
      await rejectsWith(t.comments.create(chen.id, note.id, { body: 'reply', replyTo: before.id }), 403, 'comments_off');
      const closed = await postNote(t.app, ana, { commentsEnabled: false });
      await rejectsWith(t.comments.create(bo.id, closed.id, { body: 'hi' }), 403, 'comments_off');
    });

    it('refuses a reply across a block and leaves blocked people’s comments out of lists', async () => {
      const note = await postNote(t.app, ana);
      const troll = await signUp(t.app, 'cm_troll');
      const quiet = await signUp(t.app, 'cm_quiet');
      const head = await t.comments.create(quiet.id, note.id, { body: 'please no trolls' });
      await t.comments.create(troll.id, note.id, { body: 'troll top-level' });
      await t.comments.create(troll.id, note.id, { body: 'troll reply', replyTo: head.id });
      await block(quiet, troll);
      await rejectsWith(t.comments.create(troll.id, note.id, { body: 'again', replyTo: head.id }), 403, 'blocked');
      const seenByQuiet = await t.comments.listForNote(quiet.id, note.id, undefined, 20);
      assert.deepEqual(
        seenByQuiet.items.map((c) => c.body),
        ['please no trolls'],
      );
      assert.deepEqual(seenByQuiet.items[0]!.replies, []);
      assert.deepEqual((await t.comments.replies(quiet.id, head.id, undefined, 20)).items, []);
      const seenByBo = await t.comments.listForNote(bo.id, note.id, undefined, 20);
      assert.deepEqual(
        seenByBo.items.map((c) => c.body),
        ['troll top-level', 'please no trolls'],
      );
      // the note's author blocks the troll: the troll can no longer see the note at all
      await block(ana, troll);
      await rejectsWith(t.comments.create(troll.id, note.id, { body: 'hello?' }), 404, 'not_found');
    });

    it('lets the comment’s author and the note’s author delete, nobody else', async () => {
      const note = await postNote(t.app, ana);
      const a = await t.comments.create(bo.id, note.id, { body: 'mine' });
      const b = await t.comments.create(chen.id, note.id, { body: 'rude' });
      const stranger = await signUp(t.app, 'cm_stranger');
      await rejectsWith(t.comments.remove(stranger.id, a.id), 403, 'not_allowed');
      await rejectsWith(t.comments.remove(chen.id, a.id), 403, 'not_allowed');
      assert.equal((await t.comments.listForNote(chen.id, note.id, undefined, 20)).items.find((c) => c.id === a.id)?.viewer.canDelete, false);
      assert.equal(
        (await t.comments.listForNote(ana.id, note.id, undefined, 20)).items.every((c) => c.viewer.canDelete),
        true,
      );
      await t.comments.remove(bo.id, a.id);
      await t.comments.remove(ana.id, b.id);
      await rejectsWith(t.comments.remove(bo.id, a.id), 404, 'comment_not_found');
      assert.deepEqual((await t.comments.listForNote(bo.id, note.id, undefined, 20)).items, []);
      assert.equal(await commentCount(note.id), 0);
    });

    it('keeps a deleted thread head as a placeholder while it has replies, and counts match the list', async () => {
      const note = await postNote(t.app, ana);
      const head = await t.comments.create(bo.id, note.id, { body: 'head' });
      const r1 = await t.comments.create(chen.id, note.id, { body: 'r1', replyTo: head.id });
      const r2 = await t.comments.create(ana.id, note.id, { body: 'r2', replyTo: r1.id });
      const lone = await t.comments.create(chen.id, note.id, { body: 'lone' });
      await t.comments.remove(bo.id, head.id);
      await t.comments.remove(chen.id, lone.id);
      const listed = (await t.comments.listForNote(bo.id, note.id, undefined, 20)).items;
      assert.equal(listed.length, 1);
      const ph = listed[0]!;
      assert.equal(ph.deleted, true);
      assert.equal(ph.author, null);
      assert.equal(ph.body, '');
      assert.equal(ph.viewer.canDelete, false);
      assert.deepEqual(
        ph.replies!.map((r) => r.body),
        ['r1', 'r2'],
      );
      const live = (items: typeof listed) => items.reduce((n, c) => n + (c.deleted ? 0 : 1) + (c.replies?.length ?? 0), 0);
      assert.equal(await commentCount(note.id), live(listed));
      assert.equal(await commentCount(note.id), 2);
      // replying directly to the placeholder is refused; replying to its replies is fine
      await rejectsWith(t.comments.create(chen.id, note.id, { body: 'x', replyTo: head.id }), 404, 'comment_not_found');
      const r3 = await t.comments.create(bo.id, note.id, { body: 'r3', replyTo: r2.id });
      assert.equal(r3.parentId, head.id);
      for (const r of [r1, r2, r3]) await t.comments.remove(ana.id, r.id);
      assert.deepEqual((await t.comments.listForNote(bo.id, note.id, undefined, 20)).items, [], 'the placeholder goes with its last reply');
      assert.equal(await commentCount(note.id), 0);
    });

    it('counts 20 concurrent likes exactly, idempotently, and unlikes', async () => {
      const note = await postNote(t.app, ana);
      const c = await t.comments.create(bo.id, note.id, { body: 'like me' });
      const fans: Account[] = [];
      for (let i = 0; i < 20; i++) fans.push(await signUp(t.app, `cm_liker_${i}`));
      await Promise.all(fans.flatMap((f) => [t.comments.setLike(f.id, c.id, true), t.comments.setLike(f.id, c.id, true)]));
      const likeCount = async (viewer: Account) => (await t.comments.listForNote(viewer.id, note.id, undefined, 20)).items.find((x) => x.id === c.id)!;
      const seen = await likeCount(fans[0]!);
      assert.equal(seen.likeCount, 20);
      assert.equal(seen.viewer.liked, true);
      assert.equal((await likeCount(chen)).viewer.liked, false);
      await Promise.all(fans.slice(0, 5).map((f) => t.comments.setLike(f.id, c.id, false)));
      await t.comments.setLike(fans[0]!.id, c.id, false);
      assert.equal((await likeCount(chen)).likeCount, 15);
      assert.equal((await t.notifications()).filter((e) => e.kind === 'comment_like' && e.commentId === c.id).length, 20, 'one notification a new like');
      assert.ok((await t.notifications()).filter((e) => e.commentId === c.id && e.kind === 'comment_like').every((e) => e.recipientId === bo.id));
    });

    it('notifies the note’s author, the person answered and the people mentioned — once each, never oneself', async () => {
      const note = await postNote(t.app, ana);
      const top = await t.comments.create(bo.id, note.id, { body: 'hi @cm_chen and @cm_bo' });
      assert.deepEqual(await eventsFor(top.id), ['comment->ana', 'mention->chen']);
      const e = (await t.notifications()).find((x) => x.commentId === top.id && x.kind === 'comment')!;
      assert.deepEqual(e, { recipientId: ana.id, kind: 'comment', actorId: bo.id, subjectId: note.id, commentId: top.id });
      const reply = await t.comments.create(chen.id, note.id, { body: 'hello @cm_ana', replyTo: top.id });
      assert.deepEqual(await eventsFor(reply.id), ['comment->ana', 'reply->bo']);
      const deeper = await t.comments.create(ana.id, note.id, { body: 'welcome @cm_bo', replyTo: reply.id });
      assert.deepEqual(await eventsFor(deeper.id), ['mention->bo', 'reply->chen']);
      const own = await t.comments.create(ana.id, note.id, { body: 'my own note @cm_ana' });
      assert.deepEqual(await eventsFor(own.id), []);
      await t.comments.setLike(ana.id, own.id, true);
      assert.deepEqual(await eventsFor(own.id), [], 'liking one’s own comment tells nobody');
    });

    it('tells only people who may see the note', async () => {
      const fan = await signUp(t.app, 'cm_notify_fan');
      await follow(fan, ana);
      const fo = await postNote(t.app, ana, { visibility: 'followers' });
      const c = await t.comments.create(fan.id, fo.id, { body: 'for @cm_bo and @cm_notify_fan' });
      // bo doesn't follow ana: no mention; the fan is the actor
      assert.deepEqual(await eventsFor(c.id), ['comment->ana']);
      const me = await postNote(t.app, ana, { visibility: 'only_me' });
      const memo = await t.comments.create(ana.id, me.id, { body: 'note to self @cm_bo @cm_chen' });
      assert.deepEqual(await eventsFor(memo.id), []);
      // a mentioned person who blocked the commenter hears nothing
      const pub = await postNote(t.app, ana);
      await block(chen, fan);
      const m = await t.comments.create(fan.id, pub.id, { body: 'hey @cm_chen' });
      assert.deepEqual(await eventsFor(m.id), ['comment->ana']);
    });

    it('pages threads newest first and a thread’s replies oldest first from the inline cursor', async () => {
      const note = await postNote(t.app, ana);
      const tops = [];
      for (let i = 0; i < 7; i++) tops.push(await t.comments.create(bo.id, note.id, { body: `top ${i}` }));
      const head = tops[6]!;
      for (let i = 0; i < 8; i++) await t.comments.create(i % 2 ? chen.id : ana.id, note.id, { body: `reply ${i}`, replyTo: head.id });
      const bodies: string[] = [];
      let cursor: string | undefined;
      let first = true;
      do {
        const page = await t.comments.listForNote(chen.id, note.id, cursor, 3);
        if (first) {
          const h = page.items[0]!;
          assert.equal(h.id, head.id);
          assert.equal(h.replyCount, 8);
          assert.deepEqual(
            h.replies!.map((r) => r.body),
            ['reply 0', 'reply 1', 'reply 2'],
          );
          assert.ok(h.repliesCursor);
          const rest: string[] = [];
          let rc: string | undefined = h.repliesCursor!;
          while (rc) {
            const rp = await t.comments.replies(chen.id, head.id, rc, 2);
            rest.push(...rp.items.map((r) => r.body));
            rc = rp.nextCursor ?? undefined;
          }
          assert.deepEqual(rest, ['reply 3', 'reply 4', 'reply 5', 'reply 6', 'reply 7']);
          first = false;
        } else {
          for (const c of page.items) assert.equal(c.repliesCursor, null);
        }
        bodies.push(...page.items.map((c) => c.body));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(bodies, ['top 6', 'top 5', 'top 4', 'top 3', 'top 2', 'top 1', 'top 0']);
      assert.equal(await commentCount(note.id), 15);
      const all = await t.comments.replies(null, head.id, undefined, 100);
      assert.equal(all.items.length, 8);
      assert.equal(all.nextCursor, null);
      await rejectsWith(t.comments.replies(null, all.items[0]!.id, undefined, 20), 404, 'comment_not_found');
    });
  });
}
