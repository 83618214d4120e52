import { eventPath, parseEventId, requireEvent, setAttending } from '~/lib/server/event.ts';
import { formPost } from '~/lib/server/web/form-post.ts';

/** "ฉันเข้าร่วม" from the event page: form field action=attend|leave. */
export const POST = formPost(({ params, locals }, form) => {
  const event = requireEvent(parseEventId(params.id));
  setAttending(locals.user, event, form.action !== 'leave');
  return eventPath(event.id);
});
