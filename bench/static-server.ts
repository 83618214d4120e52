/**
 * `npm run bench`'s baseline when nginx is not installed: a plain Node static server answering every
 * GET with one file's bytes, with as many cluster workers as the site has. Nothing else: no headers
 * beyond type and length, no compression; what the note page is compared with.
 * Usage: tsx bench/static-server.ts <file> <port> <workers>
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port, workers] = process.argv.slice(2) as [string, string, string];
if (cluster.isPrimary) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => ++listening === Number(workers) && console.log('listening'));
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const body = readFileSync(file);
  createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  }).listen(Number(port), '127.0.0.1');
}
