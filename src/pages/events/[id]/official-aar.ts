import { eventPath, parseEventId, requireEvent, setOfficialAar } from '~/lib/server/event.ts';
import { officialAarSchema } from '~/lib/event-validation.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { parseWith } from '~/lib/server/web/http.ts';

/** An event manager marks the organisers' official AAR (form field noteId; empty clears it). */
export const POST = formPost(({ params, locals }, form) => {
  const event = requireEvent(parseEventId(params.id));
  setOfficialAar(locals.user, event, parseWith(officialAarSchema, form).noteId);
  return eventPath(event.id);
});
