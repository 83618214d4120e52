import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOTE_SUBROUTES, notePageId } from '../../src/lib/paths.ts';

describe('notePageId: the one note-page matcher', () => {
  it.each([
    ['/notes/12', 12],
    ['/notes/12-การจัดการความรู้', 12],
    ['/notes/12/%E0%B8%81', 12],
    ['/notes/12/km-slug', 12],
  ])('%s is the page of note %d', (path, id) => {
    expect(notePageId(path)).toBe(id);
  });

  it.each([
    '/notes/12/history',
    '/notes/12/edit',
    '/notes/12/watch',
    '/notes/new',
    '/notes/12/a/b',
    '/notes/',
    '/notesx/12',
    '/notes/1234567890123456',
  ])('%s is not a note page', (path) => {
    expect(notePageId(path)).toBeUndefined();
  });

  it('knows every page and action under a note (src/pages/notes/[id]/)', () => {
    const files = readdirSync(new URL('../../src/pages/notes/[id]/', import.meta.url))
      .filter((name) => !name.startsWith('['))
      .map((name) => name.replace(/\.(astro|ts)$/, ''));
    expect([...NOTE_SUBROUTES].sort()).toEqual(files.sort());
  });
});
