// The language bridge's tables, and every language a text holds beside its main one.
// - notes.langs, comments.langs, users.bio_langs: the languages present, space-separated, the main one
//   first ("zh en" for code-switched text), so a reader of either gets a Translate action. Rows written
//   before this hold '' and are read as their main language alone.
// - translations (the language module's): one row per sentence, per source and target language and
//   provider, keyed by the sentence's sha256 — a note is translated once for all its readers, an edit
//   re-translates only the sentences it changed, and nothing needs invalidating.
// - users.auto_translate: the reader's setting to see foreign text translated without asking.
// - my_words (the language module's): the dictionary words a learner saved, with the note each came from.
import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('notes')
    .addColumn('langs', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('comments')
    .addColumn('langs', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('bio_langs', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // A reader who wants every text in a language they do not read shown translated at once.
  await db.schema
    .alterTable('users')
    .addColumn('auto_translate', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('translations')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('source_lang', 'text', (c) => c.notNull())
    .addColumn('target_lang', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('translations_pk', ['hash', 'source_lang', 'target_lang', 'provider'])
    .execute();
  // The daily purge drops translations older than the store keeps.
  await db.schema.createIndex('translations_created_idx').on('translations').column('created_at').execute();

  await db.schema
    .createTable('my_words')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('word', 'text', (c) => c.notNull())
    .addColumn('traditional', 'text', (c) => c.notNull())
    .addColumn('pinyin', 'text', (c) => c.notNull())
    .addColumn('gloss', 'text', (c) => c.notNull())
    .addColumn('note_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('my_words_pk', ['user_id', 'word'])
    .execute();
  await db.schema.createIndex('my_words_recent_idx').on('my_words').columns(['user_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('my_words').ifExists().execute();
  await db.schema.dropTable('translations').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('auto_translate').execute();
  await db.schema.alterTable('users').dropColumn('bio_langs').execute();
  await db.schema.alterTable('comments').dropColumn('langs').execute();
  await db.schema.alterTable('notes').dropColumn('langs').execute();
}
