/**
 * Issue 16, must work 1: every delete, hide, remove, leave, revoke, suspend, archive and hand-over
 * asks first. One test walks the pages where such buttons appear, as the people who see them, and
 * fails on any danger-styled or destructive button that posts straight away; the others check, per
 * action, that the no-JavaScript /confirm page names what will happen, that its form performs the
 * action, and that asking and then cancelling changes nothing.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';
import type { TestClient } from '../helpers/client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ NEW_ACCOUNT_COMMENT_APPROVALS: '1' });
});
afterAll(async () => {
  await server?.stop();
});

const DESTRUCTIVE = /(?<!un)(delete|hide|remove|leave|revoke|suspend|archive|purge|hand-over)\b/i;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}(?:="([^"]*)")?`).exec(tag);
const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');

/** Every submit button that would delete/hide/… in one tap, described for the failure message. */
function unconfirmedButtons(html: string): string[] {
  const found: string[] = [];
  for (const [form, formTag] of html.matchAll(/(<form\b[^>]*>)[\s\S]*?<\/form>/g)) {
    const viaForm = /method="get"/.test(formTag!) && /action="\/confirm"/.test(formTag!) && /\sdata-confirm\b/.test(formTag!);
    const hidden = [...form.matchAll(/<input type="hidden"[^>]*>/g)].map(([tag]) => decode(attr(tag, 'value')?.[1] ?? '')).join(' ');
    for (const [button] of form.matchAll(/<button\b[^>]*>/g)) {
      if (/type="button"/.test(button)) continue;
      const viaButton = /formaction="\/confirm"/.test(button) && /\sdata-confirm\b/.test(button);
      const danger = /\bclass="[^"]*\bdanger\b/.test(button);
      const does = `${decode(attr(formTag!, 'action')?.[1] ?? '')} ${decode(attr(button, 'value')?.[1] ?? '')} ${viaButton || viaForm ? '' : hidden}`;
      if ((danger || DESTRUCTIVE.test(does)) && !viaForm && !viaButton) {
        found.push(`${formTag} … ${button}${form.slice(form.indexOf(button) + button.length, form.indexOf(button) + button.length + 60)}`);
      }
    }
  }
  return found;
}

/** Every row the site keeps (sessions and rate-limit buckets aside), to prove nothing changed. */
const snapshot = () =>
  withDatabase(server.databasePath, (db) => {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%session%' AND name NOT LIKE '%rate%' AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%'",
      )
      .pluck()
      .all() as string[];
    return JSON.stringify(
      tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all()]),
      (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v),
    );
  });

/** Reads the /confirm page for a `do` (plus what was chosen) and returns its POST form. */
async function confirmStep(client: TestClient, action: string, chosen: Record<string, string | string[]> = {}) {
  const query = new URLSearchParams({ do: action });
  for (const [name, value] of Object.entries(chosen)) for (const v of [value].flat()) query.append(name, v);
  const page = await client.get(`/confirm?${query}`);
  const form = /<form method="post" action="([^"]+)" class="confirm-actions">([\s\S]*?)<\/form>/.exec(page.text);
  const fields = [...(form?.[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
    (m) => [m[1]!, decode(m[2]!)] as [string, string],
  );
  const back = /<a class="button" href="([^"]+)">\s*ยกเลิก\s*<\/a>/.exec(form?.[2] ?? '')?.[1];
  return { status: page.status, text: page.text, action: decode(form?.[1] ?? ''), fields, back: back && decode(back) };
}

