/**
 * What the public can download equals what the public can see (issue 9, finding 4): after a hide,
 * delete, suspension, edit or hidden comment, the old words are in no file served under
 * /search-index/ after the next update, in the shards as well as the recent bundle. Each file is
 * fetched through the route's own function, walking from the manifest as a browser does, and
 * every file left on disk is asked for too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { comments, users } from '../../db/schema.ts';
import { decodeCbor, encodeCbor } from '../../src/lib/server/search-index/cbor.ts';
import { filesContaining as filesContainingIn } from '../helpers/search-served.ts';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { createSearchTestDb, insertComment, insertNote, insertUser, updateNoteRow, type SearchTestDb } from '../helpers/search-db.ts';

let t: SearchTestDb;

beforeEach(() => {
  t = createSearchTestDb();
  process.env.SEARCH_INDEX_DIR = t.indexDir;
});
afterEach(async () => {
  delete process.env.SEARCH_INDEX_DIR;
  await closePagefind();
  t.close();
});

const filesContaining = (word: string) => filesContainingIn(t.indexDir, word);

const findIds = async (query: string) => (await (await openDiskSearch(t.indexDir)).search(query)).hits.map((hit) => hit.id);

describe('removed text leaves every search-index file at the next update', () => {
  it('hidden, deleted, edited-out and suspended notes, and a hidden comment', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    const spammerId = insertUser(t.db, 'spammer', 'คนขายของ');
    const keep = insertNote(t.db, { authorId, title: 'บันทึกที่ยังอยู่', body: 'keepword ทำนาแบบดั้งเดิม', tags: ['เกษตร'] });
    const hidden = insertNote(t.db, { authorId, title: 'hiddenword', body: 'hiddenbody ขายยา', tags: ['hiddentag'] });
    const deleted = insertNote(t.db, { authorId, title: 'deletedword', body: 'deletedbody' });
    const edited = insertNote(t.db, { authorId, title: 'บันทึกแก้ไข', body: 'editedoutword 0812345678' });
    const spam = insertNote(t.db, { authorId: spammerId, title: 'suspendedword', body: 'suspendedbody' });
    const commentId = insertComment(t.db, keep, authorId, 'hiddencommentword');
    // Tiny shards, so every note sits in a shard built before the changes (not only in the recent bundle).
    await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: 2 });
    const words = [
      'hiddenword',
      'hiddenbody',
      'hiddentag',
      'deletedword',
      'deletedbody',
      'editedoutword',
      '0812345678',
      'suspendedword',
      'suspendedbody',
      'hiddencommentword',
    ];
    for (const word of words) expect(await filesContaining(word), word).not.toEqual([]);

    updateNoteRow(t.db, hidden, { hiddenAt: new Date() });
    updateNoteRow(t.db, deleted, { deletedAt: new Date() });
    updateNoteRow(t.db, edited, { bodyMarkdown: 'เนื้อหาใหม่ newword' });
    t.db.update(users).set({ suspendedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, spammerId)).run();
    t.db.update(comments).set({ hiddenAt: new Date(), updatedAt: new Date() }).where(eq(comments.id, commentId)).run();
    await refreshSearchIndex(t.db, t.indexDir);

    for (const word of words) expect(await filesContaining(word), word).toEqual([]);
    // What is still public is still found, from the shards and the recent bundle alike.
    expect(await findIds('keepword')).toEqual([keep]);
    expect(await findIds('newword')).toEqual([edited]);
    expect(await findIds('ทำนา')).toEqual([keep]);
    expect(await findIds('spam')).toEqual([]);
    expect(spam).toBeGreaterThan(0);
  });

  it('a note changed again later is still found once, and the shard copy is pruned only once', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    const id = insertNote(t.db, { authorId, title: 'ชื่อเดิม', body: 'firstversion' });
    insertNote(t.db, { authorId, title: 'อีกบันทึก', body: 'otherword' });
    await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: 10 });
    updateNoteRow(t.db, id, { bodyMarkdown: 'secondversion' });
    const { manifest } = await refreshSearchIndex(t.db, t.indexDir);
    expect(manifest.shards[0]!.removed).toContain(id);
    updateNoteRow(t.db, id, { bodyMarkdown: 'thirdversion' });
    const again = await refreshSearchIndex(t.db, t.indexDir);
    expect(again.manifest.shards[0]!.dir).toBe(manifest.shards[0]!.dir);
    for (const word of ['firstversion', 'secondversion']) expect(await filesContaining(word), word).toEqual([]);
    expect(await findIds('thirdversion')).toEqual([id]);
    expect(await findIds('otherword')).toHaveLength(1);
  });
});

describe('the CBOR codec', () => {
  it('re-encodes every file of a real bundle to the same bytes', async () => {
    const authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    for (let i = 0; i < 30; i++)
      insertNote(t.db, { authorId, title: `บันทึก ${i}`, body: `เนื้อหา word${i} การจัดการความรู้`, tags: [`tag${i % 3}`] });
    await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all' });
    let checked = 0;
    for (const item of readdirSync(t.indexDir, { recursive: true, withFileTypes: true })) {
      if (!/\.pf_(meta|index|filter)$/.test(item.name)) continue;
      const body = gunzipSync(readFileSync(join(item.parentPath, item.name))).subarray(12);
      expect(Buffer.from(encodeCbor(decodeCbor(body))).equals(body), item.name).toBe(true);
      checked += 1;
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
