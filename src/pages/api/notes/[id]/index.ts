import type { APIRoute } from 'astro';
import { deleteNote, getNoteForViewer, getNoteRow, parseNoteId, updateNote, type NoteDetail } from '~/lib/server/note.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { DomainError, needLogin } from '~/lib/server/errors.ts';
import { notePatchSchema } from '~/lib/validation.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** The public JSON shape of a note. */
function toJson(note: NoteDetail) {
  return {
    id: note.id,
    url: absoluteUrl(notePath(note.id)),
    kind: note.kind,
    acceptedAnswerId: note.acceptedAnswerId,
    title: note.title,
    body: note.bodyMarkdown,
    html: note.bodyHtml,
    excerpt: note.excerpt,
    tags: note.tags,
    licence: note.licence,
    status: note.status,
    eventId: note.eventId,
    author: { username: note.author.username, displayName: note.author.displayName },
    commentCount: note.commentCount,
    publishedAt: note.publishedAt?.toISOString() ?? null,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  };
}

export const GET: APIRoute = apiHandler(({ params, locals }) => json(toJson(getNoteForViewer(locals.user, parseNoteId(params.id)))));

export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const id = parseNoteId(params.id);
  const patch = await readJsonBody(request, notePatchSchema);
  // An AAR's title and body are generated from its structured fields; editing them here would split the two.
  if ((patch.title !== undefined || patch.body !== undefined) && getNoteRow(id)?.kind === 'aar') {
    throw new DomainError(409, `ชื่อและเนื้อหาของ AAR แก้ไขได้ที่หน้าแก้ไข AAR (/aar/${id}/edit หรือ PUT /api/aar/${id})`);
  }
  updateNote(locals.user, id, patch, locals.clientIp);
  return json(toJson(getNoteForViewer(locals.user, id)));
});

export const DELETE: APIRoute = apiHandler(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  deleteNote(locals.user, parseNoteId(params.id));
  return json({ ok: true });
});
