import type { AnyDb } from '../index.ts';

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('handle', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('ui_language', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('avatar_media_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('member'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('followers_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('following_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Claims that must be won exactly once across processes (e.g. "first account is the admin").
  await db.schema
    .createTable('instance_claims')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('follows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('follower_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('followee_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('follows_pair_uq', ['follower_id', 'followee_id'])
    .execute();
  await db.schema.createIndex('follows_followee_idx').on('follows').columns(['followee_id', 'id']).execute();
  await db.schema.createIndex('follows_follower_idx').on('follows').columns(['follower_id', 'id']).execute();

  // blocks and mutes: the same shape, actor → target ("actor blocks/mutes target").
  for (const table of ['blocks', 'mutes']) {
    const [actor, target] = ['actor_id', 'target_id'];
    await db.schema
      .createTable(table)
      .addColumn(actor, 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn(target, 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [actor, target])
      .execute();
    await db.schema.createIndex(`${table}_target_idx`).on(table).column(target).execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['mutes', 'blocks', 'follows', 'sessions', 'instance_claims', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
