import { describe, expect, it } from 'vitest';
import { trustedProxyHops } from '~/lib/server/web/request-guard.ts';
import { clientAddress, decodePath } from '~/lib/server/web/request-headers.ts';

describe('client address behind proxies', () => {
  it.each([
    // [TRUST_PROXY, X-Forwarded-For, expected]
    [undefined, '203.0.113.9', '10.0.0.1'],
    ['0', '203.0.113.9', '10.0.0.1'],
    ['1', undefined, '10.0.0.1'],
    ['1', '203.0.113.9', '203.0.113.9'],
    // A client that sends its own X-Forwarded-For through our one proxy cannot choose its address.
    ['1', '1.2.3.4, 203.0.113.9', '203.0.113.9'],
    ['true', '1.2.3.4,203.0.113.9', '203.0.113.9'],
    ['2', '1.2.3.4, 203.0.113.9, 198.51.100.2', '203.0.113.9'],
    ['3', '203.0.113.9', '203.0.113.9'],
    ['yes', '203.0.113.9', '10.0.0.1'],
    ['1', '2001:db8::7', '2001:db8::7'],
  ])('TRUST_PROXY=%s, X-Forwarded-For=%s → %s', (trust, forwarded, expected) => {
    expect(clientAddress(forwarded, '10.0.0.1', trustedProxyHops(trust))).toBe(expected);
  });

  it.each([
    ['an empty header', ''],
    ['only commas', ' , ,, '],
    ['a log-line injection', '203.0.113.9\nGET /admin 200'],
    ['markup', '<script>alert(1)</script>'],
    ['a host name', 'evil.example'],
    ['an address with a port', '203.0.113.9:4444'],
    ['a header too long to be real', `${'1.2.3.4,'.repeat(1_000)}203.0.113.9`],
  ])('ignores %s and keeps the socket address', (_what, forwarded) => {
    expect(clientAddress(forwarded, '10.0.0.1', 1)).toBe('10.0.0.1');
  });

  it('joins a header sent twice, as Node hands it over', () => {
    expect(clientAddress(['1.2.3.4', '203.0.113.9'], '10.0.0.1', 1)).toBe('203.0.113.9');
  });

  it('says "unknown" when the socket has no address either', () => {
    expect(clientAddress('nonsense', undefined, 1)).toBe('unknown');
    expect(clientAddress(null, undefined, 0)).toBe('unknown');
  });
});

describe('path decoding', () => {
  it.each([
    ['/notes/%E0%B8%81', '/notes/ก'],
    ['/plain', '/plain'],
  ])('decodes %s', (path, expected) => expect(decodePath(path)).toBe(expected));

  it.each(['/%', '/%E0%A4', '/%ZZ', '/%C0%AF'])('refuses malformed %s without throwing', (path) => {
    expect(decodePath(path)).toBeUndefined();
  });
});
