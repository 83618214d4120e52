/**
 * The pieces of continuous replication that need no Litestream: REPLICA_URL parsing, the config
 * Litestream gets, its log lines, the lag estimate, and the upload copier's retries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/lib/server/config.ts';
import { litestreamConfig } from '../../src/lib/server/replica/litestream-config.ts';
import { parseLogLine } from '../../src/lib/server/replica/litestream-process.ts';
import { QUIET_MS, ReplicationLag, SHADOW_SLACK_MS } from '../../src/lib/server/replica/replication-lag.ts';
import { parseReplicaUrl } from '../../src/lib/server/replica/replica-url.ts';
import { UploadReplicator } from '../../src/lib/server/replica/upload-replicator.ts';
import { listFiles, s3ErrorSummary, uploadStore, type UploadStore } from '../../src/lib/server/replica/upload-store.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'banthuek-replica-unit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('REPLICA_URL', () => {
  it('reads file:// and s3:// and says what is wrong with anything else', () => {
    expect(parseReplicaUrl('file:///mnt/backup/banthuek/')).toEqual({
      kind: 'file',
      url: 'file:///mnt/backup/banthuek',
      root: '/mnt/backup/banthuek',
    });
    expect(parseReplicaUrl('s3://my-bucket/sites/banthuek')).toEqual({
      kind: 's3',
      url: 's3://my-bucket/sites/banthuek',
      bucket: 'my-bucket',
      prefix: 'sites/banthuek',
    });
    expect(parseReplicaUrl('s3://my-bucket')).toMatchObject({ bucket: 'my-bucket', prefix: '' });
    expect(() => parseReplicaUrl('/mnt/backup')).toThrow(/file:\/\/\/absolute\/path or s3:\/\/bucket\/path/);
    expect(() => parseReplicaUrl('gcs://bucket/x')).toThrow(/unsupported scheme/);
  });

  it('gives Litestream the database under db/, with an endpoint for S3-compatible stores', () => {
    const file = JSON.parse(litestreamConfig('/data/banthuek.db', parseReplicaUrl('file:///mnt/r')));
    expect(file.dbs[0]).toEqual({ path: '/data/banthuek.db', replicas: [{ 'sync-interval': '1s', type: 'file', path: '/mnt/r/db' }] });
    const s3 = JSON.parse(
      litestreamConfig(
        '/data/banthuek.db',
        parseReplicaUrl('s3://b/site'),
        parseConfig({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000', AWS_REGION: 'ap-southeast-1' }).s3,
      ),
    );
    expect(s3.dbs[0].replicas[0]).toEqual({
      'sync-interval': '1s',
      type: 's3',
      bucket: 'b',
      path: 'site/db',
      region: 'ap-southeast-1',
      endpoint: 'http://127.0.0.1:9000',
      'force-path-style': true,
    });
  });

  it('prefers REPLICA_ENDPOINT and REPLICA_REGION over the AWS variables, and names no credentials in the config', () => {
    const env = {
      REPLICA_ENDPOINT: 'http://127.0.0.1:4568/',
      REPLICA_REGION: 'th-1',
      AWS_ENDPOINT_URL_S3: 'https://elsewhere',
      AWS_REGION: 'ap-southeast-1',
      LITESTREAM_ACCESS_KEY_ID: 'KEY-1',
      LITESTREAM_SECRET_ACCESS_KEY: 'SECRET-1',
    };
    const text = litestreamConfig('/data/banthuek.db', parseReplicaUrl('s3://b'), parseConfig(env).s3);
    expect(JSON.parse(text).dbs[0].replicas[0]).toMatchObject({
      path: 'db',
      region: 'th-1',
      endpoint: 'http://127.0.0.1:4568',
      'force-path-style': true,
    });
    expect(text).not.toMatch(/KEY-1|SECRET-1/);
    expect(JSON.parse(litestreamConfig('/d.db', parseReplicaUrl('s3://b'), parseConfig({}).s3)).dbs[0].replicas[0]).toMatchObject({
      region: 'us-east-1',
    });
    expect(JSON.parse(litestreamConfig('/d.db', parseReplicaUrl('s3://b'), parseConfig({}).s3)).dbs[0].replicas[0]).not.toHaveProperty(
      'endpoint',
    );
  });
});

describe('S3 errors', () => {
  it('keep only the code and message of the body (it can name the access key)', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match &amp; so on</Message><AWSAccessKeyId>AKIAEXAMPLE</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256</StringToSign></Error>';
    expect(s3ErrorSummary(body)).toBe('SignatureDoesNotMatch: The request signature we calculated does not match & so on');
    expect(s3ErrorSummary('<html>Bad gateway</html>')).toBe('no S3 error code');
  });
});

describe("Litestream's log lines", () => {
  it('parses logfmt with quoted values', () => {
    expect(
      parseLogLine(
        'time=2026-11-29T16:14:01.847Z level=INFO msg="wal segment written" db=/tmp/a.db replica=file position=127c/00000000:0 elapsed=3ms sz=16512',
      ),
    ).toMatchObject({ level: 'INFO', msg: 'wal segment written', position: '127c/00000000:0' });
    expect(parseLogLine('level=ERROR msg="sync error" error="s3: \\"AccessDenied\\""')).toMatchObject({
      level: 'ERROR',
      msg: 'sync error',
      error: 's3: "AccessDenied"',
    });
  });
});

describe('replication lag', () => {
  it('is 0 once a sync follows the last write, grows while writes wait, and clears after a quiet healthy spell', () => {
    const lag = new ReplicationLag();
    const t = 1_000_000;
    lag.observeWrite(t);
    expect(lag.lagSeconds(t + 500, true)).toBe(0.5);
    lag.observeReplicated(t + SHADOW_SLACK_MS + 100); // the sync's shadow copy surely held the write
    expect(lag.lagSeconds(t + 1_200, true)).toBe(0);

    lag.observeWrite(t + 2_000);
    lag.observeReplicated(t + 2_300); // too close to tell: still pending, from the last certain point
    expect(lag.lagSeconds(t + 2_500, true)).toBeGreaterThan(0);
    // Litestream healthy, no newer writes for QUIET_MS: nothing was left to ship.
    expect(lag.lagSeconds(t + 2_000 + QUIET_MS + 1, true)).toBe(0);
  });

  it('keeps growing while Litestream is down', () => {
    const lag = new ReplicationLag();
    const t = 5_000_000;
    lag.observeReplicated(t - 10_000);
    lag.observeWrite(t);
    expect(lag.lagSeconds(t + 60_000, false)).toBe(60);
    expect(lag.lagSeconds(t + 60_000, true)).toBe(60); // no sync after the write: not replicated
  });
});

describe('copying uploads', () => {
  it('copies new files once, retries a failing store with a growing delay, and skips files being written', async () => {
    const uploads = join(tempDir(), 'uploads');
    const replicaRoot = tempDir();
    mkdirSync(join(uploads, '2026', '11'), { recursive: true });
    const old = new Date(Date.now() - 60_000);
    for (const name of ['2026/11/a.jpg', '2026/11/b.jpg']) {
      writeFileSync(join(uploads, name), name);
      utimesSync(join(uploads, name), old, old);
    }
    writeFileSync(join(uploads, '2026', '11', '.c.jpg.tmp'), 'half');

    const real = uploadStore(parseReplicaUrl(`file://${replicaRoot}`));
    let failuresLeft = 2;
    const attempts: string[] = [];
    const flaky: UploadStore = {
      ...real,
      put: async (path, local) => {
        attempts.push(path);
        if (path.endsWith('b.jpg') && failuresLeft-- > 0) throw new Error('connection reset');
        return real.put(path, local);
      },
    };
    const replicator = new UploadReplicator(uploads, flaky);
    await replicator.start();
    try {
      const deadline = Date.now() + 8_000;
      while (replicator.stats().pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(replicator.stats()).toMatchObject({ copied: 2, pending: 0 });
      expect(attempts.filter((p) => p.endsWith('b.jpg'))).toHaveLength(3);
      expect(replicator.lastError?.message).toMatch(/b\.jpg failed \(attempt 2, next in 2 s\): connection reset/);
      expect(listFiles(join(replicaRoot, 'uploads')).sort()).toEqual(['2026/11/a.jpg', '2026/11/b.jpg']);
      expect(readFileSync(join(replicaRoot, 'uploads', '2026', '11', 'b.jpg'), 'utf8')).toBe('2026/11/b.jpg');

      // A sweep never copies a file twice; a restart learns what the replica has.
      replicator.sweep();
      expect(replicator.stats().pending).toBe(0);
    } finally {
      replicator.stop();
    }
  });
});
