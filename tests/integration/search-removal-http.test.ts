/**
 * The removal promise over HTTP, against the built server (issue 9): once a moderator hides a note
 * or its author deletes one, its words leave every file a browser can download from /search-index/
 * within 10 s. Files are fetched from the running server as the search page does — manifest, each
 * bundle's entry, metadata, index chunks, filters and fragments — and decompressed as the browser
 * does (HTTP compression by fetch, Pagefind's own gzip here).
 */
import { randomInt } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCbor } from '../../src/lib/server/search-index/cbor.ts';
import type { SearchManifest } from '../../src/lib/search/manifest.ts';
import { TEST_PASSWORD, createNoteViaApi, signedInClient } from '../helpers/factories.ts';
import { signedInWithRole } from '../helpers/roles.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const REMOVAL_LIMIT_MS = 10_000;
const INDEXED_LIMIT_MS = 30_000; // the first build at start-up and the publication itself
const POLL_MS = 200;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ACCOUNT_DELETION_GRACE_DAYS: '0' }); // erasures carried out at once (issue 25)
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** A word no other test writes: Thai consonants drawn at random after a fixed Thai stem. */
function uniqueThaiWord(stem: string): string {
  const consonants = 'กขคงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ';
  return stem + Array.from({ length: 6 }, () => consonants[randomInt(consonants.length)]).join('');
}

/** A served file's bytes (undefined for a 404), gunzipped where the file itself is gzip (Pagefind's are). */
async function download(path: string): Promise<Buffer | undefined> {
  const response = await fetch(`${server.baseUrl}/search-index/${path}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw new Error(`/search-index/${path}: HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

/**
 * Every file reachable from /search-index/manifest.json, by path, as text. A file that went away
 * between reading its parent and asking for it (an update replaced the bundle) restarts the walk.
 */
async function servedFiles(): Promise<Map<string, string>> {
  for (;;) {
    const texts = new Map<string, string>();
    const get = async (path: string) => {
      const bytes = await download(path);
      if (bytes) texts.set(path, bytes.toString('utf8'));
      return bytes;
    };
    const manifestBytes = await get('manifest.json');
    if (!manifestBytes) return texts; // not built yet
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as SearchManifest;
    let replaced = false;
    for (const dir of [...manifest.shards.map((shard) => shard.dir), manifest.recent].filter(Boolean) as string[]) {
      const entry = await get(`${dir}/pagefind-entry.json`);
      if (!entry) {
        replaced = true;
        break;
      }
      for (const { hash } of Object.values(
        (JSON.parse(entry.toString('utf8')) as { languages: Record<string, { hash: string }> }).languages,
      )) {
        const metaBytes = await get(`${dir}/pagefind.${hash}.pf_meta`);
        if (!metaBytes) {
          replaced = true;
          break;
        }
        const meta = decodeCbor(metaBytes.subarray('pagefind_dcd'.length)) as [
          string,
          [string][],
          [string, string, string][],
          [string, string][],
        ];
        for (const [, , chunk] of meta[2]) await get(`${dir}/index/${chunk}.pf_index`);
        for (const [, filter] of meta[3]) await get(`${dir}/filter/${filter}.pf_filter`);
        for (const [page] of meta[1]) await get(`${dir}/fragment/${page}.pf_fragment`); // a pruned page's fragment is a 404
      }
      if (replaced) break;
    }
    if (!replaced) return texts;
  }
}

const filesContaining = async (word: string) => [...(await servedFiles())].filter(([, text]) => text.includes(word)).map(([path]) => path);

/** Polls the served files until `done(paths containing word)`; returns the time it took. */
async function pollUntil(word: string, done: (paths: string[]) => boolean, limitMs: number): Promise<number> {
  const startedAt = Date.now();
  let last: string[] = [];
  while (Date.now() - startedAt < limitMs) {
    last = await filesContaining(word);
    if (done(last)) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`"${word}" still in ${JSON.stringify(last)} after ${limitMs} ms`);
}

describe('removed notes leave the files served under /search-index/ within 10 s', () => {
  it('a note hidden by a moderator and a note deleted by its author', async () => {
    const author = await signedInClient(server.baseUrl);
    const hiddenWord = uniqueThaiWord('ซ่อนคำ');
    const deletedWord = uniqueThaiWord('ลบคำ');
    const keptWord = uniqueThaiWord('คงอยู่');
    const hiddenId = await createNoteViaApi(author.client, { title: `บันทึก ${hiddenWord}`, body: `เรื่อง ${hiddenWord} ในชุมชน`, tags: [] });
    const deletedId = await createNoteViaApi(author.client, { title: `บันทึก ${deletedWord}`, body: `เรื่อง ${deletedWord} ในชุมชน`, tags: [] });
    await createNoteViaApi(author.client, { title: `บันทึก ${keptWord}`, body: `เรื่อง ${keptWord} ในชุมชน`, tags: [] });
    for (const word of [hiddenWord, deletedWord, keptWord]) await pollUntil(word, (paths) => paths.length > 0, INDEXED_LIMIT_MS);

    const mod = await signedInWithRole(server.baseUrl, server.databasePath, 'moderator', 'mod');
    const hiddenAt = Date.now();
    expect((await mod.client.post('/api/moderation', { action: 'hide', targets: [{ type: 'note', id: hiddenId }] })).status).toBe(200);
    const hideMs = await pollUntil(hiddenWord, (paths) => paths.length === 0, REMOVAL_LIMIT_MS - (Date.now() - hiddenAt));

    const deletedAt = Date.now();
    expect((await author.client.delete(`/api/notes/${deletedId}`)).status).toBe(200);
    const deleteMs = await pollUntil(deletedWord, (paths) => paths.length === 0, REMOVAL_LIMIT_MS - (Date.now() - deletedAt));

    // What is still public is still served.
    expect(await filesContaining(keptWord)).not.toEqual([]);
    console.log(`hidden note gone from /search-index/ in ${hideMs} ms, deleted note in ${deleteMs} ms`);
  }, 90_000);
});

describe('a member who leaves (PDPA s.33, issue 25): their name leaves /search-index/ within 10 s', () => {
  for (const content of ['anonymise', 'delete'] as const) {
    it(`${content}: the display name is in no served file after the erasure; ${content === 'anonymise' ? 'the notes stay findable' : 'the notes leave too'}`, async () => {
      const name = uniqueThaiWord('ชื่อออก');
      const noteWord = uniqueThaiWord('เนื้อหา');
      const member = await signedInClient(server.baseUrl, { displayName: `คุณ${name}` });
      await createNoteViaApi(member.client, { title: `บันทึก ${noteWord}`, body: `เรื่อง ${noteWord} ในชุมชน`, tags: [] });
      await pollUntil(name, (paths) => paths.length > 0, INDEXED_LIMIT_MS);

      const erasedAt = Date.now();
      const erased = await member.client.post('/api/me/deletion', { password: TEST_PASSWORD, content });
      expect(erased.status).toBe(200);
      expect(erased.body.deletion.erased).toBe(true);
      const goneMs = await pollUntil(name, (paths) => paths.length === 0, REMOVAL_LIMIT_MS - (Date.now() - erasedAt));
      // Anonymised notes stay, under the placeholder; deleted ones go with the name.
      if (content === 'anonymise') expect(await filesContaining(noteWord)).not.toEqual([]);
      else await pollUntil(noteWord, (paths) => paths.length === 0, REMOVAL_LIMIT_MS - (Date.now() - erasedAt));
      console.log(`${content}: erased name gone from /search-index/ in ${goneMs} ms`);
    }, 90_000);
  }
});
