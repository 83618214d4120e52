import type { APIRoute } from 'astro';
import { getAar } from '~/lib/server/aar.ts';
import { getNoteForViewer, parseNoteId } from '~/lib/server/note.ts';
import { apiHandler, json } from '~/lib/server/http.ts';
import { notFound } from '~/lib/server/errors.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** The structured fields of an AAR the viewer may read. */
export const GET: APIRoute = apiHandler(({ params, locals }) => {
  const note = getNoteForViewer(locals.user, parseNoteId(params.id));
  const aar = getAar(note.id);
  if (!aar) throw notFound('AAR นี้');
  return json({ id: note.id, url: absoluteUrl(notePath(note.id)), title: note.title, status: note.status, tags: note.tags, ...aar });
});
