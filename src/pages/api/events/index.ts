import type { APIRoute } from 'astro';
import { createEvent, eventPath, listEvents } from '~/lib/server/event.ts';
import { eventInputSchema } from '~/lib/event-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** Events, newest date first. */
export const GET: APIRoute = apiHandler(() => json(listEvents().map((e) => ({ ...e, url: absoluteUrl(eventPath(e.id)) }))));

/** Creates an event {title, startDate, endDate?, provinceCode?, districtCode?, subdistrictCode?, venue?, hosts?, partners?, programme?, communitySlug?}. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { id } = createEvent(locals.user, await readJsonBody(request, eventInputSchema));
  return json({ id, url: absoluteUrl(eventPath(id)) }, 201, { location: eventPath(id) });
});
