import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const alias = { '~': `${root}src`, '~db': `${root}db` };
const DRILLS = ['tests/integration/failure-drill.test.ts', 'tests/integration/replication-s3.test.ts'];

export default defineConfig({
  root,
  resolve: { alias },
  test: {
    // An integration file spends most of its time waiting on its own server process, so three files
    // at once keep two cores busy (Vitest's default here is cores - 1: one file at a time). Set once
    // for every project: projects with different values would run one after the other.
    maxWorkers: 3,
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: DRILLS,
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The recovery drills promise a loss window (writes acknowledged 2 s before kill -9 are in the
        // replica): Litestream starved of CPU by other files misses it, so they run after the others, alone.
        resolve: { alias },
        test: {
          name: 'integration-drills',
          include: DRILLS,
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
