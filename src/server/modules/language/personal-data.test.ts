// The language module's part of a person's archive and erasure, on SQLite and PostgreSQL: the words
// they saved are theirs to take and go with them; the translations cache names nobody and stays.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Account, signUp, type TestApp, testApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { CapturingArchive, countOf, mentions, rowsOf } from '../../../../test/support/personal-data-kit.ts';
import { scoped } from '../../platform/db/index.ts';
import { createLanguagePersonalData } from './personal-data.ts';
import type { LanguageTables } from './tables.ts';

for (const kind of DB_KINDS) {
  describe(`language personal data [${kind}]`, () => {
    let t: TestApp;
    let ana: Account;
    let bo: Account;
    before(async () => {
      t = await testApp(kind);
      ana = await signUp(t.app);
      bo = await signUp(t.app);
      for (const w of ['火锅', '银行', '学习']) await t.ctx.language.words.save(ana.id, w);
      await t.ctx.language.words.save(bo.id, '火锅');
      await t.ctx.language.translator.translate(['我喜欢火锅'], 'en', { userId: ana.id });
    });
    after(async () => t.close());

    const provider = () => createLanguagePersonalData({ db: scoped<LanguageTables>(t.ctx.db) });

    it('declares every table the module owns', () => {
      assert.deepEqual(Object.keys(provider().tables).sort(), ['my_words', 'translations']);
      assert.deepEqual(Object.keys(t.ctx.language.personalData.tables).sort(), ['my_words', 'translations']);
    });

    it('exports every word a person saved, with every column, and nobody else’s', async () => {
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      const words = out.rows<{ userId: string; word: string; pinyin: string; createdAt: string }>('language/words.json');
      assert.deepEqual(words.map((w) => w.word).sort(), ['学习', '火锅', '银行'].sort());
      assert.ok(words.every((w) => w.userId === ana.id && w.pinyin.length > 0 && w.createdAt.length > 0));
      assert.deepEqual([...out.files.keys()], Object.keys(provider().files));
    });

    it('erases their words, keeps the others’ and the shared translations, and can run again', async () => {
      const bosBefore = (await rowsOf(t.ctx.db, 'my_words', 'word')).filter((r) => r.user_id === bo.id);
      const translations = await countOf(t.ctx.db, 'translations');
      await provider().erase(ana.id);
      await provider().erase(ana.id);
      assert.deepEqual(await mentions(t.ctx.db, ['my_words', 'translations'], ana.id), []);
      assert.deepEqual(
        (await rowsOf(t.ctx.db, 'my_words', 'word')).filter((r) => r.user_id === bo.id),
        bosBefore,
      );
      assert.equal(await countOf(t.ctx.db, 'translations'), translations);
      const out = new CapturingArchive();
      await provider().export(ana.id, out);
      assert.deepEqual(out.rows('language/words.json'), []);
    });
  });
}
