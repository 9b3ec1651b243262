// Subtitles end to end: SRT and WebVTT read strictly and written back as plain-text WebVTT; bad files
// refused with the line that is wrong; only the author writes; a note the reader may not see hides its
// tracks; a translation is made once for every reader (by the gloss, and by a real provider's fake);
// removing a track removes its translations, and a deleted note's tracks go with it. HTTP tests run on
// SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startLibreTranslate } from '../../../../test/fakes/translation/index.ts';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { multipart, postNote } from '../../../../test/support/notes.ts';
import { problemViolation } from '../../../../test/support/problem.ts';
import type { Note } from '../../../shared/api/notes.ts';
import type { SubtitleTrack } from '../../../shared/api/subtitles.ts';
import { mp4Clip } from '../media/test-inputs.ts';
import { decodeSubtitleBytes, parseSubtitles, SubtitleError, toWebVtt } from './parse.ts';

const SRT = [
  '\uFEFF1',
  '00:00:00,500 --> 00:00:01,200',
  '{\\an8}<i>Hello</i> <font color="#ff0">world</font> &amp; friends',
  '',
  '2',
  '00:00:01,200 --> 00:00:01,900 X1:10 X2:20',
  'Two  ',
  'lines',
  '',
  '',
].join('\r\n');

const SRT_AS_VTT = 'WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.200\nHello world &amp; friends\n\n2\n00:00:01.200 --> 00:00:01.900\nTwo\nlines\n';

const srtOf = (cues: Array<[string, string, string]>): string => cues.map(([a, b, text], i) => `${i + 1}\n${a} --> ${b}\n${text}\n`).join('\n');

/** Why parsing `text` fails: [message, line]. */
function refusal(text: string, opts: Parameters<typeof parseSubtitles>[1] = {}): [string, number | null] {
  try {
    parseSubtitles(text, opts);
  } catch (err) {
    if (err instanceof SubtitleError) return [err.message, err.line];
    throw err;
  }
  assert.fail('the file was accepted');
}

