import { needLogin } from '~/lib/server/errors.ts';
import { formAction } from '~/lib/server/web/form-action.ts';
import { acceptPrivacyNotice, setConsents } from '~/lib/server/consent.ts';
import { OPTIONAL_PURPOSES } from '~/lib/privacy.ts';
import { safeRedirectPath } from '~/lib/paths.ts';

/**
 * The consent switches (settings and the notice prompt): a checkbox consent-<purpose> per optional
 * purpose, ticked = yes; action=notice also records that the current notice was read.
 */
export const POST = formAction(({ locals }, form) => {
  if (!locals.user) throw needLogin();
  if (form.action === 'notice') acceptPrivacyNotice(locals.user.id, 'notice');
  setConsents(
    locals.user.id,
    Object.fromEntries(OPTIONAL_PURPOSES.map((p) => [p, form[`consent-${p}`] === 'on'])),
    form.action === 'notice' ? 'notice' : 'settings',
  );
  return form.next ? safeRedirectPath(form.next) : '/settings?saved=consents#consents';
});
