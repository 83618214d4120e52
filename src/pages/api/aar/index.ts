import type { APIRoute } from 'astro';
import { createAar, listAars } from '~/lib/server/aar.ts';
import { aarInputSchema } from '~/lib/aar-validation.ts';
import { apiHandler, json, readJsonBody } from '~/lib/server/web/http.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { notePath } from '~/lib/paths.ts';
import { absoluteUrl } from '~/lib/server/site.ts';

/** Published AARs: ?province=<code>&year=<Gregorian year>&page=<n>. */
export const GET: APIRoute = apiHandler(({ url }) => {
  const year = Number(url.searchParams.get('year'));
  const result = listAars({ provinceCode: url.searchParams.get('province') || undefined, year: Number.isInteger(year) && year > 0 ? year : undefined },
    Number(url.searchParams.get('page') ?? '1'));
  return json({ ...result, items: result.items.map((item) => ({ ...item, url: absoluteUrl(notePath(item.id)) })) });
});

/** Creates an AAR (organiser or above). Body: the fields of aarInputSchema, sub-groups and actions as arrays. */
export const POST: APIRoute = apiHandler(async ({ request, locals }) => {
  if (!locals.user) throw needLogin();
  const { id } = createAar(locals.user, await readJsonBody(request, aarInputSchema), locals.clientIp);
  return json({ id, url: absoluteUrl(notePath(id)) }, 201, { location: notePath(id) });
});
