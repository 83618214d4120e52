import { eventPath, parseEventId, requireEvent, setAttending } from '~/lib/server/event.ts';
import { formAction } from '~/lib/server/web/form-action.ts';

/** "ฉันเข้าร่วม" from the event page: form field action=attend|leave. */
export const POST = formAction(({ params, locals }, form) => {
  const event = requireEvent(parseEventId(params.id));
  setAttending(locals.user, event, form.action !== 'leave');
  return eventPath(event.id);
});
