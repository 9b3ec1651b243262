// Board links: an importer's private board of saved videos. Added in bulk, idempotently, only
// http(s) URLs, a bounded number a call; listed newest saved first to whoever may see the board.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp, uniqueHandle } from '../../../../test/support/app.ts';
import { rejectsWith } from '../../../../test/support/assert.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { BOARD_LINK_LIMITS, type Board, type BoardLink } from '../../../shared/api/boards.ts';
import { cleanUrl } from './links.ts';

const link = (n: number, savedAt = `2025-03-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z`) => ({
  url: `https://www.tiktok.com/@someone/video/${7_000_000 + n}`,
  title: null,
  source: 'tiktok_like',
  savedAt,
});

describe('board link URLs', () => {
  it('keeps absolute http(s) URLs only', () => {
    assert.equal(cleanUrl(' https://www.tiktok.com/@a/video/1 '), 'https://www.tiktok.com/@a/video/1');
    assert.equal(cleanUrl('http://example.com'), 'http://example.com/');
    for (const bad of [
      'javascript:alert(1)',
      'ftp://example.com/x',
      'data:text/html,hi',
      '/relative/path',
      'not a url',
      '',
      `https://e.com/${'a'.repeat(3000)}`,
    ]) {
      assert.equal(cleanUrl(bad), null, bad);
    }
  });
});

for (const kind of DB_KINDS) {
  describe(`board links [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let board: Board;
    const boards = () => t.ctx.boards.service;
    const listAll = async (who: Account | null, id: string, limit: number) => {
      const items: BoardLink[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 50; i++) {
        const res: { statusCode: number; body: string; json: () => unknown } = await t.app.inject({
          url: `/api/v1/boards/${id}/links?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
          ...(who ? { headers: bearer(who) } : {}),
        });
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json() as { items: BoardLink[]; nextCursor: string | null };
        items.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return items;
    };

    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app, uniqueHandle('bl_ana'));
      bo = await signUp(t.app, uniqueHandle('bl_bo'));
      board = await boards().createPrivateBoard(ana.id, 'TikTok likes');
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    it('creates a private board for the importer, its name screened and unique like any other', async () => {
      assert.equal(board.visibility, 'private');
      assert.equal(board.linkCount, 0);
      await rejectsWith(boards().createPrivateBoard(ana.id, 'tiktok LIKES'), 409, 'board_name_taken');
      await rejectsWith(boards().createPrivateBoard(ana.id, '   '), 400, 'validation_failed');
    });

    it('adds links in bulk, once each, leaving out what is not an http(s) link with a date', async () => {
      const added = await boards().addLinks(ana.id, board.id, [
        link(1),
        link(2),
        { ...link(3), title: '  A  dance  ' },
        link(1), // the same URL twice in one call
        { ...link(4), url: 'javascript:alert(1)' },
        { ...link(5), savedAt: 'yesterday' },
      ]);
      assert.equal(added, 3);
      assert.equal(await boards().addLinks(ana.id, board.id, [link(1), link(2), link(3)]), 0, 'idempotent');
      const items = await listAll(ana, board.id, 20);
      assert.equal(items.length, 3);
      assert.equal(items.find((l) => l.url.endsWith('7000003'))?.title, 'A dance');
      assert.equal((await boards().get(ana.id, board.id)).linkCount, 3);
    });

    it('refuses more links than a call may carry, and links into someone else’s board', async () => {
      const many = Array.from({ length: BOARD_LINK_LIMITS.perCall + 1 }, (_, i) => link(100 + i));
      await rejectsWith(boards().addLinks(ana.id, board.id, many), 400, 'validation_failed');
      await rejectsWith(boards().addLinks(bo.id, board.id, [link(9)]), 404, 'not_found');
    });

    it('lists links newest saved first, across pages, even when many share one time', async () => {
      const b = await boards().createPrivateBoard(ana.id, 'Ties');
      const sameTime = Array.from({ length: 7 }, (_, i) => link(200 + i, '2025-05-01T08:00:00.000Z'));
      const older = Array.from({ length: 4 }, (_, i) => link(300 + i, `2024-01-0${i + 1}T00:00:00Z`));
      assert.equal(await boards().addLinks(ana.id, b.id, [...older, ...sameTime, link(400, '2026-01-01T00:00:00Z')]), 12);
      const whole = await listAll(ana, b.id, 100);
      const paged = await listAll(ana, b.id, 3);
      assert.equal(whole.length, 12);
      assert.deepEqual(
        paged.map((l) => l.url),
        whole.map((l) => l.url),
      );
      const times = whole.map((l) => l.savedAt);
      assert.deepEqual(times, [...times].sort().reverse());
      assert.equal(whole[0]?.savedAt, '2026-01-01T00:00:00.000Z');
    });

    it('shows a private board’s links to its owner only, a public one’s to everyone', async () => {
      assert.equal((await t.app.inject({ url: `/api/v1/boards/${board.id}/links`, headers: bearer(bo) })).statusCode, 404);
      assert.equal((await t.app.inject({ url: `/api/v1/boards/${board.id}/links` })).statusCode, 404);
      await boards().update(ana.id, board.id, { visibility: 'public' });
      assert.equal((await listAll(bo, board.id, 20)).length, 3);
      assert.equal((await listAll(null, board.id, 20)).length, 3);
      const res = await t.app.inject({ url: `/api/v1/boards/${board.id}`, headers: bearer(bo) });
      assert.equal(res.json().linkCount, 3);
    });

    it('refuses a cursor it did not give out', async () => {
      const res = await t.app.inject({ url: `/api/v1/boards/${board.id}/links?cursor=bm9wZQ`, headers: bearer(ana) });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'invalid_cursor');
    });
  });
}
