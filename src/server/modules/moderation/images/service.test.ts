// The image check on both databases, with the real model (loaded once for the file: one worker).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DB_KINDS, freshDb, type TestDb } from '../../../../../test/support/db.ts';
import { type Db, openDb, scoped } from '../../../platform/db/index.ts';
import { newId } from '../../../platform/ids.ts';
import { DbJobQueue } from '../../../platform/jobs/queue.ts';
import { sharedClassifier } from './classifier.ts';
import { CLASSIFY_IMAGE_JOB, ImageSafety, type ImageSafetySettings, type ImageScored, type ImageToCheck, NEAR_SCAN_LIMIT } from './service.ts';
import type { MediaSafetyTables } from './store.ts';
import * as img from './test-images.ts';

const silent = { info() {}, warn() {}, error() {} };

after(() => sharedClassifier().close());

for (const kind of DB_KINDS) {
  describe(`image safety [${kind}]`, () => {
    let fresh: TestDb;
    let db: Db;
    let jobs: DbJobQueue;
    let safety: ImageSafety;
    const settings: ImageSafetySettings = { enabled: true, threshold: 0 };
    const images = new Map<string, ImageToCheck>();
    const scored: ImageScored[] = [];
    const owner = newId();
    const rows = () => scoped<MediaSafetyTables>(db).selectFrom('media_safety').selectAll().orderBy('media_id').execute();
    const add = async (picture: Promise<Buffer>, kind: 'image' | 'video' = 'image'): Promise<string> => {
      const id = newId();
      images.set(id, { data: await picture, ownerId: owner, attachedTo: `note-${id}`, kind });
      return id;
    };

    before(async () => {
      fresh = await freshDb(kind);
      db = await openDb(fresh.target);
      jobs = new DbJobQueue(db, { backoffBaseMs: 1 });
      safety = new ImageSafety({
        db,
        jobs,
        readImage: async (id) => images.get(id) ?? null,
        settings,
        onScored: async (r) => void scored.push(r),
        log: silent,
      });
    });
    after(async () => {
      await jobs.stop();
      await db.close();
      await fresh.drop();
    });

    it('classifies a queued image in the job, stores its scores and hash, and reports it flagged at threshold 0', async () => {
      settings.threshold = 0;
      const id = await add(img.scene(1));
      await safety.enqueue(id);
      assert.equal(scored.length, 0, 'nothing runs before the queue does');
      assert.equal(await jobs.drain(), 1);
      const [row] = await rows();
      assert.ok(row);
      assert.equal(row.media_id, id);
      assert.equal(row.owner_id, owner);
      assert.equal(Number(row.flagged), 1);
      assert.match(row.dhash ?? '', /^[0-9a-f]{16}$/);
      const scores = JSON.parse(row.scores) as Record<string, number>;
      assert.ok(Math.abs(Object.values(scores).reduce((a, b) => a + b, 0) - 1) < 1e-3);
      assert.deepEqual(scored, [{ mediaId: id, ownerId: owner, attachedTo: `note-${id}`, score: scored[0]?.score, flagged: true, dhash: row.dhash }]);
      assert.ok(Math.abs(Number(row.score) - (scored[0]?.score ?? -1)) < 1e-4);
      const map = await safety.scores([id, newId()]);
      assert.deepEqual([...map.keys()], [id]);
      assert.equal(map.get(id)?.flagged, true);
      assert.equal(map.get(id)?.dhash, row.dhash);
    });

    it('flags nothing at threshold 1, and a second run replaces the row rather than adding one', async () => {
      settings.threshold = 1;
      scored.length = 0;
      const id = await add(img.gradient(), 'video');
      await safety.enqueue(id);
      await jobs.drain();
      const first = (await rows()).find((r) => r.media_id === id);
      assert.equal(Number(first?.flagged), 0);
      settings.threshold = 0;
      await safety.classifyJob(id); // the queue is at-least-once: the same job again
      const again = (await rows()).filter((r) => r.media_id === id);
      assert.equal(again.length, 1);
      assert.equal(Number(again[0]?.flagged), 1, 'the rerun’s verdict is kept');
      assert.equal(again[0]?.created_at, first?.created_at, 'its first time is kept');
      assert.deepEqual(
        scored.map((s) => [s.mediaId, s.flagged]),
        [
          [id, false],
          [id, true],
        ],
      );
    });

    it('does nothing when switched off, and nothing for media that is gone', async () => {
      scored.length = 0;
      const before = (await rows()).length;
      settings.enabled = false;
      const id = await add(img.scene(2));
      await safety.enqueue(id);
      assert.equal(await jobs.drain(), 0, 'no job was queued');
      await safety.classifyJob(id);
      settings.enabled = true;
      const gone = newId();
      await safety.enqueue(gone);
      assert.equal(await jobs.drain(), 1);
      assert.equal((await rows()).length, before);
      assert.deepEqual(scored, []);
      assert.deepEqual(await safety.scores([]), new Map());
    });

    it('fails the job (to be retried) when the stored file is not an image', async () => {
      const id = newId();
      images.set(id, { data: Buffer.from('not an image'), ownerId: owner, attachedTo: null, kind: 'image' });
      await safety.enqueue(id);
      await jobs.drain(1);
      const all = await scoped<{ jobs: { name: string; last_error: string | null } }>(db)
        .selectFrom('jobs')
        .select(['name', 'last_error'])
        .where('name', '=', CLASSIFY_IMAGE_JOB)
        .where('last_error', 'is not', null)
        .execute();
      assert.equal(all.length, 1);
      assert.equal((await safety.scores([id])).size, 0);
    });

    it('counts exact and near copies of a hash within the window, not older ones or other pictures', async () => {
      const store = safety.store;
      const base = 'f0f0f0f0aaaa5555';
      const now = Date.now();
      const at = (msAgo: number) => new Date(now - msAgo).toISOString();
      const put = (dhash: string | null, msAgo: number) =>
        store.upsert({ media_id: newId(), owner_id: owner, scores: '{}', score: 0, flagged: 0, dhash, created_at: at(msAgo) });
      await put(base, 1000);
      await put(base, 2000);
      await put('f0f0f0f0aaaa5557', 3000); // 1 bit
      await put('f0f0f0f0aaaa555a', 4000); // 4 bits
      await put('f0f0f0f0aaaa55aa', 5000); // 8 bits: another picture
      await put(null, 6000);
      const since = at(60_000);
      assert.equal(await safety.countSimilar(base, since), 4);
      assert.equal(await safety.countSimilar(base, since, 0), 2);
      assert.equal(await safety.countSimilar(base, since, 1), 3);
      assert.equal(await safety.countSimilar(base, at(2500)), 2, 'older ones are outside the window');
      assert.equal(await safety.countSimilar('0123456789abcdef', since), 0);
      assert.equal(await safety.countSimilar('not a hash', since), 0);
      assert.ok(NEAR_SCAN_LIMIT >= 100);
    });
  });
}
