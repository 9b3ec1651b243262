// The messages module's part of a person's archive and erasure, on SQLite and PostgreSQL. The
// archive holds the conversations they are in (with their role and state) and only the messages they
// wrote. Erasure leaves no row naming them: a DM nobody else is in goes whole, a DM the other person
// is still in stays for them read-only, a group goes on with a new owner and a corrected member count,
// and their messages there become authorless deleted lines so the numbering keeps no hole.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { createMessagesPersonalData } from './personal-data.ts';
import { IN_STATES, type MessagesTables } from './tables.ts';

const TABLES = ['conversations', 'conversation_members', 'messages', 'conversation_invites', 'conversation_notes', 'stranger_quota'];

for (const kind of DB_KINDS) {
  describe(`messages personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let dee: Account;
    let dmBo: string;
    let dmCy: string;
    let dmDee: string;
    let group: string;
    const anaWrote: string[] = [];
    before(async () => {
      t = await testApp(kind);
      [ana, bo, cy, dee] = [await signUp(t.app), await signUp(t.app), await signUp(t.app), await signUp(t.app)];
      await t.ctx.accounts.follow(bo.id, ana.handle);
      await t.ctx.accounts.follow(cy.id, ana.handle);
      const m = t.ctx.messages.service;
      const send = async (who: Account, id: string, body: string) => (await m.posting.send(who.id, id, { body })).item.id;
      dmBo = (await m.conversations.create(ana.id, { members: [bo.handle] })).id;
      anaWrote.push(await send(ana, dmBo, 'hi bo'), await send(ana, dmBo, 'how are you'));
      await send(bo, dmBo, 'fine, you?');
      dmCy = (await m.conversations.create(ana.id, { members: [cy.handle] })).id;
      anaWrote.push(await send(ana, dmCy, 'hi cy'));
      await send(cy, dmCy, 'bye');
      await m.conversations.leave(cy.id, dmCy);
      // Dee does not follow Ana: a message request, which spends Ana's stranger quota.
      dmDee = (await m.conversations.create(ana.id, { members: [dee.handle] })).id;
      anaWrote.push(await send(ana, dmDee, 'hello stranger'));
      group = (await m.conversations.create(ana.id, { members: [bo.handle, cy.handle], name: 'Hotpot' })).id;
      await m.groups.setRole(ana.id, group, bo.handle, 'admin');
      await m.groups.createInvite(ana.id, group);
      anaWrote.push(await send(ana, group, 'welcome'));
      await send(bo, group, 'thanks');
      anaWrote.push(await send(ana, group, 'enjoy'));
      await send(cy, group, '🍲');
    });
    after(async () => t.close());

    const provider = () => createMessagesPersonalData({ db: scoped<MessagesTables>(t.ctx.db) });

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), [...TABLES].sort());
      assert.ok(t.ctx.messages.personalData);
    });

    it('exports their conversations with their role and state, only the messages they wrote, their invites and quota', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const convs = out.rows<{ conversation: { id: string; kind: string } | null; member: { userId: string; role: string; state: string } }>(
        'messages/conversations.json',
      );
      assert.deepEqual(convs.map((c) => c.conversation?.id).sort(), [dmBo, dmCy, dmDee, group].sort());
      assert.ok(convs.every((c) => c.member.userId === ana.id));
      assert.equal(convs.find((c) => c.conversation?.id === group)?.member.role, 'owner');
      const msgs = out.rows<{ id: string; authorId: string; body: string }>('messages/messages.json');
      assert.deepEqual(msgs.map((x) => x.id).sort(), [...anaWrote].sort());
      assert.ok(
        msgs.every((x) => x.authorId === ana.id && x.body.length > 0),
        'full text, and no one else’s',
      );
      assert.equal(out.rows('messages/invites.json').length, 1);
      assert.deepEqual(
        out.rows<{ userId: string; used: number }>('messages/quota.json').map((q) => [q.userId, q.used]),
        [[ana.id, 1]],
      );
    });

    it('erases them and leaves the others’ conversations sound, and can run again', async () => {
      const othersBefore = (await rowsOf(t.ctx.db, 'messages', 'id')).filter((r) => r.author_id !== ana.id && r.conversation_id !== dmCy);
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, TABLES, ana.id), []);

      const convs = await rowsOf(t.ctx.db, 'conversations', 'id');
      const ids = convs.map((c) => c.id);
      assert.ok(!ids.includes(dmCy), 'a DM nobody else is in goes whole');
      const dm = convs.find((c) => c.id === dmBo);
      assert.equal(dm?.dm_key, null);
      assert.equal(Number(dm?.ended), 1, 'the DM stays for Bo, read-only');
      const g = convs.find((c) => c.id === group);
      assert.equal(g?.created_by, group);

      // Member counts match the rows in every conversation left.
      const members = await rowsOf(t.ctx.db, 'conversation_members', 'conversation_id');
      for (const c of convs) {
        const n = members.filter((mm) => mm.conversation_id === c.id && (IN_STATES as readonly unknown[]).includes(mm.state)).length;
        assert.equal(Number(c.member_count), n, `member count of ${c.id}`);
      }
      assert.equal(members.find((mm) => mm.conversation_id === group && mm.user_id === bo.id)?.role, 'owner', 'the oldest admin owns the group now');

      // Others' messages are untouched; the numbering of each conversation has no hole.
      const messages = await rowsOf(t.ctx.db, 'messages', 'id');
      assert.deepEqual(
        messages.filter((r) => r.author_id !== null),
        othersBefore,
      );
      for (const c of convs) {
        const seqs = messages
          .filter((r) => r.conversation_id === c.id)
          .map((r) => Number(r.seq))
          .sort((a, b) => a - b);
        assert.deepEqual(
          seqs,
          seqs.map((_, i) => i + 1),
          `seqs of ${c.id}`,
        );
        assert.equal(Number(c.last_seq), seqs.length);
      }
      const history = await t.ctx.messages.service.posting.history(bo.id, group, {});
      assert.deepEqual(
        history.items.map((i) => (i.deleted ? null : i.body)),
        [null, 'thanks', null, '🍲'],
      );
      // The group goes on.
      await t.ctx.messages.service.posting.send(cy.id, group, { body: 'still here' });
      assert.equal((await t.ctx.messages.service.conversations.list(bo.id, 'inbox', undefined, 20)).items.length >= 2, true);
    });
  });
}
