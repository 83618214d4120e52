/**
 * The server's front door under hostile input: malformed headers never give a 5xx (a property test
 * throws random Cookie, Accept-Encoding and URL values at it), and request bodies, chunked or not,
 * are cut off at the route's limit with a 413 and a closed connection, without being buffered.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';

let server: TestServer;
let noteId: number;
beforeAll(async () => {
  server = await startTestServer();
  noteId = await createNoteViaApi((await signedInClient(server.baseUrl)).client);
});
afterAll(async () => {
  await server?.stop();
});

const port = () => Number(new URL(server.baseUrl).port);

/** Sends raw bytes and resolves with everything the server answered before closing. */
function rawRequest(head: string, body?: (write: (chunk: string | Buffer) => boolean, done: () => void) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port(), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('error', () => {
      /* the server may cut a body off mid-send */
    });
    socket.on('close', () => resolve(answer));
    socket.write(head);
    // Never half-close: the server answers a request whose sender hung up with nothing at all.
    if (body)
      body(
        (chunk) => !socket.destroyed && socket.write(chunk),
        () => {},
      );
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

/** Streams `totalBytes` as chunked encoding, honouring backpressure; stops when the socket closes. */
function chunkedBody(totalBytes: number) {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  return (write: (c: string | Buffer) => boolean, done: () => void) => {
    let sent = 0;
    const pump = (socketWrite: typeof write) => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!socketWrite(frame)) return setTimeout(() => pump(socketWrite), 5);
      }
      socketWrite('0\r\n\r\n');
      done();
    };
    pump(write);
  };
}

describe('headers', () => {
  it('a malformed session cookie on a note page is ignored, not a 500', async () => {
    for (const cookie of ['banthuek_session=%', 'banthuek_session=%E0%A4', 'banthuek_session="%zz"', 'a=%; banthuek_session=%%%']) {
      const answer = await rawRequest(`GET /notes/${noteId} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(answer), cookie).toBe(200);
    }
  });

  it('a malformed Referer on a form post that needs a sign-in sends to /login, not a 500', async () => {
    for (const referer of ['http://[', '%', 'http://a b/', 'https://elsewhere.example//evil.example/']) {
      const head = `POST /notes/${noteId}/watch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nReferer: ${referer}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
      const answer = await rawRequest(head);
      expect(statusOf(answer), referer).toBe(303);
      expect(answer, referer).toMatch(/\r\nlocation: \/login\?next=%2F\r\n/i);
    }
  });

  it('a signed-in /confirm with broken percent-encoding in what to do is a 404, not a 500', async () => {
    const member = await signedInClient(server.baseUrl);
    for (const target of ['/communities/%25/membership', '/communities/%E0%A4/membership']) {
      const res = await member.client.get(`/confirm?do=${encodeURIComponent(target.replace('%25', '%'))}`);
      expect(res.status, target).toBe(404);
    }
  });

  it('a cookie whose name only ends in the session name does not skip the shared page cache', async () => {
    const ask = (cookie: string) =>
      rawRequest(`GET /notes/${noteId} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
    await ask('theme=dark');
    expect(await ask('xbanthuek_session=1')).toMatch(/\r\nx-cache: hit\r\n/i);
    expect(await ask('banthuek_session=not-a-session')).not.toMatch(/\r\nx-cache: /i);
  });

  it('property: random Cookie, Accept-Encoding and URL values never get a 5xx', { timeout: 120_000 }, async () => {
    const headerText = fc.string({ unit: fc.constantFrom(...'%;=,"\\ abcqz09._-/br*gzip\u007f'.split('')), maxLength: 60 });
    const pathText = fc.string({ unit: fc.constantFrom(..."%/.?&=#abc09~_-;:@!$'()*+,".split('')), maxLength: 40 });
    const prefix = fc.constantFrom(
      '/',
      `/notes/${noteId}`,
      `/notes/${noteId}/`,
      '/search-index/',
      '/tags/',
      '/u/',
      '/api/notes/',
      '/_astro/',
      '/search?q=',
      '/confirm?do=/communities/',
    );
    await fc.assert(
      fc.asyncProperty(prefix, pathText, headerText, headerText, async (start, rest, cookie, encoding) => {
        const path = `${start}${rest}`;
        const head = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: banthuek_session=${cookie}; ${cookie}\r\nAccept-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`;
        const status = statusOf(await rawRequest(head));
        expect(status, JSON.stringify({ path, cookie, encoding })).toBeGreaterThanOrEqual(200);
        expect(status, JSON.stringify({ path, cookie, encoding })).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });
});

describe('request bodies', () => {
  const chunkedHead = (path: string, type = 'application/json') =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;

  it('a chunked body within the limit reaches the route', async () => {
    const json = JSON.stringify({ username: 'nobody', password: 'wrong password' });
    const answer = await rawRequest(chunkedHead('/api/auth/login'), (write, done) => {
      write(`${Buffer.byteLength(json).toString(16)}\r\n${json}\r\n0\r\n\r\n`);
      done();
    });
    expect(statusOf(answer), answer).toBe(400); // the route parsed it: wrong credentials, not a bad body
    expect(answer).toContain('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
  });

  it('a chunked body over the route limit (sign-in: 64 KB) gets 413 and a closed connection', async () => {
    const answer = await rawRequest(chunkedHead('/api/auth/login'), chunkedBody(512 * 1024));
    expect(statusOf(answer)).toBe(413);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('ข้อมูลที่ส่งมีขนาดใหญ่เกินไป');
  });

  it('a declared Content-Length over the limit is refused before reading', async () => {
    const answer = await rawRequest(
      `POST /api/preview HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400000000\r\n\r\n{"body":"`,
    );
    expect(statusOf(answer)).toBe(413);
    expect(answer.toLowerCase()).toContain('connection: close');
  });

  it('four 300 MB chunked bodies at once: every one refused, no process above 350 MB', { timeout: 120_000 }, async () => {
    const answers = await Promise.all(
      ['/api/notes', '/api/preview', '/settings', '/api/drafts'].map((path) =>
        rawRequest(
          chunkedHead(path, path === '/settings' ? 'application/x-www-form-urlencoded' : 'application/json'),
          chunkedBody(300 * 1024 * 1024),
        ),
      ),
    );
    expect(answers.map(statusOf)).toEqual([413, 413, 413, 413]);
    const pids = [
      server.process.pid!,
      ...execFileSync('pgrep', ['-P', String(server.process.pid)])
        .toString()
        .trim()
        .split('\n')
        .map(Number),
    ];
    for (const pid of pids) {
      const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      expect(peakKb / 1024, `peak RSS of ${pid}`).toBeLessThan(350);
    }
  });
});
