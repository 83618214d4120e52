/**
 * /outbox: what this device still has to send for the signed-in account, each item with its state,
 * a retry and a discard (which asks first), a "send now" button and the space the outbox uses.
 */
import { blockedBy, pendingItems, type OutboxItem, type OutboxState } from '../../lib/outbox/items.ts';
import { formatThaiDateTime } from '../../lib/thai-date.ts';
import { OUTBOX_CHANNEL, listItems, removeItems, updateItem } from './store.ts';
import { pageAccount, recordPending, requestSend } from './queue.ts';

const STATE_TEXT: Record<OutboxState, string> = {
  waiting: 'รอส่ง',
  sending: 'กำลังส่ง',
  failed: 'ส่งไม่สำเร็จ',
  conflict: 'มีฉบับใหม่กว่าบนเว็บ',
  sent: 'ส่งแล้ว',
};
const KIND_TEXT: Record<OutboxItem['kind'], string> = {
  upload: 'รูป/ไฟล์',
  note: 'บันทึกใหม่',
  'note-edit': 'แก้ไขบันทึก',
  comment: 'ความเห็น',
  aar: 'AAR',
  'aar-edit': 'แก้ไข AAR',
};

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export async function setUpOutboxPage(): Promise<void> {
  const account = pageAccount();
  const list = document.getElementById('outbox-list')!;
  const sendButton = document.getElementById('outbox-send') as HTMLButtonElement;
  const status = document.getElementById('outbox-status')!;
  if (!account) {
    document.getElementById('outbox-signed-out')!.hidden = false;
    return;
  }

  async function render(): Promise<void> {
    const all = await listItems(account!);
    const items = pendingItems(all);
    const title = items.length > 0 ? `รอส่ง ${items.length.toLocaleString('th-TH')} รายการ` : 'รอส่ง';
    document.getElementById('outbox-title')!.textContent = title;
    document.getElementById('outbox-empty')!.hidden = items.length > 0;
    sendButton.disabled = items.length === 0;
    list.replaceChildren(...items.map((item) => row(item, all)));
    const bytes = items.reduce((sum, item) => sum + item.bytes, 0);
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    const persisted = await navigator.storage?.persisted?.().catch(() => false);
    document.getElementById('outbox-space')!.textContent =
      `รายการรอส่งใช้พื้นที่ในเครื่อง ${sizeText(bytes)}` +
      (estimate?.usage !== undefined ? ` · เว็บนี้ใช้พื้นที่รวม ${sizeText(estimate.usage)}` : '') +
      (persisted ? ' · เบราว์เซอร์จะไม่ลบข้อมูลนี้เอง' : '');
    await recordPending(account!);
  }

  function row(item: OutboxItem, all: OutboxItem[]): HTMLLIElement {
    const li = document.createElement('li');
    li.className = 'outbox-item card';
    li.dataset.state = item.state;
    li.dataset.kind = item.kind;
    const head = document.createElement('p');
    const strong = document.createElement('strong');
    strong.textContent = item.label;
    head.append(`${KIND_TEXT[item.kind]}: `, strong, ` · ${sizeText(item.bytes)} · เขียนเมื่อ ${formatThaiDateTime(item.createdAt)}`);
    const state = document.createElement('p');
    state.className = 'outbox-state';
    const waitingOn = blockedBy(item, all).filter((dep) => dep.state === 'failed');
    state.textContent =
      STATE_TEXT[item.state] +
      (item.error ? ` — ${item.error}` : '') +
      (waitingOn.length > 0 ? ` — รอไฟล์ที่ส่งไม่สำเร็จ ${waitingOn.length} ไฟล์` : '');
    li.append(head, state);
    if (item.state === 'conflict' && item.kind === 'aar-edit') li.append(aarConflictLinks(item));
    else if (item.state === 'conflict') {
      const noteId = /\/api\/notes\/(\d+)/.exec(item.request.url)?.[1];
      const open = document.createElement('a');
      open.className = 'button';
      open.href = `/notes/${noteId}/edit?conflict=${encodeURIComponent(item.id)}`;
      open.textContent = 'เปิดเทียบสองฉบับ';
      li.append(open);
    }
    const actions = document.createElement('div');
    actions.className = 'comment-actions';
    if (item.state === 'failed' || item.state === 'waiting') {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.textContent = 'ลองส่งอีกครั้ง';
      retry.addEventListener('click', () => void retryItem(item.id));
      actions.append(retry);
    }
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'danger';
    discard.textContent = 'ทิ้งรายการนี้';
    discard.addEventListener('click', () => void discardItem(item));
    actions.append(discard);
    li.append(actions);
    return li;
  }

  /**
   * An AAR edit that met a newer AAR on the web: both are kept on the server, the web's as the AAR and
   * the device's as a draft AAR copy. The member opens them side by side and keeps the one they want.
   */
  function aarConflictLinks(item: OutboxItem): HTMLElement {
    const noteId = /\/api\/aar\/(\d+)/.exec(item.request.url)?.[1];
    const links = document.createElement('p');
    links.className = 'comment-actions';
    const web = Object.assign(document.createElement('a'), { className: 'button', href: `/notes/${noteId}`, textContent: 'ดูฉบับบนเว็บ' });
    links.append(web);
    if (item.conflict?.draftId) {
      const copy = Object.assign(document.createElement('a'), {
        className: 'button',
        href: `/aar/${item.conflict.draftId}/edit`,
        textContent: 'เปิดฉบับจากเครื่องนี้ (ฉบับร่าง)',
      });
      copy.dataset.conflictCopy = String(item.conflict.draftId);
      links.append(copy);
    }
    return links;
  }

  async function retryItem(id: string): Promise<void> {
    await updateItem(id, (it) => {
      it.state = 'waiting';
      delete it.error;
    });
    await sendNow();
  }

  async function discardItem(item: OutboxItem): Promise<void> {
    const what = item.kind === 'upload' ? `ไฟล์ "${item.label}"` : `"${item.label}"`;
    if (!window.confirm(`ทิ้ง${what} จากเครื่องนี้? งานนี้ยังไม่ถึงเว็บและจะกู้คืนไม่ได้`)) return;
    await removeItems([item.id]);
    await render();
  }

  async function sendNow(): Promise<void> {
    status.textContent = 'กำลังส่ง…';
    try {
      await requestSend(account!);
      status.textContent = '';
    } catch {
      status.textContent = 'ส่งไม่ได้ในตอนนี้ จะลองใหม่เองเมื่อมีสัญญาณ';
    }
    await render();
  }

  sendButton.addEventListener('click', () => void sendNow());
  try {
    new BroadcastChannel(OUTBOX_CHANNEL).onmessage = () => void render();
  } catch {
    window.addEventListener('focus', () => void render());
  }
  await render();
}
