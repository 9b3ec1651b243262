// Points 4 and 6 of trust & safety, through the real app on both databases: admins' word lists
// (refuse at write, hold for review, mark sensitive) on every kind of text, in English and in
// Chinese written either way; a new account's link limit and stricter write budget; probation
// (followers only until a moderator approves); a wave of the same text held; sign-ups per IP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CasePage, ProbationPerson } from '../src/shared/api/moderation.ts';
import type { Note } from '../src/shared/api/notes.ts';
import { type Account, assertNo5xx, ORIGIN, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { postNote, uploadImage } from './support/notes.ts';
import { assertProblem } from './support/problem.ts';
import { call, exploreIds, getJson, type Method, moderator } from './support/safety.ts';

/** A note with a photo and this text: the HTTP answer as it came. */
async function tryNote(t: TestApp, who: Account, title: string, body: string) {
  const photo = await uploadImage(t.app, who);
  return call(t, who, 'POST', '/api/v1/notes', { title, body, mediaIds: [photo.id], visibility: 'public' });
}

type ProbationPage = { items: ProbationPerson[]; nextCursor: string | null };

const openCases = async (t: TestApp, mod: Account) => (await getJson<CasePage>(t, mod, '/api/v1/moderation/cases?status=open&limit=100')).items;

for (const kind of DB_KINDS) {
  const k = kind.slice(0, 2);

  describe(`word lists on every text [${kind}]`, () => {
    let t: TestApp;
    let admin: Account;
    let ana: Account;
    let bo: Account;
    let anaNote: Note;
    let dmId = '';

    before(async () => {
      t = await testApp(kind);
      admin = await signUp(t.app, `pol_admin_${k}`);
      ana = await signUp(t.app, `pol_ana_${k}`);
      bo = await signUp(t.app, `pol_bo_${k}`);
      for (const [name, action, terms] of [
        ['Refused here', 'refuse', ['zorblaxo', '赌博网站']],
        ['Held here', 'hold', ['quibbleflux', '刷单']],
        ['Blurred here', 'sensitive', ['glowberry', '纹身贴']],
      ] as const) {
        const res = await call(t, admin, 'POST', '/api/v1/moderation/filters', { name, action, terms });
        assert.equal(res.statusCode, 201, res.body);
      }
      anaNote = await postNote(t.app, ana, { title: 'Ana at the market', body: 'fresh fruit today' });
      for (const [a, b] of [
        [ana, bo],
        [bo, ana],
      ] as const)
        assert.equal((await call(t, a, 'PUT', `/api/v1/users/${b.handle}/follow`)).statusCode, 204);
      dmId = ((await call(t, ana, 'POST', '/api/v1/conversations', { members: [bo.handle] })).json() as { id: string }).id;
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    for (const [lang, term] of [
      ['English', 'ZorBlaxo'],
      ['simplified Chinese', '赌博网站'],
      ['traditional Chinese', '賭博網站'],
    ] as const) {
      it(`refuses a refused term (${lang}) in a note, comment, bio, display name, board name and chat message, storing nothing`, async () => {
        const text = `look at this ${term} now`;
        const writes: Array<[string, Method, string, unknown]> = [
          ['comment', 'POST', `/api/v1/notes/${anaNote.id}/comments`, { body: text }],
          ['bio', 'PATCH', '/api/v1/me', { bio: text }],
          ['display name', 'PATCH', '/api/v1/me', { displayName: `Bo ${term}` }],
          ['board name', 'POST', '/api/v1/boards', { name: `My ${term}` }],
          ['chat message', 'POST', `/api/v1/conversations/${dmId}/messages`, { body: text }],
        ];
        const refused = assertProblem(await tryNote(t, bo, 'A title', text), 422, 'content_refused');
        assert.ok(
          refused.errors?.some((e) => e.field === 'body'),
          JSON.stringify(refused.errors),
        );
        for (const [what, method, url, payload] of writes) {
          const res = await call(t, bo, method, url, payload);
          assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
          assertProblem(res, 422, 'content_refused');
        }
        const raw = term.toLowerCase();
        const seen = JSON.stringify([
          await getJson(t, bo, `/api/v1/users/${bo.handle}/notes`),
          await getJson(t, ana, `/api/v1/notes/${anaNote.id}/comments`),
          await getJson(t, bo, '/api/v1/me'),
          await getJson(t, bo, `/api/v1/users/${bo.handle}/boards`),
          await getJson(t, ana, `/api/v1/conversations/${dmId}/messages`),
        ]).toLowerCase();
        assert.ok(!seen.includes(raw), `something holding ${term} was stored`);
      });
    }

    it('holds a note with a held term (English, traditional Chinese): only its author sees it, and a filter case opens', async () => {
      for (const term of ['quibbleflux', '刷單']) {
        const res = await tryNote(t, bo, 'Earn fast', `join us ${term} every day`);
        assert.equal(res.statusCode, 201, res.body);
        const note = res.json() as Note;
        assert.equal(note.moderation?.held, true, 'its author is told it is held');
        assert.equal((await call(t, bo, 'GET', `/api/v1/notes/${note.id}`)).statusCode, 200);
        for (const who of [ana, null]) assertProblem(await call(t, who, 'GET', `/api/v1/notes/${note.id}`), 404, 'not_found');
        assert.ok(!(await exploreIds(t, ana)).includes(note.id));
        const c = (await openCases(t, admin)).find((x) => x.target.type === 'note' && x.target.id === note.id);
        assert.ok(c, 'no case for the held note');
        assert.equal(c.source, 'filter');
        assert.equal(c.state.held, true);
      }
      // A held comment is stored and reviewed too.
      const comment = await call(t, bo, 'POST', `/api/v1/notes/${anaNote.id}/comments`, { body: 'cheap quibbleflux offers' });
      assert.ok(comment.statusCode === 201, comment.body);
      const commentId = (comment.json() as { id: string }).id;
      assert.ok((await openCases(t, admin)).some((x) => x.target.type === 'comment' && x.target.id === commentId && x.source === 'filter'));
    });

    it('marks a note with a sensitive term (English, simplified and traditional Chinese) sensitive for its readers', async () => {
      for (const term of ['Glowberry', '纹身贴', '紋身貼']) {
        const res = await tryNote(t, bo, 'My new look', `today ${term} on my arm`);
        assert.equal(res.statusCode, 201, res.body);
        const id = (res.json() as Note).id;
        for (const who of [ana, null]) assert.equal((await getJson<Note>(t, who, `/api/v1/notes/${id}`)).moderation?.sensitive, true, term);
      }
      const plain = await tryNote(t, bo, 'Plain', 'nothing to see here');
      assert.equal((await getJson<Note>(t, ana, `/api/v1/notes/${(plain.json() as Note).id}`)).moderation?.sensitive ?? false, false);
    });
  });

  describe(`new accounts: links, write budget, sign-ups per IP [${kind}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await testApp(kind, {
        RATE_LIMITS: 'on',
        RATE_LIMIT_SIGNUP_PER_IP: '4/3600',
        SAFETY_NEW_ACCOUNT_HOURS: '24',
        SAFETY_NEW_ACCOUNT_MAX_LINKS: '1',
        SAFETY_NEW_ACCOUNT_WRITES: '6/60',
      });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('refuses more links than a new account may use, keeps its writes to a stricter budget, and throttles sign-ups per IP', async () => {
      const ana = await signUp(t.app, `lnk_ana_${k}`);
      const bo = await signUp(t.app, `lnk_bo_${k}`);
      // Writes so far: none by Bo. Two uploads and one note with a link: 3.
      const two = await tryNote(t, bo, 'Links', 'see https://example.com and https://example.org');
      const p = assertProblem(two, 422, 'too_many_links');
      assert.ok(p.errors?.some((e) => e.field === 'body'));
      const one = await tryNote(t, bo, 'Link', 'see https://example.com');
      assert.equal(one.statusCode, 201, one.body);
      const noteId = (one.json() as Note).id;
      assertProblem(await call(t, bo, 'PATCH', '/api/v1/me', { bio: 'https://a.example and https://b.example' }), 422, 'too_many_links');
      // The budget of 6 writes a minute runs out (refused writes count too).
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(t, bo, i % 2 === 0 ? 'PUT' : 'DELETE', `/api/v1/notes/${noteId}/like`)).statusCode);
      assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
      const limited = await call(t, bo, 'PUT', `/api/v1/users/${ana.handle}/follow`);
      assertProblem(limited, 429, 'rate_limited');
      assert.ok(limited.headers['retry-after'], 'Retry-After is set');
      // Two sign-ups made, two more allowed from this address, then 429.
      await signUp(t.app, `lnk_cy_${k}`);
      await signUp(t.app, `lnk_di_${k}`);
      const fifth = await t.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: { origin: ORIGIN },
        payload: { handle: `lnk_ed_${k}`, password: 'correct-horse-battery-7', displayName: 'Ed' },
      });
      assertProblem(fifth, 429, 'rate_limited');
    });
  });

  describe(`probation and duplicate waves [${kind}]`, () => {
    let t: TestApp;
    let mod: Account;
    let author: Account;
    let follower: Account;
    let stranger: Account;
    before(async () => {
      t = await testApp(kind, { SAFETY_PROBATION_HOURS: '24', SAFETY_DUPLICATE_MAX: '3' });
      await signUp(t.app, `prb_admin_${k}`);
      mod = await moderator(t, `prb_mod_${k}`);
      author = await signUp(t.app, `prb_author_${k}`);
      follower = await signUp(t.app, `prb_follow_${k}`);
      stranger = await signUp(t.app, `prb_stranger_${k}`);
      assert.equal((await call(t, follower, 'PUT', `/api/v1/users/${author.handle}/follow`)).statusCode, 204);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('shows a new account’s public note to its followers only, until a moderator approves the account', async () => {
      const note = await postNote(t.app, author, { title: 'First post', body: 'hello from a newcomer #newhere' });
      await t.ctx.jobs.drain();
      assert.equal((await call(t, follower, 'GET', `/api/v1/notes/${note.id}`)).statusCode, 200);
      assert.ok((await getJson<{ items: Note[] }>(t, follower, '/api/v1/feed/following')).items.some((n) => n.id === note.id));
      for (const who of [stranger, null]) {
        assertProblem(await call(t, who, 'GET', `/api/v1/notes/${note.id}`), 404, 'not_found');
        assert.ok(!(await exploreIds(t, who)).includes(note.id));
      }
      const own = await getJson<Note>(t, author, `/api/v1/notes/${note.id}`);
      assert.ok(own.moderation?.probationUntil, 'its author is told it waits');
      const queue = await getJson<ProbationPage>(t, mod, '/api/v1/moderation/probation');
      const entry = queue.items.find((p) => p.handle === author.handle);
      assert.ok(entry, 'the account is not listed on probation');
      assert.equal(entry.notes, 1);
      const approved = await call(t, mod, 'POST', `/api/v1/moderation/probation/${author.handle}/approve`);
      assert.equal(approved.statusCode, 204, approved.body);
      await t.ctx.jobs.drain();
      for (const who of [stranger, null]) {
        assert.equal((await call(t, who, 'GET', `/api/v1/notes/${note.id}`)).statusCode, 200);
        assert.ok((await exploreIds(t, who)).includes(note.id), 'Explore lacks the approved note');
      }
      assert.ok(!(await getJson<ProbationPage>(t, mod, '/api/v1/moderation/probation')).items.some((p) => p.handle === author.handle));
      // Approved for good: the next note reaches everyone at once.
      const next = await postNote(t.app, author, { title: 'Second post', body: 'still here' });
      assert.equal((await call(t, null, 'GET', `/api/v1/notes/${next.id}`)).statusCode, 200);
    });

    it('holds the note that makes a wave of the same text, and opens a duplicate case', async () => {
      const text = 'Win a free phone today, just send your bank details to claim it';
      const posters: Account[] = [];
      for (let i = 0; i < 3; i++) {
        const a = await signUp(t.app, `prb_wave${i}_${k}`);
        await call(t, mod, 'POST', `/api/v1/moderation/probation/${a.handle}/approve`);
        posters.push(a);
      }
      const notes: Note[] = [];
      for (const a of posters) notes.push(await postNote(t.app, a, { title: 'Free phone', body: text }));
      const [first, second, third] = notes as [Note, Note, Note];
      for (const n of [first, second]) assert.equal((await call(t, stranger, 'GET', `/api/v1/notes/${n.id}`)).statusCode, 200, 'an early copy was held');
      assert.equal(third.moderation?.held, true);
      assert.equal((await call(t, posters[2] as Account, 'GET', `/api/v1/notes/${third.id}`)).statusCode, 200);
      for (const who of [stranger, null]) assertProblem(await call(t, who, 'GET', `/api/v1/notes/${third.id}`), 404, 'not_found');
      const c = (await openCases(t, mod)).find((x) => x.target.id === third.id);
      assert.ok(c, 'no case for the held copy');
      assert.equal(c.source, 'duplicate');
      assert.ok(c.flags.some((f) => f.startsWith('duplicate')));
      // A moderator's dismiss lets it out.
      const dismissed = await call(t, mod, 'POST', `/api/v1/moderation/cases/${c.id}/actions`, { action: 'dismiss', note: 'A real giveaway' });
      assert.equal(dismissed.statusCode, 200, dismissed.body);
      assert.equal((await call(t, stranger, 'GET', `/api/v1/notes/${third.id}`)).statusCode, 200);
    });
  });
}
