/**
 * Replication to an S3-compatible store on loopback (s3rver, signature v4, path-style): the site
 * replicates its database with Litestream and copies an upload by S3 PUT; the machine is killed
 * with SIGKILL and its disk deleted; `npm run restore -- --from-replica s3://…` rebuilds it on a new
 * data dir, which then serves the note, its comments and the photo. The test prints the loss
 * window (RPO) and the restore time. Refused credentials show up as an error and a growing lag on
 * /healthz, never as the credentials themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startTestS3, type TestS3 } from '../helpers/s3-server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { fetchBytes, phonePhoto, uploadFile } from '../helpers/upload-fixtures.ts';
import { TestClient } from '../helpers/client.ts';

const CLIENTS = 5;
const WRITE_FOR_MS = 4_000;
const PAUSE_BETWEEN_COMMENTS_MS = 200;
/** The promise under test, as in the file:// drill: an acknowledged write is off the box within this. */
const RPO_BOUND_MS = 2_000;
const DRILL_TIMEOUT_MS = 90_000;
const WRONG_KEY = 'AKIANOTAKEY7F3A9C';
const WRONG_SECRET = 'not-the-secret-7f3a9c';

const root = mkdtempSync(join(tmpdir(), 'banthuek-s3-drill-'));
const servers: TestServer[] = [];
let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await s3?.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

const replicaUrl = (path: string) => `s3://${s3.bucket}/${path}`;

