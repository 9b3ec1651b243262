// The periodic clean-ups: each runs once a period whichever processes are up, and removes what
// nobody needs any more — expired sessions, notifications past the list window, who-viewed-what
// before yesterday, uploads never attached to anything within a day.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DbJobQueue } from '../src/server/platform/jobs/queue.ts';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { postNote, uploadImage } from './support/notes.ts';

declare module '../src/server/platform/jobs/types.ts' {
  interface JobTypes {
    'test.tick': Record<string, never>;
  }
}

for (const kind of DB_KINDS) {
  describe(`periodic clean-ups [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, `mt_ana_${kind.slice(0, 2)}`);
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });
    const k = () => t.ctx.db.kysely;
    /** What the hourly runs do, now: each clean-up job as the schedule enqueues it. */
    const runPeriodic = async () => {
      for (const name of ['accounts.purge-sessions', 'notify.purge', 'notes.purge-views', 'media.sweep', 'feed.purge', 'language.purge'] as const)
        await t.ctx.jobs.enqueue(name, {});
      await t.ctx.jobs.drain();
    };

    it('schedules every clean-up, and runs a periodic job once a period however many processes ask for it', async () => {
      assert.equal(
        await t.ctx.jobs.ensurePeriodic(),
        12,
        "sessions, notifications, views, uploads; the feed's pools, trending and clean-up; old translations; trending searches (and old search counts); room messages past their window (rooms.purge); the conversations’ quota clean-up (messages.purge-quota); imports and exports past their time (portability.sweep)",
      );
      assert.equal(await t.ctx.jobs.ensurePeriodic(), 0, 'once a period');
      await t.ctx.jobs.drain();
      const runs: number[] = [];
      let clock = Date.parse('2030-01-01T00:00:00Z');
      const queues = [0, 1, 2].map(() => new DbJobQueue(t.ctx.db, { now: () => clock }));
      for (const q of queues) {
        q.register('test.tick', async () => void runs.push(clock));
        q.every('test.tick', 3_600_000, {});
      }
      for (const q of queues) await q.ensurePeriodic();
      for (const q of queues) await q.drain();
      assert.equal(runs.length, 1, 'three processes, one run');
      clock += 30 * 60_000;
      for (const q of queues) await q.ensurePeriodic();
      for (const q of queues) await q.drain();
      assert.equal(runs.length, 1, 'still the same hour');
      clock += 31 * 60_000;
      for (const q of queues) await q.ensurePeriodic();
      for (const q of queues) await q.drain();
      assert.equal(runs.length, 2, 'the next hour runs once more');
      await k().deleteFrom('jobs').where('name', '=', 'test.tick').execute();
    });

    it('deletes expired sessions, keeping live ones', async () => {
      const bo = await signUp(t.app, `mt_bo_${kind.slice(0, 2)}`);
      await k().updateTable('sessions').set({ expires_at: '2001-01-01T00:00:00.000Z' }).where('user_id', '=', bo.id).execute();
      await runPeriodic();
      assert.equal((await k().selectFrom('sessions').select('id').where('user_id', '=', bo.id).execute()).length, 0);
      assert.equal((await t.app.inject({ url: '/api/v1/me', headers: bearer(ana) })).statusCode, 200, 'a live session stays');
    });

    it('forgets translations stored more than 90 days ago, keeping recent ones', async () => {
      const row = (hash: string, created_at: string) => ({ hash, source_lang: 'zh', target_lang: 'en', provider: 'deepl', text: 'x', created_at });
      await k()
        .insertInto('translations')
        .values([row('a'.repeat(64), '2001-01-01T00:00:00.000Z'), row('b'.repeat(64), new Date().toISOString())])
        .execute();
      await runPeriodic();
      const left = await k().selectFrom('translations').select('hash').execute();
      assert.deepEqual(
        left.map((r: { hash: string }) => r.hash),
        ['b'.repeat(64)],
      );
    });

    it('forgets who viewed what before yesterday, keeping the counts', async () => {
      const note = await postNote(t.app, ana, { title: 'viewed' });
      await k().insertInto('note_views').values({ note_id: note.id, viewer_key: 'old', day: '2001-01-01' }).execute();
      await t.app.inject({ url: `/api/v1/notes/${note.id}`, headers: { 'user-agent': 'today' } });
      await t.ctx.notes.flushViews();
      await runPeriodic();
      const rows = await k().selectFrom('note_views').select('viewer_key').where('note_id', '=', note.id).execute();
      assert.equal(rows.length, 1, 'today’s view record stays');
      assert.notEqual(rows[0]?.viewer_key, 'old');
    });

    it('removes uploads never attached to a note within a day, files and all', async () => {
      const stale = await uploadImage(t.app, ana);
      const fresh = await uploadImage(t.app, ana);
      await k()
        .updateTable('media')
        .set({ created_at: new Date(Date.now() - 2 * 86_400_000).toISOString() })
        .where('id', '=', stale.id)
        .execute();
      await runPeriodic();
      const url = stale.urls['360'] as string;
      assert.equal((await t.app.inject({ url, headers: bearer(ana) })).statusCode, 404);
      assert.ok((await t.ctx.media.service.byIds([stale.id])).get(stale.id)?.deleted_at, 'its row is marked deleted');
      assert.equal((await t.app.inject({ url: fresh.urls['360'] as string, headers: bearer(ana) })).statusCode, 200, 'a fresh upload stays');
      const note = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notes',
        headers: bearer(ana),
        payload: { title: 'late', body: '', mediaIds: [stale.id] },
      });
      assert.equal(note.statusCode, 400, 'a swept upload can no longer be posted');
    });

    it('deletes notifications older than the list window', async () => {
      const fan = await signUp(t.app, `mt_fan_${kind.slice(0, 2)}`);
      const old = { recipient_id: ana.id, kind: 'follow', actor_id: fan.id, subject_id: null, comment_id: null, group_key: 'follow', read_at: null };
      // Ids are time-ordered: one from 2001 is past any window.
      await k()
        .insertInto('notifications')
        .values({ id: '00e8e4a8-0000-7000-8000-000000000000', ...old, created_at: '2001-01-01T00:00:00.000Z', source_event: null })
        .execute();
      await t.app.inject({ method: 'PUT', url: `/api/v1/users/${ana.handle}/follow`, headers: bearer(fan) });
      await runPeriodic();
      const rows = await k().selectFrom('notifications').select('id').where('recipient_id', '=', ana.id).execute();
      assert.equal(rows.length, 1, 'only the recent follow is left');
    });
  });
}
