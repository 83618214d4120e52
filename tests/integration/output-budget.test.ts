/**
 * Every renderer has an output budget (issue 21, finding 1): the 12.9 KB table that GFM padded to
 * 870k cells, and 2,000 uses of a reference to a 100 KB URL, sent to every way in (preview, note,
 * comment, event programme, AAR, import), get a bounded render, and the worker that rendered them
 * keeps serving. Also: Astro's `/_image` endpoint answers 404 (finding 7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { KHON_KAEN, queryDb, workshopAar } from '../helpers/km.ts';
import { REPORTED_TABLE } from '../helpers/markdown-catalogue.ts';
import { listProvinces } from '~/lib/server/places.ts';

/** Far above any honest render of these inputs, far below the 8.7 MB (table) and 200 MB (references) they once became. */
const BOUNDED_HTML_CHARS = 300_000;
/** The Thai note under a table that was cut or not formed (markdown-output-budget.ts, markdown-budget.ts). */
const TRUNCATED_NOTE = /ตารางนี้(?:ใหญ่|กว้าง)เกินกว่าจะแสดง/;
/** A table within the column budget whose 290 rows are padded to 128 cells: cut by the output budget. */
const TALL_TABLE = `${'|a'.repeat(128)}|\n${'|-'.repeat(128)}|\n${'x\n'.repeat(290)}`;
/** 2,000 uses (20 paragraphs of 100) of one reference to a 100 KB URL: 108 KB that became 200 MB of HTML. */
const REFERENCE_COPIES = `[a]: http://x.th/${'a'.repeat(100_000)}\n\n${Array.from({ length: 20 }, () => '[a] '.repeat(100)).join('\n\n')}`;

let server: TestServer;
const root = mkdtempSync(join(tmpdir(), 'banthuek-output-budget-'));
beforeAll(async () => {
  server = await startTestServer({ SEARCH_INDEX_UPDATES: '0' });
});
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** No worker died while the test ran (an out-of-memory abort logs "worker exited"). */
function expectNoWorkerDied(): void {
  expect(server.output()).not.toMatch(/worker exited|heap out of memory/i);
}

/** A 2xx answer must carry a bounded render; anything else must be a 4xx (a Thai refusal). */
function expectBoundedOr4xx(status: number, html: string | undefined, what: string): void {
  if (status >= 400) {
    expect(status, what).toBeLessThan(500);
    return;
  }
  expect(html?.length ?? 0, what).toBeLessThan(BOUNDED_HTML_CHARS);
}

