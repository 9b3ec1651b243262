// What notify gives back of a person (the notifications they received) and how it forgets them:
// their own, those they caused for others, and others' notifications about their notes all go;
// everyone else's stay, with unread counts that match what is left.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { scoped } from '../../platform/db/index.ts';
import type { ArchiveWriter } from '../../platform/personal-data.ts';
import { createNotifyPersonalData } from './personal-data.ts';
import { NotifyStore } from './store.ts';
import type { NotifyTables } from './tables.ts';

class CaptureArchive implements ArchiveWriter {
  readonly rows = new Map<string, unknown[]>();
  async json(path: string, rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
    const all: unknown[] = [];
    for await (const r of rows) all.push(r);
    this.rows.set(path, all);
  }
  async file(path: string, _body: string | Buffer | (() => Promise<Readable>)): Promise<void> {
    throw new Error(`notify writes JSON only, not ${path}`);
  }
}

for (const kind of DB_KINDS) {
  describe(`notify personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cai: Account;
    let anaNote: string;
    let boNote: string;

    const ok = async (method: 'PUT' | 'POST', url: string, who: Account, payload?: object) => {
      const res = await t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    const db = () => scoped<NotifyTables>(t.ctx.db);
    const rowsOf = (recipientId: string) => db().selectFrom('notifications').selectAll().where('recipient_id', '=', recipientId).orderBy('id').execute();

    before(async () => {
      t = await testApp(kind);
      [ana, bo, cai] = [await signUp(t.app, 'np_ana'), await signUp(t.app, 'np_bo'), await signUp(t.app, 'np_cai')];
      anaNote = (await postNote(t.app, ana, { title: 'ana’s hotpot' })).id;
      boNote = (await postNote(t.app, bo, { title: 'bo’s noodles' })).id;
      await ok('PUT', `/api/v1/notes/${boNote}/like`, ana); // → bo, caused by ana
      await ok('PUT', '/api/v1/users/np_cai/follow', ana); // → cai, caused by ana
      await ok('PUT', '/api/v1/users/np_ana/follow', bo); // → ana
      await ok('PUT', `/api/v1/notes/${anaNote}/like`, cai); // → ana
      const comment = (await ok('POST', `/api/v1/notes/${anaNote}/comments`, cai, { body: 'looks good' })).json().id as string; // → ana
      // A reply on ana's note: cai is told, about ana's note, by bo — ana's id is nowhere in that row.
      await ok('POST', `/api/v1/notes/${anaNote}/comments`, bo, { body: 'agreed', replyTo: comment });
      await ok('PUT', `/api/v1/notes/${boNote}/like`, cai); // → bo, between others
      await ok('PUT', '/api/v1/users/np_cai/follow', bo); // → cai, between others
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('exports every notification the person received, every column as stored', async () => {
      const out = new CaptureArchive();
      const provider = t.ctx.notify.personalData;
      await provider.export(ana.id, out);
      assert.deepEqual([...out.rows.keys()], Object.keys(provider.files));
      const rows = await rowsOf(ana.id);
      assert.equal(rows.length, 4, 'a follow, a like and two comments');
      assert.deepEqual(
        out.rows.get('notifications.json'),
        rows.map((r) => ({
          id: r.id,
          recipientId: r.recipient_id,
          kind: r.kind,
          actorId: r.actor_id,
          subjectId: r.subject_id,
          commentId: r.comment_id,
          groupKey: r.group_key,
          readAt: r.read_at,
          createdAt: r.created_at,
          sourceEvent: r.source_event,
        })),
      );
      assert.deepEqual(provider.tables, { notifications: { kind: 'personal', owner: ['recipient_id'] } });
    });

    it('erases the person’s notifications, those they caused and those about their notes, and nobody else’s', async () => {
      const provider = createNotifyPersonalData({
        store: new NotifyStore(db()),
        service: t.ctx.notify.service,
        authoredIds: async (userId) => (userId === ana.id ? [anaNote] : []),
      });
      assert.equal((await rowsOf(cai.id)).filter((r) => r.subject_id === anaNote).length, 1, 'the reply about ana’s note is there');
      await provider.erase(ana.id);
      await provider.erase(ana.id);

      const cols =
        kind === 'sqlite'
          ? (await sql<{ name: string; type: string }>`select name, type from pragma_table_info('notifications')`.execute(t.ctx.db.kysely)).rows
              .filter((c) => c.type.toLowerCase() === 'text')
              .map((c) => c.name)
          : (
              await sql<{
                name: string;
              }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'notifications' and data_type = 'text'`.execute(
                t.ctx.db.kysely,
              )
            ).rows.map((c) => c.name);
      assert.ok(cols.includes('group_key') && cols.includes('actor_id'));
      for (const col of cols) {
        const n = await db()
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll().as('n'))
          .where(sql.ref(col), 'like', `%${ana.id}%`)
          .executeTakeFirstOrThrow();
        assert.equal(Number(n.n), 0, `notifications.${col} names no one erased`);
      }
      assert.equal((await db().selectFrom('notifications').select('id').where('subject_id', '=', anaNote).execute()).length, 0);

      // Between the others, everything stays; their unread counts are what is left.
      assert.deepEqual(
        (await rowsOf(bo.id)).map((r) => [r.kind, r.actor_id, r.subject_id]),
        [['like', cai.id, boNote]],
      );
      assert.deepEqual(
        (await rowsOf(cai.id)).map((r) => [r.kind, r.actor_id]),
        [['follow', bo.id]],
      );
      assert.equal(await t.ctx.notify.service.unreadCount(bo.id), 1);
      assert.equal(await t.ctx.notify.service.unreadCount(cai.id), 1);
      const list = (await t.app.inject({ url: '/api/v1/notifications', headers: bearer(cai) })).json();
      assert.deepEqual(
        list.items.map((i: { kind: string; actors: Array<{ handle: string }> }) => [i.kind, i.actors.map((a) => a.handle)]),
        [['follow', ['np_bo']]],
      );
    });
  });
}
