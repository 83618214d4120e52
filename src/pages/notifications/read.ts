import { needLogin } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { markRead } from '~/lib/server/notification.ts';

/** Marks every notification of the signed-in user read. */
export const POST = formAction(({ locals }) => {
  if (!locals.user) throw needLogin();
  markRead(locals.user.id);
  return '/notifications';
});
