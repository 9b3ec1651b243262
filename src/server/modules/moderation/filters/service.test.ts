// The word lists on a real database (SQLite and PostgreSQL): seeding, editing, and an edit made
// through one process reaching the engine of another (two connections, two cache buses on one pub/sub).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rejectsWith } from '../../../../../test/support/assert.ts';
import { DB_KINDS, freshDb, type TestDb } from '../../../../../test/support/db.ts';
import { CacheBus } from '../../../platform/cache/index.ts';
import { type Db, openDb } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids.ts';
import { MemoryPubSub } from '../../../platform/pubsub/memory.ts';
import { BUILTIN_LISTS, type FilterAuditEntry, FilterService } from './service.ts';

const until = async (check: () => Promise<boolean>, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

for (const kind of DB_KINDS) {
  describe(`word lists service [${kind}]`, () => {
    let testDb: TestDb;
    let dbA: Db;
    let dbB: Db;
    const pubsub = new MemoryPubSub();
    const busA = new CacheBus(pubsub);
    const busB = new CacheBus(pubsub);
    const audit: FilterAuditEntry[] = [];
    const record = async (e: FilterAuditEntry) => {
      audit.push(e);
    };
    let a: FilterService;
    let b: FilterService;
    const admin = newId();

    before(async () => {
      testDb = await freshDb(kind);
      dbA = await openDb(testDb.target);
      dbB = await openDb(testDb.target, { migrate: false });
      await busA.start();
      await busB.start();
      a = new FilterService({ db: dbA, cache: busA, audit: record });
      b = new FilterService({ db: dbB, cache: busB, audit: record });
    });
    after(async () => {
      await busA.stop();
      await busB.stop();
      await dbA.close();
      await dbB.close();
      await testDb.drop();
    });

    it('seeds the two built-in lists once, even when two processes start together', async () => {
      await Promise.all([a.ready(), b.ready(), a.lists(), b.lists()]);
      const lists = await a.lists();
      assert.deepEqual(
        lists.map((l) => [l.id, l.name, l.builtin, l.action, l.enabled]),
        [
          [BUILTIN_LISTS.en.id, 'English', 'en', 'hold', true],
          [BUILTIN_LISTS.zh.id, 'Chinese', 'zh', 'hold', true],
        ],
      );
      assert.ok(lists.every((l) => l.builtinTermCount > 100 && l.terms.length === 0));
      assert.deepEqual(await a.check('what the f u c k, 傻逼'), {
        action: 'hold',
        hits: [
          { list: 'English', term: 'fuck', action: 'hold' },
          { list: 'Chinese', term: '傻逼', action: 'hold' },
        ],
      });
      assert.deepEqual(await a.check('I love hotpot 我爱火锅'), { action: null, hits: [] });
    });

    it('creates a list whose terms hit at once, here and in the other process', async () => {
      assert.equal((await b.check('cheap followers 在这里')).action, null);
      const list = await a.create(admin, {
        name: '  Spam  waves ',
        action: 'refuse',
        terms: ['cheap followers', ' 在这里买 ', 'cheap followers', ''],
        allowed: [],
      });
      assert.equal(list.name, 'Spam waves');
      assert.deepEqual(list.terms, ['cheap followers', '在这里买']);
      assert.deepEqual(await a.check('Cheap  Followers!'), { action: 'refuse', hits: [{ list: 'Spam waves', term: 'cheap followers', action: 'refuse' }] });
      await until(async () => (await b.check('cheap followers')).action === 'refuse');
      assert.equal(audit.at(-1)?.targetId, list.id);
      assert.equal(audit.at(-1)?.action, 'filter_list');
      assert.match(audit.at(-1)?.note ?? '', /created list "Spam waves"/);
    });

    it('applies an edit to a built-in list in every process: action, extra terms, allowed words, off and on', async () => {
      const zh = BUILTIN_LISTS.zh.id;
      const edited = await a.update(admin, zh, { action: 'refuse', terms: ['劣质货'], allowed: ['傻逼兮兮'] });
      assert.equal(edited.action, 'refuse');
      assert.deepEqual(edited.terms, ['劣质货']);
      await until(async () => (await b.check('劣质货')).action === 'refuse');
      assert.deepEqual((await b.check('傻逼兮兮的')).hits, []);
      assert.equal((await b.check('你个傻逼')).action, 'refuse');
      await a.update(admin, zh, { enabled: false });
      await until(async () => (await b.check('你个傻逼')).action === null);
      assert.equal((await a.check('你个傻逼')).action, null);
      await b.update(admin, zh, { enabled: true, action: 'hold', terms: [], allowed: [] });
      await until(async () => (await a.check('你个傻逼')).action === 'hold');
      assert.match(audit.at(-1)?.note ?? '', /enabled/);
    });

    it('keeps built-in lists, deletes the others everywhere, and answers 404 for a list that is not there', async () => {
      await rejectsWith(a.remove(admin, BUILTIN_LISTS.en.id), 409, 'conflict');
      const list = await a.create(admin, { name: 'temporary', action: 'sensitive', terms: ['zorblax'] });
      await until(async () => (await b.check('zorblax')).action === 'sensitive');
      await b.remove(admin, list.id);
      await until(async () => (await a.check('zorblax')).action === null);
      assert.ok(!(await a.lists()).some((l) => l.id === list.id));
      await rejectsWith(a.remove(admin, list.id), 404, 'not_found');
      await rejectsWith(a.update(admin, newId(), { enabled: false }), 404, 'not_found');
    });

    it('refuses a second list of the same name and terms with nothing to match', async () => {
      await a.create(admin, { name: 'Scams', action: 'hold', terms: ['crypto doubling'] });
      await rejectsWith(a.create(admin, { name: 'scams', action: 'hold' }), 409, 'conflict');
      await rejectsWith(a.create(admin, { name: 'Other', action: 'hold', terms: ['***'] }), 400, 'validation_failed');
      await rejectsWith(a.create(admin, { name: '   ', action: 'hold' }), 400, 'validation_failed');
    });

    it('checks several fields at once and names the ones that hit', async () => {
      const v = await a.checkFields([
        { name: 'title', text: '周末去哪儿' },
        { name: 'body', text: '专业代开发票，加微信' },
      ]);
      assert.equal(v.action, 'hold');
      assert.deepEqual(
        v.fields.map((f) => f.name),
        ['body'],
      );
      assert.deepEqual(v.hits.map((h) => h.term).sort(), ['代开发票', '加微信']);
      assert.deepEqual(a.checkNow('代开发票')?.action, 'hold');
    });
  });
}
