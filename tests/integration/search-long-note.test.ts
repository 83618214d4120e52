/**
 * One long note must not freeze the search index (issue 21, finding 2): a 195 KB note of plain
 * words made every later update run past the 2-minute watchdog, so new notes stopped becoming
 * searchable and hidden text stayed downloadable. Notes at the body limit, in Thai and in Latin
 * script, on many lines and on one: updates finish well within the watchdog, later updates do
 * not prepare them again, and a note hidden right after them leaves the served files within 10 s.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/lib/validation.ts';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { prepareDocument } from '../../src/lib/server/search-index/prepare.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { readManifest } from '../../src/lib/server/search-index/store.ts';
import type { SearchManifest } from '../../src/lib/search/manifest.ts';
import { createRandom, generateSentence } from '../../bench/generate-notes.ts';
import { filesContaining } from '../helpers/search-served.ts';
import { createSearchTestDb, insertNote, insertUser, updateNoteRow, type SearchTestDb } from '../helpers/search-db.ts';

/** The server kills an update running this long (schedule.ts); "well within" is a quarter of it. */
const WATCHDOG_MS = 2 * 60 * 1000;
const UPDATE_LIMIT_MS = WATCHDOG_MS / 4;
const FRESHNESS_LIMIT_MS = 10_000;
const run = promisify(execFile);

let t: SearchTestDb;
let authorId: number;
let hiddenId: number;

/** Sentences from `sentence` up to the body limit in UTF-8 bytes, `separator` between them. */
function bodyAtLimit(first: string, sentence: () => string, separator: (index: number) => string): string {
  let body = first;
  for (let index = 1; ; index++) {
    const next = body + separator(index) + sentence();
    if (Buffer.byteLength(next) > LIMITS.bodyMaxBytes) return body;
    body = next;
  }
}

const random = createRandom(21);
const LATIN = 'knowledge community learning together system sharing village school health review lesson team'.split(' ');
const latinSentence = () => Array.from({ length: 12 }, () => LATIN[Math.floor(random() * LATIN.length)]).join(' ') + '.';

/** One update as the server runs it (a child process); its stderr lines and result. */
async function runUpdate(ids: number[] = []): Promise<{ ms: number; stderr: string; result: { truncated: number[] } }> {
  const startedAt = Date.now();
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/search-index.ts', '--update', ...(ids.length ? ['--ids', ids.join(',')] : [])],
    { env: { ...process.env, DATABASE_PATH: t.databasePath, SEARCH_INDEX_DIR: t.indexDir }, timeout: WATCHDOG_MS },
  );
  return { ms: Date.now() - startedAt, stderr, result: JSON.parse(stdout.trim().split('\n').at(-1)!) as { truncated: number[] } };
}

const findIds = async (query: string) => (await (await openDiskSearch(t.indexDir)).search(query)).hits.map((hit) => hit.id);
const prepared = (stderr: string) => [...stderr.matchAll(/note (\d+): preparing/g)].map((match) => Number(match[1]));

beforeEach(async () => {
  t = createSearchTestDb();
  process.env.SEARCH_INDEX_DIR = t.indexDir;
  authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
  insertNote(t.db, { authorId, title: 'บันทึกแรก', body: 'เรื่องการทำนาแบบดั้งเดิม' });
  hiddenId = insertNote(t.db, { authorId, title: 'ขายยาลดน้ำหนัก', body: 'hiddenword โทรเลย 0812345678' });
  // Tiny shards: the note to hide sits in a shard, as most notes do.
  await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: 2 });
});
afterEach(async () => {
  delete process.env.SEARCH_INDEX_DIR;
  await closePagefind();
  t.close();
});

describe('notes at the body limit', () => {
  it(`are indexed by updates that finish within ${UPDATE_LIMIT_MS / 1000} s, and a note hidden after them is gone within ${FRESHNESS_LIMIT_MS / 1000} s`, async () => {
    const thai = bodyAtLimit(
      'thaistartword',
      () => generateSentence(random),
      (index) => (index % 10 ? ' ' : '\n\n'),
    );
    const thaiOneLine = bodyAtLimit(
      'onelinestartword',
      () => generateSentence(random),
      () => ' ',
    );
    const latinOneLine = bodyAtLimit('latinstartword', latinSentence, () => ' ');
    for (const body of [thai, thaiOneLine, latinOneLine]) expect(LIMITS.bodyMaxBytes - Buffer.byteLength(body)).toBeLessThan(1_000);
    const longIds = [thai, thaiOneLine, latinOneLine].map((body, index) => insertNote(t.db, { authorId, title: `บันทึกยาว ${index}`, body }));

    const first = await runUpdate(longIds);
    expect(first.ms).toBeLessThan(UPDATE_LIMIT_MS);
    expect(prepared(first.stderr).sort()).toEqual([...longIds].sort());
    // Each is longer than the indexed text cap: indexed in part, and the update says so.
    expect([...first.result.truncated].sort()).toEqual([...longIds].sort());
    expect(await findIds('thaistartword')).toEqual([longIds[0]]);
    expect(await findIds('onelinestartword')).toEqual([longIds[1]]);
    expect(await findIds('latinstartword')).toEqual([longIds[2]]);

    // A later update prepares only what changed (the long notes' records are reused).
    const shortId = insertNote(t.db, { authorId, title: 'ตลาดนัดชุมชน', body: 'ขายผักปลอดสาร' });
    const second = await runUpdate([shortId]);
    expect(second.ms).toBeLessThan(UPDATE_LIMIT_MS);
    expect(prepared(second.stderr)).toEqual([shortId]);
    expect(await findIds('ตลาดนัด')).toEqual([shortId]);
    expect(await findIds('latinstartword')).toEqual([longIds[2]]);

    expect(await filesContaining(t.indexDir, 'hiddenword')).not.toEqual([]);
    const hiddenAt = Date.now();
    updateNoteRow(t.db, hiddenId, { hiddenAt: new Date() });
    // The first manifest the update writes (its removals), as the route serves it while the update goes on.
    const before = JSON.stringify(readManifest(t.indexDir));
    let removal: { manifest: SearchManifest; ms: number } | undefined;
    const watch = setInterval(() => {
      const manifest = readManifest(t.indexDir);
      if (!removal && JSON.stringify(manifest) !== before) removal = { manifest, ms: Date.now() - hiddenAt };
    }, 50);
    const third = await runUpdate([hiddenId]).finally(() => clearInterval(watch));
    expect(removal).toBeDefined();
    expect(removal!.ms).toBeLessThan(FRESHNESS_LIMIT_MS);
    expect(textsOfBundles(removal!.manifest).filter((text) => text.includes('hiddenword') || text.includes('0812345678'))).toEqual([]);
    expect(await filesContaining(t.indexDir, 'hiddenword')).toEqual([]);
    expect(await filesContaining(t.indexDir, '0812345678')).toEqual([]);
    console.log(
      `updates: long notes ${first.ms} ms, one short note ${second.ms} ms, hide ${third.ms} ms (hidden text gone after ${removal!.ms} ms)`,
    );
  }, 300_000);
});

