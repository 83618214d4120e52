import type { APIRoute } from 'astro';
import { getAar, updateAar } from '~/lib/server/aar.ts';
import { aarInputSchema } from '~/lib/aar-validation.ts';
import { getNoteForViewer, parseNoteId } from '~/lib/server/note.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin, notFound } from '~/lib/server/errors.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** The structured fields of an AAR the viewer may read. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const note = getNoteForViewer(locals.user, parseNoteId(params.id));
  const aar = getAar(note.id);
  if (!aar) throw notFound('AAR นี้');
  return json({ id: note.id, url: absoluteUrl(notePath(note.id)), title: note.title, status: note.status, tags: note.tags, ...aar });
});

/** Replaces an AAR's fields (its author); the note keeps a revision of the previous text. */
export const PUT: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const id = parseNoteId(params.id);
  updateAar(locals.user, id, await readJsonBody(request, aarInputSchema), locals.clientIp);
  const note = getNoteForViewer(locals.user, id);
  return json({ id: note.id, url: absoluteUrl(notePath(note.id)), title: note.title, status: note.status, tags: note.tags, ...getAar(id) });
});
