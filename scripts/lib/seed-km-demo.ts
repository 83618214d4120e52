/**
 * Demo knowledge-management content on top of the demo notes: one structured AAR (a 300-person
 * workshop in Khon Kaen with 9 sub-groups) and its event, one community with members and filed notes, follows.
 * Written straight to the tables like the rest of the demo seed.
 */
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '../../db/client.ts';
import {
  aarReports,
  communities,
  communityFollows,
  communityMembers,
  communityNotes,
  eventAttendees,
  events,
  notes,
  userFollows,
  users,
} from '../../db/schema.ts';
import type { AarInput } from '../../src/lib/aar-validation.ts';
import { DEFAULT_LICENCE } from '../../src/lib/licences.ts';
import { markdownToPlainText, renderNoteMarkdown } from '../../src/lib/markdown.ts';
import { aarToMarkdown, aarToRow } from '../../src/lib/server/aar.ts';
import { EXCERPT_CHARS } from '../../src/lib/server/note.ts';
import { listDistricts, listProvinces, resolvePlace } from '../../src/lib/server/places.ts';
import { setNoteTags } from '../../src/lib/server/tag.ts';
import { DAY_MS } from '../../src/lib/time.ts';

function khonKaenNaiMueang() {
  const province = listProvinces().find((p) => p.name === 'ขอนแก่น')!;
  const district = listDistricts(province.code)!.find((d) => d.name === 'เมืองขอนแก่น')!;
  const subdistrict = district.subdistricts.find((s) => s.name === 'ในเมือง')!;
  return resolvePlace(province.code, district.code, subdistrict.code);
}

const DEMO_AAR: Omit<AarInput, 'provinceCode' | 'districtCode' | 'subdistrictCode'> = {
  eventTitle: 'เวทีถอดบทเรียนแผนชุมชนระดับอำเภอ 300 คน',
  startDate: '2025-03-12',
  endDate: '2025-03-13',
  venue: 'หอประชุมอำเภอเมืองขอนแก่น',
  hosts: 'กศน.อำเภอเมือง ร่วมกับที่ว่าการอำเภอ',
  partners: 'พอช., รพ.สต. 12 แห่ง',
  presenters: [],
  caseStudies: [],
  facilitator: 'สมชาย ใจดี',
  noteTaker: 'มาลี ศรีสุข',
  targetPeople: 250,
  actualPeople: 300,
  targetTambons: 18,
  actualTambons: 20,
  photos: [],
  subGroups: Array.from({ length: 9 }, (_, i) => ({
    name: `กลุ่มตำบลที่ ${i + 1}`,
    people: i < 3 ? 34 : 33,
    topic: ['น้ำ', 'หนี้สิน', 'ผู้สูงอายุ'][i % 3]!,
  })),
  expected: 'ทุกตำบลกลับไปพร้อมร่างแผนชุมชนของตนเอง\nคนรุ่นใหม่เข้าร่วมอย่างน้อยตำบลละ 3 คน',
  exceeded: 'ผู้สูงอายุเล่าประวัติหมู่บ้านจนกลุ่มอื่นขอฟัง\nมี 20 ตำบลมาร่วม เกินเป้า 2 ตำบล',
  fellShort: 'กลุ่มที่ 9 มีเวลาน้อยเพราะเริ่มช้า 40 นาที\nคนรุ่นใหม่มาเพียง 1–2 คนต่อตำบล เพราะตรงกับวันทำงาน',
  nextSteps: 'เริ่มตรงเวลาโดยมีพิธีกรคุมเวลา\nจัดวันเสาร์เพื่อให้คนรุ่นใหม่มาได้',
  lessons: 'กลุ่มละไม่เกิน 35 คนคุยได้ทั่วถึง และคุณลิขิตประจำกลุ่มทำให้ไม่ตกหล่นคำพูดสำคัญ',
  actions: [
    { action: 'ส่งร่างแผนชุมชนให้ อบต. ทุกแห่ง', owner: 'ปลัดประเสริฐ', due: '2025-04-30' },
    { action: 'จัดเวทีติดตามผลวันเสาร์', owner: 'สมชาย ใจดี', due: '2025-06-14' },
  ],
  tags: ['AAR', 'แผนชุมชน'],
  licence: DEFAULT_LICENCE,
  status: 'published',
};

const DEMO_PROGRAMME = '- 08.30 ลงทะเบียน\n- 09.00 เล่าเรื่องแผนชุมชนของแต่ละตำบล\n- 13.00 กลุ่มย่อย 9 กลุ่ม\n- 15.30 AAR ร่วมกัน';

export function seedKmDemo(now = Date.now()): void {
  const db = getDb();
  const ids = new Map(
    db
      .select({ id: users.id, username: users.username })
      .from(users)
      .all()
      .map((u) => [u.username, u.id]),
  );
  const id = (username: string) => ids.get(username)!;
  db.transaction(() => {
    const place = khonKaenNaiMueang();
    const input = { ...DEMO_AAR, ...place } as AarInput;
    const body = aarToMarkdown(input, place);
    const at = new Date(now - 2 * DAY_MS);
    const note = db
      .insert(notes)
      .values({
        authorId: id('somchai'),
        kind: 'aar',
        title: input.eventTitle,
        bodyMarkdown: body,
        bodyHtml: renderNoteMarkdown(body),
        excerpt: markdownToPlainText(body, EXCERPT_CHARS),
        licence: DEFAULT_LICENCE,
        status: 'published',
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: notes.id })
      .get();
    setNoteTags(note.id, input.tags);
    db.insert(aarReports)
      .values({ noteId: note.id, ...aarToRow(input, place) })
      .run();

    // The workshop the AAR is about, as an event of the community below (set after it exists).
    const event = db
      .insert(events)
      .values({
        createdById: id('somchai'),
        title: input.eventTitle,
        startDate: input.startDate!,
        endDate: input.endDate,
        ...place,
        venue: input.venue,
        hosts: input.hosts,
        partners: input.partners,
        programmeMarkdown: DEMO_PROGRAMME,
        programmeHtml: renderNoteMarkdown(DEMO_PROGRAMME),
        officialAarId: note.id,
      })
      .returning({ id: events.id })
      .get();
    db.update(notes).set({ eventId: event.id }).where(eq(notes.id, note.id)).run();
    db.insert(eventAttendees)
      .values(['somchai', 'malee', 'prasert'].map((username) => ({ eventId: event.id, userId: id(username) })))
      .run();

    const community = db
      .insert(communities)
      .values({
        slug: 'ชุมชนคนทำแผนชุมชน',
        name: 'ชุมชนคนทำแผนชุมชน',
        description: 'แลกเปลี่ยนการจัดเวทีประชาคม แผนชุมชน และ AAR หลังเวที',
        ownerId: id('somchai'),
      })
      .returning({ id: communities.id })
      .get();
    for (const username of ['somchai', 'prasert', 'malee']) {
      db.insert(communityMembers)
        .values({ communityId: community.id, userId: id(username) })
        .run();
      db.insert(communityFollows)
        .values({ communityId: community.id, followerId: id(username) })
        .run();
    }
    const filed = db
      .select({ id: notes.id, authorId: notes.authorId })
      .from(notes)
      .where(inArray(notes.authorId, [id('somchai'), id('prasert')]))
      .all();
    for (const n of filed) db.insert(communityNotes).values({ communityId: community.id, noteId: n.id, addedById: n.authorId }).run();
    db.update(events).set({ communityId: community.id }).where(eq(events.id, event.id)).run();
    db.insert(userFollows)
      .values({ followerId: id('malee'), followeeId: id('wanpen') })
      .run();
  });
}
