// The notes module's PersonalData: a person's notes, likes, collects and views come back in their
// archive (with an ActivityStreams outbox), and after erasure nothing of theirs is left in its
// tables while other people's notes and counts stay right.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp, uniqueHandle } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import type { Note } from '../../../shared/api/notes.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';

/** Collects what a provider writes, as the real archive would receive it. */
class CaptureArchive implements ArchiveWriter {
  readonly files = new Map<string, unknown>();
  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.files.set(path, all);
  }
  async file(path: string, body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    if (typeof body === 'function') {
      const chunks: Buffer[] = [];
      for await (const c of await body()) chunks.push(Buffer.from(c as Buffer));
      this.files.set(path, Buffer.concat(chunks));
    } else this.files.set(path, Buffer.from(body));
  }
  rows<T = Record<string, unknown>>(path: string): T[] {
    return this.files.get(path) as T[];
  }
}

const NOTES_TABLES = ['notes', 'note_likes', 'note_collects', 'note_views', 'note_media', 'note_tags'] as const;

for (const kind of DB_KINDS) {
  describe(`notes personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let anaPublic: Note;
    let anaPrivate: Note;
    let boNote: Note;
    let cyNote: Note;

    const rowsOf = async (table: string) =>
      (await t.ctx.db.kysely
        .selectFrom(table as 'notes')
        .selectAll()
        .execute()) as Array<Record<string, unknown>>;
    const noteRow = async (id: string) => (await rowsOf('notes')).find((r) => r.id === id);

    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, uniqueHandle('pd_ana'));
      bo = await signUp(t.app, uniqueHandle('pd_bo'));
      cy = await signUp(t.app, uniqueHandle('pd_cy'));
      anaPublic = await postNote(t.app, ana, {
        title: 'Tea & <cakes>',
        body: `First line\nsecond line\n\nNew paragraph #teatime with @${bo.handle}`,
        images: 2,
      });
      anaPrivate = await postNote(t.app, ana, { title: 'Just mine', body: 'only me', visibility: 'only_me', images: 1 });
      boNote = await postNote(t.app, bo, { title: 'Bo’s note', body: 'hello #world' });
      cyNote = await postNote(t.app, cy, { title: 'Cy', body: `tea with @${ana.handle} and @${bo.handle}` });
      const as = (who: Account) => ({ headers: bearer(who) });
      for (const [who, id] of [
        [ana, boNote.id],
        [cy, anaPublic.id],
        [cy, boNote.id],
      ] as const) {
        assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${id}/like`, ...as(who) })).statusCode, 204);
      }
      for (const [who, id] of [
        [ana, boNote.id],
        [bo, anaPublic.id],
      ] as const) {
        assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${id}/collect`, ...as(who) })).statusCode, 204);
      }
      // Views are counted under a signed-in viewer's id.
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${boNote.id}`, ...as(ana) })).statusCode, 200);
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${anaPublic.id}`, ...as(cy) })).statusCode, 200);
      await t.ctx.notes.flushViews();
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('exports every note with its text, tags and ordered media, and the notes the person liked, collected and viewed', async () => {
      const out = new CaptureArchive();
      await t.ctx.modules.notes.personalData.export(ana.id, out);
      const notes = out.rows('notes/notes.json');
      assert.deepEqual(notes.map((n) => n.id).sort(), [anaPublic.id, anaPrivate.id].sort());
      const pub = notes.find((n) => n.id === anaPublic.id)!;
      const stored = (await noteRow(anaPublic.id))!;
      assert.equal(pub.body, stored.body);
      assert.equal(pub.createdAt, stored.created_at);
      assert.equal(pub.visibility, 'public');
      assert.deepEqual(pub.tags, ['teatime']);
      assert.deepEqual(
        pub.mediaIds,
        anaPublic.media.map((m) => m.id),
      );
      assert.ok((pub.entities as { body: Array<{ type: string }> }).body.some((e) => e.type === 'mention'));
      assert.equal(notes.find((n) => n.id === anaPrivate.id)!.visibility, 'only_me');
      assert.deepEqual(
        out.rows('notes/likes.json').map((r) => [r.noteId, r.userId]),
        [[boNote.id, ana.id]],
      );
      assert.deepEqual(
        out.rows('notes/collects.json').map((r) => r.noteId),
        [boNote.id],
      );
      assert.deepEqual(
        out.rows('notes/views.json').map((r) => [r.noteId, r.viewerKey]),
        [[boNote.id, ana.id]],
      );
    });

    it('writes an ActivityStreams outbox whose attachments name the files of the media export', async () => {
      const out = new CaptureArchive();
      await t.ctx.modules.notes.personalData.export(ana.id, out);
      const outbox = JSON.parse((out.files.get('outbox.json') as Buffer).toString('utf8'));
      assert.equal(outbox['@context'], 'https://www.w3.org/ns/activitystreams');
      assert.equal(outbox.type, 'OrderedCollection');
      assert.equal(outbox.totalItems, 2);
      assert.equal(outbox.orderedItems.length, 2);
      const create = outbox.orderedItems.find((a: { object: { id: string } }) => a.object.id.endsWith(`/notes/${anaPublic.id}`));
      assert.equal(create.type, 'Create');
      const note = create.object;
      assert.equal(note.type, 'Note');
      assert.equal(note.id, `http://localhost/notes/${anaPublic.id}`);
      assert.equal(note.name, 'Tea & <cakes>');
      assert.match(note.content, /^<p>First line<br>second line<\/p><p>New paragraph #teatime with @/);
      assert.deepEqual(Object.keys(note.contentMap), [anaPublic.lang]);
      assert.deepEqual(note.to, ['https://www.w3.org/ns/activitystreams#Public']);
      assert.deepEqual(
        note.tag.map((x: { type: string; name: string }) => [x.type, x.name]),
        [['Hashtag', '#teatime']],
      );
      assert.equal(note.attributedTo, `http://localhost/u/${ana.handle}`);
      const media = new CaptureArchive();
      await t.ctx.media.personalData.export(ana.id, media);
      assert.equal(note.attachment.length, 2);
      for (const a of note.attachment) {
        assert.equal(a.type, 'Image');
        assert.match(a.url, /^media\/[0-9a-f-]+\.(jpg|webp|png)$/);
        assert.ok(media.files.has(a.url), `the media export writes ${a.url}`);
      }
      const onlyMe = outbox.orderedItems.find((a: { object: { id: string } }) => a.object.id.endsWith(anaPrivate.id)).object;
      assert.ok(!onlyMe.to.includes('https://www.w3.org/ns/activitystreams#Public'));
    });

    it('escapes HTML in the outbox content', async () => {
      const dee = await signUp(t.app, uniqueHandle('pd_dee'));
      await postNote(t.app, dee, { title: 't', body: '<script>alert("x")</script> & more' });
      const out = new CaptureArchive();
      await t.ctx.modules.notes.personalData.export(dee.id, out);
      const outbox = JSON.parse((out.files.get('outbox.json') as Buffer).toString('utf8'));
      assert.equal(outbox.orderedItems[0].object.content, '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>');
    });

    it('lists the ids of the notes a person wrote', async () => {
      assert.deepEqual((await t.ctx.notes.authoredNoteIds(ana.id)).sort(), [anaPublic.id, anaPrivate.id].sort());
    });

    it('erases the person from every notes table, corrects the counts of others’ notes and leaves their notes alone; twice is safe', async () => {
      assert.equal((await noteRow(boNote.id))!.like_count, 2);
      // Warm the read cache: erasure must drop what it changes.
      await t.ctx.reader.note(cy.id, anaPublic.id);
      assert.equal((await t.ctx.reader.note(null, cyNote.id)).entities.body.filter((e) => e.type === 'mention').length, 2);
      await t.ctx.modules.notes.personalData.erase(ana.id);
      await t.ctx.modules.notes.personalData.erase(ana.id);
      for (const table of NOTES_TABLES) {
        const left = (await rowsOf(table)).filter((r) => JSON.stringify(r).includes(ana.id));
        assert.deepEqual(left, [], `${table} still names the person`);
      }
      // Their notes are gone with what hung on them (cy's like, bo's collect).
      for (const id of [anaPublic.id, anaPrivate.id]) assert.equal(await noteRow(id), undefined);
      assert.equal((await rowsOf('note_likes')).filter((r) => r.note_id === anaPublic.id).length, 0);
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${anaPublic.id}`, headers: bearer(cy) })).statusCode, 404);
      // Bo's note: counts match the rows left, the note and cy's like untouched.
      const bo1 = (await noteRow(boNote.id))!;
      const likes = (await rowsOf('note_likes')).filter((r) => r.note_id === boNote.id);
      const collects = (await rowsOf('note_collects')).filter((r) => r.note_id === boNote.id);
      assert.deepEqual(
        likes.map((r) => r.user_id),
        [cy.id],
      );
      assert.equal(bo1.like_count, likes.length);
      assert.equal(bo1.collect_count, collects.length);
      assert.equal(bo1.title, 'Bo’s note');
      const seen = await t.ctx.reader.note(cy.id, boNote.id);
      assert.equal(seen.counts.likes, 1);
      assert.deepEqual(await t.ctx.notes.authoredNoteIds(ana.id), []);
    });

    it('unlinks the person’s @mentions in others’ notes, keeping the words and the other mentions', async () => {
      const mentions = (n: Note) => [...n.entities.title, ...n.entities.body].flatMap((e) => (e.type === 'mention' ? [e.handle] : []));
      const seen = await t.ctx.reader.note(null, cyNote.id);
      assert.equal(seen.body, `tea with @${ana.handle} and @${bo.handle}`);
      assert.deepEqual(mentions(seen), [bo.handle.toLowerCase()]);
      assert.ok(!JSON.stringify(await noteRow(cyNote.id)).includes(`"${ana.handle.toLowerCase()}"`));
    });
  });
}
