import { describe, expect, it } from 'vitest';
import { resolveClientAddress, trustedProxyHops } from '~/lib/server/web/request-guard.ts';

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
  ])('TRUST_PROXY=%s, X-Forwarded-For=%s → %s', (trust, forwarded, expected) => {
    expect(resolveClientAddress('10.0.0.1', forwarded, trustedProxyHops(trust))).toBe(expected);
  });
});
