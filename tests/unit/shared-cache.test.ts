/**
 * The rules behind CDN-ready pages, in isolation: what a cached page sends, when If-None-Match
 * matches, and that a response setting a cookie never gets an ETag or a shared lifetime.
 */
import { sessionToken } from '../../src/server/session-token.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BufferedResponse } from '../../src/server/buffered-response.ts';
import { lookupPage, storePage } from '../../src/server/page-cache.ts';
import { contentTag, matchesIfNoneMatch, sendCachedPage, SHARED_CACHE_CONTROL } from '../../src/server/shared-cache.ts';
import { useFreshDatabase } from '../helpers/database.ts';
import { createUser, toSessionUser } from '~/lib/server/user.ts';
import { createNote } from '~/lib/server/note.ts';

/** The page cache lookup as the server makes it: with the session cookie parsed once. */
const lookupFor = (req: IncomingMessage, pathname: string, search: string) => lookupPage(req, pathname, search, sessionToken(req));

const html = (text: string): BufferedResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(`<p>${text}</p>`.repeat(200)),
  variants: {},
});
const requestWith = (headers: Record<string, string>) => ({ method: 'GET', headers }) as unknown as IncomingMessage;

/** Records what the server would send. */
function recorder() {
  const sent = { status: 0, headers: {} as OutgoingHttpHeaders, body: undefined as Buffer | undefined };
  const res = {
    setHeader: (name: string, value: string) => {
      sent.headers[name.toLowerCase()] = value;
    },
    writeHead: (status: number) => {
      sent.status = status;
    },
    end: (body?: Buffer) => {
      sent.body = body;
    },
  } as unknown as ServerResponse;
  return { res, sent };
}

describe('If-None-Match', () => {
  const tag = contentTag(Buffer.from('page'));
  it('matches the tag in any encoding, weak or strong, in a list, or *', () => {
    for (const header of [`"${tag}"`, `"${tag}-br"`, `W/"${tag}-gzip"`, `"other", "${tag}-br"`, '*']) {
      expect(matchesIfNoneMatch(requestWith({ 'if-none-match': header }), tag), header).toBe(true);
    }
  });
  it('does not match another page, a prefix of the tag, or nothing', () => {
    for (const header of ['"other"', `"${tag.slice(0, 10)}"`, '']) {
      expect(matchesIfNoneMatch(requestWith({ 'if-none-match': header }), tag), header).toBe(false);
    }
  });
});

describe('sending a cached page', () => {
  it('sends 200 with ETag and the shared lifetime, then 304 without a body', () => {
    const page = html('สวัสดี');
    const first = recorder();
    sendCachedPage(requestWith({ 'accept-encoding': 'gzip' }), first.res, page, 'hit');
    expect(first.sent.status).toBe(200);
    expect(first.sent.headers.etag).toBe(`"${contentTag(page.body)}-gzip"`);
    expect(first.sent.headers['cache-control']).toBe(SHARED_CACHE_CONTROL);
    const second = recorder();
    sendCachedPage(requestWith({ 'accept-encoding': 'gzip', 'if-none-match': String(first.sent.headers.etag) }), second.res, page, 'hit');
    expect(second.sent.status).toBe(304);
    expect(second.sent.body).toBeUndefined();
    expect(second.sent.headers.vary).toBe('Accept-Encoding');
  });
  it('never gives a response that sets a cookie an ETag or a shared lifetime', () => {
    const page = { ...html('มีคุกกี้'), headers: { 'content-type': 'text/html', 'set-cookie': ['a=b'] } };
    const { res, sent } = recorder();
    sendCachedPage(requestWith({ 'if-none-match': '*' }), res, page, 'miss');
    expect(sent.status).toBe(200);
    expect(sent.headers.etag).toBeUndefined();
    expect(sent.headers['cache-control']).toBeUndefined();
  });
});

describe('the page cache', () => {
  let cleanup: () => void;
  let path = '';
  beforeEach(async () => {
    cleanup = useFreshDatabase();
    const author = toSessionUser(
      await createUser({
        username: 'writer',
        password: 'password-1234',
        displayName: 'นักเขียน',
        email: null,
        organisation: null,
        province: null,
      }),
    );
    path = `/notes/${createNote(author, { title: 'บันทึก', body: 'เนื้อหา', tags: [], licence: 'cc-by-4.0', status: 'published' }, 'note', '192.0.2.1').id}`;
  });
  afterEach(() => cleanup());

  it('refuses a response that sets a cookie, and keeps one that does not', () => {
    const lookup = lookupFor(requestWith({}), path, '')!;
    const withCookie = { ...html('a'), headers: { 'content-type': 'text/html', 'x-page-cache': 'note', 'set-cookie': ['a=b'] } };
    expect(storePage(lookup.key, withCookie)).toBe(false);
    expect(lookupFor(requestWith({}), path, '')!.hit).toBeUndefined();
    expect(storePage(lookup.key, { ...html('a'), headers: { 'content-type': 'text/html', 'x-page-cache': 'note' } })).toBe(true);
    expect(lookupFor(requestWith({}), path, '')!.hit).toBeDefined();
  });
  it('is never used for a request with a session cookie', () => {
    expect(lookupFor(requestWith({ cookie: 'x=1; banthuek_session=abc' }), path, '')).toBeNull();
  });
});
