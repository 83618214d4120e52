/**
 * Test-only preload (NODE_OPTIONS="--require <this file>" in a test server's environment; nothing
 * in the site loads it): in a cluster worker, SIGUSR2 makes the worker allocate until V8 aborts it
 * with a real out-of-memory error, as the 12.9 KB table of issue 21 did. The primary ignores it.
 */
const cluster = require('node:cluster');

if (cluster.isWorker) {
  process.on('SIGUSR2', () => {
    const hoard = [];
    for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
  });
}
