// Group chats over HTTP: members and roles, the size limit, blocks, invite links with expiry and
// revocation, ownership hand-over, removal, and the group shown under a note — on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, bearer, signUp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { type InteractionsTest, interactionsTest } from '../../../../test/support/interactions.ts';
import { postNote, uploadImage } from '../../../../test/support/notes.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

for (const kind of DB_KINDS) {
  describe(`group chats HTTP [${kind}]`, () => {
    let t: InteractionsTest;
    let n = 0;
    const person = () => signUp(t.app, `gr_${kind.slice(0, 2)}_${++n}`);
    let clock = Date.now();
    before(async () => {
      t = await interactionsTest(kind, { MESSAGES_MAX_GROUP_MEMBERS: '4', MESSAGES_STRANGER_QUOTA: '3' });
    });
    after(() => t.close());

    const call = (method: Method, url: string, who?: Account, payload?: object) =>
      t.app.inject({ method, url, ...(who ? { headers: bearer(who) } : {}), ...(payload ? { payload } : {}) });
    const ok = async (method: Method, url: string, who: Account | undefined, payload?: object, status = 200) => {
      const r = await call(method, url, who, payload);
      assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`);
      return r.statusCode === 204 ? null : r.json();
    };
    const code = async (method: Method, url: string, who: Account | undefined, payload?: object) => (await call(method, url, who, payload)).json().code;
    const follow = (who: Account, whom: Account) => ok('PUT', `/api/v1/users/${whom.handle}/follow`, who, undefined, 204);
    /** An owner and fans who follow them (so they join at once). */
    const crew = async (fans: number) => {
      const owner = await person();
      const people: Account[] = [];
      for (let i = 0; i < fans; i++) {
        const p = await person();
        await follow(p, owner);
        people.push(p);
      }
      return { owner, people };
    };
    const handles = (xs: Account[]) => xs.map((x) => x.handle);
    const memberHandles = async (id: string, who: Account) =>
      (await ok('GET', `/api/v1/conversations/${id}/members`, who)).items.map((m: { user: { handle: string }; role: string }) => `${m.user.handle}:${m.role}`);

    it('makes a group with a name and members; the owner renames it and sets its avatar', async () => {
      const { owner, people } = await crew(2);
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people), name: '  TikTok Refugees 🐱 ' }, 201);
      assert.deepEqual([g.kind, g.name, g.memberCount, g.viewer.role, g.peer], ['group', 'TikTok Refugees 🐱', 3, 'owner', null]);
      assert.deepEqual(await memberHandles(g.id, people[0] as Account), [`${owner.handle}:owner`, ...people.map((p) => `${p.handle}:member`)]);
      const avatar = await uploadImage(t.app, owner, undefined, 'avatar');
      const renamed = await ok('PATCH', `/api/v1/conversations/${g.id}`, owner, { name: '小红书难民', avatar: avatar.id });
      assert.equal(renamed.name, '小红书难民');
      assert.ok(renamed.avatar?.url);
      assert.equal(await code('PATCH', `/api/v1/conversations/${g.id}`, people[0], { name: 'mine now' }), 'not_admin');
      // Seen by a member, who also gets messages from everyone.
      await ok('POST', `/api/v1/conversations/${g.id}/messages`, people[1], { body: 'hi all' }, 201);
      const seen = await ok('GET', `/api/v1/conversations/${g.id}`, people[0]);
      assert.deepEqual([seen.name, seen.unread, seen.lastMessage.body], ['小红书难民', 1, 'hi all']);
    });

    it('names a nameless group after its members, and a name alone with one handle makes a group too', async () => {
      const { owner, people } = await crew(1);
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people), name: '' }, 201);
      assert.equal(g.kind, 'group');
      assert.equal(g.name, (people[0] as Account).handle.replace(/^/, 'Test '));
    });

    it('holds at most the configured number of members, and refuses people who blocked the adder', async () => {
      const { owner, people } = await crew(4);
      assert.equal(await code('POST', '/api/v1/conversations', owner, { members: handles(people) }), 'group_full');
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people.slice(0, 2)) }, 201);
      const blocker = await person();
      await ok('PUT', `/api/v1/users/${owner.handle}/block`, blocker, undefined, 204);
      assert.equal(await code('POST', `/api/v1/conversations/${g.id}/members`, owner, { members: [blocker.handle] }), 'blocked');
      const added = await ok('POST', `/api/v1/conversations/${g.id}/members`, people[0], { members: [(people[2] as Account).handle] });
      assert.equal(added.memberCount, 4);
      assert.equal(await code('POST', `/api/v1/conversations/${g.id}/members`, owner, { members: [(people[3] as Account).handle] }), 'group_full');
      assert.equal(await code('POST', `/api/v1/conversations/${g.id}/members`, people[0], { members: ['nobody_at_all'] }), 'not_found');
    });

    it('gives people who do not follow the adder the group as a request', async () => {
      const { owner, people } = await crew(1);
      const stranger = await person();
      const g = await ok('POST', '/api/v1/conversations', owner, { members: [...handles(people), stranger.handle] }, 201);
      assert.equal(g.memberCount, 3);
      const box = await ok('GET', '/api/v1/conversations?box=requests', stranger);
      assert.deepEqual(
        box.items.map((x: { id: string }) => x.id),
        [g.id],
      );
      await ok('POST', `/api/v1/conversations/${g.id}/decline`, stranger, undefined, 204);
      assert.equal((await ok('GET', `/api/v1/conversations/${g.id}`, owner)).memberCount, 2);
    });

    it('lets admins remove members; the owner chooses admins; nobody else may', async () => {
      const { owner, people } = await crew(3);
      const [a, b, c] = people as [Account, Account, Account];
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people) }, 201);
      const url = `/api/v1/conversations/${g.id}`;
      assert.equal(await code('DELETE', `${url}/members/${b.handle}`, a), 'not_admin');
      assert.equal(await code('PUT', `${url}/members/${a.handle}/role`, a, { role: 'admin' }), 'not_admin');
      await ok('PUT', `${url}/members/${a.handle}/role`, owner, { role: 'admin' }, 204);
      await ok('DELETE', `${url}/members/${b.handle}`, a, undefined, 204);
      assert.equal(await code('DELETE', `${url}/members/${owner.handle}`, a), 'not_owner');
      assert.equal(await code('POST', `${url}/messages`, b, { body: 'still here?' }), 'not_member');
      assert.equal(await code('GET', `${url}/messages`, b), 'not_member');
      assert.deepEqual(await memberHandles(g.id, c), [`${owner.handle}:owner`, `${a.handle}:admin`, `${c.handle}:member`]);
      // An admin may delete anyone's message in the group.
      const m = await ok('POST', `${url}/messages`, c, { body: 'spam spam' }, 201);
      await ok('DELETE', `${url}/messages/${m.id}`, a, undefined, 204);
    });

    it('hands a group whose owner leaves to the oldest admin, else the oldest member', async () => {
      const { owner, people } = await crew(3);
      const [a, b, c] = people as [Account, Account, Account];
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people) }, 201);
      const url = `/api/v1/conversations/${g.id}`;
      await ok('PUT', `${url}/members/${c.handle}/role`, owner, { role: 'admin' }, 204);
      await ok('POST', `${url}/leave`, owner, undefined, 204);
      assert.deepEqual(await memberHandles(g.id, a), [`${a.handle}:member`, `${b.handle}:member`, `${c.handle}:owner`]);
      await ok('DELETE', `${url}/members/${c.handle}`, c, undefined, 204);
      assert.equal((await ok('GET', url, a)).viewer.role, 'owner', 'no admin left: the oldest member');
      assert.equal((await ok('GET', url, b)).memberCount, 2);
      assert.equal(await code('GET', url, owner), 'not_member');
    });

    it('joins by invite link, with preview, expiry and revocation; new members read from their joining on', async () => {
      const { owner, people } = await crew(1);
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people), name: 'Invites' }, 201);
      const url = `/api/v1/conversations/${g.id}`;
      await ok('POST', `${url}/messages`, owner, { body: 'before you came' }, 201);
      assert.equal(await code('POST', `${url}/invites`, people[0], {}), 'not_admin');
      const inv = await ok('POST', `${url}/invites`, owner, {}, 201);
      assert.deepEqual([inv.expiresAt, inv.uses, inv.url], [null, 0, `/join/${inv.token}`]);
      const joiner = await person();
      const preview = await ok('GET', `/api/v1/invites/${inv.token}`, joiner);
      assert.deepEqual(preview, { conversation: { id: g.id, name: preview.conversation.name, avatar: null, memberCount: 2 }, member: false, expiresAt: null });
      assert.equal((await ok('GET', `/api/v1/invites/${inv.token}`, undefined)).member, false, 'anyone with the link may look');
      const joined = await ok('POST', `/api/v1/invites/${inv.token}/join`, joiner);
      assert.deepEqual([joined.memberCount, joined.viewer.role, joined.unread], [3, 'member', 0]);
      assert.deepEqual((await ok('GET', `${url}/messages`, joiner)).items, [], 'history starts when they joined');
      await ok('POST', `${url}/messages`, owner, { body: 'welcome!' }, 201);
      assert.deepEqual(
        (await ok('GET', `${url}/messages`, joiner)).items.map((m: { body: string }) => m.body),
        ['welcome!'],
      );
      assert.equal((await ok('POST', `/api/v1/invites/${inv.token}/join`, joiner)).memberCount, 3, 'joining twice changes nothing');
      assert.equal((await ok('GET', `${url}/invites`, owner)).items[0].uses, 1);

      await ok('DELETE', `${url}/invites/${inv.token}`, owner, undefined, 204);
      const late = await person();
      assert.equal(await code('POST', `/api/v1/invites/${inv.token}/join`, late), 'invite_not_found');
      assert.equal(await code('GET', `/api/v1/invites/${inv.token}`, late), 'invite_not_found');
      assert.equal(await code('GET', '/api/v1/invites/short', late), 'validation_failed');

      const expiring = await ok('POST', `${url}/invites`, owner, { expiresInHours: 1 }, 201);
      assert.ok(Date.parse(expiring.expiresAt) > Date.now());
      clock = Date.now() + 2 * 3_600_000;
      t.ctx.messages.service.core.deps.clock = () => clock;
      try {
        assert.equal(await code('POST', `/api/v1/invites/${expiring.token}/join`, late), 'invite_not_found');
      } finally {
        t.ctx.messages.service.core.deps.clock = undefined;
      }
      assert.equal((await ok('POST', `/api/v1/invites/${expiring.token}/join`, late)).memberCount, 4);
    });

    it('shows a group under its owner’s note to readers who may see the note', async () => {
      const { owner, people } = await crew(1);
      const g = await ok('POST', '/api/v1/conversations', owner, { members: handles(people), name: 'Cat people' }, 201);
      const url = `/api/v1/conversations/${g.id}`;
      const note = await postNote(t.app, owner, { title: 'Join us' });
      const others = await postNote(t.app, people[0] as Account);
      assert.equal(await code('PUT', `${url}/note`, owner, { note: others.id }), 'not_author');
      assert.equal(await code('PUT', `${url}/note`, people[0], { note: note.id }), 'not_admin');
      await ok('PUT', `${url}/note`, owner, { note: note.id }, 204);
      const reader = await person();
      const shown = await ok('GET', `/api/v1/notes/${note.id}/groups`, reader);
      assert.equal(shown.items.length, 1);
      assert.deepEqual([shown.items[0].conversation.name, shown.items[0].member, shown.items[0].full], ['Cat people', false, false]);
      assert.equal((await ok('GET', `/api/v1/notes/${note.id}/groups`, people[0])).items[0].member, true);
      await ok('POST', `/api/v1/invites/${shown.items[0].token}/join`, reader);
      const secret = await postNote(t.app, owner, { visibility: 'only_me' });
      await ok('PUT', `${url}/note`, owner, { note: secret.id }, 204);
      assert.equal(await code('GET', `/api/v1/notes/${secret.id}/groups`, reader), 'not_found');
      await ok('DELETE', `${url}/note`, owner, undefined, 204);
      assert.deepEqual((await ok('GET', `/api/v1/notes/${secret.id}/groups`, owner)).items, []);
    });
  });
}
