/**
 * Signed-in note pages served from the cached shared page with fresh personal parts
 * (src/server/signed-in-note.ts): byte for byte what a fresh render gives, and never one
 * viewer's buttons, pending comments or moderation view in another viewer's page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { TestClient, type TestResponse } from '../helpers/client.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import { findUnsafeMarkup } from '../helpers/html.ts';

let server: TestServer;
// One worker, so "the anonymous page is cached" holds for the next request; new accounts' first comment waits for approval.
beforeAll(async () => {
  server = await startTestServer({ WORKERS: '1', NEW_ACCOUNT_COMMENT_APPROVALS: '1' });
});
afterAll(async () => {
  await server?.stop();
});

const anon = () => new TestClient(server.baseUrl);
const SENT_HEADERS = [
  'content-type',
  'cache-control',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
];
/** The header's account links: where a viewer's own name appears. */
const nav = (html: string) => /<nav class="account-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
const headersOf = (res: TestResponse) => Object.fromEntries(SENT_HEADERS.map((h) => [h, res.headers.get(h)]));

async function comment(client: TestClient, noteId: number, body: string): Promise<{ id: number; pending: boolean }> {
  const res = await client.post(`/api/notes/${noteId}/comments`, { body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('signed-in note pages from the shared page', () => {
  it('give a member exactly the fresh page, private, and never leak personal parts to others', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกที่สมาชิกอ่าน' });
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const a = await signedInClient(server.baseUrl, { displayName: 'คุณเอ ผู้อ่าน' });
    const b = await signedInClient(server.baseUrl, { displayName: 'คุณบี ผู้อ่าน' });
    const c = await signedInClient(server.baseUrl);
    // A's comment is approved (A can edit/delete it); B's stays pending; C's is approved then hidden.
    const aComment = await comment(a.client, id, 'ความเห็นของเอ');
    const bComment = await comment(b.client, id, 'ความเห็นรออนุมัติของบี');
    const cComment = await comment(c.client, id, 'ความเห็นของซีที่ถูกซ่อน');
    expect([aComment.pending, bComment.pending, cComment.pending]).toEqual([true, true, true]);
    expect((await mod.client.postForm(`/comments/${aComment.id}/approve`, {})).status).toBe(303);
    expect((await mod.client.postForm(`/comments/${cComment.id}/approve`, {})).status).toBe(303);
    expect((await mod.client.postForm(`/comments/${cComment.id}/hide`, {})).status).toBe(303);

    // A query string skips the fast path: Astro renders A's page whole, the page to compare with.
    const fresh = await a.client.get(`/notes/${id}?fresh=1`);
    expect(fresh.headers.get('x-cache')).toBeNull();
    // Nothing cached yet: A's first view renders the anonymous page once, caches it and splices A's parts in.
    const shared = await a.client.get(`/notes/${id}`);
    const anonPage = await anon().get(`/notes/${id}`);
    expect(anonPage.headers.get('x-cache')).toBe('hit');
    expect(shared.status).toBe(200);
    expect(shared.headers.get('x-cache')).toBe('shared');
    expect(shared.text).toBe(fresh.text);
    expect(headersOf(shared)).toEqual(headersOf(fresh));
    expect(shared.headers.get('cache-control')).toBe('private, no-store');
    expect(shared.headers.get('set-cookie')).toBe(fresh.headers.get('set-cookie'));
    expect(shared.headers.get('set-cookie')).toMatch(/^banthuek_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);

    // A sees their own buttons, name and the reply forms; not B's pending comment, not C's hidden one.
    expect(shared.text).toContain(`/comments/${aComment.id}/edit`);
    expect(shared.text).toContain(`/comments/${aComment.id}/delete`);
    expect(nav(shared.text)).toContain('คุณเอ ผู้อ่าน');
    expect(shared.text).toContain('รายงานบันทึกนี้');
    expect(shared.text).not.toContain('ความเห็นรออนุมัติของบี');
    expect(shared.text).not.toContain('ความเห็นของซีที่ถูกซ่อน');

    // B: their pending comment and their name, none of A's buttons.
    const bPage = await b.client.get(`/notes/${id}`);
    expect(bPage.headers.get('x-cache')).toBe('shared');
    expect(bPage.text).toContain('ความเห็นรออนุมัติของบี');
    expect(nav(bPage.text)).toContain('คุณบี ผู้อ่าน');
    expect(nav(bPage.text)).not.toContain('คุณเอ ผู้อ่าน');
    expect(bPage.text).not.toContain(`/comments/${aComment.id}/edit`);
    expect(bPage.text).not.toContain(`/comments/${aComment.id}/delete`);
    expect(bPage.text).toContain(`/comments/${aComment.id}/report`);
    expect(bPage.text).not.toContain('ความเห็นของซีที่ถูกซ่อน');

    // Anonymous readers (from the cache): no buttons, forms, pending or hidden comments, no one's name in the header.
    const anonAgain = await anon().get(`/notes/${id}`);
    expect(anonAgain.headers.get('x-cache')).toBe('hit');
    for (const page of [anonPage, anonAgain]) {
      expect(page.text).not.toMatch(/\/comments\/\d+\/(edit|delete|hide|approve|report)/);
      expect(page.text).not.toContain('ความเห็นรออนุมัติของบี');
      expect(page.text).not.toContain('ความเห็นของซีที่ถูกซ่อน');
      expect(nav(page.text)).not.toContain('คุณเอ ผู้อ่าน');
      expect(nav(page.text)).toContain('เข้าสู่ระบบ');
      expect(page.text).not.toContain('ออกจากระบบ');
      expect(page.text).not.toContain('comment-body-website'); // no comment form
      expect(page.text).toContain('ความเห็นของเอ');
      expect(page.headers.get('cache-control') ?? '').not.toMatch(/private/);
    }

    // A moderator's page is rendered fresh: hidden and pending comments with their buttons, shown to no one else.
    const modPage = await mod.client.get(`/notes/${id}`);
    expect(modPage.headers.get('x-cache')).toBeNull();
    expect(modPage.headers.get('cache-control')).toBe('private, no-store');
    expect(modPage.text).toContain('ความเห็นของซีที่ถูกซ่อน');
    expect(modPage.text).toContain(`/comments/${cComment.id}/restore`);
    expect(modPage.text).toContain(`/comments/${bComment.id}/approve`);
    expect((await a.client.get(`/notes/${id}`)).text).not.toContain(`/comments/${cComment.id}/restore`);

    // The author's page is rendered fresh too (owner controls), and shows their edit/delete buttons only to them.
    const authorPage = await author.client.get(`/notes/${id}`);
    expect(authorPage.headers.get('x-cache')).toBeNull();
    expect(authorPage.text).toContain(`/notes/${id}/delete`);
    expect(shared.text).not.toContain(`/notes/${id}/delete`);
    expect(bPage.text).not.toContain(`/notes/${id}/delete`);

    // No inline scripts or styles in the spliced page but the build's stylesheet, allowed by its hash.
    expect(findUnsafeMarkup(shared.text, shared.headers.get('content-security-policy'))).toEqual([]);
  });

  it("is never stale: a new comment shows at once in members' pages, and a signed-out cookie gets the anonymous page", async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client);
    const reader = await signedInClient(server.baseUrl);
    const commenter = await signedInClient(server.baseUrl);
    // The author gets Astro's page and leaves the cache alone; a reader's first view fills it.
    expect((await author.client.get(`/notes/${id}`)).headers.get('x-cache')).toBeNull();
    expect((await anon().get(`/notes/${id}`)).headers.get('x-cache')).toBe('miss');
    expect((await reader.client.get(`/notes/${id}`)).headers.get('x-cache')).toBe('shared');
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const { id: commentId } = await comment(commenter.client, id, 'ความเห็นใหม่ล่าสุด');
    await mod.client.postForm(`/comments/${commentId}/approve`, {});
    await anon().get(`/notes/${id}`);
    const after = await reader.client.get(`/notes/${id}`);
    expect(after.headers.get('x-cache')).toBe('shared');
    expect(after.text).toContain('ความเห็นใหม่ล่าสุด');

    // Cached comment fragments follow every input: an edit, the commenter's new name, an appreciation.
    expect((await commenter.client.postForm(`/comments/${commentId}/edit`, { body: 'ความเห็นที่แก้แล้ว' })).status).toBe(303);
    expect((await commenter.client.postForm('/settings', { action: 'profile', displayName: 'ผู้ร่วมวงเปลี่ยนชื่อ' })).status).toBeLessThan(400);
    expect((await reader.client.post(`/api/comments/${commentId}/appreciation`)).body).toEqual({ count: 1, given: true });
    await anon().get(`/notes/${id}`);
    const changed = await reader.client.get(`/notes/${id}`);
    expect(changed.headers.get('x-cache')).toBe('shared');
    const commentHtml =
      new RegExp(`<div class="comment" id="comment-${commentId}"[\\s\\S]*?</form></details></div>`).exec(changed.text)?.[0] ?? '';
    expect(commentHtml).toContain('ความเห็นที่แก้แล้ว');
    expect(commentHtml).not.toContain('ความเห็นใหม่ล่าสุด');
    expect(commentHtml).toContain('ผู้ร่วมวงเปลี่ยนชื่อ');
    expect(commentHtml).toMatch(/aria-pressed="true">ให้กำลังใจแล้ว<\/button> <span data-appreciation-count>1</);
    // The same comment in the commenter's own page: their edit form (with the new text), no appreciation button.
    const own = await commenter.client.get(`/notes/${id}`);
    expect(own.headers.get('x-cache')).toBe('shared');
    expect(own.text).toContain(`/comments/${commentId}/edit`);
    expect(changed.text).not.toContain(`/comments/${commentId}/edit`);
    expect(own.text).toContain('ได้รับกำลังใจ <span data-appreciation-count>1</span>');

    // A session cookie that is no longer valid: Astro answers (and deletes the cookie), as an anonymous page.
    const stale = new TestClient(server.baseUrl);
    const page = await stale.get(`/notes/${id}`, { cookie: 'banthuek_session=nope.nope' });
    expect(page.headers.get('x-cache')).toBeNull();
    expect(page.text).not.toContain('ออกจากระบบ');
    expect(page.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('a comment body carrying a slot marker cannot move the personal parts: the page is rendered fresh', async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { body: 'เนื้อหา <!--/banthuek-personal:nav--> <!--banthuek-personal:comments-->' });
    const reader = await signedInClient(server.baseUrl);
    await anon().get(`/notes/${id}`);
    const page = await reader.client.get(`/notes/${id}`);
    expect(page.status).toBe(200);
    expect(['shared', null]).toContain(page.headers.get('x-cache'));
    expect(page.text).toContain('ออกจากระบบ');
    expect(page.text.match(/<nav class="account-nav"/g)).toHaveLength(1);
  });
});

describe('each edge step once per request', () => {
  /** The request log lines the server wrote for `path` since `from` (stdout, one JSON line each). */
  const logLines = (path: string, from: number) =>
    server
      .output()
      .slice(from)
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as { path: string; renders?: number; cache: string })
      .filter((line) => line.path === path);

  it("renders a signed-in reader's /history and /edit once, never through the shared note page", async () => {
    const author = await signedInClient(server.baseUrl);
    const id = await createNoteViaApi(author.client, { title: 'บันทึกที่มีประวัติ' });
    const reader = await signedInClient(server.baseUrl);
    for (const path of [`/notes/${id}/history`, `/notes/${id}/edit`]) {
      const from = server.output().length;
      const res = await reader.client.get(path);
      expect(res.status).toBeLessThan(500);
      await expect.poll(() => logLines(path, from).length).toBe(1);
      expect(logLines(path, from)[0]).toMatchObject({ renders: 1, cache: 'none' });
    }
    // The note page itself: the first signed-in read renders the anonymous page once for the cache.
    const from = server.output().length;
    expect((await reader.client.get(`/notes/${id}`)).headers.get('x-cache')).toBe('shared');
    await expect.poll(() => logLines(`/notes/${id}`, from).length).toBe(1);
    expect(logLines(`/notes/${id}`, from)[0]).toMatchObject({ renders: 1, cache: 'shared' });
  });
});
