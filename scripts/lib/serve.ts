/**
 * Serves the built Astro handler on HOST:PORT with our own http server, so the client address is
 * decided by TRUST_PROXY before Astro sees the request (Astro's Node adapter would otherwise trust
 * any X-Forwarded-For a client sends). See docs/decisions/0003-client-address.md.
 */
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolveClientAddress, trustedProxyHops } from '../../src/lib/server/request-guard.ts';

type NodeHandler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;

/** Imports the built server without its autostart and listens; resolves once the socket accepts connections. */
export async function serve(entryPath: string, host: string, port: number): Promise<Server> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entryPath).href)) as { handler: NodeHandler };
  const hops = trustedProxyHops();
  const server = createServer((req, res) => {
    const forwarded = req.headers['x-forwarded-for'];
    const address = resolveClientAddress(req.socket.remoteAddress ?? 'unknown', Array.isArray(forwarded) ? forwarded.join(',') : forwarded, hops);
    req.headers['x-forwarded-for'] = address;
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
