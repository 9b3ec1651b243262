// The search module's part of a person's archive and erasure, on SQLite and PostgreSQL: their search
// history is theirs; the index of their notes and of them leaves with them (topic counts corrected),
// and a person whose account deletion is pending leaves people search at once (back if they cancel).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { createSearchPersonalData } from './personal-data.ts';
import type { SearchTables } from './tables.ts';

const TABLES = [
  'search_history',
  'search_notes',
  'search_notes_fts',
  'search_users',
  'search_user_keys',
  'search_topics',
  'search_topic_keys',
  'search_counts',
  'search_popular',
  'search_trending',
];

for (const kind of DB_KINDS) {
  describe(`search personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let boNote: string;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, undefined, { displayName: 'Ana Mittens' });
      bo = await signUp(t.app, undefined, { displayName: 'Bo Whiskers' });
      await postNote(t.app, ana, { title: 'Mittens the cat', body: 'cat tax #cattax' });
      await postNote(t.app, ana, { title: 'Sleepy kitty', body: 'more #cattax' });
      boNote = (await postNote(t.app, bo, { title: 'Whiskers the cat', body: 'mine too #cattax' })).id;
      await t.ctx.jobs.drain();
      for (const q of ['cat', 'dumplings']) {
        const res = await t.app.inject({ url: `/api/v1/search?q=${q}`, headers: bearer(ana) });
        assert.equal(res.statusCode, 200);
      }
      await t.app.inject({ url: '/api/v1/search?q=hotpot', headers: bearer(bo) });
    });
    after(async () => t.close());

    const provider = () =>
      createSearchPersonalData({
        db: scoped<SearchTables>(t.ctx.db),
        indexer: t.ctx.search.indexer,
        flush: () => t.ctx.search.service.flush(),
        dropCaches: () => t.ctx.search.service.dropCaches(),
      });
    const indexed = async (userId: string) => (await rowsOf(t.ctx.db, 'search_users', 'user_id')).some((r) => r.user_id === userId);
    const emit = (name: 'account.deletion_requested' | 'account.deletion_cancelled', userId: string) =>
      t.ctx.events.transaction(t.ctx.db.kysely, async (tx) => {
        if (name === 'account.deletion_requested') await tx.emit(name, { userId, erasesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
        else await tx.emit(name, { userId });
      });

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), [...TABLES].sort());
      assert.ok(t.ctx.search.personalData);
    });

    it('exports their search history and nobody else’s', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const rows = out.rows<{ userId: string; q: string; at: string }>('search/history.json');
      assert.deepEqual(rows.map((r) => r.q).sort(), ['cat', 'dumplings']);
      assert.ok(rows.every((r) => r.userId === ana.id && r.at.length > 0));
    });

    it('takes a person whose deletion is pending out of people search at once, and back when they cancel', async () => {
      assert.ok(await indexed(ana.id));
      await emit('account.deletion_requested', ana.id);
      await t.ctx.jobs.drain();
      assert.equal(await indexed(ana.id), false);
      assert.ok(!(await rowsOf(t.ctx.db, 'search_user_keys', 'key')).some((r) => r.user_id === ana.id));
      await emit('account.deletion_cancelled', ana.id);
      await t.ctx.jobs.drain();
      assert.ok(await indexed(ana.id));
      assert.ok(await indexed(bo.id));
    });

    it('erases their history and every index row of them and their notes, topic counts corrected, and can run again', async () => {
      const topic = async () => Number((await rowsOf(t.ctx.db, 'search_topics', 'tag')).find((r) => r.tag === 'cattax')?.notes ?? 0);
      assert.equal(await topic(), 3);
      const bosNotes = (await rowsOf(t.ctx.db, 'search_notes', 'note_id')).filter((r) => r.author_id === bo.id);
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, TABLES, ana.id), []);
      assert.equal(await topic(), 1);
      assert.deepEqual(
        (await rowsOf(t.ctx.db, 'search_notes', 'note_id')).filter((r) => r.author_id === bo.id),
        bosNotes,
      );
      assert.deepEqual(
        (await rowsOf(t.ctx.db, 'search_history', 'q')).map((r) => [r.user_id, r.q]),
        [[bo.id, 'hotpot']],
      );
      // The full-text index finds Bo's note, and none of hers.
      const res = await t.app.inject({ url: '/api/v1/search?q=cat', headers: bearer(bo) });
      const ids = (res.json() as { items: Array<{ note?: { id: string } }> }).items.flatMap((i) => (i.note ? [i.note.id] : []));
      assert.deepEqual(ids, [boNote]);
    });
  });
}
