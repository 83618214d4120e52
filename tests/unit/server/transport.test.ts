import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, compress, isCompressible, MIN_COMPRESS_BYTES } from '../../../src/server/compression.ts';
import { sessionToken } from '../../../src/server/session-token.ts';
import { SESSION_COOKIE_NAME } from '~/lib/server/session.ts';

describe('compression negotiation', () => {
  it.each([
    ['br, gzip', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['*', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.0, gzip;q=0', null],
    ['br;q=0.5', 'br'],
    ['identity', null],
    ['', null],
    [undefined, null],
  ])('Accept-Encoding %j gives %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });

  it('compresses text worth it and nothing else', () => {
    expect(isCompressible('text/html; charset=utf-8', MIN_COMPRESS_BYTES)).toBe(true);
    expect(isCompressible('application/json', MIN_COMPRESS_BYTES)).toBe(true);
    expect(isCompressible('text/html', MIN_COMPRESS_BYTES - 1)).toBe(false);
    expect(isCompressible('image/png', 1e6)).toBe(false);
    expect(isCompressible(undefined, 1e6)).toBe(false);
  });

  it('round-trips both encodings at every effort', () => {
    const body = Buffer.from('บันทึกความรู้ '.repeat(500));
    for (const effort of ['fast', 'often', 'once'] as const) {
      expect(brotliDecompressSync(compress(body, 'br', effort))).toEqual(body);
      expect(gunzipSync(compress(body, 'gzip', effort))).toEqual(body);
    }
  });
});

describe('session cookie parsing', () => {
  const request = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;

  it.each([
    [`${SESSION_COOKIE_NAME}=abc.def`, 'abc.def'],
    [`theme=dark; ${SESSION_COOKIE_NAME}=abc.def; lang=th`, 'abc.def'],
    [`  ${SESSION_COOKIE_NAME} = abc%2Edef `, 'abc.def'],
    [`x${SESSION_COOKIE_NAME}=forged`, undefined],
    [`other=${SESSION_COOKIE_NAME}=forged`, undefined],
    [`${SESSION_COOKIE_NAME}=%E0%A4`, '%E0%A4'], // malformed escapes: kept raw, as Astro's cookie parser does (no crash)
    ['', undefined],
    [undefined, undefined],
  ])('Cookie %j gives %j', (cookie, expected) => {
    expect(sessionToken(request(cookie))).toBe(expected);
  });

  it('takes the first of two session cookies (as Astro does)', () => {
    expect(sessionToken(request(`${SESSION_COOKIE_NAME}=first; ${SESSION_COOKIE_NAME}=second`))).toBe('first');
  });
});