/** Asks, cancels (follows ยกเลิก), and checks nothing changed; then confirms and returns the response. */
async function askCancelThenConfirm(client: TestClient, action: string, chosen: Record<string, string | string[]> = {}) {
  const before = snapshot();
  const step = await confirmStep(client, action, chosen);
  expect(step.status, step.text.slice(0, 400)).toBe(200);
  expect(step.back).toBeTruthy();
  expect((await client.get(step.back!.split('#')[0]!)).status).toBe(200);
  expect(snapshot()).toBe(before);
  const body = new URLSearchParams(step.fields);
  const done = await client.request('POST', step.action, {
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(done.status, String(done.text).slice(0, 400)).toBeLessThan(400);
  return { step, done };
}

async function newCommunity(owner: TestClient, name: string) {
  const created = await owner.post('/api/communities', { name });
  expect(created.status).toBe(201);
  const slug = created.body.slug as string;
  return { slug, path: `/communities/${encodeURIComponent(slug)}`, api: `/api/communities/${encodeURIComponent(slug)}` };
}

async function uploadCover(client: TestClient, api: string) {
  const form = new FormData();
  const bytes = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#2a7' } })
    .png()
    .toBuffer();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'cover.png');
  const res = await fetch(`${client.baseUrl}${api}/cover`, {
    method: 'POST',
    body: form,
    headers: { origin: client.baseUrl, cookie: client.cookieHeader() },
  });
  expect(res.status).toBe(200);
}

/** A world with one of each destructive button showing. */
async function buildWorld() {
  const owner = await signedInWithRole(server.baseUrl, server.databasePath, 'organiser', 'owner');
  const manager = await signedInClient(server.baseUrl);
  const newcomer = await signedInClient(server.baseUrl);
  const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
  const admin = await signedInWithRole(server.baseUrl, server.databasePath, 'admin');
  const c = await newCommunity(owner.client, `ชุมชนถามก่อน ${owner.username}`);
  for (const who of [manager, newcomer]) expect((await who.client.postForm(`${c.path}/membership`, { action: 'join' })).status).toBe(303);
  expect((await owner.client.request('PUT', `${c.api}/managers/${manager.username}`)).status).toBe(200);
  expect((await owner.client.post(`${c.api}/invitations`, {})).status).toBeLessThan(300);
  await uploadCover(owner.client, c.api);
  const noteId = await createNoteViaApi(owner.client, { title: 'บันทึกในชุมชนและชุด' });
  expect((await owner.client.postForm(`/notes/${noteId}/communities`, { action: 'add', community: c.slug })).status).toBe(303);
  const series = await owner.client.post('/api/series', { title: 'ชุดที่จะลบ', description: '', noteIds: [noteId] });
  expect(series.status).toBe(201);
  const stranger = await signedInClient(server.baseUrl);
  const held = await stranger.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นรออนุมัติ' });
  expect(held.body.pending, JSON.stringify(held.body)).toBe(true);
  const spamId = await createNoteViaApi(newcomer.client, { title: 'บันทึกที่ถูกรายงาน' });
  expect((await manager.client.postForm(`/notes/${spamId}/report`, { reason: 'โฆษณาขายของ ไม่เกี่ยวกับชุมชน' })).status).toBeLessThan(400);
  return { owner, manager, newcomer, mod, admin, c, noteId, spamId, seriesId: series.body.id as number, heldId: held.body.id as number };
}

describe('every destructive button asks first', () => {
  it('no page shows a danger or delete/hide/remove/leave/revoke/suspend/archive button that acts on one tap', async () => {
    const w = await buildWorld();
    const visits: [TestClient, string][] = [
      [w.owner.client, `/notes/${w.noteId}`],
      [w.owner.client, `/series/${w.seriesId}/edit`],
      [w.owner.client, `${w.c.path}/manage`],
      [w.owner.client, w.c.path],
      [w.manager.client, w.c.path],
      [w.manager.client, `${w.c.path}/manage`],
      [w.newcomer.client, `/notes/${w.noteId}`],
      [w.mod.client, `/notes/${w.spamId}`],
      [w.mod.client, '/moderation'],
      [w.mod.client, `/u/${w.newcomer.username}`],
      [w.owner.client, `/u/${w.owner.username}`],
      [w.owner.client, '/settings'],
      [w.admin.client, '/admin/audit'],
      [w.admin.client, '/admin/mail'],
      [w.admin.client, `${w.c.path}/manage`],
    ];
    let checked = 0;
    for (const [client, path] of visits) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(unconfirmedButtons(page.text), path).toEqual([]);
      checked += (page.text.match(/data-confirm/g) ?? []).length;
    }
    // The walk saw the buttons it is about (a rename that hid them would pass silently otherwise).
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('the checker itself flags one-tap forms', () => {
    expect(unconfirmedButtons('<form method="post" action="/x"><button type="submit" class="danger">ลบ</button></form>')).toHaveLength(1);
    expect(
      unconfirmedButtons(
        '<form method="post"><input type="hidden" name="action" value="delete" /><button type="submit">ลบ</button></form>',
      ),
    ).toHaveLength(1);
    expect(unconfirmedButtons('<form method="post"><button type="submit" name="action" value="revoke">ยกเลิก</button></form>')).toHaveLength(
      1,
    );
    expect(
      unconfirmedButtons(
        '<form method="get" action="/confirm" class="inline-form" data-confirm><input type="hidden" name="do" value="/a/delete" /><button type="submit" class="danger">ลบ</button></form>',
      ),
    ).toEqual([]);
    expect(
      unconfirmedButtons('<form method="post"><button type="submit" name="action" value="unarchive">นำออกจากคลัง</button></form>'),
    ).toEqual([]);
  });
});

describe('the no-JavaScript confirm page performs each action only when confirmed', () => {
  it('moderation: hiding the ticked items and purging one account name what and how many', async () => {
    const w = await buildWorld();
    const queue = await w.mod.client.get('/moderation');
    expect(queue.text).toContain('formaction="/confirm" name="do" value="/moderation?action=hide" data-confirm');
    // Nothing ticked: back to the queue, which says so inline (issue 24), not a dead-end page.
    const empty = await confirmStep(w.mod.client, '/moderation?action=hide');
    expect(empty.status).toBe(303);
    const { step } = await askCancelThenConfirm(w.mod.client, '/moderation?action=hide', { target: [`comment:${w.heldId}`] });
    expect(step.text).toContain('ซ่อนความเห็น 1 รายการที่เลือกหรือไม่?');
    expect(step.fields).toEqual([
      ['action', 'hide'],
      ['target', `comment:${w.heldId}`],
    ]);
    expect(
      withDatabase(server.databasePath, (db) => db.prepare('SELECT hidden_at FROM comments WHERE id = ?').pluck().get(w.heldId)),
    ).not.toBeNull();

    const userId = withDatabase(server.databasePath, (db) =>
      db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(w.newcomer.username),
    ) as number;
    expect((await confirmStep(w.manager.client, `/moderation?action=purge:${userId}`)).status).toBe(403);
    const purge = await askCancelThenConfirm(w.mod.client, `/moderation?action=purge:${userId}`);
    expect(purge.step.text).toContain(`@${w.newcomer.username}) และระงับบัญชีหรือไม่?`);
    expect(purge.step.text).toContain('จะซ่อนบันทึก 1 รายการและความเห็น 0 รายการ');
    expect(
      withDatabase(server.databasePath, (db) => db.prepare('SELECT suspended_at FROM users WHERE id = ?').pluck().get(userId)),
    ).not.toBeNull();
    expect((await w.owner.client.get(`/notes/${w.spamId}`)).status).not.toBe(200);
  });

  it('deleting a series, and taking a note out of it', async () => {
    const w = await buildWorld();
    expect((await confirmStep(w.manager.client, `/series/${w.seriesId}/edit?action=delete`)).status).toBe(403);
    const out = await askCancelThenConfirm(w.owner.client, `/series/${w.seriesId}/edit?action=remove&noteId=${w.noteId}`);
    expect(out.step.text).toContain('เอาบันทึกออกจากชุด “ชุดที่จะลบ” หรือไม่?');
    expect((await w.owner.client.get(`/api/series/${w.seriesId}`)).body.notes ?? []).toHaveLength(0);
    const { step } = await askCancelThenConfirm(w.owner.client, `/series/${w.seriesId}/edit?action=delete`);
    expect(step.text).toContain('ลบชุดบันทึก “ชุดที่จะลบ” หรือไม่?');
    expect((await w.owner.client.get(`/series/${w.seriesId}`)).status).toBe(404);
    expect((await w.owner.client.get(`/notes/${w.noteId}`)).status).toBe(200);
  });

  it('community manage page: revoke, remove a note, remove a manager, remove the cover, hand over, archive', async () => {
    const w = await buildWorld();
    const filed = () =>
      withDatabase(server.databasePath, (db) => db.prepare('SELECT count(*) FROM community_notes WHERE note_id = ?').pluck().get(w.noteId));
    const manage = `${w.c.path}/manage`;
    expect((await confirmStep(w.newcomer.client, `${manage}?action=archive`)).status).toBe(403);

    const invitationId = /action=revoke(?:&#38;|&amp;)invitationId=(\d+)/.exec((await w.owner.client.get(manage)).text)?.[1];
    expect(invitationId).toBeTruthy();
    expect((await askCancelThenConfirm(w.owner.client, `${manage}?action=revoke&invitationId=${invitationId}`)).done.text).toContain(
      'ยกเลิกคำเชิญแล้ว',
    );

    const removed = await askCancelThenConfirm(w.owner.client, `${manage}?action=remove-note&noteId=${w.noteId}`);
    expect(removed.step.text).toContain('“บันทึกในชุมชนและชุด”');
    expect(filed()).toBe(0);

    const demoted = await askCancelThenConfirm(w.owner.client, `${manage}?action=remove-manager&username=${w.manager.username}`);
    expect(demoted.step.text).toContain(`ถอด ผู้ทดสอบ ${w.manager.username} (@${w.manager.username}) จากผู้ดูแลหรือไม่?`);
    expect(demoted.done.text).toContain(`ถอด @${w.manager.username} จากผู้ดูแลแล้ว`);

    const cover = await askCancelThenConfirm(w.owner.client, `${w.c.path}/cover?action=remove`);
    expect(cover.done.headers.get('location')).toContain('cover=removed');
    expect(
      withDatabase(server.databasePath, (db) => db.prepare('SELECT cover_upload_id FROM communities WHERE slug = ?').pluck().get(w.c.slug)),
    ).toBeNull();

    const archived = await askCancelThenConfirm(w.owner.client, `${manage}?action=archive`);
    expect(archived.step.text).toContain('อ่านได้อย่างเดียว');
    expect(archived.done.text).toContain('เก็บชุมชนเข้าคลังแล้ว');

    const handOver = await askCancelThenConfirm(w.owner.client, `${manage}?action=hand-over`, { username: `@${w.manager.username}` });
    expect(handOver.step.text).toContain(`ให้ ผู้ทดสอบ ${w.manager.username} (@${w.manager.username}) หรือไม่?`);
    expect(handOver.step.fields).toEqual([
      ['action', 'hand-over'],
      ['username', w.manager.username],
    ]);
  });

  it('the author takes a note out of a community; a moderator suspends an account from its profile', async () => {
    const w = await buildWorld();
    const note = await w.owner.client.get(`/notes/${w.noteId}`);
    const action = `/notes/${w.noteId}/communities?${new URLSearchParams({ action: 'remove', community: w.c.slug })}`;
    // The confirm form's action, HTML-escaped (confirm-form.ts writes & as &amp;).
    expect(note.text).toContain(`value="${action.replace(/&/g, '&amp;')}"`);
    expect((await confirmStep(w.manager.client, action)).status).toBe(403);
    const { step } = await askCancelThenConfirm(w.owner.client, action);
    expect(step.text).toContain(`นำบันทึกออกจากชุมชน “ชุมชนถามก่อน ${w.owner.username}” หรือไม่?`);
    expect(
      withDatabase(server.databasePath, (db) => db.prepare('SELECT count(*) FROM community_notes WHERE note_id = ?').pluck().get(w.noteId)),
    ).toBe(0);

    expect((await confirmStep(w.owner.client, `/u/${w.newcomer.username}/suspend`)).status).toBe(403);
    const suspended = await askCancelThenConfirm(w.mod.client, `/u/${w.newcomer.username}/suspend`);
    expect(suspended.step.text).toContain(`ระงับบัญชี ผู้ทดสอบ ${w.newcomer.username} (@${w.newcomer.username}) หรือไม่?`);
    expect((await w.mod.client.get(`/u/${w.newcomer.username}`)).text).toContain('บัญชีนี้ถูกระงับการใช้งาน');
  });
});
