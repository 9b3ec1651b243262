// Per-instance secrets, generated once and shared by every process through the database.
import { randomBytes } from 'node:crypto';
import type { Db } from './db/index.ts';
import { nowIso } from './ids.ts';

export async function instanceSecret(db: Db, name: string): Promise<string> {
  const k = db.kysely;
  await k
    .insertInto('instance_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: nowIso() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = (await k.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()) as { value: string };
  return row.value;
}
