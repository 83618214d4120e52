/** `npm run migrate`: applies committed drizzle migrations to DATABASE_PATH. */
import { closeDb, getDb, resolveDatabasePath } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { runDataMigrations } from '../src/lib/server/data-migrations.ts';

migrateDatabase(getDb());
runDataMigrations();
closeDb();
console.log(`migrated ${resolveDatabasePath()}`);
