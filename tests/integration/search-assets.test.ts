/**
 * Knowledge assets are searchable (issue 26): each public asset is a record of its own bundle, found
 * by its title, summary and community, linked to its page; an edit replaces its words, and an asset
 * whose creator is suspended or that was deleted leaves every served file. A note with the same id
 * changing does not hide the asset (asset ids are not note ids).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closePagefind } from '../../src/lib/server/search-index/bundle.ts';
import { openDiskSearch } from '../../src/lib/server/search-index/disk-search.ts';
import { refreshSearchIndex } from '../../src/lib/server/search-index/refresh.ts';
import { readManifest } from '../../src/lib/server/search-index/store.ts';
import { communities, knowledgeAssets, users } from '../../db/schema.ts';
import { createSearchTestDb, insertNote, insertUser, updateNoteRow, type SearchTestDb } from '../helpers/search-db.ts';
import { filesContaining } from '../helpers/search-served.ts';

let t: SearchTestDb;
let authorId: number;
let communityId: number;

const find = async (query: string) => (await (await openDiskSearch(t.indexDir)).search(query)).hits;
const update = () => refreshSearchIndex(t.db, t.indexDir);

function insertAsset(title: string, summary: string): number {
  return t.db
    .insert(knowledgeAssets)
    .values({ communityId, createdById: authorId, title, summaryMarkdown: summary, summaryHtml: `<p>${summary}</p>` })
    .returning({ id: knowledgeAssets.id })
    .get().id;
}

beforeEach(async () => {
  t = createSearchTestDb();
  authorId = insertUser(t.db, 'somsri', 'สมศรี มีสุข');
  communityId = t.db
    .insert(communities)
    .values({ slug: 'kongtun', name: 'กองทุนสวัสดิการบ้านไผ่', ownerId: authorId })
    .returning({ id: communities.id })
    .get().id;
  insertNote(t.db, { authorId, title: 'บันทึกแรก', body: 'เรื่องการทำนาแบบดั้งเดิม' });
  await refreshSearchIndex(t.db, t.indexDir, { rebuild: 'all' });
});
afterEach(async () => {
  await closePagefind();
  t.close();
});

describe('knowledge assets in search', () => {
  it('finds an asset by its summary and community, marked and linked to its page; an edit replaces its words', async () => {
    expect(readManifest(t.indexDir).assets ?? null).toBeNull();
    const id = insertAsset('วิธีตั้งกองทุนสวัสดิการ', 'ขั้นแรก ประชุมสมาชิกเรื่อง**สัจจะออมทรัพย์** savingsfirst');
    await update();
    const [hit, ...rest] = await find('สัจจะออมทรัพย์');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ id, kind: 'asset', title: 'วิธีตั้งกองทุนสวัสดิการ', url: `/communities/kongtun/assets/${id}` });
    expect((await find('บ้านไผ่')).map((h) => h.kind)).toEqual(['asset']);
    // A note with the asset's id changing (it sits in recentIds) does not hide the asset.
    updateNoteRow(t.db, id, { title: 'บันทึกแรกที่แก้แล้ว' });
    await update();
    expect(readManifest(t.indexDir).recentIds).toContain(id);
    expect((await find('สัจจะออมทรัพย์')).map((h) => h.id)).toEqual([id]);

    t.db
      .update(knowledgeAssets)
      .set({ summaryMarkdown: 'ขั้นแรก ตั้งกรรมการ**กองทุนข้าว**', revision: 2, updatedAt: new Date(Date.now() + 1000) })
      .where(eq(knowledgeAssets.id, id))
      .run();
    await update();
    expect(await find('สัจจะออมทรัพย์')).toEqual([]);
    expect((await find('กองทุนข้าว')).map((h) => h.id)).toEqual([id]);
    // Thai words are stored with word marks between them: the Latin word shows the text left every file.
    expect(await filesContaining(t.indexDir, 'savingsfirst')).toEqual([]);
  });

  it('an asset leaves the index when its creator is suspended or it is deleted', async () => {
    const id = insertAsset('ธนาคารขยะชุมชน', 'แยกขยะ**รีไซเคิล**แลกไข่ wastebank');
    await update();
    expect((await find('รีไซเคิล')).map((h) => h.id)).toEqual([id]);
    expect(await filesContaining(t.indexDir, 'wastebank')).not.toEqual([]);
    t.db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, authorId)).run();
    await update();
    expect(await find('รีไซเคิล')).toEqual([]);
    t.db.update(users).set({ suspendedAt: null }).where(eq(users.id, authorId)).run();
    await update();
    expect((await find('รีไซเคิล')).map((h) => h.id)).toEqual([id]);
    t.db.delete(knowledgeAssets).where(eq(knowledgeAssets.id, id)).run();
    await update();
    expect(await find('รีไซเคิล')).toEqual([]);
    expect(readManifest(t.indexDir).assets).toBeNull();
    expect(await filesContaining(t.indexDir, 'wastebank')).toEqual([]);
  });
});
