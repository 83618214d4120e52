/** `npm run migrate`: applies committed drizzle migrations to DATABASE_PATH. */
import { closeDb, getDb, resolveDatabasePath } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';

migrateDatabase(getDb());
closeDb();
console.log(`migrated ${resolveDatabasePath()}`);