async function health(baseUrl: string) {
  return (await new TestClient(baseUrl).get('/healthz')).body;
}

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function restore(dataDir: string, url: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/restore.ts', '--from-replica', url], {
      env: { ...process.env, ...s3.env, DATABASE_PATH: join(dataDir, 'banthuek.db'), DATA_DIR: dataDir, REPLICA_URL: '' },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output, ms: performance.now() - started }));
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replication to S3 on loopback', () => {
  it(
    'restores notes, comments and uploads from s3:// onto a new machine after kill -9',
    async () => {
      const liveDir = join(root, 'live');
      const url = replicaUrl('site');
      const live = await startTestServer(
        { ...s3.env, REPLICA_URL: url, WORKERS: '2', SEARCH_INDEX_UPDATES: '0', LOG_REQUESTS: '0' },
        { dataDir: liveDir },
      );
      servers.push(live);
      await until(async () => (await health(live.baseUrl)).replication?.lastReplicatedAt, 'the first snapshot in S3');

      const author = await signedInClient(live.baseUrl);
      const noteId = await createNoteViaApi(author.client, { title: 'บันทึกซ้อมกู้ระบบจาก S3' });
      const upload = await uploadFile(author.client, 'IMG_0420.JPG', await phonePhoto({ width: 400, height: 300 }), { type: 'image/jpeg' });
      expect(upload.status, JSON.stringify(upload.body)).toBe(201);
      const photo = await fetchBytes(live.baseUrl, upload.body.url);
      expect(photo.status).toBe(200);

      // The photo reaches the bucket by S3 PUT and the database catches up: lag 0, no error.
      const caughtUp = await until(async () => {
        const r = (await health(live.baseUrl)).replication;
        return r.uploads.copied >= 1 && r.uploads.pending === 0 && r.lagSeconds === 0 && r;
      }, 'the upload and the note in S3');
      expect(caughtUp).toMatchObject({
        replica: url,
        litestream: { running: true },
        lastError: null,
        uploads: { failing: 0, lastError: null },
      });

      // Five people comment until the machine dies.
      const people = await Promise.all(Array.from({ length: CLIENTS }, () => signedInClient(live.baseUrl)));
      const acks: { id: number; at: number }[] = [];
      let stop = false;
      const comment = async (client: TestClient, person: number) => {
        for (let n = 0; !stop; n++) {
          const res = await client.post(`/api/notes/${noteId}/comments`, { body: `ความเห็น ${person}-${n} ก่อนเครื่องดับ` }).catch(() => null);
          if (!res) return; // the site is gone
          if (res.status === 201) acks.push({ id: res.body.id, at: Date.now() });
          else expect([201, 429]).toContain(res.status);
          await pause(PAUSE_BETWEEN_COMMENTS_MS);
        }
      };
      const writing = Promise.all(people.map((p, i) => comment(p.client, i)));
      const started = Date.now();
      await pause(WRITE_FOR_MS);
      const killedAt = Date.now();
      await live.killHard();
      stop = true;
      await writing;
      rmSync(liveDir, { recursive: true, force: true });

      const restoredDir = join(root, 'restored');
      const restored = await restore(restoredDir, url);
      expect(restored.code, restored.output).toBe(0);
      expect(restored.output).toContain('integrity_check ok');
      expect(restored.output).toContain('ไฟล์อัปโหลด');
      const startAt = performance.now();
      const site = await startTestServer(
        { ...s3.env, REPLICA_URL: replicaUrl('site-after'), SEARCH_INDEX_UPDATES: '0', LOG_REQUESTS: '0' },
        { dataDir: restoredDir },
      );
      servers.push(site);
      const startMs = performance.now() - startAt;

      const db = new Database(site.databasePath, { readonly: true });
      const stored = new Set(db.prepare('SELECT id FROM comments WHERE note_id = ?').pluck().all(noteId) as number[]);
      db.close();
      const lost = acks.filter((a) => !stored.has(a.id));
      const window = lost.length === 0 ? 0 : killedAt - Math.min(...lost.map((a) => a.at));
      console.log(
        `S3 drill: ${acks.length} comments acknowledged over ${((killedAt - started) / 1000).toFixed(1)} s; lost ${lost.length} (loss window ${window} ms); ` +
          `restore ${(restored.ms / 1000).toFixed(1)} s + start ${(startMs / 1000).toFixed(1)} s = serving again ${((restored.ms + startMs) / 1000).toFixed(1)} s after the restore began`,
      );

      expect(acks.length).toBeGreaterThan(10);
      expect(lost.filter((a) => a.at < killedAt - RPO_BOUND_MS)).toEqual([]);
      const page = await new TestClient(site.baseUrl).get(`/api/notes/${noteId}/comments`);
      expect(page.status).toBe(200);
      const again = await fetchBytes(site.baseUrl, upload.body.url);
      expect(again.status).toBe(200);
      expect(again.bytes.equals(photo.bytes)).toBe(true);
    },
    DRILL_TIMEOUT_MS,
  );

  it(
    'shows refused credentials as an error and a growing lag, never the credentials',
    async () => {
      const server = await startTestServer(
        {
          ...s3.env,
          LITESTREAM_ACCESS_KEY_ID: WRONG_KEY,
          LITESTREAM_SECRET_ACCESS_KEY: WRONG_SECRET,
          REPLICA_URL: replicaUrl('refused'),
          SEARCH_INDEX_UPDATES: '0',
          LOG_REQUESTS: '0',
        },
        { dataDir: join(root, 'refused') },
      );
      servers.push(server);
      const writer = await signedInClient(server.baseUrl);
      await createNoteViaApi(writer.client);
      expect(
        (await uploadFile(writer.client, 'refused.jpg', await phonePhoto({ width: 64, height: 48 }), { type: 'image/jpeg' })).status,
      ).toBe(201);
      const report = await until(async () => {
        const r = (await health(server.baseUrl)).replication;
        // The copier's first error can be its listing at start; wait for the upload's own.
        return r?.lastError && r.uploads.failing > 0 && r.uploads.lastError?.message.includes('upload') && r.lagSeconds > 1 && r;
      }, 'the refused writes');
      expect(report.lastReplicatedAt).toBeNull();
      expect(report.lastError.message).toMatch(/InvalidAccessKeyId/);
      // s3rver's error body names the key (AWSAccessKeyId), as AWS's does: only Code and Message are kept.
      expect(report.uploads.lastError.message).toMatch(/S3 upload answered 403: InvalidAccessKeyId/);
      const shown = JSON.stringify(report) + server.output();
      expect(shown).not.toContain(WRONG_SECRET);
      expect(shown).not.toContain(WRONG_KEY);
    },
    DRILL_TIMEOUT_MS,
  );
});
