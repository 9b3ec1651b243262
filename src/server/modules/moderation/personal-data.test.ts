// The moderation module's part of a person's archive and erasure, on SQLite and PostgreSQL: the
// reports they filed, the cases about their content (decision and appeal), their approval and image
// scores are exported; erasure deletes them with each case's report count corrected, and the
// moderators' bookkeeping keeps the facts with 'erased' where they were named. The audit log lets
// exactly that through: any other change, and any deletion, is still refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Account, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { postNote } from '../../../../test/support/notes.ts';
import { CapturingArchive, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { newId } from '../../platform/ids.ts';
import { createModerationPersonalData } from './personal-data.ts';
import type { PersonalTables } from './personal-store.ts';

const TABLES = ['moderation_cases', 'moderation_reports', 'moderation_states', 'moderation_audit', 'moderation_people', 'filter_lists', 'media_safety'];

for (const kind of DB_KINDS) {
  describe(`moderation personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    let cy: Account;
    let mod: Account;
    let anaCase: string;
    let boCase: string;
    let anaMedia: string;
    before(async () => {
      t = await testApp(kind);
      // Ana is the instance's admin (the first account) and writes notes too.
      ana = await signUp(t.app);
      mod = await signUp(t.app);
      bo = await signUp(t.app);
      cy = await signUp(t.app);
      const s = t.ctx.moderation.service;
      const asMod = { userId: mod.id, role: 'moderator' as const };
      const asAna = { userId: ana.id, role: 'admin' as const };
      const anaNote = await postNote(t.app, ana, { title: 'mine' });
      anaMedia = anaNote.media[0]?.id as string;
      const boNote = await postNote(t.app, bo, { title: 'bo’s' });
      const cyNote = await postNote(t.app, cy, { title: 'cy’s' });
      // Reports about Ana's note, decided and appealed.
      anaCase = (await s.report(bo.id, { targetType: 'note', targetId: anaNote.id, reason: 'spam', text: 'ads' })).caseId;
      await s.report(cy.id, { targetType: 'note', targetId: anaNote.id, reason: 'spam' });
      await s.claim(asMod, anaCase, true);
      await s.act(asMod, anaCase, { action: 'remove', note: 'advertising' });
      await s.appeal(ana.id, anaCase, 'it was a recipe');
      // Ana reports Bo's note, with Cy.
      boCase = (await s.report(ana.id, { targetType: 'note', targetId: boNote.id, reason: 'harassment', text: 'mean' })).caseId;
      await s.report(cy.id, { targetType: 'note', targetId: boNote.id, reason: 'spam' });
      // Ana moderates: she decides a case about Cy's note, approves Bo, edits a word list.
      const cyCase = (await s.report(bo.id, { targetType: 'note', targetId: cyNote.id, reason: 'spam' })).caseId;
      await s.claim(asAna, cyCase, true);
      await s.act(asAna, cyCase, { action: 'dismiss', note: 'fine' });
      const openCase = (await s.report(cy.id, { targetType: 'user', targetId: bo.id, reason: 'spam' })).caseId;
      await s.claim(asAna, openCase, true);
      await s.approve(asAna, bo.id);
      await s.approve(asMod, ana.id);
      await t.ctx.moderation.filters.create(ana.id, { name: 'Ana’s list', action: 'hold', terms: ['scam link'] });
      // An image score of hers (the image check is off in tests: as the job would write it).
      await t.ctx.db.kysely
        .insertInto('media_safety')
        .values({ media_id: anaMedia, owner_id: ana.id, scores: '{}', score: 0.1, flagged: 0, dhash: 'abcd', created_at: new Date().toISOString() })
        .execute();
    });
    after(async () => t.close());

    const provider = () => createModerationPersonalData({ db: scoped<PersonalTables>(t.ctx.db), noteChanged: (id) => t.ctx.moderation.states.changed(id) });

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), [...TABLES].sort());
      assert.ok(t.ctx.moderation.personalData);
    });

    it('exports their reports, the cases about their content with decision and appeal, their approval and image scores', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const reports = out.rows<{ caseId: string; reporterId: string; text: string }>('moderation/reports.json');
      assert.deepEqual(
        reports.map((r) => [r.caseId, r.reporterId, r.text]),
        [[boCase, ana.id, 'mean']],
      );
      const cases = out.rows<{ id: string; action: string; appealText: string; appealState: string; claimedBy: string | null }>('moderation/cases.json');
      assert.deepEqual(
        cases.map((c) => [c.id, c.action, c.appealState, c.appealText]),
        [[anaCase, 'remove', 'pending', 'it was a recipe']],
      );
      assert.equal(cases[0]?.claimedBy, null, 'the moderator is not named');
      assert.equal(out.rows('moderation/states.json').length, 1);
      assert.deepEqual(
        out.rows<{ userId: string }>('moderation/approvals.json').map((a) => a.userId),
        [ana.id],
      );
      assert.ok(out.rows('moderation/audit.json').length >= 3, 'the decision about her, her own decisions and approvals');
      assert.deepEqual(
        out.rows<{ mediaId: string }>('moderation/image-checks.json').map((m) => m.mediaId),
        [anaMedia],
      );
    });

    it('erases her and keeps the others’ cases sound, and can run again', async () => {
      const auditBefore = await rowsOf(t.ctx.db, 'moderation_audit', 'id');
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, TABLES, ana.id), []);
      const cases = await rowsOf(t.ctx.db, 'moderation_cases', 'id');
      assert.ok(!cases.some((c) => c.id === anaCase), 'the case about her note is gone');
      const reports = await rowsOf(t.ctx.db, 'moderation_reports', 'id');
      for (const c of cases) assert.equal(Number(c.report_count), reports.filter((r) => r.case_id === c.id).length, `report count of ${c.id}`);
      assert.equal(Number(cases.find((c) => c.id === boCase)?.report_count), 1);
      assert.ok(
        cases.some((c) => c.resolved_by === 'erased' && c.action === 'dismiss'),
        'the case she decided keeps its decision',
      );
      assert.ok(
        cases.some((c) => c.status === 'open' && c.claimed_by === 'erased'),
        'the case she claimed stays claimed',
      );
      const people = await rowsOf(t.ctx.db, 'moderation_people', 'user_id');
      assert.deepEqual(
        people.map((p) => [p.user_id, p.approved_by]),
        [[bo.id, 'erased']],
      );
      const audit = await rowsOf(t.ctx.db, 'moderation_audit', 'id');
      assert.equal(audit.length, auditBefore.length, 'no audit entry is deleted');
      assert.ok(audit.some((a) => a.actor_id === 'erased') && audit.some((a) => a.owner_id === 'erased'));
      assert.equal((await rowsOf(t.ctx.db, 'filter_lists', 'id')).find((l) => l.name === 'Ana’s list')?.updated_by, null);
      assert.deepEqual(await rowsOf(t.ctx.db, 'media_safety', 'media_id'), []);
    });

    it('lets the audit log be blanked to erased only: any other change and any deletion are refused', async () => {
      const db = t.ctx.db.kysely;
      const id = newId();
      const someone = newId();
      await db
        .insertInto('moderation_audit')
        .values({
          id,
          case_id: null,
          actor_id: someone,
          action: 'approve',
          target_type: 'user',
          target_id: someone,
          owner_id: someone,
          note: 'probation ended',
          days: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      await assert.rejects(sql`UPDATE moderation_audit SET note = 'rewritten' WHERE id = ${id}`.execute(db), /append-only/);
      await assert.rejects(sql`UPDATE moderation_audit SET actor_id = ${newId()} WHERE id = ${id}`.execute(db), /append-only/);
      await assert.rejects(sql`UPDATE moderation_audit SET action = 'ban', actor_id = 'erased' WHERE id = ${id}`.execute(db), /append-only/);
      await assert.rejects(sql`DELETE FROM moderation_audit WHERE id = ${id}`.execute(db), /append-only/);
      await sql`UPDATE moderation_audit SET actor_id = 'erased', owner_id = 'erased', target_id = 'erased' WHERE id = ${id}`.execute(db);
      const row = await db.selectFrom('moderation_audit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual([row.actor_id, row.owner_id, row.target_id, row.note, row.action], ['erased', 'erased', 'erased', 'probation ended', 'approve']);
      await assert.rejects(sql`DELETE FROM moderation_audit WHERE id = ${id}`.execute(db), /append-only/);
    });
  });
}
