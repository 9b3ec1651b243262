// The read pipeline: the one rules point on its own, and hydration's cost, which must not grow
// with the page (a fixed number of batched queries), served from the cache when warm.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../../test/support/db.ts';
import { postNote } from '../../../../../test/support/notes.ts';
import type { Person, Relations } from '../../accounts/index.ts';
import type { Hydration, ModerationState, NoteCore } from './hydrate.ts';
import { canSee, isPublic, visibleIds } from './rules.ts';

const core = (over: Partial<NoteCore> = {}): NoteCore => ({
  id: 'n1',
  authorId: 'author',
  kind: 'images',
  status: 'published',
  title: 't',
  body: '',
  lang: 'en',
  langs: ['en'],
  entities: { title: [], body: [] },
  tags: [],
  media: [],
  visibility: 'public',
  placeName: null,
  commentsEnabled: true,
  createdAt: '',
  updatedAt: '',
  version: 1,
  ...over,
});

const state = (over: Partial<ModerationState>): ModerationState => ({
  removed: false,
  held: false,
  limited: false,
  sensitive: false,
  probationUntil: null,
  reason: null,
  caseId: null,
  ...over,
});

function hydration(
  viewerId: string | null,
  rel: Partial<Record<keyof Relations, string[]>> = {},
  moderation: Record<string, Partial<ModerationState>> = {},
  mutedWords: Hydration['mutedWords'] = null,
): Hydration {
  return {
    viewerId,
    notes: new Map(),
    counts: new Map(),
    // The author of `core()` is a live account (summaries returned them).
    authors: new Map([['author', { id: 'author' } as Person]]),
    relations: viewerId ? { following: new Set(rel.following ?? []), blocked: new Set(rel.blocked ?? []), muting: new Set(rel.muting ?? []) } : null,
    liked: new Set(),
    collected: new Set(),
    moderation: new Map(Object.entries(moderation).map(([k, v]) => [k, state(v)])),
    mutedWords,
  };
}

