/**
 * The role × action × owner matrix walked over HTTP: for every cell, the route's answer must agree
 * with can() — allowed → 2xx/3xx, refused → 401/403/404 — so no route decides on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient, type TestResponse } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { setRole, withDatabase } from '../helpers/roles.ts';
import { pngBytes, postAvatar, uploadFile } from '../helpers/upload-fixtures.ts';
import { can, type Action, type Resource } from '~/lib/server/permissions.ts';
import type { SessionUser } from '~/lib/server/user.ts';
import type { Role } from '~db/schema.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Account = Awaited<ReturnType<typeof signedInClient>>;
interface Cell {
  action: Action;
  resource: Resource;
  run: (actor: TestClient) => Promise<TestResponse>;
}

/** Builds the thing the scenario acts on, owned by `owner` (someone else's things by `other`). */
type Scenario = [action: Action, setup: (owner: Account, other: Account) => Promise<Omit<Cell, 'action'>>];

const comment = async (author: Account, noteId: number) =>
  (await author.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นในตาราง' })).body.id as number;

let communityCounter = 0;
const newCommunity = async (owner: Account, joinPolicy = 'open') => {
  communityCounter += 1;
  const res = await owner.client.post('/api/communities', { name: `ชุมชนตาราง ${process.pid}-${communityCounter}`, joinPolicy });
  if (res.status !== 201) throw new Error(`community: ${res.status} ${res.text}`);
  return res.body as { slug: string };
};

const SCENARIOS: Scenario[] = [
  [
    'note:read',
    async (owner) => {
      const id = await createNoteViaApi(owner.client, { status: 'draft' });
      return { resource: { authorId: owner.id, status: 'draft' }, run: (c) => c.get(`/api/notes/${id}`) };
    },
  ],
  [
    'note:edit',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return { resource: { authorId: owner.id }, run: (c) => c.patch(`/api/notes/${id}`, { title: 'แก้ในตาราง' }) };
    },
  ],
  [
    'note:edit',
    async (owner) => {
      // An autosaved AAR form on the server: only its author may overwrite it.
      const { id } = (await owner.client.post('/api/aar/drafts', { values: { eventTitle: 'ร่าง AAR ในตาราง' } })).body;
      return {
        resource: { authorId: owner.id },
        run: (c) => c.request('PUT', `/api/aar/drafts/${id}`, { json: { values: { eventTitle: 'แก้ร่างในตาราง' } } }),
      };
    },
  ],
  [
    'aar:create',
    async () => ({
      resource: {},
      run: (c) => c.post('/api/aar/drafts', { values: { eventTitle: 'ร่าง AAR ใหม่ในตาราง' } }),
    }),
  ],
  [
    'note:delete',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return { resource: { authorId: owner.id }, run: (c) => c.delete(`/api/notes/${id}`) };
    },
  ],
  [
    'note:hide',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return { resource: { authorId: owner.id }, run: (c) => c.postForm(`/notes/${id}/hide`, {}) };
    },
  ],
  [
    'note:report',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return {
        resource: { authorId: owner.id, status: 'published' },
        run: (c) => c.post('/api/reports', { targetType: 'note', targetId: id, reason: 'ทดสอบตาราง' }),
      };
    },
  ],
  [
    'comment:edit',
    async (owner, other) => {
      const id = await comment(owner, await createNoteViaApi(other.client));
      return { resource: { authorId: owner.id }, run: (c) => c.patch(`/api/comments/${id}`, { body: 'แก้แล้ว' }) };
    },
  ],
  [
    'comment:delete',
    async (owner, other) => {
      const id = await comment(owner, await createNoteViaApi(other.client));
      return { resource: { authorId: owner.id }, run: (c) => c.delete(`/api/comments/${id}`) };
    },
  ],
  // For hiding a comment, "owner" is the note's author.
  [
    'comment:hide',
    async (owner, other) => {
      const id = await comment(other, await createNoteViaApi(owner.client));
      return { resource: { authorId: other.id, noteAuthorId: owner.id }, run: (c) => c.postForm(`/comments/${id}/hide`, {}) };
    },
  ],
  // A moderator's rejection of a comment on the owner's note: only a moderator may undo it.
  [
    'comment:restore',
    async (owner, other) => {
      const id = await comment(other, await createNoteViaApi(owner.client));
      withDatabase(server.databasePath, (db) =>
        db.prepare("UPDATE comments SET hidden_at = created_at, hidden_reason = 'rejected' WHERE id = ?").run(id),
      );
      return {
        resource: { authorId: other.id, noteAuthorId: owner.id, hidden: true, hiddenByModerator: true },
        run: (c) => c.postForm(`/comments/${id}/restore`, {}),
      };
    },
  ],
  [
    'comment:approve',
    async (owner, other) => {
      const id = await comment(owner, await createNoteViaApi(other.client));
      withDatabase(server.databasePath, (db) => db.prepare('UPDATE comments SET pending_at = created_at WHERE id = ?').run(id));
      return { resource: { authorId: owner.id, pending: true }, run: (c) => c.postForm(`/comments/${id}/approve`, {}) };
    },
  ],
  [
    'comment:report',
    async (owner, other) => {
      const id = await comment(owner, await createNoteViaApi(other.client));
      return {
        resource: { authorId: owner.id },
        run: (c) => c.post('/api/reports', { targetType: 'comment', targetId: id, reason: 'ทดสอบตาราง' }),
      };
    },
  ],
  [
    'upload:delete',
    async (owner) => {
      const { body } = await uploadFile(owner.client, 'ตาราง.txt', Buffer.from('ไฟล์ในตาราง'));
      return { resource: { authorId: owner.id }, run: (c) => c.delete(`/api/uploads/${body.id}`) };
    },
  ],
  [
    'upload:delete',
    async (owner) => {
      const { body } = await uploadFile(owner.client, 'ตาราง.txt', Buffer.from('ไฟล์ในตารางจากหน้าตั้งค่า'));
      return { resource: { authorId: owner.id }, run: (c) => c.postForm(`/settings/uploads/${body.id}/delete`, {}) };
    },
  ],
  [
    'upload:create',
    async () => ({
      resource: {},
      run: async (c) => {
        const res = await postAvatar(c, 'avatar.png', await pngBytes(40, 40), 'image/png');
        return { status: res.status, headers: new Headers(res.location ? { location: res.location } : {}), body: res.text, text: res.text };
      },
    }),
  ],
  [
    'upload:create',
    async () => ({
      resource: {},
      run: async (c) => {
        const res = await uploadFile(c, 'ตาราง.txt', Buffer.from('ไฟล์ใหม่ในตาราง'));
        return { ...res, text: JSON.stringify(res.body) };
      },
    }),
  ],
  [
    'appreciate',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return { resource: { authorId: owner.id }, run: (c) => c.post(`/api/notes/${id}/appreciation`) };
    },
  ],
  [
    'appreciate',
    async (owner, other) => {
      const id = await comment(owner, await createNoteViaApi(other.client));
      return { resource: { authorId: owner.id }, run: (c) => c.post(`/api/comments/${id}/appreciation`) };
    },
  ],
  [
    'bookmark',
    async (owner) => {
      const id = await createNoteViaApi(owner.client);
      return { resource: { authorId: owner.id }, run: (c) => c.post(`/api/notes/${id}/bookmark`) };
    },
  ],
  ['series:create', async () => ({ resource: {}, run: (c) => c.post('/api/series', { title: 'ชุดในตาราง' }) })],
  [
    'series:edit',
    async (owner) => {
      const id = (await owner.client.post('/api/series', { title: 'ชุดของเจ้าของ' })).body.id as number;
      return { resource: { authorId: owner.id }, run: (c) => c.patch(`/api/series/${id}`, { title: 'แก้ชื่อชุด' }) };
    },
  ],
  // For an account, "owner" is the account itself; the target is a member.
  [
    'user:suspend',
    async (owner) => ({
      resource: { authorId: owner.id, ownerRole: 'member' },
      run: (c) => c.post('/api/moderation', { action: 'suspend', userId: owner.id }),
    }),
  ],
  // Communities and events (issue 14): "owner" created them.
  [
    'community:edit',
    async (owner) => {
      const { slug } = await newCommunity(owner);
      return {
        resource: { ownerId: owner.id },
        run: (c) => c.patch(`/api/communities/${encodeURIComponent(slug)}`, { description: 'แก้ในตาราง' }),
      };
    },
  ],
  [
    'community:manage',
    async (owner) => {
      const { slug } = await newCommunity(owner);
      return { resource: { ownerId: owner.id }, run: (c) => c.post(`/api/communities/${encodeURIComponent(slug)}/invitations`, {}) };
    },
  ],
  [
    'community:join',
    async (owner) => {
      const { slug } = await newCommunity(owner, 'invite');
      return {
        resource: { ownerId: owner.id, joinPolicy: 'invite' },
        run: (c) => c.post(`/api/communities/${encodeURIComponent(slug)}/membership`, {}),
      };
    },
  ],
  [
    'event:edit',
    async (owner) => {
      const id = (await owner.client.post('/api/events', { title: 'เวทีในตาราง', startDate: '2026-05-01' })).body.id as number;
      return { resource: { authorId: owner.id }, run: (c) => c.patch(`/api/events/${id}`, { venue: 'ห้องประชุม' }) };
    },
  ],
  [
    'event:attend',
    async (owner) => {
      const id = (await owner.client.post('/api/events', { title: 'เวทีเข้าร่วม', startDate: '2026-05-02' })).body.id as number;
      return { resource: {}, run: (c) => c.post(`/api/events/${id}/attend`, {}) };
    },
  ],
  ['moderate', async () => ({ resource: {}, run: (c) => c.get('/moderation') })],
  ['audit:read', async () => ({ resource: {}, run: (c) => c.get('/admin/audit') })],
  ['mail:read-outbox', async () => ({ resource: {}, run: (c) => c.get('/admin/mail') })],
];

