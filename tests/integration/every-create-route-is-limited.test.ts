/**
 * "Every create route has a rate limit", kept in SQLite so it holds across workers (issue 21,
 * finding 8: the view-count limit was per worker, series creation had none, 351 in seconds).
 * Every POST route in the file tree is classified here: a route that creates rows is driven until
 * it answers 429; a form page that creates through the same library function as a tested API
 * route names it; any other says why it creates nothing. A new POST route fails the walk until it
 * is classified.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { clientFromNewAddress, createNoteViaApi, signedInClient, TEST_PASSWORD } from '../helpers/factories.ts';
import { KHON_KAEN, queryDb, setRole, workshopAar } from '../helpers/km.ts';
import { pngBytes, uploadFile } from '../helpers/upload-fixtures.ts';
import { writeRoutes } from '../helpers/route-table.ts';
import { TestClient } from '../helpers/client.ts';
import { RATE_LIMITS } from '~/lib/server/rate-limit.ts';
import { listDistricts, listProvinces } from '~/lib/server/places.ts';

type Account = Awaited<ReturnType<typeof signedInClient>>;
interface Fixture {
  note: number;
  comment: number;
  slug: string;
  event: number;
  writer: Account;
}
/** Sends the i-th creating request as `who` (a fresh member per route, so buckets start full). */
type Create = (who: Account, f: Fixture, i: number) => Promise<{ status: number }>;
const c = (slug: string) => `/api/communities/${encodeURIComponent(slug)}`;

let server: TestServer;
let fixture: Fixture;
let place: { provinceCode: string; districtCode: string; subdistrictCode: string };
let png: Buffer;