describe('read rules', () => {
  it('shows public notes to everyone, followers-only notes to followers, only-me notes to no one else', () => {
    for (const [visibility, anon, stranger, follower] of [
      ['public', true, true, true],
      ['followers', false, false, true],
      ['only_me', false, false, false],
    ] as const) {
      const n = core({ visibility });
      assert.equal(canSee(hydration(null), n, 'direct'), anon, `${visibility} anonymous`);
      assert.equal(canSee(hydration('s'), n, 'direct'), stranger, `${visibility} stranger`);
      assert.equal(canSee(hydration('f', { following: ['author'] }), n, 'direct'), follower, `${visibility} follower`);
      assert.equal(canSee(hydration('author'), n, 'list'), true, `${visibility} author`);
    }
  });

  it('hides everything across a block, whoever blocked whom, and unpublished notes from all but the author', () => {
    assert.equal(canSee(hydration('b', { blocked: ['author'], following: ['author'] }), core(), 'direct'), false);
    for (const status of ['processing', 'failed'] as const) {
      assert.equal(canSee(hydration('f', { following: ['author'] }), core({ status }), 'direct'), false);
      assert.equal(canSee(hydration('author'), core({ status }), 'direct'), true);
    }
  });

  it('takes a muted author’s notes out of lists and feeds, but not off their link', () => {
    const h = hydration('m', { muting: ['author'] });
    assert.equal(canSee(h, core(), 'list'), false);
    assert.equal(canSee(h, core(), 'direct'), true);
  });

  it('applies moderation: removed for all (its author by link only), held for all but the author, limited kept out of discovery only, sensitive shown', () => {
    const removed = hydration('s', {}, { n1: { removed: true } });
    assert.equal(canSee(removed, core(), 'direct'), false);
    assert.equal(canSee({ ...removed, viewerId: 'author', relations: null }, core(), 'direct'), true);
    assert.equal(canSee({ ...removed, viewerId: 'author', relations: null }, core(), 'list'), false);
    const held = hydration('s', { following: ['author'] }, { n1: { held: true } });
    assert.equal(canSee(held, core(), 'direct'), false);
    assert.equal(canSee({ ...held, viewerId: 'author', relations: null }, core(), 'list'), true);
    const limited = hydration('s', {}, { n1: { limited: true } });
    assert.equal(canSee(limited, core(), 'discovery'), false);
    assert.equal(canSee(limited, core(), 'list'), true);
    assert.equal(canSee(limited, core(), 'direct'), true);
    assert.equal(canSee({ ...limited, viewerId: 'author', relations: null }, core(), 'discovery'), true);
    assert.equal(canSee(hydration('s', {}, { n1: { sensitive: true } }), core(), 'discovery'), true);
  });

  it('shows a new account’s public note on probation to its followers only, until probation ends', () => {
    const now = Date.now();
    const on = { n1: { probationUntil: now + 60_000 } };
    assert.equal(canSee(hydration('s', {}, on), core(), 'direct', now), false);
    assert.equal(canSee(hydration(null, {}, on), core(), 'direct', now), false);
    assert.equal(canSee(hydration('f', { following: ['author'] }, on), core(), 'list', now), true);
    assert.equal(canSee(hydration('s', {}, { n1: { probationUntil: now - 1 } }), core(), 'discovery', now), true);
  });

  it('takes notes with a muted word or #topic out of lists and discovery, but not off their link', () => {
    const muted = { phrases: ['spoiler'], tags: new Set(['cattax']) };
    const h = hydration('m', {}, {}, muted);
    assert.equal(canSee(h, core({ body: 'Big SPOILER ahead' }), 'list'), false);
    assert.equal(canSee(h, core({ tags: ['CatTax'] }), 'discovery'), false);
    assert.equal(canSee(h, core({ body: 'Big SPOILER ahead' }), 'direct'), true);
    assert.equal(canSee(h, core({ body: 'nothing to hide' }), 'list'), true);
  });

  it('hides the notes of an author who is gone from everyone, the author included, in every context', () => {
    const gone = (h: Hydration): Hydration => ({ ...h, authors: new Map() });
    for (const ctx of ['direct', 'list', 'discovery'] as const) {
      assert.equal(canSee(gone(hydration(null)), core(), ctx), false, `anonymous ${ctx}`);
      assert.equal(canSee(gone(hydration('f', { following: ['author'] })), core(), ctx), false, `follower ${ctx}`);
      assert.equal(canSee(gone(hydration('author')), core(), ctx), false, `author ${ctx}`);
    }
    assert.equal(isPublic(gone(hydration(null)), core()), false);
    assert.equal(isPublic(hydration(null), core()), true);
  });

  it('keeps the order asked for, each note once, leaving out the unseen', () => {
    const h = hydration(null);
    h.notes.set('a', core({ id: 'a' }));
    h.notes.set('b', core({ id: 'b', visibility: 'only_me' }));
    h.notes.set('c', core({ id: 'c' }));
    assert.deepEqual(visibleIds(h, ['c', 'b', 'a', 'c', 'missing'], 'list'), ['c', 'a']);
  });
});

