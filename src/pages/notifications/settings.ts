import { NOTIFICATION_KINDS } from '~db/schema.ts';
import { needLogin } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { setMutedKinds } from '~/lib/server/notification.ts';

/** Checkboxes notify-<kind>: an unchecked kind is turned off. */
export const POST = formAction(({ locals }, form) => {
  if (!locals.user) throw needLogin();
  setMutedKinds(
    locals.user.id,
    NOTIFICATION_KINDS.filter((kind) => form[`notify-${kind}`] !== 'on'),
  );
  return '/notifications?saved=1';
});
