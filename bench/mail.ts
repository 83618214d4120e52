/**
 * `npm run bench:mail`: the two figures issue 13 asks for, on loopback.
 * 1. Comment → mail: the built site (as `npm start`) with a real SMTP server; time from sending a
 *    comment to the mail arriving, for one comment on each of --notes notes (distinct authors, so
 *    the hourly cap never applies). Prints the median and the worst.
 * 2. Outbox throughput: --mails mails queued in a fresh database and delivered by the sender's own
 *    code (deliverDueMail, SMTP_CONNECTIONS at a time) to a local SMTP server. Prints mails/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfNeeded } from '../scripts/lib/build-if-needed.ts';
import { startTestServer } from '../tests/helpers/server.ts';
import { startSmtpServer } from '../tests/helpers/smtp.ts';
import { clientFromNewAddress, createNoteViaApi, TEST_PASSWORD } from '../tests/helpers/factories.ts';
import { TestClient } from '../tests/helpers/client.ts';

const { values } = parseArgs({ options: { notes: { type: 'string', default: '10' }, mails: { type: 'string', default: '2000' } } });
const NOTES = Number(values.notes);
const MAILS = Number(values.mails);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function commentToMail(): Promise<void> {
  buildIfNeeded();
  const smtp = await startSmtpServer();
  const site = await startTestServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURE: '0' });
  try {
    const register = async (name: string) => {
      const client = clientFromNewAddress(site.baseUrl);
      const email = `${name}@bench.test`;
      await client.post('/api/auth/register', { username: name, password: TEST_PASSWORD, displayName: `คุณ ${name}`, email });
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      await new TestClient(site.baseUrl).get(/\/verify-email\?token=[a-z2-7]+/.exec(mail.text)![0]);
      return { client, email };
    };
    const commenter = await register('benchcommenter');
    const timings: number[] = [];
    for (let i = 0; i < NOTES; i++) {
      const author = await register(`benchauthor${i}`);
      const noteId = await createNoteViaApi(author.client, { title: `บันทึกวัดเวลา ${i}` });
      const started = performance.now();
      await commenter.client.post(`/api/notes/${noteId}/comments`, { body: `ความเห็นวัดเวลา ${i}` });
      await smtp.waitFor((m) => m.to.includes(author.email) && m.text.includes(`ความเห็นวัดเวลา ${i}`));
      timings.push(performance.now() - started);
    }
    console.log(
      `comment → mail on loopback (${NOTES} comments): median ${median(timings).toFixed(1)} ms, worst ${Math.max(...timings).toFixed(1)} ms`,
    );
  } finally {
    await site.stop();
    await smtp.stop();
  }
}

async function throughput(): Promise<void> {
  const smtp = await startSmtpServer();
  const dir = mkdtempSync(join(tmpdir(), 'banthuek-bench-mail-'));
  Object.assign(process.env, {
    DATABASE_PATH: join(dir, 'bench.db'),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: '0',
    SITE_URL: 'https://banthuek.example',
  });
  const { getDb, closeDb } = await import('../db/client.ts');
  const { migrateDatabase } = await import('../db/migrate.ts');
  const { enqueueMail } = await import('../src/lib/server/mail/outbox.ts');
  const { composeNotificationMail } = await import('../src/lib/server/mail/compose.ts');
  const { deliverDueMail } = await import('../src/lib/server/mail/sender.ts');
  migrateDatabase(getDb());
  const body = 'ความเห็นยาวพอประมาณ '.repeat(25);
  getDb().transaction(() => {
    for (let i = 0; i < MAILS; i++) {
      const mail = composeNotificationMail(
        {
          recipient: { id: i, displayName: `ผู้รับ ${i}` },
          kind: 'comment',
          actor: { username: 'somchai', displayName: 'สมชาย' },
          note: { id: i, title: `บันทึก ${i}` },
          comment: { id: i, body, createdAt: new Date() },
          createdAt: new Date(),
        },
        'comment',
      );
      enqueueMail({ ...mail, userId: null, kind: 'comment', to: `r${i}@bench.test` });
    }
  });
  const started = performance.now();
  while ((await deliverDueMail(new Date(Date.now() + 1000))) > 0) {
    /* drain */
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `outbox throughput: ${smtp.messages.length} mails in ${seconds.toFixed(2)} s = ${(smtp.messages.length / seconds).toFixed(0)} mails/s (HTML + text, ~${Math.round(smtp.messages[0]!.raw.length / 1024)} KB each)`,
  );
  closeDb();
  await smtp.stop();
  rmSync(dir, { recursive: true, force: true });
}

await commentToMail();
await throughput();
process.exit(0);