/** API routes that create rows, driven until 429 (the bucket they hit, for its capacity). */
const CREATES: Record<string, { capacity: number; create: Create }> = {
  '/api/notes': {
    capacity: RATE_LIMITS.notePerUser.capacity,
    create: (w, _f, i) => w.client.post('/api/notes', { title: `บันทึก ${i}`, body: 'เนื้อหา' }),
  },
  '/api/aar': {
    capacity: RATE_LIMITS.notePerUser.capacity,
    create: (w, _f, i) => w.client.post('/api/aar', workshopAar(place, { eventTitle: `เวที ${i}` })),
  },
  '/api/aar/drafts': {
    capacity: RATE_LIMITS.draftSavePerUser.capacity,
    create: (w) => w.client.post('/api/aar/drafts', { noteId: null, values: { eventTitle: 'ร่าง' } }),
  },
  '/api/drafts': {
    capacity: RATE_LIMITS.draftSavePerUser.capacity,
    create: (w, _f, i) => w.client.post('/api/drafts', { title: `ร่าง ${i}`, body: '' }),
  },
  '/api/notes/[id]/comments': {
    capacity: RATE_LIMITS.commentPerUser.capacity,
    create: (w, f, i) => w.client.post(`/api/notes/${f.note}/comments`, { body: `ความเห็น ${i}` }),
  },
  '/api/series': { capacity: RATE_LIMITS.seriesPerUser.capacity, create: (w, _f, i) => w.client.post('/api/series', { title: `ชุด ${i}` }) },
  '/api/events': {
    capacity: RATE_LIMITS.eventPerUser.capacity,
    create: (w, _f, i) => w.client.post('/api/events', { title: `เวที ${i}`, startDate: '2026-05-01' }),
  },
  '/api/communities': {
    capacity: 5, // COMMUNITY_CREATE_LIMIT in community.ts
    create: (w, _f, i) => w.client.post('/api/communities', { name: `ชุมชน ${w.username} ${i}`, joinPolicy: 'open' }),
  },
  '/api/reports': {
    capacity: RATE_LIMITS.reportPerUser.capacity,
    create: (w, f) => w.client.post('/api/reports', { targetType: 'note', targetId: f.note, reason: 'ทดสอบขีดจำกัดการรายงาน' }),
  },
  '/api/notes/[id]/appreciation': {
    capacity: RATE_LIMITS.appreciationPerUser.capacity,
    create: (w, f) => w.client.post(`/api/notes/${f.note}/appreciation`),
  },
  '/api/comments/[id]/appreciation': {
    capacity: RATE_LIMITS.appreciationPerUser.capacity,
    create: (w, f) => w.client.post(`/api/comments/${f.comment}/appreciation`),
  },
  '/api/notes/[id]/bookmark': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    create: (w, f) => w.client.post(`/api/notes/${f.note}/bookmark`),
  },
  '/api/users/[username]/follow': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    create: (w, f) => w.client.post(`/api/users/${f.writer.username}/follow`),
  },
  '/api/communities/[slug]/follow': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    create: (w, f) => w.client.post(`${c(f.slug)}/follow`),
  },
  '/api/communities/[slug]/membership': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    // Join and leave again: each join is a new row.
    create: async (w, f) => {
      const joined = await w.client.post(`${c(f.slug)}/membership`, {});
      if (joined.status < 300) await w.client.delete(`${c(f.slug)}/membership`);
      return joined;
    },
  },
  '/api/communities/[slug]/notes': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    create: async (w, f, i) => {
      if (i === 0) {
        await w.client.post(`${c(f.slug)}/membership`, {});
        (w as Account & { own?: number }).own = await createNoteViaApi(w.client);
      }
      return w.client.post(`${c(f.slug)}/notes`, { noteId: (w as Account & { own?: number }).own });
    },
  },
  '/api/communities/[slug]/invitations': {
    capacity: RATE_LIMITS.invitationPerUser.capacity,
    create: async (w, _f, i) => {
      if (i === 0)
        (w as Account & { slug?: string }).slug = (
          await w.client.post('/api/communities', { name: `ชุมชนเชิญ ${w.username}`, joinPolicy: 'invite' })
        ).body.slug;
      return w.client.post(`${c((w as Account & { slug?: string }).slug!)}/invitations`, {});
    },
  },
  '/api/events/[id]/attend': {
    capacity: RATE_LIMITS.reactionPerUser.capacity,
    create: (w, f) => w.client.post(`/api/events/${f.event}/attend`),
  },
  '/api/communities/[slug]/assets': {
    capacity: RATE_LIMITS.notePerUser.capacity,
    create: async (w, f, i) => {
      if (i === 0) await w.client.post(`${c(f.slug)}/membership`, {});
      return w.client.post(`${c(f.slug)}/assets`, { title: `คลังความรู้ ${i}`, summary: 'สรุปสิ่งที่เรียนรู้' });
    },
  },
  '/api/assets/[id]/applied': {
    capacity: RATE_LIMITS.notePerUser.capacity,
    create: async (w, f, i) => {
      const own = w as Account & { asset?: number };
      if (i === 0) {
        await w.client.post(`${c(f.slug)}/membership`, {});
        own.asset = (await w.client.post(`${c(f.slug)}/assets`, { title: 'คลังที่นำไปใช้', summary: 'สรุป' })).body.id;
      }
      return w.client.post(`/api/assets/${own.asset}/applied`, { story: `นำไปใช้ครั้งที่ ${i}` });
    },
  },
  '/api/uploads': {
    capacity: RATE_LIMITS.uploadPerUser.capacity,
    create: (w, _f, i) => uploadFile(w.client, `photo-${i}.png`, png, { type: 'image/png' }),
  },
  '/api/auth/register': {
    capacity: RATE_LIMITS.registerPerIp.capacity,
    create: (w, _f, i) =>
      w.client.post('/api/auth/register', { username: `lim${process.pid % 1000}x${i}`, password: TEST_PASSWORD, displayName: 'สมาชิกใหม่' }),
  },
  '/api/auth/login': {
    capacity: RATE_LIMITS.loginPerAccount.capacity,
    // Each sign-in is a session row (the account's bucket empties on wrong passwords; right ones reset it).
    create: (w) => clientFromNewAddress(server.baseUrl).post('/api/auth/login', { username: w.username, password: 'wrong password here' }),
  },
  '/api/auth/password-reset': {
    capacity: RATE_LIMITS.passwordResetPerAccount.capacity,
    create: (w) => clientFromNewAddress(server.baseUrl).post('/api/auth/password-reset', { login: w.username }),
  },
};

