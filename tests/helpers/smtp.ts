/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it receives,
 * so tests read the mail our server actually sent over the wire.
 */
import { parse } from 'parse5';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The text/plain part (or the whole body of a single-part mail), decoded. */
  text: string;
  /** The text/html part of a multipart/alternative mail, decoded ('' when there is none). */
  html: string;
  /** A top-level header's value, unfolded and decoded ('' when absent). */
  header: (name: string) => string;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor: (match: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  stop: () => Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  const soft = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

interface Part {
  header: (name: string) => string;
  body: string;
}

function splitPart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1] ?? '';
  return { header, body: raw.slice(split + 4) };
}

function decodeBody(part: Part): string {
  const encoding = part.header('Content-Transfer-Encoding').toLowerCase();
  return encoding === 'base64'
    ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable'
      ? decodeQuotedPrintable(part.body)
      : part.body;
}

/** Parses the mails our server sends: single-part text, or multipart/alternative (text + HTML). */
function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const top = splitPart(raw);
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(top.header('Content-Type'))?.[1];
  if (boundary) {
    for (const chunk of top.body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitPart(chunk.replace(/^\r\n/, ''));
      const type = part.header('Content-Type').toLowerCase();
      if (type.startsWith('text/plain')) text = decodeBody(part).replace(/\r\n$/, '');
      else if (type.startsWith('text/html')) html = decodeBody(part).replace(/\r\n$/, '');
    }
  } else {
    text = decodeBody(top);
  }
  return { from, to, subject: decodeHeader(top.header('Subject')), text, html, header: (name) => decodeHeader(top.header(name)), raw };
}

/** `port`: listen on a given port (a restarted server where the site expects it); default a free one. */
export async function startSmtpServer(options: { port?: number } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // The site keeps pooled connections open; stopping must not wait 30 s for them.
    closeTimeout: 500,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(
          Buffer.concat(chunks).toString('utf8'),
          session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          session.envelope.rcptTo.map((r) => r.address),
        );
        messages.push(mail);
        for (const w of [...waiters])
          if (w.match(mail)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(mail);
          }
        callback();
      });
    },
  });
  // A client killed mid-connection (the site under kill -9) resets its socket; that is not a test failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    messages,
    waitFor: (match, timeoutMs = 10_000) => {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching mail arrived')), timeoutMs);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Elements, attributes or links in a mail's HTML that our template does not write (links must lead to `siteUrl`). */
export function unexpectedMailMarkup(html: string, siteUrl: string): string[] {
  const allowed = new Set([
    'html',
    'head',
    'body',
    'meta',
    'title',
    'p',
    'br',
    'strong',
    'span',
    'blockquote',
    'a',
    'hr',
    'ul',
    'li',
    'h1',
    'h2',
  ]);
  const problems: string[] = [];
  const visit = (node: { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: unknown[] }) => {
    if (node.tagName) {
      if (!allowed.has(node.tagName)) problems.push(`<${node.tagName}>`);
      for (const { name, value } of node.attrs ?? []) {
        if (!['style', 'href', 'lang', 'charset'].includes(name)) problems.push(`${name}= on <${node.tagName}>`);
        if (name === 'href' && !value.startsWith(siteUrl)) problems.push(`href=${value}`);
      }
    }
    for (const child of node.childNodes ?? []) visit(child as never);
  };
  visit(parse(html) as never);
  return problems;
}
