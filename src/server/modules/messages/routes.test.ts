// Direct messages over HTTP: starting, posting, history, requests and the stranger quota, blocks,
// tombstones, read positions, translation, and refusals of bad input — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote, uploadImage } from '../../../../test/support/notes.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

for (const kind of DB_KINDS) {
  describe(`direct messages HTTP [${kind}]`, () => {
    let t: InteractionsTest;
    let n = 0;
    const person = () => signUp(t.app, `dm_${kind.slice(0, 2)}_${++n}`);
    before(async () => {
      t = await interactionsTest(kind, { MESSAGES_STRANGER_QUOTA: '2' });
    });
    after(() => t.close());

    const call = (method: Method, url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    const ok = async (method: Method, url: string, who: Account, payload?: object, status = 200) => {
      const r = await call(method, url, who, payload);
      assert.equal(r.statusCode, status, r.body);
      return r.statusCode === 204 ? null : r.json();
    };
    const follow = (who: Account, whom: Account) => ok('PUT', `/api/v1/users/${whom.handle}/follow`, who, undefined, 204);
    const friends = async () => {
      const [a, b] = [await person(), await person()];
      await follow(a, b);
      await follow(b, a);
      return [a, b] as const;
    };
    const dm = async (a: Account, b: Account) => ok('POST', '/api/v1/conversations', a, { members: [b.handle] }, 201);
    const say = (who: Account, id: string, body: string, extra: object = {}) =>
      ok('POST', `/api/v1/conversations/${id}/messages`, who, { body, ...extra }, 201);

    it('opens one DM per pair, posts numbered messages and pages history upward', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      assert.equal(c.kind, 'dm');
      assert.equal(c.peer.handle, bo.handle);
      assert.equal(c.viewer.state, 'active');
      assert.equal((await dm(bo, ana)).id, c.id, 'the same DM from either side');
      const first = await say(ana, c.id, 'Hello from Ohio 👋');
      assert.deepEqual(
        { seq: first.seq, kind: first.kind, body: first.body, lang: first.lang, author: first.author.handle },
        { seq: 1, kind: 'text', body: 'Hello from Ohio 👋', lang: 'en', author: ana.handle },
      );
      assert.equal((await say(bo, c.id, '你好！欢迎来到小红书')).lang, 'zh');
      for (let i = 3; i <= 7; i++) await say(i % 2 ? ana : bo, c.id, `message ${i}`);
      const latest = await ok('GET', `/api/v1/conversations/${c.id}/messages?limit=3`, bo);
      assert.deepEqual(
        latest.items.map((m: { seq: number }) => m.seq),
        [5, 6, 7],
      );
      assert.equal(latest.hasMore, true);
      const older = await ok('GET', `/api/v1/conversations/${c.id}/messages?before=5&limit=10`, bo);
      assert.deepEqual(
        older.items.map((m: { seq: number }) => m.seq),
        [1, 2, 3, 4],
      );
      assert.equal(older.hasMore, false);
      const newer = await ok('GET', `/api/v1/conversations/${c.id}/messages?after=5`, bo);
      assert.deepEqual(
        newer.items.map((m: { seq: number }) => m.seq),
        [6, 7],
      );
      const view = await ok('GET', `/api/v1/conversations/${c.id}`, bo);
      assert.equal(view.lastSeq, 7);
      assert.equal(view.lastMessage.body, 'message 7');
      assert.equal(view.unread, 1, 'writing seq 6 read everything before it; 7 is new');
    });

    it('keeps read positions monotonic and counts unread from them', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      for (const w of ['a', 'b', 'c']) await say(ana, c.id, w);
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, bo)).unread, 3);
      await ok('POST', `/api/v1/conversations/${c.id}/read`, bo, { seq: 2 }, 204);
      await ok('POST', `/api/v1/conversations/${c.id}/read`, bo, { seq: 1 }, 204);
      const v = await ok('GET', `/api/v1/conversations/${c.id}`, bo);
      assert.deepEqual([v.unread, v.viewer.lastReadSeq], [1, 2]);
      await ok('POST', `/api/v1/conversations/${c.id}/read`, bo, { seq: 999 }, 204);
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, bo)).viewer.lastReadSeq, 3, 'never past the last message');
      // Where "Seen" goes on the other side, kept across reloads.
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, ana)).peerReadSeq, 3);
      await say(bo, c.id, 'd');
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, bo)).peerReadSeq, 3, 'Ana has not read Bo’s reply yet');
    });

    it('answers a retried clientId with the same message, and refuses the id for different words', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      const a = await say(ana, c.id, 'once', { clientId: 'c-1' });
      const again = await call('POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'once', clientId: 'c-1' });
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().id, a.id);
      const reused = await call('POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'twice', clientId: 'c-1' });
      assert.equal(reused.statusCode, 409);
      assert.equal(reused.json().code, 'client_id_reused');
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, ana)).lastSeq, 1, 'nothing second was posted');
      // Another person may use the same clientId: it is theirs.
      assert.equal((await say(bo, c.id, 'mine', { clientId: 'c-1' })).seq, 2);
    });

    it('refuses bad input with clear problems and never a 5xx', async () => {
      const [ana, bo] = await friends();
      const eve = await person();
      const c = await dm(ana, bo);
      const cases: Array<[Method, string, Account | undefined, object | undefined, number, string]> = [
        ['POST', `/api/v1/conversations/${c.id}/messages`, eve, { body: 'let me in' }, 403, 'not_member'],
        ['GET', `/api/v1/conversations/${c.id}/messages`, eve, undefined, 403, 'not_member'],
        ['GET', `/api/v1/conversations/${c.id}`, undefined, undefined, 401, 'unauthenticated'],
        ['POST', '/api/v1/conversations/0190a1b2-0000-7000-8000-000000000000/messages', ana, { body: 'hi' }, 404, 'conversation_not_found'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'x'.repeat(2001) }, 400, 'text_too_long'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'x'.repeat(4001) }, 400, 'validation_failed'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: '   ' }, 400, 'validation_failed'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'hi', clientId: 'no spaces' }, 400, 'validation_failed'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'hi', extra: 1 }, 400, 'validation_failed'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: '', media: 'not-mine' }, 400, 'invalid_media'],
        ['POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: '', note: '0190a1b2-0000-7000-8000-000000000000' }, 404, 'not_found'],
        ['GET', '/api/v1/conversations/not-an-id', ana, undefined, 400, 'validation_failed'],
        ['GET', `/api/v1/conversations/${c.id}/messages?before=0`, ana, undefined, 400, 'validation_failed'],
        ['GET', '/api/v1/conversations?cursor=bogus', ana, undefined, 400, 'invalid_cursor'],
        ['POST', '/api/v1/conversations', ana, { members: [ana.handle] }, 400, 'self_target'],
        ['POST', '/api/v1/conversations', ana, { members: ['nobody_here'] }, 404, 'not_found'],
        ['POST', '/api/v1/conversations', ana, { members: [] }, 400, 'validation_failed'],
        ['POST', '/api/v1/conversations', ana, { members: [bo.handle], name: 'n'.repeat(41) }, 400, 'validation_failed'],
        ['DELETE', `/api/v1/conversations/${c.id}/messages/0190a1b2-0000-7000-8000-000000000000`, ana, undefined, 404, 'message_not_found'],
      ];
      for (const [method, url, who, payload, status, code] of cases) {
        const r = await call(method, url, who, payload);
        assert.equal(r.statusCode, status, `${method} ${url} ${JSON.stringify(payload)}: ${r.body}`);
        assert.equal(r.json().code, code, `${method} ${url}`);
        assert.match(r.headers['content-type'] as string, /application\/problem\+json/);
      }
    });

    it('puts a stranger’s DM in the requests box; the starter may send one message until it is accepted', async () => {
      const [stranger, star] = [await person(), await person()];
      const c = await dm(stranger, star);
      assert.equal(c.viewer.state, 'pending');
      await say(stranger, c.id, 'big fan!');
      const second = await call('POST', `/api/v1/conversations/${c.id}/messages`, stranger, { body: 'hello??' });
      assert.equal(second.statusCode, 403);
      assert.equal(second.json().code, 'request_pending');
      const inbox = await ok('GET', '/api/v1/conversations', star);
      assert.equal(
        inbox.items.some((x: { id: string }) => x.id === c.id),
        false,
      );
      assert.equal(inbox.requests, 1);
      const requests = await ok('GET', '/api/v1/conversations?box=requests', star);
      assert.deepEqual(
        requests.items.map((x: { id: string; viewer: { state: string } }) => [x.id, x.viewer.state]),
        [[c.id, 'request']],
      );
      assert.equal(requests.items[0].lastMessage.body, 'big fan!');
      await ok('POST', `/api/v1/conversations/${c.id}/read`, star, { seq: 1 }, 204);
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, stranger)).peerReadSeq, 0, 'reading a request tells its sender nothing');
      const accepted = await ok('POST', `/api/v1/conversations/${c.id}/accept`, star);
      assert.equal(accepted.viewer.state, 'active');
      assert.equal((await ok('GET', '/api/v1/conversations', star)).requests, 0);
      await say(stranger, c.id, 'thank you!');
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, stranger)).viewer.state, 'active');
    });

    it('accepts a request by replying, and stops a declined starter writing', async () => {
      const [s1, s2, target] = [await person(), await person(), await person()];
      const c1 = await dm(s1, target);
      await say(s1, c1.id, 'hi');
      await say(target, c1.id, 'hi back');
      assert.equal((await ok('GET', `/api/v1/conversations/${c1.id}`, s1)).viewer.state, 'active');
      await say(s1, c1.id, 'we can talk now');

      const c2 = await dm(s2, target);
      await ok('POST', `/api/v1/conversations/${c2.id}/decline`, target, undefined, 204);
      assert.equal((await call('GET', `/api/v1/conversations/${c2.id}`, target)).json().code, 'not_member');
      const r = await call('POST', `/api/v1/conversations/${c2.id}/messages`, s2, { body: 'please?' });
      assert.equal(r.json().code, 'request_pending');
      // Reaching out to someone whose request one declined answers it.
      assert.equal((await dm(target, s2)).id, c2.id);
      assert.equal((await ok('GET', `/api/v1/conversations/${c2.id}`, s2)).viewer.state, 'active');
      await say(s2, c2.id, 'thanks for writing back');
    });

    it('limits new conversations with strangers per day (429), but not with followers', async () => {
      const starter = await person();
      const others = [await person(), await person(), await person()];
      await dm(starter, others[0] as Account);
      await dm(starter, others[1] as Account);
      // Opening an existing one again costs nothing.
      await dm(starter, others[0] as Account);
      const third = await call('POST', '/api/v1/conversations', starter, { members: [(others[2] as Account).handle] });
      assert.equal(third.statusCode, 429, third.body);
      assert.equal(third.json().code, 'rate_limited');
      assert.ok(Number(third.headers['retry-after']) > 0);
      await follow(others[2] as Account, starter);
      assert.equal((await dm(starter, others[2] as Account)).viewer.state, 'active', 'a follower is no stranger');
    });

    it('ends a DM when either blocks the other, and opens it again when the block is lifted', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      await say(ana, c.id, 'before');
      await ok('PUT', `/api/v1/users/${ana.handle}/block`, bo, undefined, 204);
      await t.ctx.jobs.drain();
      const ended = await ok('GET', `/api/v1/conversations/${c.id}`, ana);
      assert.equal(ended.ended, true);
      const r = await call('POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: 'after' });
      assert.equal(r.statusCode, 403);
      assert.equal(r.json().code, 'conversation_ended');
      assert.equal((await call('POST', '/api/v1/conversations', ana, { members: [bo.handle] })).json().code, 'blocked');
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}/messages`, ana)).items.length, 1, 'still readable');
      await ok('DELETE', `/api/v1/users/${ana.handle}/block`, bo, undefined, 204);
      await t.ctx.jobs.drain();
      assert.equal((await ok('GET', `/api/v1/conversations/${c.id}`, ana)).ended, false);
      await say(ana, c.id, 'after all');
    });

    it('turns a deleted message into a numbered tombstone; only its author may delete it', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      const m = await say(ana, c.id, 'oops, wrong chat');
      await say(bo, c.id, 'lol');
      const notMine = await call('DELETE', `/api/v1/conversations/${c.id}/messages/${m.id}`, bo);
      assert.equal(notMine.json().code, 'not_author');
      await ok('DELETE', `/api/v1/conversations/${c.id}/messages/${m.id}`, ana, undefined, 204);
      const h = await ok('GET', `/api/v1/conversations/${c.id}/messages`, bo);
      assert.deepEqual(h.items[0], { ...h.items[0], seq: 1, body: '', deleted: true, lang: null });
      assert.equal(h.items.length, 2);
      assert.equal((await call('DELETE', `/api/v1/conversations/${c.id}/messages/${m.id}`, ana)).statusCode, 404);
    });

    it('sends photos and shared notes, shown as the reader may see them, and serves the photo to members only', async () => {
      const [ana, bo] = await friends();
      const eve = await person();
      const c = await dm(ana, bo);
      const img = await uploadImage(t.app, ana);
      const photo = await say(ana, c.id, '', { media: img.id });
      assert.equal(photo.kind, 'photo');
      assert.equal(photo.photo.id, img.id);
      assert.match(photo.photo.url, new RegExp(`^/media/${img.id}/`));
      assert.equal((await call('GET', photo.photo.url, bo)).statusCode, 200);
      assert.equal((await call('GET', photo.photo.url, eve)).statusCode, 404);
      const reuse = await call('POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: '', media: img.id });
      assert.equal(reuse.json().code, 'invalid_media', 'an upload is sent once');

      const note = await postNote(t.app, eve, { title: 'Hotpot in Chengdu' });
      const shared = await say(bo, c.id, 'look!', { note: note.id });
      assert.equal(shared.note.title, 'Hotpot in Chengdu');
      const secret = await postNote(t.app, bo, { title: 'only me', visibility: 'only_me' });
      const hidden = await say(bo, c.id, '', { note: secret.id });
      assert.equal(hidden.note.title, 'only me', 'its author sees it');
      const seen = (await ok('GET', `/api/v1/conversations/${c.id}/messages`, ana)).items.at(-1);
      assert.equal(seen.note, null, 'a note the reader may not see shows as unavailable');
      const other = await call('POST', `/api/v1/conversations/${c.id}/messages`, ana, { body: '', note: secret.id });
      assert.equal(other.statusCode, 404, 'nobody shares a note they cannot see');
    });

    it('translates a message for the people in its conversation only', async () => {
      const [ana, bo] = await friends();
      const eve = await person();
      const c = await dm(ana, bo);
      const m = await say(bo, c.id, '我喜欢吃火锅');
      const tr = await call('GET', `/api/v1/messages/${m.id}/translation?target=en`, ana);
      assert.equal(tr.statusCode, 200, tr.body);
      assert.equal(tr.json().sourceLang, 'zh');
      assert.ok(tr.json().body.length > 0);
      assert.equal((await call('GET', `/api/v1/messages/${m.id}/translation?target=en`, eve)).json().code, 'message_not_found');
      const s = await ok('PATCH', `/api/v1/conversations/${c.id}/me`, ana, { autoTranslate: true, muted: true });
      assert.deepEqual([s.viewer.autoTranslate, s.viewer.muted], [true, true]);
    });

    it('hides a DM its viewer left until the next message brings it back', async () => {
      const [ana, bo] = await friends();
      const c = await dm(ana, bo);
      await say(ana, c.id, 'one');
      await ok('POST', `/api/v1/conversations/${c.id}/leave`, bo, undefined, 204);
      assert.equal(
        (await ok('GET', '/api/v1/conversations', bo)).items.some((x: { id: string }) => x.id === c.id),
        false,
      );
      await say(ana, c.id, 'two');
      assert.equal(
        (await ok('GET', '/api/v1/conversations', bo)).items.some((x: { id: string }) => x.id === c.id),
        true,
      );
    });

    it('pages the inbox by cursor, most recently active first', async () => {
      const me = await person();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const other = await person();
        await follow(other, me);
        const c = await dm(me, other);
        ids.push(c.id);
        await say(me, c.id, `hi ${i}`);
      }
      const p1 = await ok('GET', '/api/v1/conversations?limit=2', me);
      assert.deepEqual(
        p1.items.map((x: { id: string }) => x.id),
        [ids[2], ids[1]],
      );
      const p2 = await ok('GET', `/api/v1/conversations?limit=2&cursor=${p1.nextCursor}`, me);
      assert.deepEqual(
        p2.items.map((x: { id: string }) => x.id),
        [ids[0]],
      );
      assert.equal(p2.nextCursor, null);
    });
  });
}
