/**
 * Issue 24, point 6: after a moderator hides something, its author is told why: a notification of
 * kind 'moderation' with the reason, and a mail by their settings. In the queue, an action with
 * nothing ticked keeps the page and says so inline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole, withDatabase } from '../helpers/roles.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOG) console.log(server?.output());
  await server?.stop();
});

/** An author whose address is verified, so their mail settings decide what is mailed. */
async function author() {
  const account = await signedInClient(server.baseUrl);
  withDatabase(server.databasePath, (db) =>
    db
      .prepare('UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?')
      .run(`${account.username}@example.test`, Date.now(), account.id),
  );
  return account;
}
const mails = (userId: number) =>
  withDatabase(server.databasePath, (db) =>
    db.prepare("SELECT subject, text_body AS text FROM mail_outbox WHERE user_id = ? AND kind = 'moderation'").all(userId),
  ) as { subject: string; text: string }[];

describe('the author of a hidden note or comment is told why', () => {
  it('a note hidden through POST /api/moderation with a reason: notification of kind moderation, and a mail', async () => {
    const writer = await author();
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const noteId = await createNoteViaApi(writer.client, { title: 'บันทึกที่มีเบอร์โทร' });
    const bad = await mod.client.post('/api/moderation', {
      action: 'hide',
      targets: [{ type: 'note', id: noteId }],
      reason: 'ก'.repeat(1001),
    });
    expect(bad.status).toBe(400);
    expect((await writer.client.get('/api/notifications')).text).not.toContain('"moderation"');
    const res = await mod.client.post('/api/moderation', {
      action: 'hide',
      targets: [{ type: 'note', id: noteId }],
      reason: 'ข้อมูลส่วนบุคคล',
    });
    expect(res.status, res.text).toBe(200);
    const list = await writer.client.get('/notifications');
    expect(list.text).toMatch(/data-kind="moderation"[\s\S]*?บันทึกที่มีเบอร์โทร[\s\S]*?เหตุผล: ข้อมูลส่วนบุคคล/);
    const sent = mails(writer.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toContain('บันทึกที่มีเบอร์โทร');
    expect(sent[0]!.text).toContain('เหตุผล: ข้อมูลส่วนบุคคล');
  });

  it("a comment hidden from the note page's confirm step carries the reason; the author's mail setting 'off' is kept", async () => {
    const writer = await author();
    const commenter = await author();
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const noteId = await createNoteViaApi(writer.client);
    const comment = await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ซื้อเลยวันนี้ ลดราคา' });
    const cid = comment.body.id as number;
    const confirm = await mod.client.get(`/confirm?do=/comments/${cid}/hide`);
    expect(confirm.text).toContain('name="reason"');
    for (const ready of ['ข้อมูลส่วนบุคคล', 'โฆษณา', 'ไม่สุภาพ']) expect(confirm.text).toContain(`data-reason="${ready}"`);
    withDatabase(server.databasePath, (db) =>
      db.prepare("INSERT INTO mail_settings (user_id, kind, mode) VALUES (?, 'moderation', 'off')").run(commenter.id),
    );
    expect((await mod.client.postForm(`/comments/${cid}/hide`, { reason: 'โฆษณา' })).status).toBe(303);
    const list = await commenter.client.get('/notifications');
    expect(list.text).toMatch(/data-kind="moderation"[\s\S]*?เหตุผล: โฆษณา/);
    expect(mails(commenter.id)).toEqual([]);
    // The note author hiding a comment on their own note is not moderation: nobody is notified.
    const other = await commenter.client.post(`/api/notes/${noteId}/comments`, { body: 'ความเห็นที่สอง' });
    expect((await writer.client.postForm(`/comments/${other.body.id}/hide`, {})).status).toBe(303);
    const after = await commenter.client.get('/notifications');
    expect(after.text.match(/data-kind="moderation"/g)).toHaveLength(1);
  });
});

describe('the queue with nothing ticked', () => {
  it('approve keeps the queue and says so inline; hide without JavaScript comes back to the queue saying so', async () => {
    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator');
    const writer = await signedInClient(server.baseUrl);
    const reporter = await signedInClient(server.baseUrl);
    const noteId = await createNoteViaApi(writer.client);
    expect((await reporter.client.postForm(`/notes/${noteId}/report`, { reason: 'โฆษณาขายของ' })).status).toBeLessThan(400);
    const approve = await mod.client.postForm('/moderation', { action: 'approve' });
    expect(approve.status).toBe(400);
    expect(approve.text).toContain('<h1>คิวตรวจสอบ</h1>');
    expect(approve.text).toMatch(/<p class="alert" role="alert" tabindex="-1" data-nothing-ticked id="nothing-ticked">/);
    const hide = await mod.client.get(`/confirm?${new URLSearchParams({ do: '/moderation?action=hide' })}`);
    expect(hide.status).toBe(303);
    expect(hide.headers.get('location')).toBe('/moderation?nothing-ticked=1#queue-actions');
    const back = await mod.client.get('/moderation?nothing-ticked=1');
    expect(back.text).toMatch(/data-nothing-ticked id="nothing-ticked">/);
    // Without the flag the line is there but hidden, for the page's script to show.
    expect((await mod.client.get('/moderation')).text).toMatch(/data-nothing-ticked id="nothing-ticked" hidden>/);
  });
});