const KINDS: { label: string; role: Role | null; suspended?: boolean }[] = [
  { label: 'anonymous', role: null },
  { label: 'member', role: 'member' },
  { label: 'organiser', role: 'organiser' },
  { label: 'moderator', role: 'moderator' },
  { label: 'admin', role: 'admin' },
  { label: 'suspended moderator', role: 'moderator', suspended: true },
];

/** One role's row makes ~120 requests (with a photo processed); 30 s was too tight on a loaded box. */
const MATRIX_ROW_TIMEOUT_MS = 90_000;

describe('every route agrees with can()', () => {
  for (const kind of KINDS) {
    it(
      `${kind.label}: own and others' things`,
      async () => {
        const actor = await signedInClient(server.baseUrl);
        if (kind.role && kind.role !== 'member') setRole(server.databasePath, actor.id, kind.role);
        const owners = kind.role ? [true, false] : [false];
        const cells: (Cell & { owner: boolean })[] = [];
        for (const [action, setup] of SCENARIOS) {
          for (const owner of owners) {
            const other = await signedInClient(server.baseUrl);
            // A target account for "suspend someone else" is a fresh member; for "own" it is the actor.
            const built = await setup(owner ? actor : other, owner ? other : await signedInClient(server.baseUrl));
            cells.push({ action, owner, ...built });
          }
        }
        if (kind.suspended)
          withDatabase(server.databasePath, (db) => db.prepare('UPDATE users SET suspended_at = 1 WHERE id = ?').run(actor.id));
        const client = kind.role ? actor.client : new TestClient(server.baseUrl);
        const user: SessionUser | null = kind.role
          ? { id: actor.id, username: actor.username, displayName: '', role: kind.role, suspended: !!kind.suspended }
          : null;
        const mismatches: string[] = [];
        for (const cell of cells) {
          const allowed = can(user, cell.action, cell.resource);
          const res = await cell.run(client);
          const status = res.status;
          // Signed-out callers (anonymous, or suspended: their session is gone) are sent to the login page.
          const toLogin = status === 303 && (res.headers.get('location') ?? '').startsWith('/login');
          const ok = allowed ? status < 400 : [401, 403, 404].includes(status) || toLogin;
          if (!ok) mismatches.push(`${cell.action} owner=${cell.owner}: can()=${allowed} but HTTP ${status}`);
        }
        expect(mismatches).toEqual([]);
      },
      MATRIX_ROW_TIMEOUT_MS,
    );
  }
});
