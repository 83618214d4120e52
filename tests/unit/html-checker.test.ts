/** The checker the XSS and CSP tests rely on must itself catch what it claims to. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findUnsafeMarkup } from '../helpers/html.ts';

describe('findUnsafeMarkup', () => {
  it("allows a <style> only when the page's CSP names its sha256 (the build's inlined stylesheet)", () => {
    const page = '<!doctype html><html><head><style>p{color:red}</style></head><body></body></html>';
    const hash = createHash('sha256').update('p{color:red}').digest('base64');
    expect(findUnsafeMarkup(page, `style-src 'self' 'sha256-${hash}'`)).toEqual([]);
    expect(findUnsafeMarkup(page, "style-src 'self'")).toEqual(['<style> element']);
    expect(findUnsafeMarkup(page.replace('red', 'blue'), `style-src 'self' 'sha256-${hash}'`)).toEqual(['<style> element']);
  });

  it.each([
    '<script>alert(1)</script>',
    '<style>p{}</style>',
    '<p style="color:red">x</p>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="  java\tscript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<iframe src="https://evil.example"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<template><img src=x onerror=alert(1)></template>',
  ])('flags %s', (html) => {
    expect(findUnsafeMarkup(`<!doctype html><html><body>${html}</body></html>`)).not.toEqual([]);
  });

  it.each([
    '<script type="module" src="/_astro/x.js"></script>',
    '<a href="https://example.com" rel="nofollow ugc noopener">x</a>',
    '<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>',
    '<img src="/uploads/a.webp" alt="javascript:">',
  ])('passes %s', (html) => {
    expect(findUnsafeMarkup(`<!doctype html><html><body>${html}</body></html>`)).toEqual([]);
  });
});
