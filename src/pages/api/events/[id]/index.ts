import type { APIRoute } from 'astro';
import {
  countAttendees,
  countEventNotes,
  eventPath,
  getEventCommunity,
  isAttending,
  parseEventId,
  requireEvent,
  updateEvent,
  type EventRow,
} from '~/lib/server/event.ts';
import { eventPatchSchema } from '~/lib/event-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

function toJson(event: EventRow, userId: number | undefined) {
  const community = getEventCommunity(event);
  return {
    id: event.id,
    url: absoluteUrl(eventPath(event.id)),
    title: event.title,
    startDate: event.startDate,
    endDate: event.endDate,
    provinceCode: event.provinceCode,
    provinceName: event.provinceName,
    districtCode: event.districtCode,
    districtName: event.districtName,
    subdistrictCode: event.subdistrictCode,
    subdistrictName: event.subdistrictName,
    venue: event.venue,
    hosts: event.hosts,
    partners: event.partners,
    programme: event.programmeMarkdown,
    programmeHtml: event.programmeHtml,
    officialAarId: event.officialAarId,
    communitySlug: community?.slug ?? null,
    counts: { ...countEventNotes(event.id), attendees: countAttendees(event.id) },
    attending: isAttending(userId, event.id),
  };
}

export const GET: APIRoute = apiHandler(({ params, locals }) => json(toJson(requireEvent(parseEventId(params.id)), locals.user?.id)));

/** An event manager edits the event. */
export const PATCH: APIRoute = apiHandler(async ({ params, request, locals }) => {
  if (!locals.user) throw needLogin();
  const event = requireEvent(parseEventId(params.id));
  return json(toJson(updateEvent(locals.user, event, await readJsonBody(request, eventPatchSchema)), locals.user.id));
});
