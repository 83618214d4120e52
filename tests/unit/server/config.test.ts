import { describe, expect, it, onTestFinished } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, parseConfig } from '~/lib/server/config.ts';

describe('configuration from the environment', () => {
  it('applies the defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(4321);
    expect(config.siteUrl.origin).toBe('http://127.0.0.1:4321');
    expect(config.databasePath).toMatch(/db\/data\/banthuek\.db$/);
    expect(config.smtp).toBeNull();
    expect(config.trustedProxyHops).toBe(0);
    expect(config.newAccountCommentApprovals).toBe(1);
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ SITE_URL: '', PORT: '' }).siteUrl.origin).toBe('http://127.0.0.1:4321');
  });

  it('reads every kind of value', () => {
    const config = parseConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      TRUST_PROXY: 'true',
      SEED_DEMO: '0',
      SMTP_HOST: 'mail.test',
      SMTP_SECURE: '1',
      WORKERS: '3',
    });
    expect(config.siteUrl.origin).toBe('http://localhost:8080');
    expect(config.trustedProxyHops).toBe(1);
    expect(config.seedDemo).toBe(false);
    expect(config.smtp).toMatchObject({ host: 'mail.test', port: 465, secure: true });
    expect(config.workers).toBe(3);
  });

  it.each([
    ['PORT', 'abc', 'เลขพอร์ต'],
    ['PORT', '70000', 'port number'],
    ['SITE_URL', 'notaurl', 'ที่อยู่เว็บเต็ม'],
    ['SITE_URL', 'ftp://banthuek.example', 'http(s) URL'],
    ['WORKERS', '0', 'จำนวนกระบวนการ'],
    ['TRUST_PROXY', 'yes', 'proxies'],
    ['SEED_DEMO', 'no', '0 หรือ 1'],
    ['NEW_ACCOUNT_COMMENT_APPROVALS', '-1', 'จำนวนเต็ม'],
    ['REPLICA_ENDPOINT', '127.0.0.1:9000', 'S3-compatible store'],
    ['REPLICA_ENDPOINT', 'ftp://127.0.0.1:9000', 'http://'],
    ['REPLICA_URL', '/mnt/backup', 'file:///โฟลเดอร์'],
    ['REPLICA_URL', 'gcs://bucket/x', 'unsupported scheme'],
    ['REPLICA_URL', 's3:///no-bucket', 'ต้องระบุบัคเก็ต'],
  ])('refuses %s=%s with a Thai and English message naming it', (name, value, words) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}="${value}"`);
    expect((error as Error).message).toContain(words);
    expect((error as Error).message).toMatch(/การตั้งค่าไม่ถูกต้อง.*invalid configuration/);
  });

  it('parses REPLICA_URL and the S3 settings once, REPLICA_* before AWS_* and LITESTREAM_* keys first', () => {
    expect(parseConfig({}).replica).toBeNull();
    const config = parseConfig({
      REPLICA_URL: ' s3://site-bucket/prod/ ',
      REPLICA_ENDPOINT: 'http://127.0.0.1:9000/',
      AWS_ENDPOINT_URL_S3: 'https://elsewhere',
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'AWS-KEY',
      AWS_SECRET_ACCESS_KEY: 'AWS-SECRET',
      LITESTREAM_ACCESS_KEY_ID: 'LS-KEY',
      LITESTREAM_SECRET_ACCESS_KEY: 'LS-SECRET',
    });
    expect(config.replica).toEqual({ kind: 's3', url: 's3://site-bucket/prod', bucket: 'site-bucket', prefix: 'prod' });
    expect(config.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      region: 'ap-southeast-1',
      accessKeyId: 'LS-KEY',
      secretAccessKey: 'LS-SECRET',
    });
    expect(parseConfig({}).s3).toEqual({ endpoint: undefined, region: 'us-east-1', accessKeyId: '', secretAccessKey: '' });
  });

  it('is listed exactly in the README configuration table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Commands'));
    const firstCells = table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split(' | ')[0]!);
    const documented = new Set(firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)));
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('stops npm start before anything else when a value is bad', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build'], {
      env: { ...process.env, PORT: 'abc', SITE_URL: 'notaurl' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    onTestFinished(() => void child.kill('SIGKILL')); // never outlives the test, even one that timed out
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code, stderr).toBe(1);
    expect(stderr).toContain('PORT="abc"');
    expect(stderr).toContain('SITE_URL="notaurl"');
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000); // it exits by itself; starting tsx takes 3-4 s alone, far more on a loaded box
});
