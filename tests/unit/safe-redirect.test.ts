/** More open-redirect tricks for safeRedirectPath (the basic table is in password-and-limits.test.ts). */
import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '~/lib/paths.ts';

describe('safeRedirectPath refuses every way to name another host', () => {
  it.each([
    '/.//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/./\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'http:evil.example',
    'HTTPS://EVIL.EXAMPLE',
    '//evil.example@banthuek.example',
    ' //evil.example',
    '%2F%2Fevil.example',
    'data:text/html,x',
    'vbscript:x',
    '/\r\n/evil.example',
    '/\u0000/evil.example',
  ])('%j → /', (input) => {
    expect(safeRedirectPath(input)).toBe('/');
  });

  it.each([
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'], // one encoded path segment on this site, not a host
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/notes/5?page=2#comments', '/notes/5?page=2#comments'],
    ['/a/../settings', '/settings'],
  ])('%j stays on this site as %j', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });
});
