/** Builds the server once before integration and browser tests (skipped when dist/ is current). */
import { buildIfNeeded } from '../../scripts/lib/build-if-needed.ts';

export default function setup(): void {
  buildIfNeeded();
}
