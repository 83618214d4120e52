/**
 * The rules behind CDN-ready pages, in isolation: what a cached page sends, when If-None-Match
 * matches, and that a response setting a cookie never gets an ETag or a shared lifetime.
 */
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BufferedResponse } from '../../scripts/lib/http/buffered-response.ts';
import { PageCache } from '../../scripts/lib/http/page-cache.ts';
import { contentTag, matchesIfNoneMatch, sendCachedPage, SHARED_CACHE_CONTROL } from '../../scripts/lib/http/shared-cache.ts';

const html = (text: string): BufferedResponse => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(`<p>${text}</p>`.repeat(200)), variants: {} });
const requestWith = (headers: Record<string, string>) => ({ method: 'GET', headers } as unknown as IncomingMessage);

/** Records what the server would send. */
function recorder() {
  const sent = { status: 0, headers: {} as OutgoingHttpHeaders, body: undefined as Buffer | undefined };
  const res = {
    setHeader: (name: string, value: string) => { sent.headers[name.toLowerCase()] = value; },
    writeHead: (status: number) => { sent.status = status; },
    end: (body?: Buffer) => { sent.body = body; },
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
  const db = new Database(':memory:');
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, render_version INTEGER NOT NULL)');
  db.exec('INSERT INTO notes VALUES (1, 1)');
  const cache = new PageCache(db, 'banthuek_session');

  it('refuses a response that sets a cookie, and keeps one that does not', () => {
    const lookup = cache.lookup(requestWith({}), '/notes/1', '')!;
    const withCookie = { ...html('a'), headers: { 'content-type': 'text/html', 'x-page-cache': 'note', 'set-cookie': ['a=b'] } };
    expect(cache.store(lookup.key, withCookie)).toBe(false);
    expect(cache.lookup(requestWith({}), '/notes/1', '')!.hit).toBeUndefined();
    expect(cache.store(lookup.key, { ...html('a'), headers: { 'content-type': 'text/html', 'x-page-cache': 'note' } })).toBe(true);
    expect(cache.lookup(requestWith({}), '/notes/1', '')!.hit).toBeDefined();
  });
  it('is never used for a request with a session cookie', () => {
    expect(cache.lookup(requestWith({ cookie: 'x=1; banthuek_session=abc' }), '/notes/1', '')).toBeNull();
  });
});
