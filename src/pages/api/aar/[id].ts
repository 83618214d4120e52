import type { APIRoute } from 'astro';
import { getAar } from '~/lib/server/aar.ts';
import { updateAarOrKeepCopy } from '~/lib/server/note-conflict.ts';
import { aarInputSchema } from '~/lib/aar-validation.ts';
import { getNoteForViewer, parseNoteId, type NoteDetail } from '~/lib/server/note.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';
import { KEEP_CONFLICT_HEADER, ifMatchCheck, noteEtag } from '~/lib/server/note-revision.ts';
import { needLogin, notFound } from '~/lib/server/errors.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** The structured fields of an AAR the viewer may read. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const note = getNoteForViewer(locals.user, parseNoteId(params.id));
  const aar = getAar(note.id);
  if (!aar) throw notFound('AAR นี้');
  return aarResponse(note);
});

/**
 * Replaces an AAR's fields (its author); the note keeps a revision of the previous text. With
 * `If-Match` naming an older revision: 412 `{error, current}` and nothing changes; with
 * `X-Keep-Conflict: 1` too, the sent AAR is kept as a draft copy (`conflictDraftId`), as for notes.
 */
export const PUT: APIRoute = idempotent(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const id = parseNoteId(params.id);
  const input = await readJsonBody(request, aarInputSchema);
  updateAarOrKeepCopy(locals.user, id, input, locals.clientIp, {
    ifRevision: ifMatchCheck(request.headers.get('if-match'), id),
    keepCopy: request.headers.get(KEEP_CONFLICT_HEADER) === '1',
  });
  return aarResponse(getNoteForViewer(locals.user, id));
});

/** The AAR's fields as JSON, with the ETag of the note's revision. */
function aarResponse(note: NoteDetail): Response {
  const body = {
    id: note.id,
    url: absoluteUrl(notePath(note.id)),
    title: note.title,
    status: note.status,
    tags: note.tags,
    revision: note.revision,
  };
  return json({ ...body, ...getAar(note.id) }, 200, { etag: noteEtag(note) });
}
