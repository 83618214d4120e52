import { formAction } from '~/lib/server/web/form-action.ts';
import { removeAvatar } from '~/lib/server/upload/avatar.ts';

/** Removes the profile photo (asked first at /confirm); initials show again. */
export const POST = formAction(({ locals }) => {
  removeAvatar(locals.user);
  return '/settings?saved=avatar-removed#avatar';
});
