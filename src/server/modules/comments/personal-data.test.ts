// The comments module's PersonalData: every comment a person wrote (deleted ones as stored) and
// every comment they liked come back; erasure removes them, the threads they started, everything
// under their notes, and every mention of them in others' comments, with all counts kept exact.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp, uniqueHandle } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import type { Note } from '../../../shared/api/notes.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';
import { withoutMentionOf } from './personal-data.ts';

class CaptureArchive implements ArchiveWriter {
  readonly files = new Map<string, unknown>();
  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.files.set(path, all);
  }
  async file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    this.files.set(path, typeof body === 'function' ? await body() : body);
  }
}

type Row = Record<string, unknown>;

describe('mentions in comment entities', () => {
  it('drops the mentions of one handle and keeps every other entity', () => {
    const entities = JSON.stringify([
      { type: 'mention', start: 0, end: 4, handle: 'ana' },
      { type: 'hashtag', start: 5, end: 9, tag: 'tea' },
      { type: 'mention', start: 10, end: 15, handle: 'anab' },
    ]);
    assert.deepEqual(JSON.parse(withoutMentionOf(entities, 'ana')!), [
      { type: 'hashtag', start: 5, end: 9, tag: 'tea' },
      { type: 'mention', start: 10, end: 15, handle: 'anab' },
    ]);
    assert.equal(withoutMentionOf(entities, 'cy'), null, 'nothing to change');
  });
});

