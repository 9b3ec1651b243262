// The boards module's PersonalData: a person's boards come back with their notes in order and
// their links; erasure deletes them and takes the person's notes out of other people's boards.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, signUp, type TestApp, testApp, uniqueHandle } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import type { Board } from '../../../shared/api/boards.ts';
import type { Note } from '../../../shared/api/notes.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';

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

interface ArchivedBoard {
  id: string;
  ownerId: string;
  name: string;
  visibility: string;
  createdAt: string;
  noteIds: string[];
  notes: Array<{ boardId: string; noteId: string; addedAt: string }>;
  links: Array<{ boardId: string; url: string; title: string | null; source: string; savedAt: string }>;
}

for (const kind of DB_KINDS) {
  describe(`boards personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let anaNote: Note;
    let boNotes: Note[];
    let trips: Board;
    let likes: Board;
    let boBoard: Board;
    const boards = () => t.ctx.boards.service;
    const rowsOf = async (table: string) =>
      (await t.ctx.db.kysely
        .selectFrom(table as 'boards')
        .selectAll()
        .execute()) as Array<Record<string, unknown>>;

    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, uniqueHandle('pdb_ana'));
      bo = await signUp(t.app, uniqueHandle('pdb_bo'));
      anaNote = await postNote(t.app, ana, { title: 'mine' });
      boNotes = [await postNote(t.app, bo, { title: 'b1' }), await postNote(t.app, bo, { title: 'b2' })];
      trips = await boards().create(ana.id, { name: 'Trips' });
      await boards().addNote(ana.id, trips.id, boNotes[1]!.id);
      await boards().addNote(ana.id, trips.id, boNotes[0]!.id);
      await boards().addNote(ana.id, trips.id, anaNote.id);
      await boards().collect(ana.id, boNotes[0]!.id);
      likes = await boards().createPrivateBoard(ana.id, 'TikTok likes');
      await boards().addLinks(ana.id, likes.id, [
        { url: 'https://www.tiktok.com/@x/video/1', title: 'one', source: 'tiktok_like', savedAt: '2025-01-02T03:04:05Z' },
        { url: 'https://www.tiktok.com/@x/video/2', title: null, source: 'tiktok_favorite', savedAt: '2025-01-03T03:04:05Z' },
      ]);
      // Bo keeps Ana's note in his own board, beside his own.
      boBoard = await boards().create(bo.id, { name: 'Friends' });
      await boards().addNote(bo.id, boBoard.id, anaNote.id);
      await boards().addNote(bo.id, boBoard.id, boNotes[0]!.id);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('exports every board of the person with its notes in the order added and its links', async () => {
      const out = new CaptureArchive();
      await t.ctx.boards.personalData.export(ana.id, out);
      const archived = out.files.get('boards/boards.json') as ArchivedBoard[];
      const mine = (await rowsOf('boards')).filter((b) => b.owner_id === ana.id);
      assert.deepEqual(archived.map((b) => b.id).sort(), mine.map((b) => b.id).sort());
      assert.equal(mine.length, 3, 'Trips, Saved and TikTok likes');
      const t1 = archived.find((b) => b.id === trips.id)!;
      assert.deepEqual(t1.noteIds, [boNotes[1]!.id, boNotes[0]!.id, anaNote.id]);
      for (const n of t1.notes) assert.equal(n.boardId, trips.id);
      const l = archived.find((b) => b.id === likes.id)!;
      assert.equal(l.visibility, 'private');
      assert.deepEqual(
        l.links.map((x) => [x.url, x.title, x.source, x.savedAt]),
        [
          ['https://www.tiktok.com/@x/video/1', 'one', 'tiktok_like', '2025-01-02T03:04:05.000Z'],
          ['https://www.tiktok.com/@x/video/2', null, 'tiktok_favorite', '2025-01-03T03:04:05.000Z'],
        ],
      );
      assert.equal(t1.createdAt, mine.find((b) => b.id === trips.id)?.created_at);
    });

    it('erases the person’s boards with what is in them, and their notes from other people’s boards; twice is safe', async () => {
      await t.ctx.boards.personalData.erase(ana.id);
      await t.ctx.boards.personalData.erase(ana.id);
      const mineGone = new Set([trips.id, likes.id]);
      for (const table of ['boards', 'board_notes', 'board_links']) {
        const rows = await rowsOf(table);
        assert.deepEqual(
          rows.filter((r) => JSON.stringify(r).includes(ana.id)),
          [],
          `${table} still names the person`,
        );
        assert.deepEqual(
          rows.filter((r) => mineGone.has((r.board_id ?? r.id) as string)),
          [],
          `${table} still holds their boards`,
        );
      }
      // Bo's board keeps his own note, loses Ana's, and counts what it holds.
      const held = (await rowsOf('board_notes')).filter((r) => r.board_id === boBoard.id);
      assert.deepEqual(
        held.map((r) => r.note_id),
        [boNotes[0]!.id],
      );
      const row = (await rowsOf('boards')).find((b) => b.id === boBoard.id)!;
      assert.equal(row.note_count, held.length);
      assert.equal(row.name, 'Friends');
      for (const b of await rowsOf('boards')) {
        const n = (await rowsOf('board_notes')).filter((r) => r.board_id === b.id).length;
        assert.equal(b.note_count, n, `board ${b.id as string} counts its notes`);
      }
    });
  });
}
