import { needLogin } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { MAIL_KINDS } from '~/lib/server/mail/kinds.ts';
import { setMailSettings } from '~/lib/server/mail/settings.ts';
import { resendEmailVerification } from '~/lib/server/mail/verification.ts';

/** The settings page's mail form: a select mail-<kind> per kind, or action=verify to resend the link. */
export const POST = formAction(({ locals }, form) => {
  if (!locals.user) throw needLogin();
  if (form.action === 'verify') {
    resendEmailVerification(locals.user.id);
    return '/settings?saved=verify#mail';
  }
  setMailSettings(
    locals.user.id,
    Object.fromEntries(MAIL_KINDS.filter((k) => form[`mail-${k}`] !== undefined).map((k) => [k, form[`mail-${k}`]])),
  );
  return '/settings?saved=mail#mail';
});
