/**
 * An S3-compatible server on loopback for replication tests: s3rver (path-style addressing,
 * SigV4-signed requests) on a random port with its objects in a temp folder, one bucket made.
 * NOTE: s3rver checks the access key but does not verify v4 signatures, so a wrong secret passes
 * here; a real store refuses it.
 */
import S3rver from 's3rver';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver's one account: any other access key is refused with InvalidAccessKeyId. */
const S3RVER_KEY = 'S3RVER';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The environment a site or `npm run restore` needs to reach this store. */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * NOTE: s3rver 3.7.1 lists with a delimiter wrongly: it never walks below a common prefix, so
 * `generations/` comes back empty and Litestream's restore finds "no matching backups". We list
 * without the delimiter and group the keys into common prefixes as S3 does.
 */
function fixDelimiterListing(server: S3rver): void {
  const list = server.store.listObjects.bind(server.store);
  server.store.listObjects = async (bucket, options) => {
    const { delimiter, prefix = '', maxKeys = Infinity } = options;
    if (!delimiter) return list(bucket, options);
    const all = await list(bucket, { ...options, delimiter: undefined, maxKeys: Infinity });
    const commonPrefixes = new Set<string>();
    const objects = all.objects.filter((object) => {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at >= 0) commonPrefixes.add(object.key.slice(0, at + delimiter.length));
      return at < 0;
    });
    return { objects: objects.slice(0, maxKeys), commonPrefixes: [...commonPrefixes].sort(), isTruncated: objects.length > maxKeys };
  };
}

export async function startTestS3(bucket = 'banthuek'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'banthuek-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  fixDelimiterListing(server);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      REPLICA_ENDPOINT: endpoint,
      REPLICA_REGION: 'us-east-1',
      LITESTREAM_ACCESS_KEY_ID: S3RVER_KEY,
      LITESTREAM_SECRET_ACCESS_KEY: S3RVER_KEY,
    },
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
