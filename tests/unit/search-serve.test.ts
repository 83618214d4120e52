import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSearchIndexFile } from '../../src/lib/server/search-index/serve.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'banthuek-serve-'));
  process.env.SEARCH_INDEX_DIR = join(root, 'index');
  mkdirSync(join(root, 'index', 'bundles', 's0-a.tmp'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'x');
  writeFileSync(join(root, 'index', 'bundles', 's0-a.tmp', 'pagefind.js'), 'x');
});
afterAll(() => {
  delete process.env.SEARCH_INDEX_DIR;
  rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('serving the search index', () => {
  it('answers an empty index before the first build', async () => {
    const response = await serveSearchIndexFile('manifest.json', 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });
  it('refuses paths outside the index, hidden files and half-written bundles', async () => {
    expect((await serveSearchIndexFile('../secret.txt', null)).status).toBe(404);
    expect((await serveSearchIndexFile('.lock', null)).status).toBe(404);
    expect((await serveSearchIndexFile('bundles/s0-a.tmp/pagefind.js', null)).status).toBe(404);
  });
});
