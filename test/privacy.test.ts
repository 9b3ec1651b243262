// A followers-only or only-me note never leaks through any route. This walks every route in the
// OpenAPI document (so a route added later is walked too, or this test fails until it is) as
// each kind of outsider, and looks for any trace of the hidden notes in what comes back.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Note } from '../src/shared/api/notes.ts';
import { type Account, assertNo5xx, bearer, signUp, type TestApp, testApp } from './support/app.ts';
import { DB_KINDS } from './support/db.ts';
import { postNote } from './support/notes.ts';

const SKIP = new Set(['/api/health', '/api/ready', '/api/v1/stream']);

for (const kind of DB_KINDS) {
  describe(`privacy walk [${kind}]`, () => {
    let t: TestApp;
    let author: Account;
    let follower: Account;
    let stranger: Account;
    let hidden: { followers: Note; onlyMe: Note };
    const ids: Record<string, string[]> = {};
    const secrets: string[] = [];
    let followersMedia = new Set<string>();

    const inject = (method: string, url: string, who: Account | null, payload?: unknown) =>
      t.app.inject({ method: method as 'GET', url, headers: who ? bearer(who) : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

    before(async () => {
      t = await testApp(kind);
      author = await signUp(t.app, `priv_author_${kind}`);
      follower = await signUp(t.app, `priv_follower_${kind}`);
      stranger = await signUp(t.app, `priv_stranger_${kind}`);
      await inject('PUT', `/api/v1/users/${author.handle}/follow`, follower);
      const pub = await postNote(t.app, author, { title: 'public hello', body: 'everyone may see this' });
      hidden = {
        followers: await postNote(t.app, author, { title: 'SECRET-F title', body: `SECRET-F body @${stranger.handle} #secretf`, visibility: 'followers' }),
        onlyMe: await postNote(t.app, author, { title: 'SECRET-M title', body: `SECRET-M body @${follower.handle}`, visibility: 'only_me' }),
      };
      for (const n of [hidden.followers, hidden.onlyMe]) {
        secrets.push(n.id, n.title, ...n.media.map((m) => m.id));
      }
      // Activity on the hidden notes from people allowed to see them.
      const commentIds: string[] = [];
      const c1 = (await inject('POST', `/api/v1/notes/${hidden.followers.id}/comments`, follower, { body: 'SECRET-F comment' })).json();
      const c2 = (await inject('POST', `/api/v1/notes/${hidden.onlyMe.id}/comments`, author, { body: 'SECRET-M comment' })).json();
      commentIds.push(c1.id, c2.id);
      secrets.push(c1.id, c2.id, 'SECRET-F comment', 'SECRET-M comment');
      await inject('PUT', `/api/v1/notes/${hidden.followers.id}/like`, follower);
      await inject('PUT', `/api/v1/notes/${hidden.followers.id}/collect`, follower);
      await inject('PUT', `/api/v1/notes/${hidden.followers.id}/collect`, author);
      await inject('PUT', `/api/v1/notes/${hidden.onlyMe.id}/collect`, author);
      const board = (await inject('POST', '/api/v1/boards', author, { name: 'Public board', visibility: 'public' })).json();
      for (const n of [pub, hidden.followers, hidden.onlyMe]) await inject('PUT', `/api/v1/boards/${board.id}/notes/${n.id}`, author);
      const authorBoards = (await inject('GET', `/api/v1/users/${author.handle}/boards`, author)).json().items.map((b: { id: string }) => b.id);
      const followerBoards = (await inject('GET', `/api/v1/users/${follower.handle}/boards`, follower)).json().items.map((b: { id: string }) => b.id);
      // Chat: the author shares the hidden notes with the follower, in a DM and in a group shown under the only-me note.
      const dm = (await inject('POST', '/api/v1/conversations', author, { members: [follower.handle] })).json();
      const group = (await inject('POST', '/api/v1/conversations', author, { members: [follower.handle], name: 'Priv group' })).json();
      const shared: string[] = [];
      for (const n of [hidden.followers, hidden.onlyMe]) {
        for (const c of [dm, group])
          shared.push((await inject('POST', `/api/v1/conversations/${c.id}/messages`, author, { body: 'look', note: n.id })).json().id);
      }
      await inject('PUT', `/api/v1/conversations/${group.id}/note`, author, { note: hidden.onlyMe.id });
      ids.conversationId = [dm.id, group.id];
      ids.messageId = shared;
      ids.token = [(await inject('POST', `/api/v1/conversations/${group.id}/invites`, author, {})).json().token];
      ids.handle = [author.handle, follower.handle, stranger.handle];
      ids.noteId = [pub.id, hidden.followers.id, hidden.onlyMe.id];
      ids.boardId = [...authorBoards, ...followerBoards];
      ids.commentId = commentIds;
      const urls = (n: Note) => n.media.flatMap((m) => Object.values(m.urls).filter((u): u is string => !!u));
      followersMedia = new Set(urls(hidden.followers));
      ids.media = [...urls(hidden.followers), ...urls(hidden.onlyMe)];
    });
    after(async () => {
      assertNo5xx(t.logs);
      await t.close();
    });

    /** Every concrete URL for a documented GET path, with each known id in each parameter. */
    function expand(path: string): string[] {
      if (path === '/media/{id}/{name}') return ids.media!;
      let urls = [path];
      const fill = (param: string, values: string[]) => {
        urls = urls.flatMap((u) => (u.includes(param) ? values.map((v) => u.replace(param, v)) : [u]));
      };
      fill('{handle}', ids.handle!);
      if (path.startsWith('/api/v1/boards/')) fill('{id}', ids.boardId!);
      else if (path.startsWith('/api/v1/comments/')) fill('{id}', ids.commentId!);
      else if (path.startsWith('/api/v1/sessions/')) fill('{id}', ['01a20000-0000-7000-8000-000000000000']);
      else if (path.startsWith('/api/v1/conversations/')) fill('{id}', ids.conversationId!);
      else if (path.startsWith('/api/v1/messages/')) fill('{id}', ids.messageId!);
      fill('{token}', ids.token!);
      fill('{id}', ids.noteId!);
      fill('{noteId}', ids.noteId!);
      // The hidden followers-only note carries #secretf.
      fill('{tag}', ['secretf']);
      fill('{lang}', ['en', 'zh']);
      fill('{target}', ['en', 'zh']);
      // Search is asked for the hidden notes' words, tag and author, as notes, people and topics.
      if (path === '/api/v1/search')
        urls = ['SECRET', 'SECRET-F title', 'SECRET-M', '%23secretf', 'secretf', 'priv_author'].flatMap((q) =>
          ['notes', 'users', 'topics'].map((type) => `${path}?q=${encodeURIComponent(decodeURIComponent(q))}&type=${type}`),
        );
      if (path === '/api/v1/search/suggest') urls = ['secret', 'secretf', '%23secretf', 'priv'].map((q) => `${path}?q=${q}`);
      // A translation is asked for into English: the hidden notes' English text would come back as it is.
      if (path.endsWith('/translation')) urls = urls.map((u) => `${u}?target=en`);
      assert.ok(
        urls.every((u) => !u.includes('{')),
        `no ids known for a parameter of ${path}: add them to this walk`,
      );
      return urls;
    }

    it('no GET route shows a hidden note, its text, comments or media to anonymous people, strangers or (for only-me) followers', async () => {
      // Indexes fed by events (search, feed) hold the hidden notes too: the walk asks them after they heard.
      await t.ctx.jobs.drain();
      const doc = (await t.app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
      const walked: string[] = [];
      const viewers: Array<[string, Account | null, string[]]> = [
        ['anonymous', null, secrets],
        ['stranger', stranger, secrets],
        // a follower may see the followers-only note, never the only-me one
        [
          'follower',
          follower,
          secrets.filter(
            (s) => !s.includes('SECRET-F') && ![hidden.followers.id, ...hidden.followers.media.map((m) => m.id)].includes(s) && s !== ids.commentId![0],
          ),
        ],
      ];
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (!('get' in ops) || SKIP.has(path) || path.startsWith('/api/docs')) continue;
        for (const url of expand(path)) {
          for (const [who, account, forbidden] of viewers) {
            const res = await inject('GET', url, account);
            assert.ok(res.statusCode < 500, `${who} GET ${url} → ${res.statusCode}`);
            if (res.statusCode !== 200) continue;
            const body = res.rawPayload.toString('latin1') + res.body;
            for (const s of forbidden) assert.ok(!body.includes(s), `${who} GET ${url} leaks "${s}"`);
            if (url.startsWith('/media/') && !(who === 'follower' && followersMedia.has(url))) assert.fail(`${who} GET ${url} served hidden media`);
          }
          walked.push(url);
        }
      }
      // Sanity: the walk reached the routes that matter, and the author does see everything.
      for (const p of [
        '/api/v1/notes/',
        '/api/v1/boards/',
        '/api/v1/comments/',
        '/media/',
        '/api/v1/notifications',
        '/collects',
        '/likes',
        '/api/v1/search?',
      ]) {
        assert.ok(
          walked.some((u) => u.includes(p)),
          `walked no ${p} route`,
        );
      }
      const mine = (await inject('GET', `/api/v1/users/${author.handle}/notes`, author)).json().items.map((n: Note) => n.id);
      assert.ok(mine.includes(hidden.onlyMe.id) && mine.includes(hidden.followers.id));
    });

    it('no write reaches a hidden note for someone who may not see it (404, nothing changes)', async () => {
      for (const n of [hidden.followers, hidden.onlyMe]) {
        for (const who of [stranger, ...(n === hidden.onlyMe ? [follower] : [])]) {
          const attempts: Array<[string, string, unknown?]> = [
            ['PUT', `/api/v1/notes/${n.id}/like`],
            ['POST', `/api/v1/notes/${n.id}/not-interested`],
            ['PUT', `/api/v1/notes/${n.id}/collect`],
            ['POST', `/api/v1/notes/${n.id}/comments`, { body: 'let me in' }],
            ['GET', `/api/v1/notes/${n.id}/boards`],
            ['PATCH', `/api/v1/notes/${n.id}`, { title: 'x' }],
            ['DELETE', `/api/v1/notes/${n.id}`],
          ];
          const board = (await inject('GET', `/api/v1/users/${who.handle}/boards`, who)).json().items[0];
          if (board) attempts.push(['PUT', `/api/v1/boards/${board.id}/notes/${n.id}`]);
          for (const [method, url, payload] of attempts) {
            const res = await inject(method, url, who, payload);
            assert.equal(res.statusCode, 404, `${who.handle} ${method} ${url} → ${res.statusCode}`);
          }
        }
      }
      const seen = (await inject('GET', `/api/v1/notes/${hidden.followers.id}`, author)).json();
      assert.deepEqual({ likes: seen.counts.likes, comments: seen.counts.comments }, { likes: 1, comments: 1 });
    });

    it('a note collected only into a private board stays off the collector’s Collects tab for others', async () => {
      const note = await postNote(t.app, stranger, { title: 'public note, private collect' });
      const board = (await inject('POST', '/api/v1/boards', follower, { name: 'Private finds', visibility: 'private' })).json();
      assert.equal((await inject('PUT', `/api/v1/boards/${board.id}/notes/${note.id}`, follower)).statusCode, 204);
      const tab = (who: Account | null) => inject('GET', `/api/v1/users/${follower.handle}/collects`, who);
      for (const who of [null, stranger, author]) assert.ok(!(await tab(who)).body.includes(note.id), 'private collects stay private');
      assert.ok((await tab(follower)).body.includes(note.id), 'the collector sees their own');
      await inject('PUT', `/api/v1/notes/${note.id}/collect`, follower);
      assert.ok((await tab(null)).body.includes(note.id), 'once in a public board it shows');
    });

    it('people mentioned in a note they may not see are not told about it', async () => {
      const res = (await inject('GET', '/api/v1/notifications', stranger)).json();
      assert.ok(!res.items.some((i: { kind: string }) => i.kind === 'mention'), 'no mention from a followers-only note');
      assert.ok(!JSON.stringify(res).includes('SECRET'));
      const followerSees = (await inject('GET', '/api/v1/notifications', follower)).json();
      assert.ok(!JSON.stringify(followerSees).includes('SECRET-M'));
    });
  });
}