/** Form pages that create through the same library function as a tested API route. */
const FORM_TWINS: Record<string, { api: string; calls: string; through?: string }> = {
  '/notes/new': { api: '/api/notes', calls: 'createNote' },
  '/aar/new': { api: '/api/aar', calls: 'createAar' },
  '/series/new': { api: '/api/series', calls: 'createSeries' },
  '/events/new': { api: '/api/events', calls: 'createEvent' },
  '/communities/new': { api: '/api/communities', calls: 'createCommunity' },
  '/notes/[id]/[...slug]': { api: '/api/notes/[id]/comments', calls: 'createComment' },
  '/notes/[id]/appreciation': { api: '/api/notes/[id]/appreciation', calls: 'setNoteAppreciation' },
  '/notes/[id]/bookmark': { api: '/api/notes/[id]/bookmark', calls: 'setBookmark' },
  '/notes/[id]/communities': { api: '/api/communities/[slug]/notes', calls: 'fileNote' },
  '/notes/[id]/report': { api: '/api/reports', calls: 'createReport' },
  '/comments/[id]/[action]': { api: '/api/comments/[id]/appreciation', calls: 'setCommentAppreciation' },
  '/communities/[slug]/follow': { api: '/api/communities/[slug]/follow', calls: 'setFollowingCommunity' },
  '/communities/[slug]/membership': { api: '/api/communities/[slug]/membership', calls: 'joinCommunity' },
  '/communities/[slug]/manage': {
    api: '/api/communities/[slug]/invitations',
    calls: 'createInvitation',
    through: 'src/lib/server/community-forms.ts',
  },
  '/events/[id]/attend': { api: '/api/events/[id]/attend', calls: 'setAttending' },
  '/u/[username]/follow': { api: '/api/users/[username]/follow', calls: 'setFollowingUser' },
  '/register': { api: '/api/auth/register', calls: 'registerAccount' },
  '/login': { api: '/api/auth/login', calls: 'signIn' },
  '/forgot-password': { api: '/api/auth/password-reset', calls: 'requestPasswordReset' },
  // Uploads of a file: the same two buckets as POST /api/uploads.
  '/settings/avatar': { api: '/api/uploads', calls: 'enforceUploadLimits' },
  '/communities/[slug]/cover': { api: '/api/uploads', calls: 'enforceUploadLimits' },
  '/api/communities/[slug]/cover': { api: '/api/uploads', calls: 'enforceUploadLimits' },
};

/** POST routes that add no row a person could multiply, and why. */
const CREATES_NOTHING: Record<string, string> = {
  '/api/auth/logout': 'deletes the session',
  '/logout': 'deletes the session',
  '/api/auth/password-reset/confirm': 'spends a reset token, which POST /api/auth/password-reset limits',
  '/reset-password': 'spends a reset token, which POST /api/auth/password-reset limits',
  '/api/communities/[slug]/owner': 'hands ownership over (an update)',
  '/api/communities/[slug]/requests': 'decides on join requests, which joinRequestPerUser limits',
  '/api/moderation': 'moderators only; changes the state of reported content',
  '/moderation': 'moderators only; changes the state of reported content',
  '/api/notes/[id]/view': 'adds to a counter, limited per address in SQLite (viewsPerIp, tested below)',
  '/api/notifications/read': 'marks notifications read (an update)',
  '/notifications/read': 'marks notifications read (an update)',
  '/notifications/[id]/open': 'marks one notification read (an update)',
  '/api/preview': 'renders, stores nothing (previewPerUser limits it anyway)',
  '/aar/[id]/edit': 'edits (editPerUser)',
  '/events/[id]/edit': 'edits an event (an update)',
  '/events/[id]/official-aar': 'marks an AAR official (an update)',
  '/series/[id]/edit': 'edits a series (an update)',
  '/notes/[id]/edit': 'edits (editPerUser)',
  '/notes/[id]/delete': 'deletes',
  '/notes/[id]/hide': 'moderators hide',
  '/notes/[id]/restore': 'moderators restore',
  '/notes/[id]/undelete': 'brings back a deleted note',
  '/notes/[id]/watch': 'one watch row per member and note, upserted (reactionPerUser limits the API twin)',
  '/communities/[slug]/notes/[noteId]/remove': 'takes a note out of a community',
  '/mail/unsubscribe': 'turns mail off (an update)',
  '/notifications/settings': 'one settings row per member, upserted',
  '/settings': 'updates the profile (password checks are limited)',
  '/settings/mail': 'one settings row per member, upserted',
  '/settings/avatar/remove': 'removes the photo',
  '/settings/uploads/[id]/delete': 'deletes an upload',
  '/u/[username]/[action]': 'moderators suspend or unsuspend an account (an update)',
  '/verify-email': 'spends an address-verification token, which verifyMailPerUser limits',
  '/api/assets/[id]/revisions': 'moderators undo a revision of a knowledge asset',
  '/api/assets/[id]/sources': 'one row per asset and note (their primary key): bounded by the notes that exist',
  '/notes/[id]/sources': 'proposes the note as a source through addSource, like POST /api/assets/[id]/sources: one row per asset and note',
  '/communities/[slug]/assets/[id]': 'edits an asset or adds a story through updateAsset/addApplication, limited like the API',
  '/communities/[slug]/assets/new': 'creates through createAsset, limited like POST /api/communities/[slug]/assets',
  '/api/me/deletion': 'one request to leave per member (its primary key), replaced when asked again',
  '/api/me/privacy-notice': 'records the current notice once per version: reading it again writes no row',
  '/settings/consents': 'a consent row only for a switch that changed, limited per member (editPerUser)',
  '/settings/leave': 'one request to leave per member, as POST /api/me/deletion',
  '/api/notes/[id]/accepted-answer': 'sets or clears the accepted answer of a question (an update)',
  '/notes/[id]/accepted-answer': 'sets or clears the accepted answer of a question (an update)',
};

