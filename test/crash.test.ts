// Kill the server with SIGKILL in the middle of mixed writes, start it again, and check the data:
// every write the server acknowledged is there, and every stored count equals the rows it counts
// (likes, collects, comments, replies, board notes, followers). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { type AnyDb, openDb } from '../src/server/platform/db/index.ts';
import { DB_KINDS, freshDb, type TestDb } from './support/db.ts';
import { client, pgUrlForSchema, type ServerProcess, startServerProcess, tempDataDir } from './support/server-process.ts';

/** Writers run until the kill; each does this many operations at most (a bound, never reached in practice). */
const MAX_OPS_PER_WRITER = 400;
/** The kill comes after this many acknowledged writes in all, so it lands in the middle of the traffic. */
const KILL_AFTER_ACKS = 120;

type Op = { key: string; on: boolean; acked: boolean };

for (const kind of DB_KINDS) {
  describe(`a crash during writes [${kind}]`, () => {
    let tdb: TestDb;
    const dir = tempDataDir();
    let server: ServerProcess | null = null;

    after(async () => {
      await server?.stop();
      dir.drop();
      await tdb?.drop();
    });

    it('keeps every acknowledged write and every count equal to its rows', { timeout: 600_000 }, async () => {
      tdb = await freshDb(kind);
      const env: Record<string, string> =
        tdb.target.kind === 'postgres'
          ? { DATABASE_URL: pgUrlForSchema(tdb.target.schema ?? ''), DATA_DIR: dir.dir }
          : { DATA_DIR: path.dirname(tdb.target.file) };
      server = await startServerProcess(env);
      const api = client(server.url);
      const author = await api.signUp(`crash_author_${kind.slice(0, 2)}`);
      const notes = [await api.postNote(author.token, 'first'), await api.postNote(author.token, 'second')];
      const writers: Array<{ id: string; token: string; handle: string }> = [];
      for (let i = 0; i < 4; i++) writers.push(await api.signUp(`crash_w${i}_${kind.slice(0, 2)}`));

      // Each writer toggles its like, collect and follow, and writes and deletes comments — in order,
      // one request at a time, so the last acknowledged request of each kind says the final state.
      const ops = new Map<string, Op[]>();
      const comments: Array<{ id: string; by: string; deleted: 'no' | 'acked' | 'maybe' }> = [];
      let acks = 0;
      let killed = false;
      const record = (key: string, on: boolean) => {
        const op = { key, on, acked: false };
        ops.set(key, [...(ops.get(key) ?? []), op]);
        return op;
      };
      const run = async (w: (typeof writers)[number], n: number) => {
        for (let i = 0; i < MAX_OPS_PER_WRITER && !killed; i++) {
          const note = notes[(i + n) % notes.length] as string;
          const step = i % 4;
          try {
            if (step === 0 || step === 1) {
              const what = step === 0 ? 'like' : 'collect';
              const on = ((ops.get(`${what}:${w.id}:${note}`) ?? []).length + n) % 2 === 0;
              const op = record(`${what}:${w.id}:${note}`, on);
              const r = await api.call(on ? 'PUT' : 'DELETE', `/api/v1/notes/${note}/${what}`, w.token);
              if (r.status === 204) op.acked = true;
            } else if (step === 2) {
              const on = ((ops.get(`follow:${w.id}`) ?? []).length + n) % 2 === 0;
              const op = record(`follow:${w.id}`, on);
              const r = await api.call(on ? 'PUT' : 'DELETE', `/api/v1/users/${author.handle}/follow`, w.token);
              if (r.status === 204) op.acked = true;
            } else {
              const mine = i % 8 === 7 ? comments.find((c) => c.deleted === 'no' && c.by === w.id) : undefined;
              if (mine) {
                mine.deleted = 'maybe';
                const r = await api.call('DELETE', `/api/v1/comments/${mine.id}`, w.token);
                if (r.status === 204) mine.deleted = 'acked';
              } else {
                const parent = comments.find((c) => c.deleted === 'no');
                const r = await api.call('POST', `/api/v1/notes/${note}/comments`, w.token, {
                  body: `crash ${i}`,
                  ...(parent && i % 3 === 0 ? { replyTo: parent.id } : {}),
                });
                if (r.status === 201) comments.push({ id: (r.json as { id: string }).id, by: w.id, deleted: 'no' });
              }
            }
            acks += 1;
          } catch {
            return; // the server is gone: this request was in flight
          }
        }
      };
      const traffic = writers.map((w, n) => run(w, n));
      const deadline = Date.now() + 120_000;
      while (acks < KILL_AFTER_ACKS && Date.now() < deadline) await sleep(5);
      assert.ok(acks >= KILL_AFTER_ACKS, `only ${acks} writes were acknowledged before the deadline`);
      killed = true;
      await server.kill();
      await Promise.all(traffic);

      // Start again: pending event deliveries run, nothing is repaired by hand.
      server = await startServerProcess(env);
      const db = await openDb(tdb.target, { migrate: false });
      try {
        const k: AnyDb = db.kysely;
        // Wait (bounded) until no domain event is left undelivered.
        for (let i = 0; i < 600; i++) {
          const left = await k.selectFrom('jobs').select(sql<number>`count(*)`.as('n')).where('name', '=', 'events.deliver').executeTakeFirstOrThrow();
          if (Number(left.n) === 0) break;
          await sleep(100);
        }

        // Every acknowledged toggle is there (or, when a later request was in flight at the kill, its outcome).
        for (const [key, list] of ops) {
          const lastAcked = list.map((o, i) => (o.acked ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
          if (lastAcked < 0) continue;
          const [what, userId, noteId] = key.split(':') as [string, string, string | undefined];
          const present =
            what === 'follow'
              ? (await k.selectFrom('follows').select('id').where('follower_id', '=', userId).where('followee_id', '=', author.id).execute()).length > 0
              : (
                  await k
                    .selectFrom(what === 'like' ? 'note_likes' : 'note_collects')
                    .select('note_id')
                    .where('user_id', '=', userId)
                    .where('note_id', '=', noteId as string)
                    .execute()
                ).length > 0;
          const allowed = new Set(list.slice(lastAcked).map((o) => o.on));
          assert.ok(allowed.has(present), `${key}: stored ${present}, acknowledged ${list[lastAcked]?.on}`);
        }
        for (const c of comments) {
          const row = await k.selectFrom('comments').select(['id', 'deleted_at']).where('id', '=', c.id).executeTakeFirst();
          assert.ok(row, `acknowledged comment ${c.id} is there`);
          if (c.deleted === 'acked') assert.ok(row.deleted_at, `acknowledged delete of ${c.id} is there`);
          if (c.deleted === 'no') assert.equal(row.deleted_at, null);
        }

        // Every count equals its rows.
        const counts = await sql<{ id: string; likes: number; l: number; collects: number; c: number; comments: number; m: number }>`
          select n.id, n.like_count as likes, (select count(*) from note_likes x where x.note_id = n.id) as l,
                 n.collect_count as collects, (select count(*) from note_collects x where x.note_id = n.id) as c,
                 n.comment_count as comments, (select count(*) from comments x where x.note_id = n.id and x.deleted_at is null) as m
          from notes n`.execute(k);
        for (const r of counts.rows) {
          assert.equal(Number(r.likes), Number(r.l), `likes of ${r.id}`);
          assert.equal(Number(r.collects), Number(r.c), `collects of ${r.id}`);
          assert.equal(Number(r.comments), Number(r.m), `comments of ${r.id}`);
        }
        const boards = await sql<{ id: string; n: number; rows: number }>`
          select b.id, b.note_count as n, (select count(*) from board_notes x where x.board_id = b.id) as rows from boards b`.execute(k);
        for (const r of boards.rows) assert.equal(Number(r.n), Number(r.rows), `notes of board ${r.id}`);
        const replies = await sql<{ id: string; n: number; rows: number }>`
          select c.id, c.reply_count as n, (select count(*) from comments r where r.parent_id = c.id and r.deleted_at is null) as rows
          from comments c where c.parent_id is null`.execute(k);
        for (const r of replies.rows) assert.equal(Number(r.n), Number(r.rows), `replies of ${r.id}`);
        const people = await sql<{ id: string; f: number; fr: number; g: number; gr: number }>`
          select u.id, u.followers_count as f, (select count(*) from follows x where x.followee_id = u.id) as fr,
                 u.following_count as g, (select count(*) from follows x where x.follower_id = u.id) as gr from users u`.execute(k);
        for (const r of people.rows) {
          assert.equal(Number(r.f), Number(r.fr), `followers of ${r.id}`);
          assert.equal(Number(r.g), Number(r.gr), `following of ${r.id}`);
        }
        // The restarted server serves them: the counts it shows are the stored ones.
        const shown = (await client(server.url).call('GET', `/api/v1/notes/${notes[0]}`, author.token)).json as { counts: { likes: number } };
        const stored = counts.rows.find((r) => r.id === notes[0]);
        assert.equal(shown.counts.likes, Number(stored?.likes));
      } finally {
        await db.close();
      }
    });
  });
}