for (const kind of DB_KINDS) {
  describe(`comments personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let boNote: Note;
    let anaNote: Note;
    const ids: Record<string, string> = {};
    const rowsOf = async (table: string) =>
      (await t.ctx.db.kysely
        .selectFrom(table as 'comments')
        .selectAll()
        .execute()) as Row[];
    const comment = async (who: Account, noteId: string, body: string, replyTo?: string): Promise<string> => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notes/${noteId}/comments`,
        headers: bearer(who),
        payload: { body, ...(replyTo ? { replyTo } : {}) },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const like = async (who: Account, id: string) =>
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/comments/${id}/like`, headers: bearer(who) })).statusCode, 204);

    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, uniqueHandle('pdc_ana'));
      bo = await signUp(t.app, uniqueHandle('pdc_bo'));
      cy = await signUp(t.app, uniqueHandle('pdc_cy'));
      boNote = await postNote(t.app, bo, { title: 'bo' });
      anaNote = await postNote(t.app, ana, { title: 'ana' });
      // Ana's own thread under Bo's note, with others' replies in it.
      ids.c1 = await comment(ana, boNote.id, 'first!');
      ids.r1 = await comment(bo, boNote.id, 'thanks', ids.c1);
      ids.r1b = await comment(cy, boNote.id, 'agreed', ids.r1);
      // Cy's thread: Ana replies, Cy answers Ana, Bo mentions her.
      ids.c2 = await comment(cy, boNote.id, 'lovely');
      ids.r2 = await comment(ana, boNote.id, 'isn’t it', ids.c2);
      ids.r3 = await comment(cy, boNote.id, 'yes it is', ids.r2);
      ids.r4 = await comment(bo, boNote.id, `ask @${ana.handle} about it`, ids.c2);
      ids.c3 = await comment(bo, boNote.id, `@${ana.handle} and @${cy.handle} see this`);
      // Ana's deleted comment stays in her archive as stored.
      ids.c5 = await comment(ana, boNote.id, 'oops');
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${ids.c5}`, headers: bearer(ana) })).statusCode, 204);
      // Under Ana's note.
      ids.c4 = await comment(cy, anaNote.id, 'nice note');
      await like(ana, ids.c2);
      await like(ana, ids.c4);
      await like(bo, ids.c1);
      await like(bo, ids.c2);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('exports every comment the person wrote, deleted ones as stored, and the comments they liked', async () => {
      const out = new CaptureArchive();
      await t.ctx.comments.personalData.export(ana.id, out);
      const written = out.files.get('comments/comments.json') as Row[];
      assert.deepEqual(written.map((c) => c.id).sort(), [ids.c1, ids.r2, ids.c5].sort());
      const stored = (await rowsOf('comments')).filter((r) => r.author_id === ana.id);
      for (const c of written) {
        const s = stored.find((r) => r.id === c.id)!;
        assert.equal(c.noteId, s.note_id);
        assert.equal(c.parentId, s.parent_id);
        assert.equal(c.body, s.body);
        assert.equal(c.createdAt, s.created_at);
        assert.equal(c.deletedAt, s.deleted_at);
      }
      assert.ok(written.find((c) => c.id === ids.c5)?.deletedAt, 'the deleted one, as stored');
      assert.deepEqual((out.files.get('comments/likes.json') as Row[]).map((l) => l.commentId).sort(), [ids.c2, ids.c4].sort());
      assert.deepEqual((await t.ctx.comments.service.authoredCommentIds(ana.id)).sort(), [ids.c1, ids.r2, ids.c5].sort());
    });

    it('erases the person and whatever names them, keeping every count exact and others’ words; twice is safe', async () => {
      await t.ctx.comments.personalData.erase(ana.id);
      await t.ctx.comments.personalData.erase(ana.id);
      const comments = await rowsOf('comments');
      const likes = await rowsOf('comment_likes');
      for (const [table, rows] of [
        ['comments', comments],
        ['comment_likes', likes],
      ] as const) {
        assert.deepEqual(
          rows.filter((r) => JSON.stringify(r).includes(ana.id)),
          [],
          `${table} still names the person`,
        );
      }
      const byId = new Map(comments.map((c) => [c.id as string, c]));
      // Her thread went whole; her reply went; everything under her note went.
      for (const gone of [ids.c1, ids.r1, ids.r1b, ids.r2, ids.c5, ids.c4]) assert.equal(byId.has(gone!), false, `${gone} is gone`);
      // Others' comments stay, no longer naming her.
      const r3 = byId.get(ids.r3!)!;
      assert.equal(r3.body, 'yes it is');
      assert.equal(r3.reply_to_user_id, null);
      for (const id of [ids.r4, ids.c3]) {
        const c = byId.get(id!)!;
        assert.ok((c.body as string).includes(`@${ana.handle}`), 'the words stay');
        const handles = (JSON.parse(c.entities as string) as Array<{ type: string; handle?: string }>).filter((e) => e.type === 'mention').map((e) => e.handle);
        assert.ok(!handles.includes(ana.handle.toLowerCase()), 'the mention of her goes');
      }
      assert.ok(
        (JSON.parse(byId.get(ids.c3!)!.entities as string) as Array<{ handle?: string }>).some((e) => e.handle === cy.handle.toLowerCase()),
        'others’ mentions stay',
      );
      // Counts: every comment's likes and replies, and the note's comments, match the rows.
      for (const c of comments) {
        assert.equal(c.like_count, likes.filter((l) => l.comment_id === c.id).length, `likes of ${c.id as string}`);
        if (c.parent_id === null) {
          const live = comments.filter((r) => r.parent_id === c.id && r.deleted_at === null).length;
          assert.equal(c.reply_count, live, `replies of ${c.id as string}`);
        }
      }
      assert.equal(byId.get(ids.c2!)!.like_count, 1, 'Bo’s like stays');
      const note = (await t.ctx.db.kysely.selectFrom('notes').selectAll().where('id', '=', boNote.id).executeTakeFirst()) as Row;
      assert.equal(note.comment_count, comments.filter((c) => c.note_id === boNote.id && c.deleted_at === null).length);
      assert.equal(note.comment_count, 4);
      const page = await t.app.inject({ url: `/api/v1/notes/${boNote.id}/comments`, headers: bearer(bo) });
      assert.equal(page.statusCode, 200);
      assert.deepEqual(
        page
          .json()
          .items.map((c: { id: string }) => c.id)
          .sort(),
        [ids.c2, ids.c3].sort(),
      );
    });
  });
}
