import { NOTIFICATION_KINDS } from '~db/schema.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { setMutedKinds } from '~/lib/server/notification.ts';

/** Checkboxes notify-<kind>: an unchecked kind is turned off. */
export const POST = formPost(({ locals }, form) => {
  if (!locals.user) throw needLogin();
  setMutedKinds(locals.user.id, NOTIFICATION_KINDS.filter((kind) => form[`notify-${kind}`] !== 'on'));
  return '/notifications?saved=1';
});
