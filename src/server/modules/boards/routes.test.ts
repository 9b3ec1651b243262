import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, cookieAuth, signUp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote } from '../../../../test/support/notes.ts';

for (const kind of DB_KINDS) {
  describe(`boards HTTP [${kind}]`, () => {
    let t: InteractionsTest;
    let ana: Account;
    let xiaoyu: Account;
    before(async () => {
      t = await interactionsTest(kind);
      ana = await signUp(t.app, 'boards_ana');
      xiaoyu = await signUp(t.app, 'boards_xiaoyu');
    });
    after(() => t.close());

    const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });

    it('creates a board with 201 and the Board shape, and lists it after "Saved"', async () => {
      const res = await inject('POST', '/api/v1/boards', xiaoyu, { name: ' 成都美食 ', visibility: 'public' });
      assert.equal(res.statusCode, 201, res.body);
      const b = res.json();
      assert.deepEqual(
        { ...b, id: undefined, createdAt: undefined },
        {
          id: undefined,
          name: '成都美食',
          visibility: 'public',
          isDefault: false,
          noteCount: 0,
          linkCount: 0,
          cover: null,
          owner: { handle: 'boards_xiaoyu', displayName: 'Test boards_xiaoyu', avatar: null },
          createdAt: undefined,
        },
      );
      const list = (await inject('GET', '/api/v1/users/boards_xiaoyu/boards')).json();
      assert.deepEqual(
        list.items.map((x: { name: string; isDefault: boolean }) => [x.name, x.isDefault]),
        [
          ['Saved', true],
          ['成都美食', false],
        ],
      );
      assert.equal(list.nextCursor, null);
      const dup = await inject('POST', '/api/v1/boards', xiaoyu, { name: '成都美食' });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().code, 'board_name_taken');
      assert.match(String(dup.headers['content-type']), /^application\/problem\+json/);
    });

    it('refuses bad input with 400 and writes without a session with 401', async () => {
      for (const payload of [{}, { name: '' }, { name: 'x', visibility: 'followers' }, { name: 'x', description: 'no' }, { name: 'y'.repeat(31) }]) {
        const r = await inject('POST', '/api/v1/boards', ana, payload);
        assert.equal(r.statusCode, 400, JSON.stringify(payload));
        assert.equal(r.json().code, 'validation_failed');
      }
      assert.equal((await inject('POST', '/api/v1/boards', undefined, { name: 'x' })).json().code, 'unauthenticated');
      assert.equal((await inject('PUT', '/api/v1/notes/00000000-0000-7000-8000-000000000000/collect')).statusCode, 401);
      assert.equal((await inject('GET', '/api/v1/boards/not-an-id')).statusCode, 400);
      assert.equal((await inject('GET', '/api/v1/boards/00000000-0000-7000-8000-000000000000')).statusCode, 404);
      assert.equal((await inject('PATCH', '/api/v1/boards/00000000-0000-7000-8000-000000000000', ana, {})).statusCode, 400);
    });

    it('collects with the button into "Saved", shows it in the note, and un-collects from every board', async () => {
      const note = await postNote(t.app, ana, { title: 'Mittens' });
      const put = await t.app.inject({ method: 'PUT', url: `/api/v1/notes/${note.id}/collect`, headers: cookieAuth(xiaoyu) });
      assert.equal(put.statusCode, 204, put.body);
      const again = await inject('PUT', `/api/v1/notes/${note.id}/collect`, xiaoyu);
      assert.equal(again.statusCode, 204);
      const trip = (await inject('POST', '/api/v1/boards', xiaoyu, { name: 'Trip', visibility: 'private' })).json();
      assert.equal((await inject('PUT', `/api/v1/boards/${trip.id}/notes/${note.id}`, xiaoyu)).statusCode, 204);
      const seen = (await inject('GET', `/api/v1/notes/${note.id}`, xiaoyu)).json();
      assert.equal(seen.counts.collects, 1);
      assert.equal(seen.viewer.collected, true);
      const holding = (await inject('GET', `/api/v1/notes/${note.id}/boards`, xiaoyu)).json();
      const saved = (await inject('GET', '/api/v1/users/boards_xiaoyu/boards', xiaoyu)).json().items[0];
      assert.equal(saved.isDefault, true);
      assert.deepEqual(holding.boardIds.sort(), [saved.id, trip.id].sort());
      assert.equal(saved.cover.id, note.media[0]!.id);
      const del = await inject('DELETE', `/api/v1/notes/${note.id}/collect`, xiaoyu);
      assert.equal(del.statusCode, 204);
      assert.deepEqual((await inject('GET', `/api/v1/notes/${note.id}/boards`, xiaoyu)).json().boardIds, []);
      const after = (await inject('GET', `/api/v1/notes/${note.id}`, xiaoyu)).json();
      assert.equal(after.counts.collects, 0);
      assert.equal(after.viewer.collected, false);
      assert.equal((await inject('DELETE', `/api/v1/notes/${note.id}/collect`, xiaoyu)).statusCode, 204, 'idempotent');
    });

    it('renames, changes visibility and deletes a board; the default board stays', async () => {
      const b = (await inject('POST', '/api/v1/boards', ana, { name: 'Cats' })).json();
      const renamed = await inject('PATCH', `/api/v1/boards/${b.id}`, ana, { name: 'Cat tax', visibility: 'private' });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().name, 'Cat tax');
      assert.equal(renamed.json().visibility, 'private');
      assert.equal((await inject('GET', `/api/v1/boards/${b.id}`, xiaoyu)).statusCode, 404);
      assert.equal((await inject('GET', `/api/v1/boards/${b.id}`)).statusCode, 404);
      assert.equal((await inject('GET', `/api/v1/boards/${b.id}`, ana)).statusCode, 200);
      assert.equal((await inject('PATCH', `/api/v1/boards/${b.id}`, xiaoyu, { name: 'mine now' })).statusCode, 404);
      assert.equal((await inject('DELETE', `/api/v1/boards/${b.id}`, ana)).statusCode, 204);
      assert.equal((await inject('GET', `/api/v1/boards/${b.id}`, ana)).statusCode, 404);
      const saved = (await inject('GET', '/api/v1/users/boards_ana/boards', ana)).json().items[0];
      const refused = await inject('DELETE', `/api/v1/boards/${saved.id}`, ana);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().code, 'default_board');
    });

    it('never leaks a followers-only or only-me note through a board', async () => {
      const fan = await signUp(t.app, 'boards_fan');
      const stranger = await signUp(t.app, 'boards_stranger');
      assert.equal((await inject('PUT', '/api/v1/users/boards_ana/follow', fan)).statusCode, 204);
      const fo = await postNote(t.app, ana, { visibility: 'followers', title: 'followers only' });
      const me = await postNote(t.app, ana, { visibility: 'only_me', title: 'only me' });
      const board = (await inject('POST', '/api/v1/boards', fan, { name: 'Fan picks' })).json();
      assert.equal((await inject('PUT', `/api/v1/boards/${board.id}/notes/${fo.id}`, fan)).statusCode, 204);
      // a note the collector can't see can't be collected (and says nothing about it)
      const refused = await inject('PUT', `/api/v1/boards/${board.id}/notes/${me.id}`, fan);
      assert.equal(refused.statusCode, 404);
      assert.equal((await inject('PUT', `/api/v1/notes/${me.id}/collect`, stranger)).statusCode, 404);
      assert.equal((await inject('GET', `/api/v1/notes/${fo.id}/boards`, stranger)).statusCode, 404);
      const titles = async (who?: Account) =>
        (await inject('GET', `/api/v1/boards/${board.id}/notes`, who)).json().items.map((n: { title: string }) => n.title);
      assert.deepEqual(await titles(fan), ['followers only']);
      assert.deepEqual(await titles(stranger), []);
      assert.deepEqual(await titles(), []);
      for (const who of [stranger, undefined]) {
        const b = (await inject('GET', `/api/v1/boards/${board.id}`, who)).json();
        assert.equal(b.cover, null);
        const listed = (await inject('GET', '/api/v1/users/boards_fan/boards', who)).json();
        assert.ok(!JSON.stringify(listed).includes(fo.media[0]!.id), 'no cover of the hidden note');
      }
      // the author blocks the fan: the fan's board no longer shows the note
      assert.equal((await inject('PUT', '/api/v1/users/boards_fan/block', ana)).statusCode, 204);
      assert.deepEqual(await titles(fan), []);
      // and the author no longer sees the fan's boards
      assert.equal((await inject('GET', `/api/v1/boards/${board.id}`, ana)).statusCode, 404);
      assert.equal((await inject('GET', '/api/v1/users/boards_fan/boards', ana)).statusCode, 404);
    });

    it('pages a person’s boards by cursor', async () => {
      const many = await signUp(t.app, 'boards_many');
      for (let i = 0; i < 5; i++) assert.equal((await inject('POST', '/api/v1/boards', many, { name: `Board ${i}` })).statusCode, 201);
      const names: string[] = [];
      let url = '/api/v1/users/boards_many/boards?limit=2';
      for (let i = 0; i < 5; i++) {
        const page = (await inject('GET', url)).json();
        names.push(...page.items.map((b: { name: string }) => b.name));
        if (!page.nextCursor) break;
        url = `/api/v1/users/boards_many/boards?limit=2&cursor=${page.nextCursor}`;
      }
      assert.deepEqual(names, ['Saved', 'Board 4', 'Board 3', 'Board 2', 'Board 1', 'Board 0']);
    });
  });
}
