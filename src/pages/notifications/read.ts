import { needLogin } from '~/lib/server/errors.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { markRead } from '~/lib/server/notification.ts';

/** Marks every notification of the signed-in user read. */
export const POST = formPost(({ locals }) => {
  if (!locals.user) throw needLogin();
  markRead(locals.user.id);
  return '/notifications';
});
