/**
 * Nothing acknowledged is ever lost: 20 people post comments at once to a two-process server,
 * the server is killed with SIGKILL mid-way, and after a restart every comment that got a 201 is
 * there and the database passes integrity_check. Concurrent writers never see a 500. SIGTERM lets
 * a request in flight finish before the server exits.
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';

const CLIENTS = 20;
const KILL_AFTER_ACKS = 120;
const dataDir = mkdtempSync(join(tmpdir(), 'banthuek-durability-'));
let server: TestServer | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('kill -9 while 20 people comment', () => {
  it('keeps every acknowledged comment and an intact database', async () => {
    server = await startTestServer({ WORKERS: '2' }, { dataDir });
    const author = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client);
    const people = await Promise.all(Array.from({ length: CLIENTS }, () => signedInClient(server!.baseUrl)));

    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let killed = false;
    const killing = new Promise<void>((resolve) => {
      const post = async (client: TestClient, n: number): Promise<void> => {
        while (!killed) {
          try {
            const res = await client.post(`/api/notes/${noteId}/comments`, { body: `ความเห็นที่ ${n++} ระหว่างทดสอบไฟดับ` });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status === 201) acknowledged.push(res.body.id);
            if (res.status === 429) return; // this person's bucket is empty
          } catch {
            return; // the server is gone
          }
          if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            await server!.killHard();
            resolve();
          }
        }
      };
      Promise.all(people.map((p, i) => post(p.client, i * 1000))).finally(() => resolve());
    });
    await killing;
    console.log(`acknowledged before kill -9: ${acknowledged.length}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(killed).toBe(true);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    server = await startTestServer({ WORKERS: '2' }, { dataDir });
    const db = new Database(server.databasePath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(db.prepare('SELECT id FROM comments WHERE note_id = ?').pluck().all(noteId) as number[]);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      const count = db.prepare('SELECT comment_count FROM notes WHERE id = ?').pluck().get(noteId);
      expect(count).toBe(stored.size);
    } finally {
      db.close();
    }
    const page = await new TestClient(server.baseUrl).get(`/api/notes/${noteId}/comments`);
    expect(page.status).toBe(200);
  }, 120_000); // two server starts (each up to 30 s on a loaded box), 21 sign-ups, 120 comments

  it('never answers 500 when many people edit and comment at the same moment', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => signedInClient(server!.baseUrl)));
    const notes = await Promise.all(writers.map((w) => createNoteViaApi(w.client)));
    const rounds = await Promise.all(
      writers.flatMap((w, i) => [
        ...[1, 2, 3, 4].map((n) => w.client.patch(`/api/notes/${notes[i]}`, { body: `แก้ครั้งที่ ${n}`, tags: [`รอบ${n}`] })),
        ...[1, 2, 3, 4].map((n) => w.client.post(`/api/notes/${notes[(i + 1) % notes.length]}/comments`, { body: `ความเห็น ${n}` })),
      ]),
    );
    const statuses = rounds.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('finishes a request in flight after SIGTERM, then exits cleanly', async () => {
    const { client } = await signedInClient(server!.baseUrl);
    const noteId = await createNoteViaApi(client);
    const body = JSON.stringify({ body: 'ความเห็นที่ส่งมาช้า ๆ ระหว่างปิดระบบ' });
    const cut = Math.floor(body.length / 2);
    const url = new URL(`/api/notes/${noteId}/comments`, server!.baseUrl);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            cookie: client.cookieHeader(),
            origin: server!.baseUrl,
            'x-forwarded-for': '198.51.100.7',
            // The server answers "100 Continue" once it has read the head: the request is then in flight.
            expect: '100-continue',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        exitCode = new Promise<number | null>((r) => server!.process.once('exit', (code) => r(code)));
        server!.process.kill('SIGTERM');
        req.write(body.slice(0, cut)); // a slow client: the rest of the body comes after the SIGTERM
        setTimeout(() => req.end(body.slice(cut)), 300);
      });
      req.flushHeaders();
    });
    let exitCode: Promise<number | null> | undefined;
    const result = await response;
    expect(result.status).toBe(201);
    expect(await exitCode).toBe(0);
  }, 60_000);
});