describe('reading subtitle files', () => {
  it('turns SRT into WebVTT with plain-text cues (markup and SSA overrides gone, entities kept escaped)', () => {
    const parsed = parseSubtitles(SRT);
    assert.equal(parsed.format, 'srt');
    assert.deepEqual(parsed.cues[0], { start: 500, end: 1200, text: 'Hello world & friends' });
    assert.equal(toWebVtt(parsed.cues), SRT_AS_VTT);
  });

  it('reads WebVTT and writes it back unchanged (round trip), dropping notes, styles, regions and cue settings', () => {
    const vtt = [
      'WEBVTT - a title',
      'Kind: captions',
      'Language: en',
      '',
      'NOTE written by hand',
      'over two lines',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'intro',
      '00:00.250 --> 00:01.000 align:start line:0%',
      '<v Bob>Hi &lt;3</v> <c.red>there</c><00:00.500> &#x4F60;&#22909;',
      '',
      '01:02:03.004 --> 01:02:04.000',
      '第二句',
    ].join('\n');
    const parsed = parseSubtitles(vtt);
    assert.equal(parsed.format, 'vtt');
    assert.deepEqual(
      parsed.cues.map((c) => c.text),
      ['Hi <3 there 你好', '第二句'],
    );
    const out = toWebVtt(parsed.cues);
    assert.equal(out, 'WEBVTT\n\n1\n00:00:00.250 --> 00:00:01.000\nHi &lt;3 there 你好\n\n2\n01:02:03.004 --> 01:02:04.000\n第二句\n');
    assert.equal(toWebVtt(parseSubtitles(out).cues), out, 'what Biji writes, it reads back the same');
  });

  it('escapes text that would read as markup or as a time line', () => {
    const cues = parseSubtitles(srtOf([['00:00:01,000', '00:00:02,000', 'a &lt; b <3 && c --&gt; d']])).cues;
    assert.equal(cues[0]?.text, 'a < b <3 && c --> d');
    const out = toWebVtt(cues);
    assert.ok(out.endsWith('\na &lt; b &lt;3 &amp;&amp; c --&gt; d\n'), out);
    assert.equal(parseSubtitles(out).cues[0]?.text, 'a < b <3 && c --> d');
  });

  it('takes cues a little out of order (and puts them in order), and a header that runs into the first cue', () => {
    const cues = parseSubtitles(
      srtOf([
        ['00:00:02,000', '00:00:03,000', 'second'],
        ['00:00:01,500', '00:00:02,500', 'first'],
      ]),
    ).cues;
    assert.deepEqual(
      cues.map((c) => c.text),
      ['first', 'second'],
    );
    assert.equal(parseSubtitles('WEBVTT\n00:01.000 --> 00:02.000\nno blank line after the header\n').cues.length, 1);
  });

  it('refuses bad files and says which line is wrong', () => {
    const cases: Array<[string, string, RegExp, number | null, Parameters<typeof parseSubtitles>[1]?]> = [
      ['empty', '', /empty/, null],
      ['blank lines only', '\n \n\n', /empty/, null],
      ['no cues', 'WEBVTT\n\nNOTE nothing else\n', /no cues/, null],
      ['only markup', srtOf([['00:00:01,000', '00:00:02,000', '<i></i>']]), /no cues/, null],
      ['not subtitles', 'Hello, this is a letter.\nRegards', /not a WebVTT or SRT file/, 1],
      [
        'a broken time',
        srtOf([
          ['00:00:01,000', '00:00:02,000', 'ok'],
          ['00:00:61,000', '00:01:02,000', 'bad'],
        ]),
        /Line 6: .* is not a time line/,
        6,
      ],
      ['the end before the start', srtOf([['00:00:03,000', '00:00:02,000', 'back']]), /Line 2: the cue ends \(00:00:02.000\) before it starts/, 2],
      [
        'out of order',
        srtOf([
          ['00:00:05,000', '00:00:06,000', 'late'],
          ['00:00:01,000', '00:00:02,000', 'early'],
        ]),
        /Line 6: .*time order/,
        6,
      ],
      ['a missing blank line', '1\n00:00:01,000 --> 00:00:02,000\none\n2\n00:00:03,000 --> 00:00:04,000\ntwo\n', /Line 5: a time line inside a cue's text/, 5],
      ['no time line', 'WEBVTT\n\nid\nHello\n', /Line 3: "id" should be a time line/, 3],
      ['a control character', 'WEBVTT\n\n00:01.000 --> 00:02.000\nbell\u0007\n', /Line 4: a control character/, 4],
      [
        'past the video',
        srtOf([
          ['00:00:01,000', '00:00:02,000', 'ok'],
          ['00:00:04,000', '00:00:05,000', 'late'],
        ]),
        /after the video ends \(00:00:02.000\)/,
        6,
        { durationMs: 2000 },
      ],
      ['a cue too long', srtOf([['00:00:01,000', '00:00:02,000', 'x'.repeat(501)]]), /501 characters long; a cue may have at most 500/, 2],
    ];
    for (const [name, text, message, line, opts] of cases) {
      const [got, at] = refusal(text, opts);
      assert.match(got, message, name);
      assert.equal(at, line, `${name}: line`);
    }
    const many = srtOf(Array.from({ length: 5001 }, (_, i) => ['00:00:01,000', '00:00:02,000', `cue ${i}`] as [string, string, string]));
    assert.match(refusal(many)[0], /more than 5,000 cues/);
    assert.equal(parseSubtitles(many, { maxCues: 6000 }).cues.length, 5001);
  });

  it('refuses bytes that are not UTF-8 text', () => {
    const refused = (bytes: Uint8Array) => assert.throws(() => decodeSubtitleBytes(bytes), SubtitleError);
    refused(new Uint8Array(0));
    refused(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])); // a PNG
    refused(Uint8Array.from([0xff, 0xfe, 0x57, 0x00])); // UTF-16
    refused(Uint8Array.from([0x57, 0x45, 0xc3, 0x28])); // invalid UTF-8
    assert.equal(decodeSubtitleBytes(new TextEncoder().encode('\uFEFFWEBVTT')), 'WEBVTT', 'the BOM goes');
  });
});

/** A published video note of `who`'s (the transcode runs now). */
async function videoNote(t: TestApp, who: Account, title = 'Mittens dances'): Promise<Note> {
  const body = multipart({}, { name: 'clip.mp4', data: fs.readFileSync(await mp4Clip()), type: 'video/mp4' });
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/media', headers: { ...bearer(who), ...body.headers }, payload: body.payload });
  assert.equal(up.statusCode, 201, up.body);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/notes', headers: bearer(who), payload: { title, body: '', mediaIds: [up.json().id] } });
  assert.equal(res.statusCode, 201, res.body);
  await t.ctx.jobs.drain();
  return res.json() as Note;
}

const put = (app: FastifyInstance, who: Account | null, noteId: string, lang: string, payload: string | Buffer | object, type = 'application/x-subrip') =>
  app.inject({
    method: 'PUT',
    url: `/api/v1/notes/${noteId}/subtitles/${lang}`,
    headers: { ...(who ? bearer(who) : {}), ...(typeof payload === 'object' && !Buffer.isBuffer(payload) ? {} : { 'content-type': type }) },
    payload,
  });