/** Every file of the bundles `manifest` names, gunzipped where gzip: what it served. */
function textsOfBundles(manifest: SearchManifest): string[] {
  const texts: string[] = [];
  for (const dir of [...manifest.shards.map((shard) => shard.dir), manifest.recent].filter(Boolean) as string[]) {
    for (const item of readdirSync(join(t.indexDir, dir), { recursive: true, withFileTypes: true })) {
      if (!item.isFile()) continue;
      const bytes = readFileSync(join(item.parentPath, item.name));
      texts.push((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8'));
    }
  }
  return texts;
}

describe('an update with a slow addition', () => {
  it('takes removed and edited text out of the served files before it prepares anything', async () => {
    const editedId = insertNote(t.db, { authorId, title: 'บันทึกแก้ไข', body: 'editedoutword' });
    await refreshSearchIndex(t.db, t.indexDir); // the edited note is now in the recent bundle
    expect(textsOfBundles(readManifest(t.indexDir)).some((text) => text.includes('editedoutword'))).toBe(true);

    const startedAt = Date.now();
    updateNoteRow(t.db, hiddenId, { hiddenAt: new Date() });
    updateNoteRow(t.db, editedId, { bodyMarkdown: 'newword' });
    const longId = insertNote(t.db, { authorId, title: 'บันทึกยาว', body: 'slowword '.repeat(20_000) });
    let servedWhilePreparing: SearchManifest | undefined;
    let msBeforePreparing = 0;
    await refreshSearchIndex(t.db, t.indexDir, {
      prepare: (source, options) => {
        if (source.id === longId) {
          servedWhilePreparing = readManifest(t.indexDir);
          msBeforePreparing = Date.now() - startedAt;
        }
        return prepareDocument(source, options);
      },
    });
    expect(servedWhilePreparing).toBeDefined();
    expect(msBeforePreparing).toBeLessThan(FRESHNESS_LIMIT_MS);
    // The manifest served while the long note was prepared drops shard results for both notes, and no file of it holds their old text.
    expect(servedWhilePreparing!.recentIds).toEqual(expect.arrayContaining([hiddenId, editedId]));
    const texts = textsOfBundles(servedWhilePreparing!);
    for (const word of ['hiddenword', '0812345678', 'editedoutword'])
      expect(
        texts.some((text) => text.includes(word)),
        word,
      ).toBe(false);
    // And the update then adds what it prepared.
    expect(await findIds('newword')).toEqual([editedId]);
    expect(await findIds('slowword')).toEqual([longId]);
    expect(await findIds('hiddenword')).toEqual([]);
  }, 120_000);

  it('indexes a truncated text when a note runs past its time budget, and the update goes on', async () => {
    const slowId = insertNote(t.db, { authorId, title: 'บันทึกช้า', body: `firstword ${'การจัดการความรู้ชุมชน '.repeat(3_000)} lastword` });
    const otherId = insertNote(t.db, { authorId, title: 'บันทึกสั้น', body: 'otherword' });
    const truncated: number[] = [];
    let clock = 0;
    const result = await refreshSearchIndex(t.db, t.indexDir, {
      // A clock that jumps a second per call: the slow note's budget runs out while its words are marked.
      prepare: (source, options) =>
        prepareDocument(source, { ...options, now: () => (source.id === slowId ? (clock += 1_000) : Date.now()) }),
      onTruncated: (id) => truncated.push(id),
    });
    expect(result.truncated).toEqual([slowId]);
    expect(truncated).toEqual([slowId]);
    expect(await findIds('otherword')).toEqual([otherId]);
    expect(await findIds('บันทึกช้า')).toEqual([slowId]); // the title is always indexed
    expect(await findIds('lastword')).toEqual([]);
  }, 120_000);
});
