import type { APIRoute } from 'astro';
import { createAar, listAars } from '~/lib/server/aar.ts';
import { aarInputSchema } from '~/lib/aar-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';
import { readListPosition } from '~/lib/list-position.ts';
import { idempotent } from '~/lib/server/web/idempotent.ts';

/** Published AARs: ?province=<code>&year=<Gregorian year>&page=<n> (or ?before=/?after=<note id>, as `older`/`newer` name them). */
export const GET: APIRoute = apiHandler(({ url }) => {
  const year = Number(url.searchParams.get('year'));
  const result = listAars(
    { provinceCode: url.searchParams.get('province') || undefined, year: Number.isInteger(year) && year > 0 ? year : undefined },
    readListPosition(url.searchParams),
  );
  return json({ ...result, items: result.items.map((item) => ({ ...item, url: absoluteUrl(notePath(item.id)) })) });
});

/** Creates an AAR (any signed-in member). Body: the fields of aarInputSchema; sub-groups, actions, presenters and caseStudies as arrays; eventId links it to an event. */
export const POST: APIRoute = idempotent(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { id } = createAar(locals.user, await readJsonBody(request, aarInputSchema), locals.clientIp);
  return json({ id, url: absoluteUrl(notePath(id)) }, 201, { location: notePath(id) });
});
