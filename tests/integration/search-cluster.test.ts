/**
 * The search index of a clustered server (WORKERS=2, as `npm start` runs): writes handled by any
 * worker reach the index within 10 s, updates run in the primary only (one indexer at a time),
 * and moderation (pending comments, hide/restore, suspension) is reflected in search.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const FRESHNESS_LIMIT_MS = 10_000;
let server: TestServer;
let indexDir: string;

beforeAll(async () => {
  // Every new account's first comment waits for a moderator here.
  server = await startTestServer({ WORKERS: '2', NEW_ACCOUNT_COMMENT_APPROVALS: '1' });
  indexDir = join(server.dataDir, 'search-index');
}, 60_000);
afterAll(async () => {
  await closePagefind();
  await server?.stop();
});

const findIds = async (query: string) => (await (await openDiskSearch(indexDir)).search(query)).hits.map((hit) => hit.id);

/** Polls the index until `query` finds exactly `expected`; returns the time it took. */
async function waitForResults(query: string, expected: number[], limitMs = FRESHNESS_LIMIT_MS): Promise<number> {
  const startedAt = Date.now();
  let last: number[] = [];
  while (Date.now() - startedAt < limitMs) {
    if (existsSync(join(indexDir, 'manifest.json'))) {
      last = (await findIds(query)).sort((a, b) => a - b);
      if (JSON.stringify(last) === JSON.stringify([...expected].sort((a, b) => a - b))) return Date.now() - startedAt;
    }
    await new Promise((done) => setTimeout(done, 150));
  }
  throw new Error(`"${query}" found ${JSON.stringify(last)}, expected ${JSON.stringify(expected)} within ${limitMs} ms`);
}

/** Parent pids of the index updaters running right now (`ps`). */
function runningUpdaters(): number[] {
  return execFileSync('ps', ['-eo', 'ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /scripts\/search-index\.(ts|mjs) --update/.test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('search index with two workers', () => {
  it('builds the index at start and reports its age in /healthz', async () => {
    await waitForResults('ไม่มีคำนี้แน่นอน', [], 20_000);
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { searchIndex: { ageSeconds: number } | null };
    expect(body.searchIndex?.ageSeconds).toBeGreaterThanOrEqual(0);
  });

  it(`makes notes published through both workers findable within ${FRESHNESS_LIMIT_MS / 1000} s, with one indexer at a time`, async () => {
    const authors = await Promise.all([0, 1, 2, 3].map(() => signedInClient(server.baseUrl)));
    const samples: number[][] = [];
    const sampler = setInterval(() => samples.push(runningUpdaters()), 100);
    const ids = await Promise.all(
      authors.map((author, i) => createNoteViaApi(author.client, { title: `ธนาคารขยะชุมชนแห่งที่ ${i + 1}`, body: 'แยกขยะแลกไข่', tags: [] })),
    );
    const ms = await waitForResults('ธนาคารขยะ', ids).finally(() => clearInterval(sampler));
    // Single-flight: only the primary starts updaters (never a worker), one at a time.
    const primary = server.process.pid!;
    const workers = execFileSync('ps', ['-o', 'pid=', '--ppid', String(primary)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter(Boolean);
    expect(workers.length).toBeGreaterThanOrEqual(2);
    expect(samples.flat().filter((ppid) => workers.includes(ppid))).toEqual([]);
    expect(samples.some((parents) => parents.includes(primary))).toBe(true);
    expect(Math.max(...samples.map((parents) => parents.filter((ppid) => ppid === primary).length))).toBe(1);
    console.log(`publish→findable with WORKERS=2: ${ms} ms for ${ids.length} notes`);
    expect(server.output()).not.toMatch(/search indexer failed/);
  });

  it('keeps a pending comment out of search until a moderator approves it', async () => {
    const author = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client, { title: 'วิสาหกิจชุมชนทอผ้า', body: 'ผ้าไหมมัดหมี่', tags: [] });
    await waitForResults('ทอผ้า', [noteId]);
    const commenter = await signedInClient(server.baseUrl);
    const posted = await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'สีย้อมจากเปลือกมะพร้าว' });
    expect(posted.status).toBe(201);
    const commentId = posted.body.id as number;
    // A later publication runs an update that rescans everything written since the last one,
    // the pending comment's note included: it is re-read, and the pending text stays out.
    const later = await createNoteViaApi(author.client, { title: 'กลุ่มเลี้ยงผึ้งโพรง', body: 'น้ำผึ้งป่า', tags: [] });
    await waitForResults('เลี้ยงผึ้ง', [later]);
    expect(await findIds('เปลือกมะพร้าว')).toEqual([]);
    expect(await findIds('ทอผ้า')).toEqual([noteId]);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const approved = await mod.client.post('/api/moderation', { action: 'approve', targets: [{ type: 'comment', id: commentId }] });
    expect(approved.status).toBe(200);
    await waitForResults('เปลือกมะพร้าว', [noteId]);
  });

  it("drops a hidden note and a suspended account's notes; restoring brings them back", async () => {
    const author = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(author.client, { title: 'โรงเรียนชาวนาบ้านหนองแวง', body: 'ข้าวอินทรีย์', tags: [] });
    await waitForResults('โรงเรียนชาวนา', [noteId]);
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const act = async (body: object) => expect((await mod.client.post('/api/moderation', body)).status).toBe(200);

    await act({ action: 'hide', targets: [{ type: 'note', id: noteId }] });
    await waitForResults('โรงเรียนชาวนา', []);
    await act({ action: 'restore', targets: [{ type: 'note', id: noteId }] });
    await waitForResults('โรงเรียนชาวนา', [noteId]);

    await act({ action: 'suspend', userId: author.id, reason: 'ทดสอบ' });
    await waitForResults('โรงเรียนชาวนา', []);
    await act({ action: 'unsuspend', userId: author.id });
    await waitForResults('โรงเรียนชาวนา', [noteId]);
  });
});
