import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { rejectsWith } from '../../../../test/support/assert.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';
import type { AppError } from '../../platform/errors.ts';

for (const kind of DB_KINDS) {
  describe(`boards service [${kind}]`, () => {
    let t: InteractionsTest;
    let author: Account;
    let reader: Account;
    before(async () => {
      t = await interactionsTest(kind);
      author = await signUp(t.app, 'board_author');
      reader = await signUp(t.app, 'board_reader');
    });
    after(() => t.close());

    const collects = async (noteId: string, viewer: Account = reader) => {
      const [n] = await t.ctx.reader.notes(viewer.id, [noteId], 'direct');
      assert.ok(n, 'note is visible');
      return { count: n.counts.collects, mine: n.viewer.collected };
    };
    const defaults = async (who: Account) => {
      const page = await t.boards.listOf(who.id, who.handle, undefined, 100);
      return page.items.filter((b) => b.isDefault);
    };

    it('creates the default board once under 10 concurrent first collects', async () => {
      const collector = await signUp(t.app, 'racing_collector');
      const notes = [];
      for (let i = 0; i < 10; i++) notes.push(await postNote(t.app, author, { title: `race ${i}` }));
      await Promise.all(notes.map((n) => t.boards.collect(collector.id, n.id)));
      const found = await defaults(collector);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.name, 'Saved');
      assert.equal(found[0]!.noteCount, 10);
      for (const n of notes) assert.deepEqual(await collects(n.id, collector), { count: 1, mine: true });
      // the same note ten times at once: still one membership, one collect
      const one = await postNote(t.app, author);
      const fresh = await signUp(t.app, 'racing_same_note');
      await Promise.all(Array.from({ length: 10 }, () => t.boards.collect(fresh.id, one.id)));
      const d = await defaults(fresh);
      assert.equal(d.length, 1);
      assert.equal(d[0]!.noteCount, 1);
      assert.deepEqual(await collects(one.id, fresh), { count: 1, mine: true });
    });

    it('counts a person once however many of their boards hold a note', async () => {
      const note = await postNote(t.app, author);
      const a = await t.boards.create(reader.id, { name: 'Cats', visibility: 'public' });
      const b = await t.boards.create(reader.id, { name: 'Ohio', visibility: 'private' });
      await t.boards.addNote(reader.id, a.id, note.id);
      await t.boards.addNote(reader.id, b.id, note.id);
      await t.boards.addNote(reader.id, b.id, note.id); // idempotent
      assert.deepEqual(await collects(note.id), { count: 1, mine: true });
      assert.deepEqual((await t.boards.boardsHolding(reader.id, note.id)).boardIds.sort(), [a.id, b.id].sort());
      await t.boards.removeNote(reader.id, a.id, note.id);
      assert.deepEqual(await collects(note.id), { count: 1, mine: true });
      await t.boards.removeNote(reader.id, b.id, note.id);
      await t.boards.removeNote(reader.id, b.id, note.id); // idempotent
      assert.deepEqual(await collects(note.id), { count: 0, mine: false });
      assert.equal((await t.boards.get(reader.id, a.id)).noteCount, 0);
      assert.equal((await t.boards.get(reader.id, b.id)).noteCount, 0);
    });

    it('keeps the collect count exact while one person races adds and removes across boards', async () => {
      const racer = await signUp(t.app, 'board_racer');
      const note = await postNote(t.app, author);
      const x = await t.boards.create(racer.id, { name: 'X' });
      const y = await t.boards.create(racer.id, { name: 'Y' });
      for (let round = 0; round < 4; round++) {
        await Promise.all([
          t.boards.addNote(racer.id, x.id, note.id),
          t.boards.addNote(racer.id, y.id, note.id),
          t.boards.removeNote(racer.id, x.id, note.id),
          t.boards.removeNote(racer.id, y.id, note.id),
          t.boards.addNote(racer.id, x.id, note.id),
        ]);
        const held = (await t.boards.boardsHolding(racer.id, note.id)).boardIds;
        const c = await collects(note.id, racer);
        assert.equal(c.count, held.length > 0 ? 1 : 0, `round ${round}: ${held.length} boards hold it`);
        assert.equal(c.mine, held.length > 0);
        const counts = [(await t.boards.get(racer.id, x.id)).noteCount, (await t.boards.get(racer.id, y.id)).noteCount];
        assert.deepEqual(counts, [held.includes(x.id) ? 1 : 0, held.includes(y.id) ? 1 : 0]);
      }
    });

    it('un-collects from every board at once, and deleting a board releases notes held nowhere else', async () => {
      const owner = await signUp(t.app, 'board_deleter');
      const [n1, n2, n3] = [await postNote(t.app, author), await postNote(t.app, author), await postNote(t.app, author)];
      const trip = await t.boards.create(owner.id, { name: 'Trip' });
      await t.boards.addNote(owner.id, trip.id, n1.id);
      await t.boards.addNote(owner.id, trip.id, n2.id);
      await t.boards.collect(owner.id, n2.id);
      await t.boards.collect(owner.id, n3.id);
      await t.boards.addNote(owner.id, trip.id, n3.id);
      await t.boards.uncollect(owner.id, n3.id);
      assert.deepEqual(await collects(n3.id, owner), { count: 0, mine: false });
      assert.deepEqual((await t.boards.boardsHolding(owner.id, n3.id)).boardIds, []);
      await t.boards.remove(owner.id, trip.id);
      await rejectsWith(t.boards.get(owner.id, trip.id), 404, 'not_found');
      assert.deepEqual(await collects(n1.id, owner), { count: 0, mine: false });
      assert.deepEqual(await collects(n2.id, owner), { count: 1, mine: true });
      const [saved] = await defaults(owner);
      assert.equal(saved!.noteCount, 1);
      await rejectsWith(t.boards.remove(owner.id, saved!.id), 409, 'default_board');
      await rejectsWith(t.boards.update(owner.id, saved!.id, { name: 'Mine' }), 409, 'default_board');
      // its visibility can change
      assert.equal((await t.boards.update(owner.id, saved!.id, { visibility: 'private' })).visibility, 'private');
    });

    it('keeps names unique per person in any case, trimmed, without control characters, 1–30 characters', async () => {
      const namer = await signUp(t.app, 'board_namer');
      const b = await t.boards.create(namer.id, { name: '  美食\u0007  日记 ' });
      assert.equal(b.name, '美食 日记');
      await rejectsWith(t.boards.create(namer.id, { name: '美食 日记' }), 409, 'board_name_taken');
      const cats = await t.boards.create(namer.id, { name: 'Cats' });
      await rejectsWith(t.boards.create(namer.id, { name: 'CATS' }), 409, 'board_name_taken');
      await rejectsWith(t.boards.update(namer.id, b.id, { name: 'cats' }), 409, 'board_name_taken');
      assert.equal((await t.boards.update(namer.id, cats.id, { name: 'cats' })).name, 'cats'); // its own name in another case
      await rejectsWith(t.boards.create(namer.id, { name: ' \u200e ' }), 400, 'validation_failed');
      await rejectsWith(t.boards.create(namer.id, { name: 'x'.repeat(31) }), 400, 'validation_failed');
      assert.equal((await t.boards.create(namer.id, { name: '猫'.repeat(30) })).name.length, 30);
      // another person may use the same name
      await t.boards.create(reader.id, { name: '美食 日记' });
      // ten concurrent creates of one name: exactly one board
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.boards.create(namer.id, { name: 'Racing' })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'board_name_taken');
    });

    it('refuses the 201st board', async () => {
      const hoarder = await signUp(t.app, 'board_hoarder');
      await t.boards.ensureDefault(hoarder.id);
      for (let i = 1; i < 200; i++) await t.boards.create(hoarder.id, { name: `b${i}` });
      await rejectsWith(t.boards.create(hoarder.id, { name: 'one too many' }), 409, 'too_many_boards');
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await t.boards.listOf(hoarder.id, hoarder.handle, cursor, 60);
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.equal(all.length, 200);
      assert.equal(all[0]!.isDefault, true);
      assert.equal(new Set(all.map((b) => b.id)).size, 200);
      assert.equal(all[1]!.name, 'b199', 'after the default, newest first');
    });

    it('lets only the owner change a board, and only with notes the owner may see', async () => {
      const mine = await t.boards.create(reader.id, { name: 'Only mine' });
      const secret = await t.boards.create(reader.id, { name: 'Secret', visibility: 'private' });
      const note = await postNote(t.app, author);
      await rejectsWith(t.boards.addNote(author.id, mine.id, note.id), 403, 'not_owner');
      await rejectsWith(t.boards.addNote(author.id, secret.id, note.id), 404, 'not_found');
      await rejectsWith(t.boards.remove(author.id, mine.id), 403, 'not_owner');
      const onlyMe = await postNote(t.app, author, { visibility: 'only_me' });
      await rejectsWith(t.boards.addNote(reader.id, mine.id, onlyMe.id), 404, 'not_found');
      await rejectsWith(t.boards.collect(reader.id, onlyMe.id), 404, 'not_found');
      await rejectsWith(t.boards.boardsHolding(reader.id, onlyMe.id), 404, 'not_found');
    });

    it('hides a private board from everyone but its owner', async () => {
      const owner = await signUp(t.app, 'private_owner');
      const note = await postNote(t.app, author);
      const hidden = await t.boards.create(owner.id, { name: 'Hidden', visibility: 'private' });
      await t.boards.addNote(owner.id, hidden.id, note.id);
      assert.equal((await t.boards.get(owner.id, hidden.id)).noteCount, 1);
      await rejectsWith(t.boards.get(reader.id, hidden.id), 404, 'not_found');
      await rejectsWith(t.boards.get(null, hidden.id), 404, 'not_found');
      await rejectsWith(t.boards.notesOf(reader.id, hidden.id, undefined, 20), 404, 'not_found');
      const seenByOthers = await t.boards.listOf(reader.id, owner.handle, undefined, 20);
      assert.deepEqual(
        seenByOthers.items.map((b) => b.name),
        ['Saved'],
      );
      const seenByOwner = await t.boards.listOf(owner.id, owner.handle, undefined, 20);
      assert.deepEqual(
        seenByOwner.items.map((b) => b.name),
        ['Saved', 'Hidden'],
      );
    });

    it('shows a followers-only note in a board only to the author’s followers', async () => {
      const curator = await signUp(t.app, 'fo_curator');
      const follower = await signUp(t.app, 'fo_follower');
      for (const who of [curator, follower]) {
        const r = await t.app.inject({ method: 'PUT', url: `/api/v1/users/${author.handle}/follow`, headers: bearer(who) });
        assert.equal(r.statusCode, 204);
      }
      const fo = await postNote(t.app, author, { visibility: 'followers', title: 'friends only' });
      const pub = await postNote(t.app, author, { title: 'for everyone' });
      const board = await t.boards.create(curator.id, { name: 'Mixed' });
      await t.boards.addNote(curator.id, board.id, pub.id);
      await t.boards.addNote(curator.id, board.id, fo.id);
      const titles = async (viewer: string | null) => (await t.boards.notesOf(viewer, board.id, undefined, 20)).items.map((n) => n.title);
      assert.deepEqual(await titles(follower.id), ['friends only', 'for everyone']);
      assert.deepEqual(await titles(reader.id), ['for everyone']);
      assert.deepEqual(await titles(null), ['for everyone']);
      // the cover is the newest note the reader may see
      assert.equal((await t.boards.get(follower.id, board.id)).cover?.id, fo.media[0]!.id);
      assert.equal((await t.boards.get(reader.id, board.id)).cover?.id, pub.media[0]!.id);
      const onlyFo = await t.boards.create(curator.id, { name: 'Friends' });
      await t.boards.addNote(curator.id, onlyFo.id, fo.id);
      assert.equal((await t.boards.get(reader.id, onlyFo.id)).cover, null);
      assert.equal((await t.boards.get(follower.id, onlyFo.id)).cover?.id, fo.media[0]!.id);
    });

    it('pages a board’s notes newest added first', async () => {
      const pager = await signUp(t.app, 'board_pager');
      const board = await t.boards.create(pager.id, { name: 'Pages' });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const n = await postNote(t.app, author, { title: `page ${i}` });
        await t.boards.addNote(pager.id, board.id, n.id);
        ids.push(n.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await t.boards.notesOf(reader.id, board.id, cursor, 3);
        seen.push(...page.items.map((n) => n.id));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor);
      assert.deepEqual(seen, [...ids].reverse());
      assert.equal(pages, 3);
    });
  });
}
