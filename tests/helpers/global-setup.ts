/** Builds the server once before integration and browser tests (skipped when dist/ is current), and the template database. */
import { buildIfNeeded } from '../../scripts/lib/build-if-needed.ts';
import { prepareTemplateDatabase } from './template-database.ts';

export default function setup(): void {
  buildIfNeeded();
  prepareTemplateDatabase();
}
