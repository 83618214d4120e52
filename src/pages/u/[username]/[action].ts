import { formAction } from '~/lib/server/web/form-action.ts';
import { notFound } from '~/lib/server/errors.ts';
import { setUserSuspended } from '~/lib/server/moderation.ts';
import { getUserByUsername } from '~/lib/server/user.ts';
import { userPath } from '~/lib/paths.ts';

/** Moderator's buttons on a profile: POST /u/<name>/suspend or /u/<name>/unsuspend. */
export const POST = formAction(
  ({ params, locals }) => {
    const target = getUserByUsername(params.username ?? '');
    if (!target || (params.action !== 'suspend' && params.action !== 'unsuspend')) throw notFound('บัญชีผู้ใช้นี้');
    setUserSuspended(locals.user, target.id, params.action === 'suspend');
    return userPath(target.username);
  },
  { readsBody: false },
);
