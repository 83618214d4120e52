import { formAction } from '~/lib/server/web/form-action.ts';
import { deleteUpload } from '~/lib/server/upload/store.ts';

/** Deletes one of the member's uploads from the settings list (asked first at /confirm); DELETE /api/uploads/<id> for scripts. */
export const POST = formAction(({ locals, params }) => {
  deleteUpload(locals.user, String(params.id ?? ''));
  return '/settings?saved=upload-deleted#uploads';
});
