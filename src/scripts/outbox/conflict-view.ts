/**
 * The edit page of a note whose queued edit met a newer text on the server (412): both versions side
 * by side, "ฉบับบนเว็บ" (what the page loaded: the server's text) and "ฉบับจากเครื่องนี้" (the
 * device's edit, also kept on the server as a draft copy), and the author chooses which the editor
 * continues with. Nothing is saved until they tap บันทึกการแก้ไข.
 */
import type { OutboxItem } from '../../lib/outbox/items.ts';
import { listItems, removeItems } from './store.ts';
import { recordPending } from './queue.ts';

interface Editor {
  setMarkdown(markdown: string): void;
}

function column(heading: string, title: string, body: string, side: 'server' | 'device'): HTMLElement {
  const section = document.createElement('section');
  section.className = 'card conflict-version';
  section.dataset.version = side;
  const h = document.createElement('h3');
  h.textContent = heading;
  const t = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = title;
  t.append(strong);
  const pre = document.createElement('pre');
  pre.className = 'conflict-body';
  pre.textContent = body;
  section.append(h, t, pre);
  return section;
}

/** Shows the first conflict of this note found in the outbox, if any. */
export async function showOutboxConflict(form: HTMLFormElement, account: string, editor: Editor): Promise<void> {
  const noteId = form.dataset.noteId;
  if (!noteId) return;
  const conflicts = (await listItems(account)).filter(
    (item: OutboxItem) => item.state === 'conflict' && item.request.url === `/api/notes/${noteId}`,
  );
  const item = conflicts[0];
  if (!item) return;
  const title = form.querySelector<HTMLInputElement>('#title')!;
  const body = form.querySelector<HTMLTextAreaElement>('#body')!;
  const device = { title: String(item.request.json?.title ?? ''), body: String(item.request.json?.body ?? '') };
  const server = { title: title.value, body: body.value };

  const panel = document.createElement('div');
  panel.id = 'outbox-conflict';
  panel.className = 'notice outbox-conflict';
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', 'เลือกฉบับที่จะใช้');
  const intro = document.createElement('p');
  intro.textContent =
    'บันทึกนี้ถูกแก้บนเว็บหลังจากที่คุณเริ่มแก้ในเครื่องนี้ ระบบเก็บไว้ทั้งสองฉบับ' +
    (item.conflict?.draftId ? ' (ฉบับจากเครื่องนี้อยู่ในฉบับร่างของคุณด้วย)' : '') +
    ' เลือกฉบับที่จะแก้ต่อ แล้วกด "บันทึกการแก้ไข"';
  const columns = document.createElement('div');
  columns.className = 'conflict-columns';
  columns.append(column('ฉบับบนเว็บ', server.title, server.body, 'server'), column('ฉบับจากเครื่องนี้', device.title, device.body, 'device'));
  const useServer = document.createElement('button');
  useServer.type = 'button';
  useServer.id = 'conflict-use-server';
  useServer.textContent = 'ใช้ฉบับบนเว็บ';
  const useDevice = document.createElement('button');
  useDevice.type = 'button';
  useDevice.id = 'conflict-use-device';
  useDevice.className = 'primary';
  useDevice.textContent = 'ใช้ฉบับจากเครื่องนี้';
  const actions = document.createElement('div');
  actions.className = 'comment-actions';
  actions.append(useDevice, useServer);
  panel.append(intro, columns, actions);
  form.prepend(panel);

  async function settle(choice: { title: string; body: string }): Promise<void> {
    title.value = choice.title;
    editor.setMarkdown(choice.body);
    body.value = choice.body;
    body.dispatchEvent(new Event('input', { bubbles: true }));
    await removeItems([item!.id]);
    await recordPending(account);
    panel.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'เลือกแล้ว ตรวจทานแล้วกด "บันทึกการแก้ไข" เพื่อบันทึก' }));
  }
  useServer.addEventListener('click', () => void settle(server));
  useDevice.addEventListener('click', () => void settle(device));
}
