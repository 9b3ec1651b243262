// The read pipeline: the one rules point on its own, and hydration's cost, which must not grow
// with the page (a fixed number of batched queries), served from the cache when warm.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../../test/support/db.ts';
import { postNote } from '../../../../../test/support/notes.ts';
import type { Relations } from '../../accounts/index.ts';
import type { Hydration, ModerationState, NoteCore } from './hydrate.ts';
import { canSee, visibleIds } from './rules.ts';

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

function hydration(viewerId: string | null, rel: Partial<Record<keyof Relations, string[]>> = {}, moderation: Record<string, ModerationState> = {}): Hydration {
  return {
    viewerId,
    notes: new Map(),
    counts: new Map(),
    authors: new Map(),
    relations: viewerId ? { following: new Set(rel.following ?? []), blocked: new Set(rel.blocked ?? []), muting: new Set(rel.muting ?? []) } : null,
    liked: new Set(),
    collected: new Set(),
    moderation: new Map(Object.entries(moderation)),
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

  it('applies moderation: removed for all but the author, limited kept out of strangers’ lists, sensitive shown', () => {
    const removed = hydration('s', {}, { n1: 'removed' });
    assert.equal(canSee(removed, core(), 'direct'), false);
    assert.equal(canSee({ ...removed, viewerId: 'author', relations: null }, core(), 'direct'), true);
    const limited = hydration('s', {}, { n1: 'limited' });
    assert.equal(canSee(limited, core(), 'list'), false);
    assert.equal(canSee(limited, core(), 'direct'), true);
    assert.equal(canSee(hydration('f', { following: ['author'] }, { n1: 'limited' }), core(), 'list'), true);
    assert.equal(canSee(hydration('s', {}, { n1: 'sensitive' }), core(), 'list'), true);
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
      assert.ok(one <= 8, `a cold page takes a small, fixed number of queries (took ${one})`);
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
