/**
 * A TCP pass-through in front of a test server that the test can cut and restore at once: cutting
 * resets every open connection (requests in flight lose their answers, as on a dropped phone signal)
 * and refuses new ones until restored. The browser uses the link's address as the site's origin.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface FlakyLink {
  baseUrl: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function flakyLink(targetBaseUrl: string): Promise<FlakyLink> {
  const target = new URL(targetBaseUrl);
  const open = new Set<Socket>();
  let up = true;
  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    cut() {
      up = false;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      up = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
