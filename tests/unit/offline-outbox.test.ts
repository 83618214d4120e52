import { describe, expect, it } from 'vitest';
import {
  blockedBy,
  localLinkIds,
  localUploadRefs,
  missingUploads,
  nextToSend,
  pendingItems,
  prunable,
  resolveLocalRefs,
  rewriteLocalLinks,
  uploadUrls,
  type OutboxItem,
} from '~/lib/outbox/items.ts';
import { isShrinkable, shrunkSize } from '~/lib/outbox/photo-size.ts';
import { cachesToClear, isKeptPage, markSavedCopy, pagesCacheName } from '~/sw/pages.ts';

const A = '0b7c6a1e-1111-4a5b-8c9d-000000000001';
const B = '0b7c6a1e-1111-4a5b-8c9d-000000000002';

function item(over: Partial<OutboxItem> & Pick<OutboxItem, 'id' | 'seq'>): OutboxItem {
  return {
    account: 'u1',
    kind: 'note',
    state: 'waiting',
    idempotencyKey: `key-${over.id}`,
    label: over.id,
    createdAt: 0,
    attempts: 0,
    bytes: 1,
    request: { method: 'POST', url: '/api/notes' },
    dependsOn: [],
    ...over,
  };
}

describe('outbox order', () => {
  it('sends in queue order, a note only after its photos are sent', () => {
    const photoA = item({ id: A, seq: 2, kind: 'upload' });
    const photoB = item({ id: B, seq: 3, kind: 'upload' });
    const note = item({ id: 'note', seq: 1, dependsOn: [A, B] });
    const comment = item({ id: 'comment', seq: 4, kind: 'comment' });
    expect(nextToSend([comment, note, photoB, photoA])?.id).toBe(A);
    photoA.state = 'sent';
    expect(nextToSend([comment, note, photoB, photoA])?.id).toBe(B);
    photoB.state = 'sent';
    expect(nextToSend([comment, note, photoB, photoA])?.id).toBe('note');
  });

  it('resends an item left "sending" (a closed browser mid-request): its key makes that safe', () => {
    expect(nextToSend([item({ id: 'x', seq: 1, state: 'sending' })])?.id).toBe('x');
  });

  it('never sends a note whose photo failed, but goes on with unrelated items', () => {
    const photo = item({ id: A, seq: 1, kind: 'upload', state: 'failed' });
    const note = item({ id: 'note', seq: 2, dependsOn: [A] });
    const other = item({ id: 'other', seq: 3 });
    expect(nextToSend([photo, note, other])?.id).toBe('other');
    expect(blockedBy(note, [photo, note, other]).map((i) => i.id)).toEqual([A]);
    expect(nextToSend([photo, note])).toBeUndefined();
  });

  it('prunes sent items only once nothing waiting needs their answer', () => {
    const photo = item({ id: A, seq: 1, kind: 'upload', state: 'sent', result: { url: '/uploads/a.jpg' } });
    const note = item({ id: 'note', seq: 2, dependsOn: [A] });
    expect(prunable([photo, note])).toEqual([]);
    note.state = 'sent';
    expect(
      prunable([photo, note])
        .map((i) => i.id)
        .sort(),
    ).toEqual([A, 'note']);
    expect(pendingItems([photo, note])).toEqual([]);
  });
});

describe('local photo links', () => {
  const body = `ก่อน\n\n![ภาพประชุม](local-upload:${A})\n\n[แผน.pdf](local-upload:${B}) และ ![ซ้ำ](local-upload:${A})`;

  it('finds each local link once, in order', () => {
    expect(localLinkIds(body)).toEqual([A, B]);
  });

  it('rewrites them to the uploads’ URLs and keeps the alt text', () => {
    const urls = new Map([
      [A, '/uploads/abc.jpg'],
      [B, '/uploads/def.pdf'],
    ]);
    expect(rewriteLocalLinks(body, urls)).toBe(
      'ก่อน\n\n![ภาพประชุม](/uploads/abc.jpg)\n\n[แผน.pdf](/uploads/def.pdf) และ ![ซ้ำ](/uploads/abc.jpg)',
    );
    expect(missingUploads(body, urls)).toEqual([]);
  });

  it('leaves a link whose upload is not sent yet, and says which', () => {
    const urls = new Map([[A, '/uploads/abc.jpg']]);
    expect(rewriteLocalLinks(body, urls)).toContain(`(local-upload:${B})`);
    expect(missingUploads(body, urls)).toEqual([B]);
  });

  it('takes URLs only from sent uploads', () => {
    const sent = item({ id: A, seq: 1, kind: 'upload', state: 'sent', result: { url: '/uploads/abc.jpg' } });
    const waiting = item({ id: B, seq: 2, kind: 'upload', result: { url: '/uploads/x.jpg' } });
    expect([...uploadUrls([sent, waiting])]).toEqual([[A, '/uploads/abc.jpg']]);
  });

  it('does not touch ordinary links that merely mention the scheme', () => {
    expect(rewriteLocalLinks('ดู local-upload:xyz และ (local-upload:not-a-uuid)', new Map())).toBe(
      'ดู local-upload:xyz และ (local-upload:not-a-uuid)',
    );
  });
});

