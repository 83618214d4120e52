/**
 * "Never render inside a write transaction: render first, then write." Every Markdown render is watched:
 * if the database connection is inside a transaction while it runs, the write lock is held for the render.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFreshDatabase } from '../helpers/database.ts';
import { workshopAar, KHON_KAEN } from '../helpers/km.ts';
import { getDb } from '~db/client.ts';
import { createUser, toSessionUser, type SessionUser } from '~/lib/server/user.ts';
import { createNote, updateNote } from '~/lib/server/note.ts';
import { createComment, updateComment } from '~/lib/server/comment.ts';
import { createAar, updateAar } from '~/lib/server/aar.ts';
import { createEvent, getEvent, updateEvent } from '~/lib/server/event.ts';
import { rerenderQueuedMarkdown } from '~/lib/server/data-migrations.ts';
import { listDistricts, listProvinces } from '~/lib/server/places.ts';
import { aarInputSchema } from '~/lib/aar-validation.ts';

/** Whether the connection was in a transaction at each render, filled by the wrapped renderers. */
const renders = vi.hoisted(() => ({ inTransaction: [] as boolean[], check: undefined as undefined | (() => boolean) }));
vi.mock('~/lib/markdown.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('~/lib/markdown.ts')>();
  const watched =
    <A extends unknown[], R>(render: (...args: A) => R) =>
    (...args: A): R => {
      if (renders.check) renders.inTransaction.push(renders.check());
      return render(...args);
    };
  return {
    ...actual,
    renderNoteMarkdown: watched(actual.renderNoteMarkdown),
    renderCommentMarkdown: watched(actual.renderCommentMarkdown),
  };
});

let cleanup: () => void;
let author: SessionUser;
const IP = '192.0.2.9';
beforeEach(async () => {
  cleanup = useFreshDatabase();
  renders.check = () => getDb().$client.inTransaction;
  renders.inTransaction.length = 0;
  author = toSessionUser(
    await createUser({
      username: 'writer',
      password: 'password-1234',
      displayName: 'นักเขียน',
      email: null,
      organisation: null,
      province: null,
    }),
  );
});
afterEach(() => {
  renders.check = undefined;
  cleanup();
});

/** Runs `action`, then expects it rendered at least once and never inside a transaction. */
function expectRenderedOutside(action: () => unknown) {
  renders.inTransaction.length = 0;
  action();
  expect(renders.inTransaction.length).toBeGreaterThan(0);
  expect(renders.inTransaction.every((inside) => !inside)).toBe(true);
}

function khonKaen() {
  const province = listProvinces().find((p) => p.name === KHON_KAEN.provinceName)!;
  const district = listDistricts(province.code)!.find((d) => d.name === KHON_KAEN.districtName)!;
  const subdistrict = district.subdistricts.find((s) => s.name === KHON_KAEN.subdistrictName)!;
  return { provinceCode: province.code, districtCode: district.code, subdistrictCode: subdistrict.code };
}

describe('Markdown renders before the write transaction', () => {
  it('notes and comments, created and edited', () => {
    let noteId = 0;
    expectRenderedOutside(() => {
      noteId = createNote(author, { title: 'บันทึก', body: '**หนา**', tags: [], licence: 'cc-by-4.0', status: 'published' }, 'note', IP).id;
    });
    expectRenderedOutside(() => updateNote(author, noteId, { body: '_เอียง_' }, IP));
    let commentId = 0;
    expectRenderedOutside(() => {
      commentId = createComment(author, noteId, { body: 'ความเห็น', parentId: null }, IP).id;
    });
    expectRenderedOutside(() => updateComment(author, commentId, 'แก้ความเห็น', IP));
  });

  it('AARs, created and edited', () => {
    const input = aarInputSchema.parse(workshopAar(khonKaen()));
    let id = 0;
    expectRenderedOutside(() => {
      id = createAar(author, input, IP).id;
    });
    expectRenderedOutside(() => updateAar(author, id, { ...input, eventTitle: 'เวทีถอดบทเรียน ฉบับแก้' }, IP));
    expect(getDb().$client.prepare('SELECT event_title FROM aar_reports WHERE note_id = ?').pluck().get(id)).toBe('เวทีถอดบทเรียน ฉบับแก้');
  });

  it('event programmes, created and edited', () => {
    let id = 0;
    expectRenderedOutside(() => {
      id = createEvent(author, {
        title: 'เวที',
        startDate: '2026-03-12',
        programme: '- 09:00 เปิดเวที',
        provinceCode: '',
        districtCode: '',
        subdistrictCode: '',
      } as never).id;
    });
    expectRenderedOutside(() => updateEvent(author, getEvent(id)!, { programme: '- 10:00 แบ่งกลุ่ม' }));
    expect(getEvent(id)!.programmeHtml).toContain('แบ่งกลุ่ม');
  });

  it('the queued re-render after Markdown rules change', () => {
    const { id } = createNote(
      author,
      { title: 'บันทึก', body: 'บรรทัดหนึ่ง\nบรรทัดสอง', tags: [], licence: 'cc-by-4.0', status: 'published' },
      'note',
      IP,
    );
    getDb().$client.prepare("UPDATE notes SET body_html = '<p>เก่า</p>' WHERE id = ?").run(id);
    getDb().$client.prepare("INSERT INTO markdown_rerenders (target_type, target_id) VALUES ('note', ?)").run(id);
    expectRenderedOutside(() => expect(rerenderQueuedMarkdown()).toBe(1));
    expect(getDb().$client.prepare('SELECT body_html FROM notes WHERE id = ?').pluck().get(id)).toContain('บรรทัดสอง');
  });
});
