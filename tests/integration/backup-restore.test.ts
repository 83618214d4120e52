/**
 * `npm run backup` while the site serves and people write, keeping the newest BACKUP_KEEP;
 * `npm run restore` into an empty data dir brings the site back with identical content.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';

const root = mkdtempSync(join(tmpdir(), 'banthuek-backup-'));
const liveDir = join(root, 'live');
const restoredDir = join(root, 'restored');
const backupsDir = join(root, 'backups');
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** Runs an npm script's CLI the way `npm run` does, with the data dir in the environment. */
function runCli(
  script: string,
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      env: {
        ...process.env,
        DATABASE_PATH: join(dataDir, 'banthuek.db'),
        DATA_DIR: dataDir,
        BACKUP_DIR: backupsDir,
        BACKUP_KEEP: '2',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function snapshot(server: TestServer, noteIds: number[]) {
  const anon = new TestClient(server.baseUrl);
  // The site's own address differs between the two servers (its port), also where a share link carries it encoded.
  const strip = (text: string) => text.replaceAll(server.baseUrl, 'SITE').replaceAll(encodeURIComponent(server.baseUrl), 'SITE');
  return {
    home: strip((await anon.get('/')).text),
    notes: await Promise.all(
      noteIds.map(async (id) =>
        [
          (await anon.get(`/api/notes/${id}`)).text,
          (await anon.get(`/api/notes/${id}/comments`)).text,
          (await anon.get(`/notes/${id}`)).text,
        ].map(strip),
      ),
    ),
  };
}

describe('backup and restore', () => {
  it('backs up a serving site and restores it with identical content', async () => {
    mkdirSync(join(liveDir, 'uploads', '2026'), { recursive: true });
    const photo = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));
    writeFileSync(join(liveDir, 'uploads', '2026', 'photo.jpg'), photo);
    const live = await startTestServer({}, { dataDir: liveDir });
    servers.push(live);
    const writer = await signedInClient(live.baseUrl, { displayName: 'ผู้เขียนก่อนสำรอง' });
    const noteIds = [
      await createNoteViaApi(writer.client, { title: 'บันทึกแรก' }),
      await createNoteViaApi(writer.client, { title: 'บันทึกที่สอง', tags: ['สำรอง'] }),
    ];

    // Three backups while comments keep arriving: each one completes and verifies; two are kept.
    let writing = true;
    const comments = (async () => {
      let n = 0;
      while (writing && n < 25)
        expect((await writer.client.post(`/api/notes/${noteIds[n % 2]}/comments`, { body: `ความเห็น ${n++}` })).status).toBe(201);
    })();
    for (let i = 0; i < 3; i++) {
      const run = await runCli('backup', liveDir);
      expect(run.code, run.output).toBe(0);
      expect(run.output).toContain('integrity_check ok');
    }
    writing = false;
    await comments;
    expect(readdirSync(backupsDir).filter((n) => n.startsWith('banthuek-'))).toHaveLength(2);

    // A last backup of the quiet site, then restore it next door and compare what readers see.
    const final = await runCli('backup', liveDir);
    expect(final.code, final.output).toBe(0);
    const newest = readdirSync(backupsDir)
      .filter((n) => n.startsWith('banthuek-'))
      .sort()
      .at(-1)!;
    const manifest = JSON.parse(readFileSync(join(backupsDir, newest, 'manifest.json'), 'utf8'));
    expect(manifest.tables.notes).toBe(2);
    expect(manifest.uploads).toBe(1);

    const restore = await runCli('restore', restoredDir, [join(backupsDir, newest)]);
    expect(restore.code, restore.output).toBe(0);
    const restored = await startTestServer({}, { dataDir: restoredDir });
    servers.push(restored);
    expect(await snapshot(restored, noteIds)).toEqual(await snapshot(live, noteIds));
    expect(readFileSync(join(restoredDir, 'uploads', '2026', 'photo.jpg')).equals(photo)).toBe(true);
    const login = await new TestClient(restored.baseUrl).post('/api/auth/login', {
      username: writer.username,
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
  }, 120_000); // two server starts and five CLI runs (tsx starts in 3-4 s alone, far more on a loaded box)

  it('refuses to restore over existing data or from a damaged backup', async () => {
    const newest = readdirSync(backupsDir)
      .filter((n) => n.startsWith('banthuek-'))
      .sort()
      .at(-1)!;
    const over = await runCli('restore', liveDir, [join(backupsDir, newest)]);
    expect(over.code).toBe(1);
    expect(over.output).toContain('กู้คืนไม่สำเร็จ');

    const manifestPath = join(backupsDir, newest, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, tables: { ...manifest.tables, comments: manifest.tables.comments + 1 } }));
    const empty = join(root, 'empty');
    const damaged = await runCli('restore', empty, [join(backupsDir, newest)]);
    expect(damaged.code).toBe(1);
    expect(damaged.output).toMatch(/comments has \d+ rows/);
    expect(readdirSync(root)).not.toContain('empty');
  });
});
