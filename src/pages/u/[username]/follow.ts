import { setFollowingUser } from '~/lib/server/follow.ts';
import { notFound } from '~/lib/server/errors.ts';
import { formPost } from '~/lib/server/web/form-post.ts';
import { getUserByUsername } from '~/lib/server/user.ts';
import { userPath } from '~/lib/paths.ts';

/** Follow or unfollow a person (form field action=follow|unfollow). */
export const POST = formPost(({ params, locals }, form) => {
  const person = getUserByUsername(params.username ?? '');
  if (!person) throw notFound('สมาชิกชื่อนี้');
  setFollowingUser(locals.user, person.id, form.action !== 'unfollow');
  return userPath(person.username);
});
