/**
 * Uploads to an S3-compatible store (the same calls AWS S3, R2, B2 and MinIO answer): signed PUT,
 * GET and paged ListObjectsV2 against a small in-memory stand-in on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/lib/server/config.ts';
import { parseReplicaUrl } from '../../src/lib/server/replica/replica-url.ts';
import { uploadStore } from '../../src/lib/server/replica/upload-store.ts';

const objects = new Map<string, Buffer>();
const authorizations: string[] = [];
const PAGE = 2;
let server: Server;
let endpoint = '';
const dir = mkdtempSync(join(tmpdir(), 'banthuek-s3-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    authorizations.push(String(req.headers.authorization ?? ''));
    const url = new URL(req.url!, 'http://x');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== 'site-bucket') return res.writeHead(404).end('<Error><Code>NoSuchBucket</Code></Error>');
    if (req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        objects.set(key, Buffer.concat(chunks));
        res.writeHead(200).end();
      });
      return;
    }
    if (url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = Number(url.searchParams.get('continuation-token') ?? 0);
      const page = keys.slice(start, start + PAGE);
      const more = start + PAGE < keys.length;
      const escape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
      return res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(
          `<ListBucketResult>${page.map((k) => `<Contents><Key>${escape(k)}</Key></Contents>`).join('')}<IsTruncated>${more}</IsTruncated>${more ? `<NextContinuationToken>${start + PAGE}</NextContinuationToken>` : ''}</ListBucketResult>`,
        );
    }
    const body = objects.get(key);
    if (!body) return res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
    res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('S3 upload store', () => {
  it('puts, lists page by page and gets uploads under <prefix>/uploads/, signed with the configured key', async () => {
    const store = uploadStore(
      parseReplicaUrl('s3://site-bucket/prod'),
      parseConfig({ AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'auto' }).s3,
    );
    const names = ['2026/11/a.jpg', '2026/11/ภาพ & แผนที่.jpg', '2026/12/c.webp'];
    for (const [i, name] of names.entries()) {
      const local = join(dir, `f${i}`);
      writeFileSync(local, Buffer.from(`photo ${i}`));
      await store.put(name, local);
    }
    expect([...objects.keys()].sort()).toEqual(names.map((n) => `prod/uploads/${n}`).sort());
    expect(await store.list()).toEqual(new Set(names));
    await store.get(names[1]!, join(dir, 'back.jpg'));
    expect(readFileSync(join(dir, 'back.jpg'), 'utf8')).toBe('photo 1');
    expect(authorizations.every((a) => a.startsWith('AWS4-HMAC-SHA256 Credential=AKIDTEST/'))).toBe(true);
  });

  it("fails with the status and the store's message (the copier then retries)", async () => {
    const store = uploadStore(
      parseReplicaUrl('s3://other-bucket'),
      parseConfig({ AWS_ENDPOINT_URL_S3: endpoint, AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's' }).s3,
    );
    writeFileSync(join(dir, 'x'), 'x');
    await expect(store.put('a.jpg', join(dir, 'x'))).rejects.toThrow(/S3 upload answered 404: .*NoSuchBucket/);
  });
});
