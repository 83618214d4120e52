/** `npm run seed`: migrates, then fills an empty database with demo content. */
import { prepareDatabase } from './lib/prepare-database.ts';

await prepareDatabase({ seedDemo: true });
