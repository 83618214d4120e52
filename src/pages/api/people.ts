import type { APIRoute } from 'astro';
import { apiHandler, json } from '~/lib/server/web/http.ts';
import { listPeople } from '~/lib/server/people.ts';
import { parseDirectoryQuery } from '~/lib/people-validation.ts';
import { avatarUrl } from '~/lib/avatar.ts';

/**
 * The people directory as JSON (same query as /people):
 * `{items: [{username, displayName, organisation, province, expertise, noteCount, avatarUrl}], page, pageCount}`
 * (`avatarUrl`: the 96 px profile photo, null while the member shows initials).
 * Members who hid themselves and suspended accounts are never listed; email is never included.
 */
export const GET: APIRoute = apiHandler(({ url }) => {
  const { items, page, pageCount } = listPeople(parseDirectoryQuery(url.searchParams));
  return json({
    items: items.map(({ username, displayName, organisation, province, expertise, noteCount, avatarUploadId }) => ({
      username,
      displayName,
      organisation,
      province,
      expertise,
      noteCount,
      avatarUrl: avatarUploadId ? avatarUrl(avatarUploadId) : null,
    })),
    page,
    pageCount,
  });
});
