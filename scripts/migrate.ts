// `npm run migrate`: bring the configured database (DATA_DIR's SQLite file, or DATABASE_URL) to the
// latest schema. The server also does this at start; this is for deploys that migrate first.
import { loadConfig } from '../src/server/config.ts';
import { openDb, targetFromConfig } from '../src/server/platform/db/index.ts';
import { migrateToLatest } from '../src/server/platform/db/migrate.ts';

const config = loadConfig();
const db = await openDb(targetFromConfig(config), { migrate: false });
try {
  const applied = await migrateToLatest(db.kysely, db.kind);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : `${db.kind}: already up to date`);
} finally {
  await db.close();
}