describe("a queued AAR's photos (bare local sources at any depth)", () => {
  const aar = {
    eventTitle: 'เวทีประชาคม',
    expected: `ดูภาพ ![กลุ่ม](local-upload:${A})`,
    photos: [
      { src: `local-upload:${B}`, alt: 'ใต้ต้นมะขาม' },
      { src: '/uploads/old.jpg', alt: 'ภาพเดิม' },
    ],
    actualPeople: 45,
  };

  it('finds every upload the body refers to, in Markdown links and bare sources', () => {
    expect(localUploadRefs(aar)).toEqual([A, B]);
    expect(localUploadRefs({ title: 'ไม่มีภาพ', photos: [] })).toEqual([]);
  });

  it('resolves both kinds and leaves every other value as it was', () => {
    const urls = new Map([
      [A, '/uploads/a.jpg'],
      [B, '/uploads/b.jpg'],
    ]);
    expect(resolveLocalRefs(aar, urls)).toEqual({
      eventTitle: 'เวทีประชาคม',
      expected: 'ดูภาพ ![กลุ่ม](/uploads/a.jpg)',
      photos: [
        { src: '/uploads/b.jpg', alt: 'ใต้ต้นมะขาม' },
        { src: '/uploads/old.jpg', alt: 'ภาพเดิม' },
      ],
      actualPeople: 45,
    });
  });

  it('leaves an unresolved source in place, so the sender can see it is missing', () => {
    const resolved = resolveLocalRefs(aar, new Map([[A, '/uploads/a.jpg']]));
    expect(localUploadRefs(resolved)).toEqual([B]);
    // A text that only mentions the scheme is not a photo source.
    expect(resolveLocalRefs({ note: `local-upload:${B} ในข้อความ` }, new Map([[B, '/x']]))).toEqual({ note: `local-upload:${B} ในข้อความ` });
  });
});

describe('photo shrinking', () => {
  it('keeps the long side at 2048 px and the proportions', () => {
    expect(shrunkSize(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(shrunkSize(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(shrunkSize(1200, 900)).toEqual({ width: 1200, height: 900 });
  });
  it('re-encodes photos, not GIFs or PNGs', () => {
    expect(isShrinkable('image/jpeg')).toBe(true);
    expect(isShrinkable('image/gif')).toBe(false);
    expect(isShrinkable('image/png')).toBe(false);
  });
});

describe('pages kept by the service worker', () => {
  it('keeps home, editors, the AAR form, notes and the outbox; nothing personal beyond them', () => {
    for (const path of ['/', '/notes/new', '/notes/12', '/notes/12/ชื่อ', '/notes/12/edit', '/aar/new', '/aar/5/edit', '/outbox'])
      expect(isKeptPage(path), path).toBe(true);
    for (const path of ['/settings', '/notifications', '/login', '/api/notes/1', '/admin/audit', '/search', '/saved', '/feed'])
      expect(isKeptPage(path), path).toBe(false);
  });

  it('files pages per account and clears every other account’s pages on a switch', () => {
    expect(pagesCacheName('u7')).toBe('banthuek-pages-u7');
    expect(pagesCacheName('../evil')).toBe('banthuek-pages--');
    const names = ['banthuek-pages-u7', 'banthuek-pages-u8', 'banthuek-pages--', 'workbox-precache-v2-x', 'banthuek-meta'];
    expect(cachesToClear(names, 'u8')).toEqual(['banthuek-pages-u7', 'banthuek-pages--']);
    expect(cachesToClear(names, '-')).toEqual(['banthuek-pages-u7', 'banthuek-pages-u8']);
  });

  it('marks a kept page with when it was saved', () => {
    expect(markSavedCopy('<!doctype html><html lang="th"><head>', '2026-12-07T10:00:00.000Z')).toBe(
      '<!doctype html><html data-offline-saved="2026-12-07T10:00:00.000Z" lang="th"><head>',
    );
    expect(markSavedCopy('<html lang="th">', '"><script>')).toBe('<html data-offline-saved="" lang="th">');
  });
});
