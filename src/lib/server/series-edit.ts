/**
 * The series edit page's buttons as one function: move a part up or down, remove it, add a note,
 * save title and description, delete the series. Each is a plain form post (works without JS).
 */
import { listNotesByAuthor } from './note.ts';
import { deleteSeries, listPartIds, updateSeries } from './series.ts';
import { parseWith } from './web/http.ts';
import { seriesPatchSchema } from '../series-validation.ts';
import { DomainError } from './errors.ts';
import type { SessionUser } from './user.ts';

/** The parts' order after a move of `noteId` by `step` (-1 up, +1 down); unchanged at either end. */
export function moveInOrder(ids: number[], noteId: number, step: -1 | 1): number[] {
  const at = ids.indexOf(noteId);
  const to = at + step;
  if (at === -1 || to < 0 || to >= ids.length) return ids;
  const next = [...ids];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}

/** Runs one button of the edit page; returns false when the series was deleted. */
export function applySeriesEdit(user: SessionUser | null, seriesId: number, form: Record<string, string>): boolean {
  const noteId = Number(form.noteId);
  const ids = listPartIds(seriesId);
  switch (form.action) {
    case 'details':
      updateSeries(user, seriesId, parseWith(seriesPatchSchema, { title: form.title, description: form.description }));
      return true;
    case 'up':
    case 'down':
      updateSeries(user, seriesId, { noteIds: moveInOrder(ids, noteId, form.action === 'up' ? -1 : 1) });
      return true;
    case 'remove':
      updateSeries(user, seriesId, { noteIds: ids.filter((id) => id !== noteId) });
      return true;
    case 'add':
      if (!Number.isSafeInteger(noteId) || noteId <= 0) throw new DomainError(400, 'กรุณาเลือกบันทึกที่จะเพิ่ม', { noteId: 'กรุณาเลือกบันทึกที่จะเพิ่ม' });
      updateSeries(user, seriesId, { noteIds: ids.includes(noteId) ? ids : [...ids, noteId] });
      return true;
    case 'delete':
      deleteSeries(user, seriesId);
      return false;
    default:
      throw new DomainError(400, 'ไม่รู้จักคำสั่งนี้ กรุณาลองกดปุ่มอีกครั้ง');
  }
}

/** The author's notes that may be added (newest 200, drafts included: a part may be published later). */
export function listAddableNotes(authorId: number, partIds: number[]): { id: number; title: string }[] {
  const inSeries = new Set(partIds);
  return listNotesByAuthor(authorId, 1, { includeDrafts: true, perPage: 200 })
    .items.filter((n) => !inSeries.has(n.id))
    .map((n) => ({ id: n.id, title: n.title }));
}
