import { needLogin } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { openNotification } from '~/lib/server/notification.ts';

/** Marks the notification read and goes to the comment it is about. */
export const POST = formAction(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  return openNotification(locals.user.id, Number(params.id));
});