const get = (app: FastifyInstance, who: Account | null, url: string) => app.inject({ method: 'GET', url, headers: who ? bearer(who) : {} });

/** The rows of a note's tracks, as stored. */
const storedTracks = async (t: TestApp, noteId: string) =>
  (await t.ctx.db.kysely.selectFrom('subtitle_tracks').select(['kind', 'lang', 'provider']).where('note_id', '=', noteId).execute()) as Array<{
    kind: string;
    lang: string;
    provider: string | null;
  }>;

/** Counts the translator's calls (the subtitles module holds the same translator). */
function countTranslations(t: TestApp): { calls: number } {
  const counter = { calls: 0 };
  const translator = t.ctx.language.translator;
  const original = translator.translate.bind(translator);
  translator.translate = async (...args) => {
    counter.calls++;
    return original(...args);
  };
  return counter;
}

for (const kind of DB_KINDS) {
  describe(`subtitles HTTP [${kind}]`, () => {
    let t: TestApp;
    let author: Account;
    let reader: Account;
    let note: Note;
    before(async () => {
      t = await testApp(kind);
      author = await signUp(t.app);
      reader = await signUp(t.app, undefined, { languages: ['zh'], uiLanguage: 'zh' });
      note = await videoNote(t, author);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('the author uploads an SRT; readers and visitors list the track and load it as WebVTT', async () => {
      const res = await put(t.app, author, note.id, 'en', SRT);
      assert.equal(res.statusCode, 200, res.body);
      const track = res.json() as SubtitleTrack;
      assert.equal(track.lang, 'en');
      assert.equal(track.label, 'English');
      assert.equal(track.kind, 'uploaded');
      assert.equal(track.cueCount, 2);
      assert.equal(track.url, `/api/v1/notes/${note.id}/subtitles/en.vtt?v=${track.id}`);
      for (const who of [reader, null]) {
        const list = await get(t.app, who, `/api/v1/notes/${note.id}/subtitles`);
        assert.equal(list.statusCode, 200, list.body);
        assert.deepEqual(list.json().items, [track]);
      }
      const vtt = await get(t.app, null, track.url);
      assert.equal(vtt.statusCode, 200);
      assert.match(String(vtt.headers['content-type']), /^text\/vtt; charset=utf-8/);
      assert.equal(vtt.body, SRT_AS_VTT);
      const again = await t.app.inject({ url: track.url, headers: { 'if-none-match': String(vtt.headers.etag) } });
      assert.equal(again.statusCode, 304);
    });

    it('takes text/vtt and JSON {content} too, and a new upload replaces the track in its language', async () => {
      const vtt = 'WEBVTT\n\n00:00.100 --> 00:00.900\n你好，世界\n';
      const zh = await put(t.app, author, note.id, 'zh', vtt, 'text/vtt');
      assert.equal(zh.statusCode, 200, zh.body);
      assert.equal(zh.json().label, '中文');
      const json = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/notes/${note.id}/subtitles/zh?label=${encodeURIComponent('普通话')}`,
        headers: bearer(author),
        payload: { content: `${vtt}\n00:01.000 --> 00:01.500\n再见\n` },
      });
      assert.equal(json.statusCode, 200, json.body);
      assert.equal(json.json().cueCount, 2);
      assert.equal(json.json().label, '普通话');
      assert.notEqual(json.json().id, zh.json().id);
      const items = (await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles`)).json().items as SubtitleTrack[];
      assert.deepEqual(
        items.map((i) => [i.lang, i.cueCount]),
        [
          ['en', 2],
          ['zh', 2],
        ],
      );
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/zh.vtt`)).body.includes('再见'), true);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/subtitles/zh`, headers: bearer(author) })).statusCode, 204);
    });

    it('refuses bad files: 400 invalid_subtitles naming the line, 413 over 512 KB, 415 for other types', async () => {
      const cases: Array<[string, string | Buffer, string, number, string]> = [
        [
          'a PNG',
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
          'application/x-subrip',
          400,
          'invalid_subtitles',
        ],
        ['an empty file', '', 'text/vtt', 400, 'invalid_subtitles'],
        ['no cues', 'WEBVTT\n', 'text/vtt', 400, 'invalid_subtitles'],
        ['a broken time', srtOf([['00:00:01,000', '00:00:xx,000', 'bad']]), 'text/plain', 400, 'invalid_subtitles'],
        ['past the end of the video', srtOf([['00:00:09,000', '00:00:10,000', 'late']]), 'text/plain', 400, 'invalid_subtitles'],
        [
          'too many cues',
          srtOf(Array.from({ length: 5001 }, () => ['00:00:01,000', '00:00:01,500', 'x'] as [string, string, string])),
          'text/plain',
          400,
          'invalid_subtitles',
        ],
        ['600 KB', `WEBVTT\n\nNOTE ${'x'.repeat(600 * 1024)}\n`, 'text/vtt', 413, 'file_too_large'],
        ['3 MB', Buffer.alloc(3 * 1024 * 1024, 0x41), 'text/vtt', 413, 'file_too_large'],
        ['a form', 'a=b', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
      ];
      for (const [name, payload, type, status, code] of cases) {
        const res = await put(t.app, author, note.id, 'en', payload, type);
        assert.equal(res.statusCode, status, `${name}: ${res.body}`);
        assert.equal(problemViolation(res), null, name);
        assert.equal(res.json().code, code, name);
      }
      const broken = await put(
        t.app,
        author,
        note.id,
        'en',
        srtOf([
          ['00:00:01,000', '00:00:02,000', 'ok'],
          ['00:00:01,500', '00:00:01,200', 'back'],
        ]),
        'text/plain',
      );
      assert.equal(broken.json().errors[0].field, 'content.line 6');
      assert.match(broken.json().detail, /^Line 6: the cue ends/);
      const bigJson = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/notes/${note.id}/subtitles/en`,
        headers: bearer(author),
        payload: { content: `WEBVTT\n\nNOTE ${'x'.repeat(600 * 1024)}` },
      });
      assert.equal(bigJson.statusCode, 413, bigJson.body);
      // The track uploaded before is still the one there.
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/en.vtt`)).body, SRT_AS_VTT);
    });

    it('only the author writes: 403 for others, 401 signed out, 404 for no note, 409 for a photo note, 400 for a bad language', async () => {
      assert.equal((await put(t.app, reader, note.id, 'en', SRT)).json().code, 'not_author');
      assert.equal((await put(t.app, reader, note.id, 'en', SRT)).statusCode, 403);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/subtitles/en`, headers: bearer(reader) });
      assert.equal(del.statusCode, 403);
      assert.equal((await put(t.app, null, note.id, 'en', SRT)).statusCode, 401);
      assert.equal((await put(t.app, null, note.id, 'en', Buffer.from([0, 1, 2]))).statusCode, 401, 'signed in is asked before the file is read');
      assert.equal((await put(t.app, author, '00000000-0000-7000-8000-000000000000', 'en', SRT)).statusCode, 404);
      const photo = await postNote(t.app, author);
      assert.equal((await put(t.app, author, photo.id, 'en', SRT)).statusCode, 409);
      assert.equal((await put(t.app, author, note.id, 'EN!', SRT)).statusCode, 400);
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/fr.vtt`)).statusCode, 404);
    });

    it('a note the reader may not see hides its tracks and their translations (404)', async () => {
      const patch = (visibility: string) =>
        t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${note.id}`, headers: bearer(author), payload: { visibility } });
      assert.equal((await patch('only_me')).statusCode, 200);
      try {
        for (const url of ['', '/en.vtt', '/en/translations/zh', '/en/translations/zh.vtt']) {
          for (const who of [reader, null]) assert.equal((await get(t.app, who, `/api/v1/notes/${note.id}/subtitles${url}`)).statusCode, 404, url);
        }
        assert.equal((await get(t.app, author, `/api/v1/notes/${note.id}/subtitles`)).json().items.length, 1, 'its author still sees them');
      } finally {
        await patch('public');
      }
    });

    it('a translation is made once through the translator and served to every reader after', async () => {
      const counter = countTranslations(t);
      const url = `/api/v1/notes/${note.id}/subtitles/en/translations/zh`;
      // Three readers at once: one translation.
      const first = await Promise.all([get(t.app, reader, url), get(t.app, null, url), get(t.app, author, url)]);
      for (const res of first) assert.equal(res.statusCode, 200, res.body);
      const track = first[0]?.json() as SubtitleTrack;
      assert.deepEqual(
        first.map((r) => r.json().id),
        [track.id, track.id, track.id],
      );
      assert.equal(counter.calls, 1);
      assert.equal(track.kind, 'translated');
      assert.equal(track.lang, 'zh');
      assert.equal(track.source, 'en');
      assert.equal(track.provider, 'CC-CEDICT');
      assert.equal(track.providerKind, 'gloss');
      assert.equal(track.cueCount, 2);
      assert.equal(track.url, `/api/v1/notes/${note.id}/subtitles/en/translations/zh.vtt?v=${track.id}`);
      const again = await get(t.app, reader, url);
      assert.equal(again.json().id, track.id);
      assert.equal(counter.calls, 1, 'the second reader is served the stored track');
      const vtt = await get(t.app, reader, track.url);
      assert.equal(vtt.statusCode, 200);
      assert.match(vtt.body, /^WEBVTT\n\n1\n00:00:00.500 --> 00:00:01.200\n.*\p{Script=Han}/u);
      const items = (await get(t.app, null, `/api/v1/notes/${note.id}/subtitles`)).json().items as SubtitleTrack[];
      assert.deepEqual(
        items.map((i) => [i.kind, i.lang]),
        [
          ['uploaded', 'en'],
          ['translated', 'zh'],
        ],
      );
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/en/translations/en`)).statusCode, 400, 'already English');
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/en/translations/fr`)).statusCode, 400);
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/fr/translations/zh`)).statusCode, 404);
    });

    it('replacing or deleting a track drops the translations made from it', async () => {
      assert.deepEqual((await storedTracks(t, note.id)).map((r) => r.kind).sort(), ['translated', 'uploaded']);
      assert.equal((await put(t.app, author, note.id, 'en', SRT)).statusCode, 200);
      assert.deepEqual(
        (await storedTracks(t, note.id)).map((r) => r.kind),
        ['uploaded'],
        'a new file: the old translation goes',
      );
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/en/translations/zh`)).statusCode, 200);
      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/subtitles/en`, headers: bearer(author) });
      assert.equal(del.statusCode, 204);
      assert.deepEqual(await storedTracks(t, note.id), []);
      assert.deepEqual((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles`)).json().items, []);
      assert.equal((await get(t.app, reader, `/api/v1/notes/${note.id}/subtitles/en/translations/zh.vtt`)).statusCode, 404);
      const twice = await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${note.id}/subtitles/en`, headers: bearer(author) });
      assert.equal(twice.statusCode, 404);
    });

    it("a deleted note's tracks go with it (the note.deleted event)", async () => {
      const doomed = await videoNote(t, author, 'Soon gone');
      assert.equal((await put(t.app, author, doomed.id, 'en', SRT)).statusCode, 200);
      assert.equal((await get(t.app, reader, `/api/v1/notes/${doomed.id}/subtitles/en/translations/zh`)).statusCode, 200);
      assert.equal((await storedTracks(t, doomed.id)).length, 2);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${doomed.id}`, headers: bearer(author) })).statusCode, 204);
      await t.ctx.jobs.drain();
      assert.deepEqual(await storedTracks(t, doomed.id), []);
      assert.equal((await get(t.app, author, `/api/v1/notes/${doomed.id}/subtitles`)).statusCode, 404);
    });
  });
}

describe('subtitles translated by a real provider (its local fake)', () => {
  it('are labelled with the provider, made in one batch, and stored for every reader', async () => {
    const fake = await startLibreTranslate({ translate: (text) => `EN[${text}]` });
    const t = await testApp('sqlite', { TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url });
    try {
      const author = await signUp(t.app, undefined, { languages: ['zh'] });
      const note = await videoNote(t, author, '猫在跳舞');
      const zh = 'WEBVTT\n\n00:00.200 --> 00:00.900\n你好\n第二行\n\n00:01.000 --> 00:01.800\n再见。\n';
      assert.equal((await put(t.app, author, note.id, 'zh', zh, 'text/vtt')).statusCode, 200);
      const readers = await Promise.all([signUp(t.app), signUp(t.app)]);
      for (const r of readers) {
        const res = await get(t.app, r, `/api/v1/notes/${note.id}/subtitles/zh/translations/en`);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().provider, 'LibreTranslate');
        assert.equal(res.json().providerKind, 'translation');
      }
      assert.equal(fake.translations().length, 1, 'one batch for every cue, and none for the second reader');
      const vtt = await get(t.app, readers[0] ?? null, `/api/v1/notes/${note.id}/subtitles/zh/translations/en.vtt`);
      assert.equal(
        vtt.body,
        'WEBVTT\n\n1\n00:00:00.200 --> 00:00:00.900\nEN[你好]\nEN[第二行]\n\n2\n00:00:01.000 --> 00:00:01.800\nEN[再见。]\n',
        'each cue translated with its lines kept',
      );
      assertNo5xx(t.logs);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
