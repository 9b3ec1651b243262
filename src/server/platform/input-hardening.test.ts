import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, STRONG_PASSWORD, signUp, type TestApp, testApp } from '../../../test/support/app.ts';
import { DB_KINDS } from '../../../test/support/db.ts';
import { postNote } from '../../../test/support/notes.ts';
import { assertProblem } from '../../../test/support/problem.ts';
import { BOARD_LIMITS } from '../../shared/rules/notes.ts';

const json = { 'content-type': 'application/json' };

for (const kind of DB_KINDS) {
  describe(`text and numbers a request may carry (${kind})`, () => {
    let t: TestApp;
    let a: Account;
    const ids = { note: '', board: '', comment: '', session: '', conversation: '', room: '' };
    before(async () => {
      t = await testApp(kind);
      a = await signUp(t.app, `unicode_${kind}`);
      ids.note = (await postNote(t.app, a)).id;
      const board = await t.app.inject({ method: 'POST', url: '/api/v1/boards', headers: bearer(a), payload: { name: 'Trips' } });
      ids.board = board.json().id;
      const comment = await t.app.inject({ method: 'POST', url: `/api/v1/notes/${ids.note}/comments`, headers: bearer(a), payload: { body: 'hello' } });
      ids.comment = comment.json().id;
      ids.session = (await t.app.inject({ url: '/api/v1/sessions', headers: bearer(a) })).json().items[0].id;
      const b = await signUp(t.app, `friend_${kind}`);
      ids.conversation = (await t.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: bearer(a), payload: { members: [b.handle] } })).json().id;
      // The first account is the admin, who may open a live room.
      ids.room = (await t.app.inject({ method: 'POST', url: '/api/v1/rooms', headers: bearer(a), payload: { name: 'Lobby', description: 'hi' } })).json().id;
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    // Raw JSON, so the lone surrogate travels as the escape a client would send.
    const send = (method: 'POST' | 'PATCH', url: string, field: string, escaped: string, rest = '') =>
      t.app.inject({ method, url, headers: { ...json, ...bearer(a) }, payload: `{"${field}":"${escaped}"${rest}}` });

    it('refuses a lone surrogate or NUL in a title, body, comment, board name, display name or bio with 400 invalid_unicode naming the field', async () => {
      const cases: Array<[string, 'POST' | 'PATCH', string, string, string?]> = [
        ['note title', 'POST', '/api/v1/notes', 'title', ',"body":"x","mediaIds":["00000000-0000-7000-8000-000000000000"]'],
        ['note edit', 'PATCH', `/api/v1/notes/${ids.note}`, 'title'],
        ['note body', 'PATCH', `/api/v1/notes/${ids.note}`, 'body'],
        ['comment', 'POST', `/api/v1/notes/${ids.note}/comments`, 'body'],
        ['board', 'POST', '/api/v1/boards', 'name'],
        ['board rename', 'PATCH', `/api/v1/boards/${ids.board}`, 'name'],
        ['display name', 'PATCH', '/api/v1/me', 'displayName'],
        ['bio', 'PATCH', '/api/v1/me', 'bio'],
      ];
      for (const [what, method, url, field, rest] of cases) {
        for (const bad of ['Mittens\\ud800', '\\udc00', 'a\\ud83db', 'nul\\u0000']) {
          const p = assertProblem(await send(method, url, field, bad, rest), 400, 'invalid_unicode');
          assert.equal(p.errors?.[0]?.field, field, `${what}: ${bad}`);
        }
      }
      const signUpRes = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: json,
        payload: `{"handle":"lone_${kind}","password":"${STRONG_PASSWORD}","displayName":"Lone\\ud800"}`,
      });
      assertProblem(signUpRes, 400, 'invalid_unicode');
      // Nothing was stored: the note, board and name read back as they were.
      const note = (await t.app.inject({ url: `/api/v1/notes/${ids.note}`, headers: bearer(a) })).json();
      assert.equal(note.title, 'Mittens says hi');
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(a) })).json().displayName, `Test ${a.handle}`);
      assert.equal((await t.app.inject({ url: `/api/v1/users/lone_${kind}` })).statusCode, 404);
    });

    it('keeps a proper surrogate pair: emoji in a title, a comment, a board name and a display name read back intact', async () => {
      const edit = await send('PATCH', `/api/v1/notes/${ids.note}`, 'title', 'Mittens \\ud83d\\ude3a');
      assert.equal(edit.statusCode, 200, edit.body);
      assert.equal(edit.json().title, 'Mittens 😺');
      const comment = await send('POST', `/api/v1/notes/${ids.note}/comments`, 'body', '\\ud83d\\udc4d');
      assert.equal(comment.json().body, '👍');
      const board = await send('POST', '/api/v1/boards', 'name', 'Cats \\ud83d\\udc08');
      assert.equal(board.json().name, 'Cats 🐈');
      const me = await send('PATCH', '/api/v1/me', 'displayName', 'Ana \\ud83c\\udf38');
      assert.equal(me.json().displayName, 'Ana 🌸');
    });

    it('strips bidi overrides and invisible characters from display names; a name of nothing but those is blank', async () => {
      const sneaky = await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: bearer(a),
        payload: { displayName: '\u202Enimda\u202C\u200B \u2066x\u2069\u200D\uFEFF\u3164' },
      });
      assert.equal(sneaky.statusCode, 200, sneaky.body);
      assert.equal(sneaky.json().displayName, 'nimda x');
      const other = await signUp(t.app, `bidi_${kind}`, { displayName: 'ad\u200Bmin\u2060' });
      assert.equal((await t.app.inject({ url: `/api/v1/users/${other.handle}` })).json().displayName, 'admin');
      const blank = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(a), payload: { displayName: '\u200B\u3164\u2800\u202E' } });
      const p = assertProblem(blank, 400, 'validation_failed');
      assert.equal(p.errors?.[0]?.field, 'displayName');
      const family = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: bearer(a), payload: { displayName: 'We 👨‍👩‍👧' } });
      assert.equal(family.json().displayName, 'We 👨‍👩‍👧');
    });

    it('answers 400 for limit=Infinity, -Infinity, 1e400 or NaN and for a cursor holding NUL on every paged route', async () => {
      const doc = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
      const byResource: Record<string, string> = {
        notes: ids.note,
        boards: ids.board,
        comments: ids.comment,
        sessions: ids.session,
        conversations: ids.conversation,
        rooms: ids.room,
      };
      const fill = (path: string) =>
        path
          .replace('{handle}', a.handle)
          .replace('{noteId}', ids.note)
          .replace('{tag}', 'cattax')
          .replace(/\/(notes|boards|comments|sessions|conversations|rooms)\/\{id\}/, (_m, what: string) => `/${what}/${byResource[what]}`);
      const paged = Object.entries(doc.paths).filter(([, ops]) => ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'limit'));
      assert.ok(paged.length >= 10, `only ${paged.length} paged routes`);
      for (const [path, ops] of paged) {
        // A route that needs a query (search) gets one, so that only the limit or cursor is at fault.
        const needsQ = ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'q' && (p as { required?: boolean }).required);
        const url = `${fill(path)}${needsQ ? '?q=cat&' : '?'}`;
        const good = await t.app.inject({ url: `${url}limit=5`, headers: bearer(a) });
        assert.equal(good.statusCode, 200, `${url}: ${good.body}`);
        for (const limit of ['Infinity', '-Infinity', '1e400', 'NaN', '1e2000']) {
          const p = assertProblem(await t.app.inject({ url: `${url}limit=${limit}`, headers: bearer(a) }), 400, 'validation_failed');
          assert.equal(p.errors?.[0]?.field, 'limit', `${url}limit=${limit}`);
        }
        // Cursors that decode to a NUL (PostgreSQL failed the query) or to bytes no sort key has
        // (chat history pages by seq instead: `before`/`after`, integers the schema checks).
        if (!ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor')) continue;
        for (const cursor of ['AA', 'AAAA', 'zzzz', '_w']) {
          const p = assertProblem(await t.app.inject({ url: `${url}cursor=${cursor}`, headers: bearer(a) }), 400, 'invalid_cursor');
          assert.equal(p.errors?.[0]?.field, 'cursor', `${url}cursor=${cursor}`);
        }
      }
    });

    it(`board names: the schema, the OpenAPI document and the service all say ${BOARD_LIMITS.nameChars} characters`, async () => {
      const doc = t.app.swagger() as {
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { maxLength?: number }> } }> } }>
        >;
      };
      for (const [path, method] of [
        ['/api/v1/boards', 'post'],
        ['/api/v1/boards/{id}', 'patch'],
      ] as const) {
        const schema = doc.paths[path]?.[method]?.requestBody?.content['application/json']?.schema;
        assert.equal(schema?.properties.name?.maxLength, BOARD_LIMITS.nameChars, path);
      }
      const long = 'n'.repeat(BOARD_LIMITS.nameChars + 1);
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/boards', headers: bearer(a), payload: { name: long } });
      assert.equal(assertProblem(refused, 400, 'validation_failed').errors?.[0]?.field, 'name');
      const fits = await t.app.inject({ method: 'POST', url: '/api/v1/boards', headers: bearer(a), payload: { name: '书'.repeat(BOARD_LIMITS.nameChars) } });
      assert.equal(fits.statusCode, 201, fits.body);
    });
  });
}