describe('the 12.9 KB table and the reference flood are rendered within budget everywhere', () => {
  it('preview: two of each at once answer a cut, marked table (or a 4xx), and the site stays up', { timeout: 120_000 }, async () => {
    const { client } = await signedInClient(server.baseUrl);
    const started = performance.now();
    const answers = await Promise.all(
      [REPORTED_TABLE, REPORTED_TABLE, REFERENCE_COPIES, REFERENCE_COPIES, TALL_TABLE].map((body) => client.post('/api/preview', { body })),
    );
    const ms = performance.now() - started;
    for (const answer of answers) expect(answer.status, answer.text.slice(0, 200)).toBe(200);
    expect(answers[0]!.body.html.length).toBeLessThan(BOUNDED_HTML_CHARS);
    expect(answers[0]!.body.html).toMatch(TRUNCATED_NOTE);
    // Every row's text is still there, under the note.
    expect(answers[0]!.body.html.match(/x(?:<br>|<\/p>)/g)).toHaveLength(290);
    expect(answers[2]!.body.html.length).toBeLessThan(BOUNDED_HTML_CHARS);
    expect(answers[4]!.body.html).toContain('ตารางนี้ใหญ่เกินกว่าจะแสดงครบ');
    expect(answers[4]!.body.html.length).toBeLessThan(BOUNDED_HTML_CHARS);
    console.log(`five previews at once: ${Math.round(ms)} ms`);
    expect((await new TestClient(server.baseUrl).get('/healthz')).status).toBe(200);
    expectNoWorkerDied();
  });

  it(
    'a note, a comment, an event programme and an AAR with the table: bounded when saved and when shown',
    { timeout: 120_000 },
    async () => {
      const { client } = await signedInClient(server.baseUrl);
      const noteId = await createNoteViaApi(client, { title: 'ตารางใหญ่', body: REPORTED_TABLE });
      const refsId = await createNoteViaApi(client, { title: 'ลิงก์อ้างอิงซ้ำ', body: REFERENCE_COPIES });
      const comment = await client.post(`/api/notes/${noteId}/comments`, { body: REPORTED_TABLE });
      expect(comment.status, comment.text.slice(0, 200)).toBeLessThan(500);

      const event = await client.post('/api/events', {
        title: 'เวทีตารางใหญ่',
        startDate: '2026-03-12',
        endDate: '2026-03-12',
        venue: 'หอประชุม',
        provinceCode: listProvinces()[0]!.code,
        hosts: 'อำเภอ',
        programme: REPORTED_TABLE,
      });
      expect(event.status, event.text.slice(0, 200)).toBeLessThan(500);

      const anon = new TestClient(server.baseUrl);
      // A province-wide AAR (no district).
      const provinceCode = listProvinces().find((p) => p.name === KHON_KAEN.provinceName)!.code;
      const aar = await client.post(
        '/api/aar',
        workshopAar({ provinceCode, districtCode: '', subdistrictCode: '' }, { lessons: REPORTED_TABLE, expected: REPORTED_TABLE }),
      );
      expect(aar.status, aar.text.slice(0, 300)).toBeLessThan(500);

      const stored = queryDb<{ n: number }>(server, 'SELECT max(length(body_html)) AS n FROM notes')[0]!.n;
      expect(stored).toBeLessThan(BOUNDED_HTML_CHARS);
      const storedComments = queryDb<{ n: number | null }>(server, 'SELECT max(length(body_html)) AS n FROM comments')[0]!.n ?? 0;
      expect(storedComments).toBeLessThan(BOUNDED_HTML_CHARS);
      const pages = [
        `/notes/${noteId}`,
        `/notes/${refsId}`,
        ...(event.status === 201 ? [`/events/${event.body.id}`] : []),
        ...(aar.status === 201 ? [`/notes/${aar.body.id}`] : []),
      ];
      for (const path of pages) {
        const page = await anon.get(path);
        expect(page.status, path).toBe(200);
        expect(page.text.length, path).toBeLessThan(2 * BOUNDED_HTML_CHARS);
      }
      expectBoundedOr4xx(comment.status, comment.body?.html, 'comment');
      expectNoWorkerDied();
    },
  );

  it('import: an archive holding the table and the reference flood is imported with bounded HTML', { timeout: 300_000 }, async () => {
    const writer = await signedInClient(server.baseUrl);
    await createNoteViaApi(writer.client, { title: 'ตารางใหญ่สำหรับนำเข้า', body: REPORTED_TABLE });
    await createNoteViaApi(writer.client, { title: 'ลิงก์ซ้ำสำหรับนำเข้า', body: REFERENCE_COPIES });
    const res = await fetch(`${server.baseUrl}/settings/export`, {
      headers: { cookie: writer.client.cookieHeader(), 'x-forwarded-for': '192.0.2.61' },
    });
    expect(res.status).toBe(200);
    const zip = join(root, 'member.zip');
    writeFileSync(zip, new Uint8Array(await res.arrayBuffer()));

    const target = join(root, 'target');
    const env = { ...process.env, DATABASE_PATH: join(target, 'banthuek.db'), DATA_DIR: target };
    const cli = (script: string, args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env, encoding: 'utf8' });
    expect(cli('migrate', []).status).toBe(0);
    const started = performance.now();
    const run = cli('import', [zip]);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    console.log(`import of the table and the reference flood: ${Math.round(performance.now() - started)} ms`);
    const imported = queryDb<{ title: string; n: number }>(
      { ...server, databasePath: join(target, 'banthuek.db') },
      'SELECT title, length(body_html) AS n FROM notes',
    );
    expect(imported.map((n) => n.title).sort()).toEqual(['ตารางใหญ่สำหรับนำเข้า', 'ลิงก์ซ้ำสำหรับนำเข้า']);
    for (const note of imported) expect(note.n, note.title).toBeLessThan(BOUNDED_HTML_CHARS);
  });
});

describe('what the site does not use is off', () => {
  it("Astro's /_image endpoint answers 404 to any method, and fetches nothing", async () => {
    const anon = new TestClient(server.baseUrl);
    // A fresh connection: the import test above may leave a kept-alive socket the server has closed.
    await fetch(`${server.baseUrl}/healthz`, { headers: { connection: 'close' } }).catch(() => undefined);
    for (const path of ['/_image', '/_image?href=/healthz&w=10&f=png', '/_image?href=%2Fsettings&w=100&h=100&f=webp', '/_image/']) {
      const page = await anon.get(path);
      expect(page.status, path).toBe(404);
      expect(page.text).not.toContain('"status"'); // not the /healthz answer passed through
    }
    const post = await fetch(`${server.baseUrl}/_image?href=/`, {
      method: 'POST',
      headers: { origin: server.baseUrl, connection: 'close' },
    });
    expect(post.status).toBe(404);
  });
});