beforeAll(async () => {
  server = await startTestServer({ WORKERS: '2' });
  const writer = await signedInClient(server.baseUrl);
  setRole(server, writer.username, 'organiser');
  const note = await createNoteViaApi(writer.client);
  const comment = (await writer.client.post(`/api/notes/${note}/comments`, { body: 'ความเห็นของผู้เขียน' })).body.id;
  const slug = (await writer.client.post('/api/communities', { name: `ชุมชนขีดจำกัด ${process.pid}`, joinPolicy: 'open' })).body.slug;
  const event = (await writer.client.post('/api/events', { title: 'เวทีขีดจำกัด', startDate: '2026-05-01' })).body.id;
  fixture = { note, comment, slug, event, writer };
  const province = listProvinces().find((p) => p.name === KHON_KAEN.provinceName)!;
  const district = listDistricts(province.code)!.find((d) => d.name === KHON_KAEN.districtName)!;
  const subdistrict = district.subdistricts.find((d) => d.name === KHON_KAEN.subdistrictName)!;
  place = { provinceCode: province.code, districtCode: district.code, subdistrictCode: subdistrict.code };
  png = await pngBytes(32, 24);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('every POST route that creates rows has a limit', () => {
  const posts = writeRoutes().filter((route) => route.methods.includes('POST'));

  it('every POST route in the file tree is classified', () => {
    const unclassified = posts
      .map((route) => route.pattern)
      .filter((pattern) => !(pattern in CREATES || pattern in FORM_TWINS || pattern in CREATES_NOTHING));
    expect(unclassified, 'add each to CREATES (with its limit), FORM_TWINS or CREATES_NOTHING').toEqual([]);
  });

  it('each form twin calls the library function of a limited, tested API route', () => {
    for (const [page, twin] of Object.entries(FORM_TWINS)) {
      const route = posts.find((r) => r.pattern === page)!;
      const call = new RegExp(`\\b${twin.calls}\\(`);
      expect(call.test(twin.through ? readFileSync(twin.through, 'utf8') : route.source), page).toBe(true);
      expect(twin.api in CREATES, page).toBe(true);
    }
  });

  for (const [pattern, { capacity, create }] of Object.entries(CREATES))
    it(`${pattern}: 429 once ${capacity} are spent`, async () => {
      const who = await signedInClient(server.baseUrl);
      setRole(server, who.username, 'organiser');
      const statuses: number[] = [];
      // Fast-refilling buckets (drafts: 60 per 2 minutes) regain a few tokens while the test runs.
      for (let i = 0; i <= 2 * capacity + 5 && !statuses.includes(429); i++) statuses.push((await create(who, fixture, i)).status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.at(-1), `statuses: ${statuses.join(',')}`).toBe(429);
    }, 120_000);
});

describe('limits hold across workers', () => {
  it('a flood of view beacons from one address spread over two workers counts at most VIEWS per window', async () => {
    const id = await createNoteViaApi(fixture.writer.client);
    const flooder = new TestClient(server.baseUrl, server.baseUrl, { 'x-forwarded-for': '198.51.100.77' });
    // In parallel, so the connections (and the beacons) spread over both workers.
    const statuses = await Promise.all(Array.from({ length: 120 }, () => flooder.post(`/api/notes/${id}/view`)));
    expect(statuses.every((r) => r.status === 204)).toBe(true);
    const count = () => queryDb<{ view_count: number }>(server, 'SELECT view_count FROM notes WHERE id = ?', id)[0]!.view_count;
    await expect.poll(count, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(RATE_LIMITS.viewsPerIp.capacity);
    await new Promise((resolve) => setTimeout(resolve, 6_000)); // one more flush from either worker
    // The bucket refills 30 a minute: a few more may trickle in during the seconds the test takes.
    expect(count()).toBeLessThanOrEqual(RATE_LIMITS.viewsPerIp.capacity + 5);
  }, 60_000);
});
