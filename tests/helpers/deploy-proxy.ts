/**
 * An HTTP pass-through in front of a test server that can play "a new deploy": after `deploy()`,
 * GET /sw.js answers the same worker with a different last line, which is all a browser needs to
 * install it as a new version. Everything else passes as it is (bodies streamed, headers kept).
 */
import { createServer, request } from 'node:http';

export interface DeployProxy {
  baseUrl: string;
  /** From now on /sw.js differs from what the browser has installed (once per call). */
  deploy(): void;
  close(): Promise<void>;
}

export async function deployProxy(targetBaseUrl: string): Promise<DeployProxy> {
  const target = new URL(targetBaseUrl);
  let version = 0;
  const server = createServer((incoming, outgoing) => {
    const isWorker = incoming.method === 'GET' && incoming.url === '/sw.js';
    const headers = { ...incoming.headers, host: target.host };
    if (isWorker) {
      headers['accept-encoding'] = 'identity'; // the body is changed below, so it must be plain
      // A 304 would tell the browser nothing changed: always ask for the whole script.
      delete headers['if-none-match'];
      delete headers['if-modified-since'];
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        if (!isWorker || answer.statusCode !== 200 || version === 0) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat([...chunks, Buffer.from(`\n// deploy ${version}\n`)]);
          const { etag: _etag, 'content-length': _length, ...rest } = answer.headers;
          outgoing.writeHead(200, { ...rest, 'content-length': String(body.length) });
          outgoing.end(body);
        });
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    deploy() {
      version += 1;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