for (const kind of DB_KINDS) {
  describe(`read pipeline [${kind}]`, () => {
    let t: TestApp;
    const queries: string[] = [];
    let reader: Account;
    const authors: Account[] = [];
    const noteIds: string[] = [];

    before(async () => {
      t = await testApp(kind, {}, { onQuery: (sql) => queries.push(sql) });
      reader = await signUp(t.app, `rp_reader_${kind.slice(0, 2)}`);
      for (let i = 0; i < 8; i++) {
        const a = await signUp(t.app, `rp_author_${kind.slice(0, 2)}_${i}`);
        authors.push(a);
        noteIds.push((await postNote(t.app, a, { title: `note ${i}`, images: 2 })).id);
      }
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${authors[0]!.handle}/follow`, headers: bearer(reader) });
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    /** Round trips to the database while `fn` runs, with every cache cold. */
    async function coldQueries(fn: () => Promise<unknown>): Promise<number> {
      t.ctx.cache.clearAll();
      const start = queries.length;
      await fn();
      return queries.length - start;
    }

    it('hydrates one note and eight notes by eight authors in the same number of queries', async () => {
      const one = await coldQueries(() => t.ctx.reader.cards(reader.id, noteIds.slice(0, 1)));
      const eight = await coldQueries(() => t.ctx.reader.cards(reader.id, noteIds));
      assert.equal(eight, one, `1 note: ${one} queries; 8 notes: ${eight}`);
      assert.ok(
        one <= 10,
        `a cold page takes a small, fixed number of queries (took ${one}): notes, media, counts, authors, their avatars, relations, marks, moderation states, muted words`,
      );
      const anon = await coldQueries(() => t.ctx.reader.cards(null, noteIds));
      assert.ok(anon < one, 'an anonymous reader needs no relations or marks');
    });

    it('serves a warm page with no query at all, anonymous or signed in; a like costs the next read one query (the mark)', async () => {
      await t.ctx.reader.cards(reader.id, noteIds);
      let start = queries.length;
      const anon = await t.ctx.reader.cards(null, noteIds);
      assert.equal(anon.length, 8);
      assert.equal(queries.length - start, 0, queries.slice(start).join('\n'));
      start = queries.length;
      const warm = await t.ctx.reader.cards(reader.id, noteIds);
      assert.equal(queries.length - start, 0, queries.slice(start).join('\n'));
      assert.equal(warm.find((c) => c.id === noteIds[7])?.viewer?.liked, false);
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${noteIds[7]}/like`, headers: bearer(reader) });
      start = queries.length;
      const after = await t.ctx.reader.cards(reader.id, noteIds);
      const reads = queries.slice(start).filter((q) => /^\s*select/i.test(q));
      assert.ok(reads.length <= 2, `the mark, and the counts the like moved: ${reads.join('\n')}`);
      assert.equal(after.find((c) => c.id === noteIds[7])?.viewer?.liked, true);
    });

    it('shows a change at once in this process: an edit, a private note, a new like', async () => {
      const [a] = authors;
      const id = noteIds[0]!;
      assert.equal((await t.ctx.reader.note(null, id)).title, 'note 0');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${id}`, headers: bearer(a!), payload: { title: 'edited' } });
      assert.equal((await t.ctx.reader.note(null, id)).title, 'edited');
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${id}/like`, headers: bearer(reader) });
      assert.equal((await t.ctx.reader.note(null, id)).counts.likes, 1);
      await t.app.inject({ method: 'PATCH', url: `/api/v1/notes/${id}`, headers: bearer(a!), payload: { visibility: 'only_me' } });
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${id}` })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${id}`, headers: bearer(a!) })).statusCode, 200);
    });

    it('leaves a muted author’s notes out of lists but reachable by link, and unlikes after a block', async () => {
      const muted = authors[1]!;
      const id = noteIds[1]!;
      await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${id}/like`, headers: bearer(reader) });
      const likes = async () =>
        (await t.app.inject({ url: `/api/v1/users/${reader.handle}/likes`, headers: bearer(reader) })).json().items.map((n: { id: string }) => n.id);
      assert.ok((await likes()).includes(id));
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${muted.handle}/mute`, headers: bearer(reader) });
      assert.ok(!(await likes()).includes(id), 'out of my lists');
      const recent = (await t.app.inject({ url: '/api/v1/notes/recent?limit=50', headers: bearer(reader) })).json().items.map((n: { id: string }) => n.id);
      assert.ok(!recent.includes(id), 'out of the home page');
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${id}`, headers: bearer(reader) })).statusCode, 200, 'reachable by link');
      const own = (await t.app.inject({ url: `/api/v1/users/${muted.handle}/notes`, headers: bearer(reader) })).json().items;
      assert.equal(own.length, 1, 'their own profile still shows their notes');
      // Blocked by the author: the note is gone for me, but I can still take my like back.
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${reader.handle}/block`, headers: bearer(muted) });
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${id}`, headers: bearer(reader) })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${id}/like`, headers: bearer(reader) })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${id}/like`, headers: bearer(reader) })).statusCode, 204);
      assert.equal((await t.app.inject({ url: `/api/v1/notes/${id}`, headers: bearer(muted) })).json().counts.likes, 0);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/v1/notes/${id}/collect`, headers: bearer(reader) })).statusCode, 204);
    });
  });
}
