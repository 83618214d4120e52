/**
 * npm run bench:search [-- --sizes 2000,20000,100000]
 * Prints: full index time per corpus size; at the largest size, publish→findable and
 * edit→fresh seconds (through the same child process the server starts), compressed bytes a
 * browser fetches for a first query, and query times.
 */
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { closePagefind } from '../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../src/lib/server/search-index/refresh.ts';
import { createRandom, generateNote } from './generate-notes.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '2000,20000,100000' } } });
const sizes = values.sizes!.split(',').map(Number);
const DAY_MS = 24 * 60 * 60 * 1000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

function createCorpus(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'banthuek-bench-'));
  const path = join(dir, 'bench.db');
  const db = openDatabase(path);
  migrateDatabase(db);
  const sqlite = db.$client;
  const authors = 200;
  const addUser = sqlite.prepare(`INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, 'x')`);
  for (let i = 1; i <= authors; i++) addUser.run(`user${i}`, `ผู้เขียน ${i}`);
  const addNote =
    sqlite.prepare(`INSERT INTO notes (author_id, kind, title, body_markdown, body_html, licence, status, published_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'CC-BY-4.0', 'published', ?, ?, ?)`);
  const random = createRandom(42);
  const start = Date.now() - 2 * count * 60_000 - DAY_MS;
  sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const { title, body } = generateNote(random);
      const at = start + i * 60_000;
      addNote.run(1 + (i % authors), i % 10 ? 'note' : 'aar', title, body, `<p>${body}</p>`, at, at, at);
    }
  })();
  return { dir, path, db };
}

for (const size of sizes) {
  const corpus = createCorpus(size);
  const root = join(corpus.dir, 'index');
  let startedAt = Date.now();
  const { manifest } = await refreshSearchIndex(corpus.db, root, { rebuild: 'all' });
  console.log(`full index, ${size} notes: ${seconds(Date.now() - startedAt)} (${manifest.shards.length} shards)`);
  if (size !== Math.max(...sizes)) {
    corpus.db.$client.close();
    rmSync(corpus.dir, { recursive: true, force: true });
    continue;
  }

  // Publish a note and time until the same child process the server starts has made it findable.
  const env = { ...process.env, DATABASE_PATH: corpus.path, SEARCH_INDEX_DIR: root };
  const update = (ids: number[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts', '--update', '--ids', ids.join(',')], { env });
  startedAt = Date.now();
  const now = Date.now();
  const id = Number(
    corpus.db.$client
      .prepare(
        `INSERT INTO notes (author_id, title, body_markdown, body_html, licence, status, published_at, created_at, updated_at)
    VALUES (1, 'บันทึกใหม่เรื่องสหกรณ์ปลาทู', 'ชาวประมงตั้งสหกรณ์ปลาทูแห่งแรก', '<p>ชาวประมงตั้งสหกรณ์ปลาทูแห่งแรก</p>', 'CC-BY-4.0', 'published', ?, ?, ?)`,
      )
      .run(now, now, now).lastInsertRowid,
  );
  await update([id]);
  const indexedMs = Date.now() - startedAt;
  // Searched as the page does (newest shards first, bounded checks); the CLI checks every candidate.
  const fresh = await (await openDiskSearch(root, { loadAllShards: false })).search('สหกรณ์ปลาทู');
  console.log(
    `publish→findable at ${size}: ${seconds(Date.now() - startedAt)} (index switched after ${seconds(indexedMs)}; found: ${fresh.hits.some((hit) => hit.id === id)})`,
  );

  // Edit an old note (shard 0): the shard copy must be dropped, the new text found.
  startedAt = Date.now();
  corpus.db.$client.prepare(`UPDATE notes SET title = 'หัวข้อใหม่เรื่องกาแฟดอย', updated_at = ? WHERE id = 5`).run(Date.now());
  await update([5]);
  const indexedEditMs = Date.now() - startedAt;
  const edited = await (await openDiskSearch(root, { loadAllShards: false })).search('กาแฟดอย');
  console.log(
    `edit of an old note→fresh at ${size}: ${seconds(Date.now() - startedAt)} (index switched after ${seconds(indexedEditMs)}; found: ${edited.hits.some((hit) => hit.id === 5)})`,
  );

  startedAt = Date.now();
  const everything = await (await openDiskSearch(root)).search('ชุมชน', { limit: 20 });
  console.log(`CLI search (all shards) "ชุมชน" at ${size}: ${Date.now() - startedAt} ms, ${everything.hits.length} hits`);

  // Bytes a browser fetches for a first query: index files are already gzip-compressed by Pagefind;
  // JS and JSON are served gzip-compressed by the index route.
  for (const query of ['ชุมชน', 'ภาคีเครือข่าย', 'gotoKnow 2550']) {
    let bytes = gzipSync(JSON.stringify(manifest)).length;
    const client = await openDiskSearch(root, {
      loadAllShards: false,
      onFetch: (file, content) => (bytes += /\.(js|json)$/.test(file) ? gzipSync(content).length : content.length),
    });
    startedAt = Date.now();
    const answer = await client.search(query, { limit: 10 });
    const firstMs = Date.now() - startedAt;
    startedAt = Date.now();
    await client.search(query, { limit: 10 });
    console.log(
      `first query "${query}" at ${size}: ${kb(bytes)} compressed, ${answer.hits.length} hits, ${firstMs} ms cold, ${Date.now() - startedAt} ms warm`,
    );
  }
  corpus.db.$client.close();
  rmSync(corpus.dir, { recursive: true, force: true });
}
await closePagefind();
