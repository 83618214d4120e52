/**
 * A bare cluster for tests/unit/server/graceful-stop.test.ts: two workers answer "ok" on PORT; the
 * primary then replaces a worker ROUNDS times as a graceful reload does (a fresh one listens, the
 * old one gets SIGTERM and stops with graceful-stop.ts), prints "listening" first and "done" at the end.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { stopGracefullyOnSignals } from '../../src/server/graceful-stop.ts';

const port = Number(process.env.PORT);
if (cluster.isPrimary) {
  const listening = (worker: Worker) => new Promise((resolve) => worker.once('listening', resolve));
  const exited = (worker: Worker) => new Promise((resolve) => worker.once('exit', resolve));
  const workers = [cluster.fork(), cluster.fork()];
  await Promise.all(workers.map(listening));
  console.log('listening');
  for (let round = 0; round < Number(process.env.ROUNDS); round++) {
    const fresh = cluster.fork();
    await listening(fresh);
    const old = workers.shift()!;
    workers.push(fresh);
    old.process.kill('SIGTERM');
    await exited(old);
  }
  console.log('done'); // the test kills the whole cluster once its readers are done
} else {
  const server = createServer((_req, res) => res.end('ok'));
  stopGracefullyOnSignals(server, 5_000, () => {});
  server.listen(port, '127.0.0.1');
}
