/**
 * Where uploads are copied: `<replica>/uploads/<path under the uploads dir>`. Uploads are
 * immutable and uniquely named, so a copy is written once and never compared again. A file
 * replica is written aside and renamed (a reader never sees half a file); an S3 PUT is atomic.
 */
import { AwsClient } from 'aws4fetch';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { getConfig, type S3Settings } from '../config.ts';
import { UPLOADS_FOLDER, type ReplicaTarget } from './replica-url.ts';

export interface UploadStore {
  /** Every upload already in the replica, as paths relative to the uploads folder ('/'-separated). */
  list(): Promise<Set<string>>;
  put(relativePath: string, localPath: string): Promise<void>;
  get(relativePath: string, localPath: string): Promise<void>;
}

/** Relative upload paths of every file under `dir` ('/'-separated; hidden and partial files left out). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split(sep)
        .join('/'),
    )
    .filter(isUploadPath);
}

/** Files being written (dot files, `*.tmp`, `*.partial`) are not uploads yet. */
export function isUploadPath(relativePath: string): boolean {
  return !relativePath.split('/').some((part) => part.startsWith('.')) && !/\.(tmp|partial)$/.test(relativePath);
}

function fileStore(root: string): UploadStore {
  const base = join(root, UPLOADS_FOLDER);
  return {
    list: async () => new Set(listFiles(base)),
    put: async (relativePath, localPath) => {
      const destination = join(base, relativePath);
      mkdirSync(dirname(destination), { recursive: true });
      const partial = join(dirname(destination), `.${basename(destination)}.${process.pid}.partial`);
      copyFileSync(localPath, partial);
      renameSync(partial, destination);
    },
    get: async (relativePath, localPath) => {
      mkdirSync(dirname(localPath), { recursive: true });
      copyFileSync(join(base, relativePath), localPath);
    },
  };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);

/**
 * The code and message of an S3 error body, nothing else: it ends up in logs and on /healthz.
 * NOTE: a SignatureDoesNotMatch body also carries AWSAccessKeyId and the string that was signed.
 */
export function s3ErrorSummary(xml: string): string {
  const field = (name: string) => unescapeXml(new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '');
  return [field('Code'), field('Message')].filter(Boolean).join(': ').slice(0, 200) || 'no S3 error code';
}

function s3Store(bucket: string, prefix: string, s3: S3Settings): UploadStore {
  const { endpoint, region, accessKeyId, secretAccessKey } = s3;
  const aws = new AwsClient({ accessKeyId, secretAccessKey, service: 's3', region, retries: 2 });
  // Path-style at a custom endpoint, as Litestream is configured (litestream-config.ts).
  const bucketUrl = endpoint ? `${endpoint}/${bucket}` : `https://${bucket}.s3.${region}.amazonaws.com`;
  const keyPrefix = [prefix, UPLOADS_FOLDER].filter(Boolean).join('/') + '/';
  const objectUrl = (relativePath: string) => `${bucketUrl}/${(keyPrefix + relativePath).split('/').map(encodeURIComponent).join('/')}`;
  const check = async (response: Response, what: string) => {
    if (!response.ok) throw new Error(`S3 ${what} answered ${response.status}: ${s3ErrorSummary(await response.text())}`);
    return response;
  };
  return {
    list: async () => {
      const keys = new Set<string>();
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ 'list-type': '2', prefix: keyPrefix, ...(token ? { 'continuation-token': token } : {}) });
        const xml = await (await check(await aws.fetch(`${bucketUrl}?${query}`), 'list')).text();
        for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.add(unescapeXml(match[1]!).slice(keyPrefix.length));
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? unescapeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? '') || undefined
          : undefined;
      } while (token);
      return keys;
    },
    put: async (relativePath, localPath) => {
      await check(await aws.fetch(objectUrl(relativePath), { method: 'PUT', body: await readFile(localPath) }), 'upload');
    },
    get: async (relativePath, localPath) => {
      const response = await check(await aws.fetch(objectUrl(relativePath)), 'download');
      mkdirSync(dirname(localPath), { recursive: true });
      await writeFile(localPath, Buffer.from(await response.arrayBuffer()));
    },
  };
}

export function uploadStore(target: ReplicaTarget, s3: S3Settings = getConfig().s3): UploadStore {
  return target.kind === 'file' ? fileStore(target.root) : s3Store(target.bucket, target.prefix, s3);
}
