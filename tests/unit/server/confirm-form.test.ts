/** The one confirm-first form (issue 22): ConfirmForm.astro and the fast-path renderers both come here. */
import { describe, expect, it } from 'vitest';
import { html } from '~/lib/html.ts';
import { confirmFormHtml } from '~/lib/server/web/confirm-form.ts';

describe('confirmFormHtml', () => {
  it('asks /confirm first, carrying the action, with only the attributes given', () => {
    expect(confirmFormHtml('/notes/3/delete', 'ลบบันทึก').value).toBe(
      '<form method="get" action="/confirm" class="inline-form" data-confirm><input type="hidden" name="do" value="/notes/3/delete"><button type="submit">ลบบันทึก</button></form>',
    );
    const full = confirmFormHtml('/communities/a/leave?x="1"', 'ออก', {
      buttonClass: 'danger',
      id: 'leave',
      hiddenLabel: 'จากชุมชน <b>',
      fields: html`<input name="to" value="${'"q'}">`,
    }).value;
    expect(full).toContain('value="/communities/a/leave?x=&quot;1&quot;"');
    expect(full).toContain('<input name="to" value="&quot;q"><button type="submit" class="danger" id="leave">ออก');
    expect(full).toContain('<span class="visually-hidden"> จากชุมชน &lt;b&gt;</span></button>');
  });
});
