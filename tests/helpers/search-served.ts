/**
 * What the public can download from /search-index/: every file reached from the manifest as a browser
 * does, and every other file on disk that the route would serve, gunzipped, fetched through the
 * route's own function (serve.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { decodeCbor } from '../../src/lib/server/search-index/cbor.ts';
import { serveSearchIndexFile } from '../../src/lib/server/search-index/serve.ts';
import type { SearchManifest } from '../../src/lib/search/manifest.ts';

/** A served file's bytes, gunzipped where the file is gzip (Pagefind's are; HTTP gzip is not asked for). */
async function fetchBytes(path: string): Promise<Buffer> {
  const response = await serveSearchIndexFile(path, null);
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}
const fetchText = async (path: string) => (await fetchBytes(path)).toString('utf8');

/** Every file a browser can reach from the manifest: each bundle's entry, metadata, chunks and fragments. */
async function servedTexts(): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const manifest = JSON.parse(await fetchText('manifest.json')) as SearchManifest;
  for (const dir of [...manifest.shards.map((shard) => shard.dir), manifest.recent, manifest.assets].filter(Boolean) as string[]) {
    const entryText = await fetchText(`${dir}/pagefind-entry.json`);
    texts.set(`${dir}/pagefind-entry.json`, entryText);
    for (const { hash } of Object.values((JSON.parse(entryText) as { languages: Record<string, { hash: string }> }).languages)) {
      const metaPath = `${dir}/pagefind.${hash}.pf_meta`;
      const metaBytes = await fetchBytes(metaPath);
      texts.set(metaPath, metaBytes.toString('utf8'));
      const meta = decodeCbor(metaBytes.subarray('pagefind_dcd'.length)) as [
        string,
        [string][],
        [string, string, string][],
        [string, string][],
      ];
      for (const [, , chunk] of meta[2]) texts.set(`${dir}/index/${chunk}.pf_index`, await fetchText(`${dir}/index/${chunk}.pf_index`));
      for (const [, filter] of meta[3])
        texts.set(`${dir}/filter/${filter}.pf_filter`, await fetchText(`${dir}/filter/${filter}.pf_filter`));
      for (const [page] of meta[1]) {
        // A pruned page keeps its entry (hash and word count only) but its fragment is gone: 404.
        const response = await serveSearchIndexFile(`${dir}/fragment/${page}.pf_fragment`, null);
        if (response.status === 200)
          texts.set(`${dir}/fragment/${page}`, gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8'));
        else expect(response.status).toBe(404);
      }
    }
  }
  return texts;
}

/**
 * Every file on disk that the route serves (by guessing nothing: each path under the index
 * directory is asked for), gunzipped. Replaced bundles stay on disk for a grace period but must
 * answer 404.
 */
async function servedFilesOnDisk(indexDir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const item of readdirSync(indexDir, { recursive: true, withFileTypes: true })) {
    if (!item.isFile()) continue;
    const path = join(item.parentPath, item.name).slice(indexDir.length + 1);
    const response = await serveSearchIndexFile(path, null);
    if (response.status !== 200) continue;
    const bytes = Buffer.from(await response.arrayBuffer());
    texts.set(path, (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
  return texts;
}

/** Paths of the served files (reached from the manifest, then any on disk) containing `word`. */
export async function filesContaining(indexDir: string, word: string): Promise<string[]> {
  const found: string[] = [];
  for (const [path, text] of [...(await servedTexts()), ...(await servedFilesOnDisk(indexDir))]) if (text.includes(word)) found.push(path);
  return found;
}
