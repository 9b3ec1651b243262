// The subtitles module's part of a person's archive and erasure, on SQLite and PostgreSQL: the tracks
// they uploaded to their video notes are in their archive; erasing them drops every track of their
// notes (translations made from them too) and nobody else's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { multipart } from '../../../../test/support/notes.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { mp4Clip } from '../media/test-inputs.ts';
import { createSubtitlesPersonalData } from './personal-data.ts';
import type { SubtitlesTables } from './tables.ts';

const SRT = '1\n00:00:00,500 --> 00:00:01,200\nHello world\n\n2\n00:00:01,200 --> 00:00:01,900\nGoodbye\n';

for (const kind of DB_KINDS) {
  describe(`subtitles personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let anaNote: string;
    let boNote: string;
    const videoNote = async (who: Account, title: string): Promise<string> => {
      const body = multipart({}, { name: 'clip.mp4', data: fs.readFileSync(await mp4Clip()), type: 'video/mp4' });
      const up = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(who), ...body.headers }, payload: body.payload });
      assert.equal(up.statusCode, 201, up.body);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: bearer(who), payload: { title, body: '', mediaIds: [up.json().id] } });
      assert.equal(res.statusCode, 201, res.body);
      await t.ctx.jobs.drain();
      return res.json().id as string;
    };
    const upload = async (who: Account, noteId: string) => {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/notes/${noteId}/subtitles/en`,
        headers: { ...bearer(who), 'content-type': 'application/x-subrip' },
        payload: SRT,
      });
      assert.equal(res.statusCode, 200, res.body);
    };
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app);
      bo = await signUp(t.app, undefined, { languages: ['zh'] });
      anaNote = await videoNote(ana, 'Mittens dances');
      boNote = await videoNote(bo, 'Whiskers sleeps');
      await upload(ana, anaNote);
      await upload(bo, boNote);
      // A reader's translation of her track, stored once for everyone.
      const tr = await t.app.inject({ url: `/api/v1/notes/${anaNote}/subtitles/en/translations/zh`, headers: bearer(bo) });
      assert.equal(tr.statusCode, 200, tr.body);
    });
    after(async () => t.close());

    // The notes service's answer, as the composition root will wire it.
    const noteIds = async (userId: string) =>
      (await t.ctx.db.kysely.selectFrom('notes').select('id').where('author_id', '=', userId).execute()).map((r) => r.id as string);
    const provider = () => createSubtitlesPersonalData({ db: scoped<SubtitlesTables>(t.ctx.db), noteIds });

    it('declares its table', () => {
      assert.deepEqual(provider().tables, { subtitle_tracks: { kind: 'derived' } });
      assert.ok(t.ctx.subtitles.personalData);
    });

    it('exports the tracks they uploaded, with their WebVTT', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const tracks = out.rows<{ noteId: string; kind: string; vtt: string; lang: string }>('subtitles/tracks.json');
      assert.deepEqual(
        tracks.map((x) => [x.noteId, x.kind, x.lang]),
        [[anaNote, 'uploaded', 'en']],
      );
      assert.ok(tracks[0]?.vtt.startsWith('WEBVTT'));
    });

    it('erases every track of their notes and none of the others’, and can run again', async () => {
      const bos = (await rowsOf(t.ctx.db, 'subtitle_tracks', 'id')).filter((r) => r.note_id === boNote);
      assert.equal((await rowsOf(t.ctx.db, 'subtitle_tracks', 'id')).filter((r) => r.note_id === anaNote).length, 2);
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await rowsOf(t.ctx.db, 'subtitle_tracks', 'id'), bos);
      assert.deepEqual(await mentions(t.ctx.db, ['subtitle_tracks'], anaNote), []);
      assert.deepEqual(await mentions(t.ctx.db, ['subtitle_tracks'], ana.id), []);
    });

    it('finds nothing to export or erase without the notes service', async () => {
      const p = createSubtitlesPersonalData({ db: scoped<SubtitlesTables>(t.ctx.db) });
      const out = new CapturingArchive();
      await p.export(bo.id, out);
      assert.deepEqual(out.rows('subtitles/tracks.json'), []);
      await p.erase(bo.id);
      assert.equal((await rowsOf(t.ctx.db, 'subtitle_tracks', 'id')).length, 1);
    });
  });
}
