/**
 * A TCP pass-through in front of a test server that the test can cut and restore at once: cutting
 * resets every open connection (requests in flight lose their answers, as on a dropped phone signal)
 * and refuses new ones until restored. The browser uses the link's address as the site's origin.
 *
 * A test can also wait for a moment instead of sleeping: `cutWhenSent` cuts as soon as a matching
 * request starts through the link (it never reaches the server whole), `cutWhenDelivered` cuts once
 * the whole request has reached the server (which is still working on it: a resend meets "still
 * running"), `cutWhenAnswered` cuts as the server's answer arrives and drops it (the server wrote,
 * the phone never heard).
 */
import { createServer, connect, type Socket } from 'node:net';

export interface FlakyLink {
  baseUrl: string;
  cut(): void;
  restore(): void;
  /** Resolves with the request line once a request whose "METHOD path" matches has started, after cutting the link. */
  cutWhenSent(match: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the request line once such a request has reached the server whole, after cutting the link (no answer). */
  cutWhenDelivered(match: RegExp, timeoutMs: number): Promise<string>;
  /** Resolves with the request line once the answer to such a request starts, after cutting the link (the answer is lost). */
  cutWhenAnswered(match: RegExp, timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

/** The request line at the start of a chunk ("POST /api/uploads"), if the chunk starts a request. */
function requestLine(chunk: Buffer): string | undefined {
  return /^([A-Z]{3,7}) (\S+) HTTP\/1\.1\r\n/
    .exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)))
    ?.slice(1, 3)
    .join(' ');
}

/** The Content-Length of a request head at the start of `chunk` (0 without one), and where its body starts. */
function bodyLength(chunk: Buffer): { length: number; bodyStart: number } {
  const head = chunk.toString('latin1', 0, Math.min(chunk.length, 8192));
  const end = head.indexOf('\r\n\r\n');
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  return { length, bodyStart: end === -1 ? chunk.length : end + 4 };
}

interface Trap {
  when: 'sent' | 'delivered' | 'answered';
  match: RegExp;
  resolve(line: string): void;
}

export async function flakyLink(targetBaseUrl: string): Promise<FlakyLink> {
  const target = new URL(targetBaseUrl);
  const open = new Set<Socket>();
  let up = true;
  let trap: Trap | undefined;

  const cut = () => {
    up = false;
    for (const socket of open) socket.resetAndDestroy();
  };

  const server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    /** The last request started on this connection (keep-alive carries several in turn). */
    let lastLine = '';
    /** Body bytes of the last request still to pass (for `delivered`). */
    let bodyLeft = 0;
    client.on('data', (chunk: Buffer) => {
      const line = requestLine(chunk);
      if (line) {
        lastLine = line;
        const { length, bodyStart } = bodyLength(chunk);
        bodyLeft = length - (chunk.length - bodyStart);
      } else bodyLeft -= chunk.length;
      if (line && trap?.when === 'sent' && trap.match.test(line)) {
        const sprung = trap;
        trap = undefined;
        cut();
        sprung.resolve(line);
        return;
      }
      const delivered = trap?.when === 'delivered' && trap.match.test(lastLine) && bodyLeft <= 0 ? trap : undefined;
      if (delivered) {
        trap = undefined;
        // Cut once the last byte has been handed to the server's socket.
        upstream.write(chunk, () => {
          cut();
          delivered.resolve(lastLine);
        });
        return;
      }
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      if (trap?.when === 'answered' && trap.match.test(lastLine)) {
        const sprung = trap;
        trap = undefined;
        cut(); // the answer's first bytes are dropped: the phone never learns the write happened
        sprung.resolve(lastLine);
        return;
      }
      if (!client.write(chunk)) upstream.pause();
    });
    client.on('drain', () => upstream.resume());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const arm = (when: Trap['when'], match: RegExp, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        trap = undefined;
        reject(new Error(`no request matching ${match} was ${when} within ${timeoutMs} ms`));
      }, timeoutMs);
      trap = {
        when,
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
    });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    cut,
    restore() {
      up = true;
    },
    cutWhenSent: (match, timeoutMs) => arm('sent', match, timeoutMs),
    cutWhenDelivered: (match, timeoutMs) => arm('delivered', match, timeoutMs),
    cutWhenAnswered: (match, timeoutMs) => arm('answered', match, timeoutMs),
    close: () =>
      new Promise((resolve) => {
        trap = undefined;
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
