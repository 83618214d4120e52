/**
 * How one server process stops (SIGTERM/SIGINT, and a graceful reload's retirement of a worker):
 * stop accepting, let requests in flight finish, then exit; cut what is left after a grace period.
 */
import cluster from 'node:cluster';
import type { Server } from 'node:http';

/**
 * In a cluster worker, resolves once the primary has taken it off the list of workers it hands
 * connections to (the IPC channel is closed); at once elsewhere.
 * NOTE: with Node's round-robin cluster the primary accepts every connection and passes it to a
 * worker. A worker that exits right after its server closes can leave a connection handed to it
 * unread in the channel: the primary then holds that socket open forever and its client hangs
 * (a graceful reload lost one request this way under load). `worker.disconnect()` waits until the
 * primary has seen the close, so every connection already sent is handed back to another worker.
 */
function leaveCluster(): Promise<void> {
  const worker = cluster.worker;
  if (!worker || !worker.isConnected()) return Promise.resolve();
  return new Promise((resolve) => {
    worker.once('disconnect', () => resolve());
    worker.disconnect();
  });
}

/**
 * Stops `server` on SIGTERM/SIGINT: no new connections, keep-alive connections closed once idle,
 * `beforeExit` (e.g. closing the database) after the last request, then exit 0 once out of the
 * cluster; exit 1 after `graceMs`. Returns whether a stop has begun.
 */
export function stopGracefullyOnSignals(server: Server, graceMs: number, beforeExit: () => void): () => boolean {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => {
      beforeExit();
      void leaveCluster().then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error(JSON.stringify({ level: 'warn', msg: 'shutdown grace period over; closing connections', pid: process.pid }));
      server.closeAllConnections();
      process.exit(1);
    }, graceMs).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // After a stop began, a keep-alive connection is closed as soon as its last response is out.
  server.on('request', (_req, res) => res.once('finish', () => stopping && setImmediate(() => server.closeIdleConnections())));
  return () => stopping;
}
