import { needLogin } from '~/lib/server/errors.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { openNotification } from '~/lib/server/notification.ts';

/** Marks the notification read and goes to the comment it is about. */
export const POST = formPost(({ params, locals }) => {
  if (!locals.user) throw needLogin();
  return openNotification(locals.user.id, Number(params.id));
});
