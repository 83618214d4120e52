/**
 * HTML is built only through the escaping `html` tag or Astro components (issue 22): no module
 * pastes `escapeHtml(...)` results into strings of its own, where one forgotten call is an XSS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { html } from '../../src/lib/html.ts';
import { buildExcerpt } from '../../src/lib/search/excerpt.ts';
import { avatarHtml } from '../../src/lib/avatar.ts';
import { composeVerificationMail } from '../../src/lib/server/mail/compose.ts';
import { renderStatusPage } from '../../src/lib/server/web/status-page.ts';

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|astro)$/.test(path) ? [path] : [];
  });

describe('HTML only through the html tag', () => {
  it('no source but html.ts calls escapeHtml', () => {
    const callers = sources('src').filter(
      (path) => !path.endsWith(join('lib', 'html.ts')) && /\bescapeHtml\(/.test(readFileSync(path, 'utf8')),
    );
    expect(callers).toEqual([]);
  });

  it('what those builders put in is escaped', async () => {
    const evil = '<img src=x onerror=alert(1)>"&';
    expect(buildExcerpt(`ก่อน ${evil} หลัง`, [[0, 4]])).not.toContain('<img');
    expect(buildExcerpt(`ก่อน ${evil} หลัง`, [[0, 4]])).toContain('<mark>ก่อน</mark>');
    expect(avatarHtml({ username: 'a', displayName: evil })).not.toContain('<img');
    expect(avatarHtml({ username: 'a', displayName: evil, avatarUploadId: 'abc' })).toContain('alt="รูปของ &lt;img');
    expect(composeVerificationMail(evil, 'https://example.com/v?a=1&b="2"', 24).html).not.toMatch(/<img|b="2"/);
    expect(await renderStatusPage(400, evil).text()).not.toContain('<img');
    expect(html`<p>${evil}</p>`.value).toBe('<p>&lt;img src=x onerror=alert(1)&gt;&quot;&amp;</p>');
  });
});
