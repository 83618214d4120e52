/**
 * The index follows writes: published and edited notes become findable, deleted or hidden ones
 * disappear, drafts never show, and an update runs through the same child process the server starts.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { readManifest } from '../../src/lib/server/search-index/store.ts';
import { eq } from 'drizzle-orm';
import { comments, notes, users } from '../../db/schema.ts';
import { createSearchTestDb, insertComment, insertNote, insertUser, updateNoteRow, type SearchTestDb } from '../helpers/search-db.ts';

const FRESHNESS_LIMIT_MS = 10_000;
const run = promisify(execFile);
let t: SearchTestDb;
let authorId: number;

const findIds = async (query: string) => (await (await openDiskSearch(t.indexDir)).search(query)).hits.map((hit) => hit.id);
const update = () => refreshSearchIndex(t.db, t.indexDir);

beforeEach(async () => {
  t = createSearchTestDb();
  authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
  insertNote(t.db, { authorId, title: 'บันทึกแรก', body: 'เรื่องการทำนาแบบดั้งเดิม' });
  await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all' });
});
afterEach(async () => {
  await closePagefind();
  t.close();
});

describe('search index freshness', () => {
  it('finds a newly published note, then loses it when deleted', async () => {
    const id = insertNote(t.db, { authorId, title: 'สหกรณ์ปลาทูแห่งแรก', body: 'ชาวประมงรวมกลุ่มกัน' });
    await update();
    expect(await findIds('สหกรณ์ปลาทู')).toEqual([id]);
    updateNoteRow(t.db, id, { deletedAt: new Date() });
    await update();
    expect(await findIds('สหกรณ์ปลาทู')).toEqual([]);
  });

  it('drops the stale copy of an edited note and finds the new words', async () => {
    const [id] = await findIds('ทำนา');
    updateNoteRow(t.db, id!, { title: 'ปลูกกาแฟบนดอย', bodyMarkdown: 'เปลี่ยนมาปลูก**กาแฟ**' });
    await update();
    expect(await findIds('ทำนา')).toEqual([]);
    expect(await findIds('กาแฟ')).toEqual([id]);
    expect(readManifest(t.indexDir).recentIds).toContain(id);
  });

  it('hides hidden notes and never shows drafts', async () => {
    const hidden = insertNote(t.db, { authorId, title: 'ข้อความสแปมขายยา', body: 'ขายยา' });
    insertNote(t.db, { authorId, title: 'ร่างเรื่องขายยา', body: 'ยังไม่เสร็จ', status: 'draft' });
    await update();
    expect(await findIds('ขายยา')).toEqual([hidden]);
    updateNoteRow(t.db, hidden, { hiddenAt: new Date() });
    await update();
    expect(await findIds('ขายยา')).toEqual([]);
  });

  it('finds a note by the words of its comments', async () => {
    const [id] = await findIds('ทำนา');
    insertComment(t.db, id!, authorId, 'ขอบคุณที่แบ่งปันเรื่องปุ๋ยหมัก');
    await update();
    expect(await findIds('ปุ๋ยหมัก')).toEqual([id]);
  });

  it('keeps a pending comment out until it is approved, and drops hidden and deleted comments', async () => {
    const [id] = await findIds('ทำนา');
    const commentId = insertComment(t.db, id!, authorId, 'แนะนำเว็บพนันออนไลน์');
    t.db.update(comments).set({ pendingAt: new Date() }).where(eq(comments.id, commentId)).run();
    await update();
    expect(await findIds('พนันออนไลน์')).toEqual([]);
    // Approval clears pending_at without a timestamp; the content event passes the note id.
    t.db.update(comments).set({ pendingAt: null }).where(eq(comments.id, commentId)).run();
    await refreshSearchIndex(t.db, t.indexDir, { noteIds: [id!] });
    expect(await findIds('พนันออนไลน์')).toEqual([id]);
    t.db.update(comments).set({ hiddenAt: new Date() }).where(eq(comments.id, commentId)).run();
    await update();
    expect(await findIds('พนันออนไลน์')).toEqual([]);
    const other = insertComment(t.db, id!, authorId, 'เรื่องควายเหล็ก');
    await update();
    expect(await findIds('ควายเหล็ก')).toEqual([id]);
    t.db.update(comments).set({ deletedAt: new Date() }).where(eq(comments.id, other)).run();
    await update();
    expect(await findIds('ควายเหล็ก')).toEqual([]);
  });

  it('drops a hidden note and brings it back when a moderator restores it', async () => {
    const id = insertNote(t.db, { authorId, title: 'กลุ่มออมทรัพย์บ้านนาดี', body: 'สัจจะสะสมทรัพย์' });
    await update();
    expect(await findIds('ออมทรัพย์')).toEqual([id]);
    // As moderation.ts does it: hidden_at only, updated_at untouched.
    t.db.update(notes).set({ hiddenAt: new Date() }).where(eq(notes.id, id)).run();
    await update();
    expect(await findIds('ออมทรัพย์')).toEqual([]);
    t.db.update(notes).set({ hiddenAt: null }).where(eq(notes.id, id)).run();
    await refreshSearchIndex(t.db, t.indexDir, { noteIds: [id] });
    expect(await findIds('ออมทรัพย์')).toEqual([id]);
  });

  it('drops the notes and comments of a suspended account and restores them with the account', async () => {
    const spammerId = insertUser(t.db, 'spammer', 'คนขายของ');
    const noteId = insertNote(t.db, { authorId: spammerId, title: 'ครีมผิวขาวราคาถูก', body: 'สั่งซื้อได้เลย' });
    const [farming] = await findIds('ทำนา');
    insertComment(t.db, farming!, spammerId, 'ลดน้ำหนักเร่งด่วน');
    await update();
    expect(await findIds('ผิวขาว')).toEqual([noteId]);
    expect(await findIds('ลดน้ำหนัก')).toEqual([farming]);
    // As moderation.ts does it: suspended_at and users.updated_at, no event ids needed.
    t.db.update(users).set({ suspendedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, spammerId)).run();
    await update();
    expect(await findIds('ผิวขาว')).toEqual([]);
    expect(await findIds('ลดน้ำหนัก')).toEqual([]);
    expect(await findIds('ทำนา')).toEqual([farming]);
    t.db.update(users).set({ suspendedAt: null, updatedAt: new Date() }).where(eq(users.id, spammerId)).run();
    await update();
    expect(await findIds('ผิวขาว')).toEqual([noteId]);
  });

  it('filters by community and by the province of an AAR', async () => {
    const filed = insertNote(t.db, { authorId, title: 'เวทีแลกเปลี่ยนเรื่องปลาร้า', body: 'หมักปลาร้าแบบโบราณ' });
    const aar = insertNote(t.db, { authorId, title: 'AAR งานปลาร้าหนองคาย', body: 'ทบทวนงานปลาร้า', kind: 'aar' });
    insertNote(t.db, { authorId, title: 'ปลาร้าทรงเครื่อง', body: 'สูตรปลาร้า' });
    const sqlite = t.db.$client;
    const communityId = Number(
      sqlite.prepare(`INSERT INTO communities (slug, name, owner_id) VALUES ('pla-ra', 'ชุมชนคนทำปลาร้า', ?)`).run(authorId).lastInsertRowid,
    );
    sqlite.prepare('INSERT INTO community_notes (community_id, note_id, added_by_id) VALUES (?, ?, ?)').run(communityId, filed, authorId);
    sqlite
      .prepare(
        `INSERT INTO aar_reports (note_id, event_title, start_date, year, province_code, province_name, district_code, district_name, subdistrict_code, subdistrict_name,
      hosts, facilitator, note_taker, sub_groups, expected, exceeded, fell_short, next_steps, actions)
      VALUES (?, 'งานปลาร้า', '2026-01-10', 2026, '43', 'หนองคาย', '4301', 'เมืองหนองคาย', '430101', 'ในเมือง', 'กลุ่มแม่บ้าน', 'ครูสมศรี', 'น้อง', '[]', '', '', '', '', '[]')`,
      )
      .run(aar);
    await update();
    const search = await openDiskSearch(t.indexDir);
    expect((await search.search('ปลาร้า')).hits.length).toBe(3);
    expect((await search.search('ปลาร้า', { filters: { community: 'ชุมชนคนทำปลาร้า' } })).hits.map((hit) => hit.id)).toEqual([filed]);
    expect((await search.search('ปลาร้า', { filters: { province: 'หนองคาย' } })).hits.map((hit) => hit.id)).toEqual([aar]);
  });

  it('filters by event, and follows a note linked to an event later', async () => {
    const sqlite = t.db.$client;
    const eventId = Number(
      sqlite.prepare(`INSERT INTO events (created_by_id, title, start_date) VALUES (?, 'เวทีผ้าทอ', '2026-02-01')`).run(authorId)
        .lastInsertRowid,
    );
    const linked = insertNote(t.db, { authorId, title: 'ผ้าทอมือบ้านนาหมื่นศรี', body: 'เล่าเวทีผ้าทอ' });
    updateNoteRow(t.db, linked, { eventId });
    const later = insertNote(t.db, { authorId, title: 'ผ้าทอย้อมคราม', body: 'อีกเรื่องของผ้าทอ' });
    await update();
    const event = { filters: { event: String(eventId) } };
    expect((await (await openDiskSearch(t.indexDir)).search('ผ้าทอ', event)).hits.map((hit) => hit.id)).toEqual([linked]);
    updateNoteRow(t.db, later, { eventId });
    await update();
    expect((await (await openDiskSearch(t.indexDir)).search('ผ้าทอ', event)).hits.map((hit) => hit.id).sort()).toEqual(
      [linked, later].sort(),
    );
  });

  it(`makes a publication findable through the indexer child process within ${FRESHNESS_LIMIT_MS / 1000} s`, async () => {
    const startedAt = Date.now();
    const id = insertNote(t.db, { authorId, title: 'ตลาดนัดชุมชนริมน้ำ', body: 'ขายผักปลอดสาร' });
    await run(process.execPath, ['--import', 'tsx', 'scripts/search-index.ts', '--update', '--ids', String(id)], {
      env: { ...process.env, DATABASE_PATH: t.databasePath, SEARCH_INDEX_DIR: t.indexDir },
    });
    expect(await findIds('ตลาดนัด')).toEqual([id]);
    expect(Date.now() - startedAt).toBeLessThan(FRESHNESS_LIMIT_MS);
  });
});

describe('an index split into shards', () => {
  it('drops the stale shard copy of an edited note and reaches older shards when newer ones have too few results', async () => {
    await closePagefind();
    t.close();
    t = createSearchTestDb();
    authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
    const ids = Array.from({ length: 12 }, (_, i) =>
      insertNote(t.db, { authorId, title: `บันทึกที่ ${i + 1}`, body: i === 0 ? 'เรื่องโรงสีข้าวชุมชน' : 'เรื่องทั่วไป' }),
    );
    // Written a minute ago, so the full build leaves them in shards rather than in the recent bundle.
    t.db.$client.prepare('UPDATE notes SET updated_at = updated_at - 60000, published_at = published_at - 60000').run();
    t.db.$client.prepare('UPDATE users SET updated_at = updated_at - 60000').run(); // account changes reindex its notes
    const { manifest } = await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all', shardSize: 5 });
    expect(manifest.shards.map((shard) => shard.shard)).toEqual([0, 1, 2]);
    expect(manifest.recentIds).toEqual([]);
    expect((await findIds('ทั่วไป')).length).toBe(11);

    // Like the browser: only the newest shard first, older ones while a page is not full.
    const browserLike = await openDiskSearch(t.indexDir, { loadAllShards: false, batchNotes: 2 });
    expect((await browserLike.search('โรงสีข้าว')).hits.map((hit) => hit.id)).toEqual([ids[0]]);

    updateNoteRow(t.db, ids[0]!, { bodyMarkdown: 'ย้ายไปทำเรื่องอื่น' });
    await update();
    expect(await findIds('โรงสีข้าว')).toEqual([]);
    expect(await findIds('ย้ายไป')).toEqual([ids[0]]);
    expect(readManifest(t.indexDir).recentIds).toEqual([ids[0]]);

    // Compaction (what `--compact 0` runs): shard 0 is rebuilt and the note leaves the recent set.
    t.db.$client.prepare('UPDATE notes SET updated_at = updated_at - 60000').run();
    const compacted = await refreshSearchIndex(t.db, t.indexDir, { rebuild: [0] });
    expect(compacted.manifest.recentIds).toEqual([]);
    expect(compacted.manifest.recent).toBeNull();
    expect(await findIds('ย้ายไป')).toEqual([ids[0]]);
  });
});
