/**
 * A comment (or reply) sent with no signal goes into the device outbox instead of into a dead
 * connection, and is posted once when the signal returns (POST /api/notes/<id>/comments with its
 * Idempotency-Key). The note page loads this only when a comment form is submitted offline.
 */
import { queueRequest, requestSend } from './queue.ts';

export async function queueComment(form: HTMLFormElement, account: string): Promise<void> {
  const noteId = /^\/notes\/(\d+)/.exec(new URL(form.action).pathname)?.[1];
  const body = (form.elements.namedItem('body') as HTMLTextAreaElement | null)?.value ?? '';
  const parentId = Number((form.elements.namedItem('parentId') as HTMLInputElement | null)?.value) || undefined;
  if (!noteId || !body.trim()) return;
  await queueRequest(account, 'comment', body.slice(0, 60), {
    method: 'POST',
    url: `/api/notes/${noteId}/comments`,
    json: { body, ...(parentId ? { parentId } : {}) },
  });
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.setAttribute('role', 'status');
  notice.innerHTML = 'ยังไม่มีสัญญาณ ความเห็นนี้เก็บไว้ในเครื่องแล้ว และจะส่งเองครั้งเดียวเมื่อกลับมาออนไลน์ <a href="/outbox">ดูรายการรอส่ง</a>';
  form.replaceWith(notice);
  void requestSend(account).catch(() => undefined);
}
