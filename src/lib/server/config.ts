/**
 * Every environment variable the site reads, parsed once with zod (the README's configuration
 * table is tested against `CONFIG_VARIABLES`). Nothing here is read at build time: one build runs
 * on any host.
 *
 * A server process calls `freezeConfig()` at start: a bad value stops it with a Thai/English
 * message, and later calls return that one parse. Scripts and tests that never freeze it get the
 * environment as it is now (tests point DATABASE_PATH and friends at temporary folders).
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseReplicaUrl, type ReplicaTarget } from './replica/replica-url.ts';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 4321;
const DEFAULT_DATABASE_PATH = 'db/data/banthuek.db';
const DEFAULT_COMMENT_APPROVALS = 1;
const DEFAULT_SMTP_PORT = 587;
const SMTPS_PORT = 465;
const DEFAULT_BACKUP_KEEP = 7;
const DEFAULT_UPLOAD_QUOTA_MB = 500;
const DEFAULT_S3_REGION = 'us-east-1';
const DEFAULT_DELETION_GRACE_DAYS = 14;
const MAX_DELETION_GRACE_DAYS = 365;

/** Unset and empty mean the same: "use the default". */
const unset = (value: unknown) => (value === '' ? undefined : value);
const text = () => z.preprocess(unset, z.string().optional());
const integer = (min: number, max: number, message: string) =>
  z.preprocess(
    unset,
    z.string().regex(/^\d+$/, message).transform(Number).pipe(z.number().int().min(min, message).max(max, message)).optional(),
  );
const onOff = () =>
  z.preprocess(
    unset,
    z
      .enum(['0', '1', 'true', 'false'], { errorMap: () => ({ message: 'ต้องเป็น 0 หรือ 1 (must be 0 or 1)' }) })
      .transform((v) => v === '1' || v === 'true')
      .optional(),
  );

const schema = z.object({
  HOST: text(),
  PORT: integer(1, 65_535, 'ต้องเป็นเลขพอร์ตระหว่าง 1 ถึง 65535 (must be a port number from 1 to 65535)'),
  SITE_URL: z.preprocess(
    unset,
    z
      .string()
      .refine(
        (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol),
        'ต้องเป็นที่อยู่เว็บเต็ม เช่น https://banthuek.example (must be a full http(s) URL)',
      )
      .optional(),
  ),
  DATABASE_PATH: text(),
  DATA_DIR: text(),
  UPLOADS_DIR: text(),
  UPLOAD_QUOTA_MB: integer(1, 10_000_000, 'ต้องเป็นจำนวนเมกะไบต์ 1 ขึ้นไป (must be a whole number of megabytes, 1 or more)'),
  SEARCH_INDEX_DIR: text(),
  SEARCH_INDEX_UPDATES: onOff(),
  SEED_DEMO: onOff(),
  TRUST_PROXY: z.preprocess(
    unset,
    z
      .string()
      .regex(/^(\d+|true|false)$/, 'ต้องเป็นจำนวนพร็อกซีของเรา (0, 1, 2 …) หรือ true (must be a number of proxies or true)')
      .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v)))
      .optional(),
  ),
  WORKERS: integer(1, 256, 'ต้องเป็นจำนวนกระบวนการ 1 ขึ้นไป (must be a whole number of processes, 1 or more)'),
  LOG_REQUESTS: onOff(),
  HEALTHZ_TOKEN: z.preprocess(unset, z.string().min(16, 'ต้องยาวอย่างน้อย 16 ตัวอักษร (must be at least 16 characters)').optional()),
  NEW_ACCOUNT_COMMENT_APPROVALS: integer(0, 1_000_000, 'ต้องเป็นจำนวนเต็ม 0 ขึ้นไป (must be a whole number, 0 or more)'),
  SMTP_HOST: text(),
  SMTP_PORT: integer(1, 65_535, 'ต้องเป็นเลขพอร์ตระหว่าง 1 ถึง 65535 (must be a port number from 1 to 65535)'),
  SMTP_SECURE: onOff(),
  SMTP_USER: text(),
  SMTP_PASS: text(),
  SMTP_FROM: text(),
  BACKUP_DIR: text(),
  BACKUP_KEEP: integer(1, 100_000, 'ต้องเป็นจำนวนสำเนา 1 ขึ้นไป (must be a number of backups, 1 or more)'),
  REPLICA_URL: z.preprocess(
    unset,
    z
      .string()
      .transform((v, ctx) => {
        try {
          return parseReplicaUrl(v.trim());
        } catch (error) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  ),
  // Read by Litestream itself and by the upload copier for an s3:// replica.
  AWS_ACCESS_KEY_ID: text(),
  AWS_SECRET_ACCESS_KEY: text(),
  LITESTREAM_ACCESS_KEY_ID: text(),
  LITESTREAM_SECRET_ACCESS_KEY: text(),
  AWS_REGION: text(),
  AWS_ENDPOINT_URL_S3: text(),
  REPLICA_ENDPOINT: z.preprocess(
    unset,
    z
      .string()
      .url('ต้องเป็น URL เช่น http://127.0.0.1:9000 หรือ https://s3.example.com (must be the URL of an S3-compatible store)')
      .refine((v) => /^https?:\/\//.test(v), 'ต้องขึ้นต้นด้วย http:// หรือ https:// (must start with http:// or https://)')
      .optional(),
  ),
  REPLICA_REGION: text(),
  ADMIN_PASSWORD: text(),
  BANTHUEK_OUT_DIR: text(),
  PRIVACY_CONTACT: z.preprocess(
    unset,
    z.string().trim().max(300, 'ต้องยาวไม่เกิน 300 ตัวอักษร เช่น อีเมลหรือชื่อหน่วยงานกับที่อยู่สั้น ๆ (at most 300 characters)').optional(),
  ),
  ACCOUNT_DELETION_GRACE_DAYS: integer(
    0,
    MAX_DELETION_GRACE_DAYS,
    `ต้องเป็นจำนวนวัน 0 ถึง ${MAX_DELETION_GRACE_DAYS} (must be a whole number of days from 0 to ${MAX_DELETION_GRACE_DAYS})`,
  ),
});

/** The names of every variable read (the README's table lists exactly these). */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** The settings, resolved: defaults applied, paths absolute. */
export interface Config {
  host: string;
  port: number;
  /** SITE_URL, else http://HOST:PORT (0.0.0.0 and :: shown as localhost). */
  siteUrl: URL;
  databasePath: string;
  /** DATA_DIR when set; unset: the database's folder (data-dir.ts is the one place that resolves it). */
  dataDir?: string;
  /** UPLOADS_DIR when set; unset: <data dir>/uploads. */
  uploadsDir?: string;
  /** How much one account may keep uploaded, in MB (UPLOAD_QUOTA_MB, default 500). */
  uploadQuotaMb: number;
  /** SEARCH_INDEX_DIR when set; unset: <data dir>/search-index. */
  searchIndexDir?: string;
  searchIndexUpdates: boolean;
  seedDemo: boolean;
  trustedProxyHops: number;
  workers: number;
  logRequests: boolean;
  /** HEALTHZ_TOKEN: with `Authorization: Bearer <token>`, /healthz shows its details to any address; unset: loopback only. */
  healthzToken?: string;
  newAccountCommentApprovals: number;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass: string; from?: string } | null;
  backupDir: string;
  backupKeep: number;
  adminPassword?: string;
  /** REPLICA_URL, parsed: continuous replication with Litestream (src/lib/server/replica/); null: off. */
  replica: ReplicaTarget | null;
  /** How to reach an s3:// replica (Litestream and the upload copier read the same settings). */
  s3: S3Settings;
  /** Astro's build output (dist). */
  outDir: string;
  /** The data controller's contact shown in the privacy notice (PRIVACY_CONTACT); null: the notice says to ask the site's administrators. */
  privacyContact: string | null;
  /** Days between a member's request to leave and the erasure (ACCOUNT_DELETION_GRACE_DAYS, default 14; 0: at once). */
  accountDeletionGraceDays: number;
}

/** An S3-compatible store's endpoint, region and key (the variables' precedence is Litestream's). */
export interface S3Settings {
  /** REPLICA_ENDPOINT, else AWS_ENDPOINT_URL_S3, without a trailing slash; unset: AWS itself. */
  endpoint?: string;
  /** REPLICA_REGION, else AWS_REGION, else us-east-1 (what most S3-compatible stores accept). */
  region: string;
  /** LITESTREAM_ACCESS_KEY_ID / LITESTREAM_SECRET_ACCESS_KEY first, else the AWS_* pair. */
  accessKeyId: string;
  secretAccessKey: string;
}

/** A bad environment variable; the message is for the person starting the server. */
export class ConfigError extends Error {}

/** Parses `env`; throws a ConfigError naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `- ${String(issue.path[0])}=${JSON.stringify(env[String(issue.path[0])] ?? '')}: ${issue.message}`,
    );
    throw new ConfigError(`การตั้งค่าไม่ถูกต้อง แก้ตัวแปรต่อไปนี้แล้วเริ่มใหม่ (invalid configuration; fix these and start again):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const host = e.HOST ?? DEFAULT_HOST;
  const port = e.PORT ?? DEFAULT_PORT;
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const databasePath = resolve(e.DATABASE_PATH ?? DEFAULT_DATABASE_PATH);
  const absolute = (path: string | undefined) => (path === undefined ? undefined : resolve(path));
  const smtpSecure = e.SMTP_SECURE ?? false;
  return {
    host,
    port,
    siteUrl: new URL(e.SITE_URL ?? `http://${displayHost}:${port}`),
    databasePath,
    dataDir: absolute(e.DATA_DIR),
    uploadsDir: absolute(e.UPLOADS_DIR),
    uploadQuotaMb: e.UPLOAD_QUOTA_MB ?? DEFAULT_UPLOAD_QUOTA_MB,
    searchIndexDir: absolute(e.SEARCH_INDEX_DIR),
    searchIndexUpdates: e.SEARCH_INDEX_UPDATES ?? true,
    seedDemo: e.SEED_DEMO ?? true,
    trustedProxyHops: e.TRUST_PROXY ?? 0,
    workers: e.WORKERS ?? availableParallelism(),
    logRequests: e.LOG_REQUESTS ?? true,
    healthzToken: e.HEALTHZ_TOKEN,
    newAccountCommentApprovals: e.NEW_ACCOUNT_COMMENT_APPROVALS ?? DEFAULT_COMMENT_APPROVALS,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT ?? (smtpSecure ? SMTPS_PORT : DEFAULT_SMTP_PORT),
          secure: smtpSecure,
          user: e.SMTP_USER,
          pass: e.SMTP_PASS ?? '',
          from: e.SMTP_FROM,
        }
      : null,
    backupDir: resolve(e.BACKUP_DIR ?? 'backups'),
    backupKeep: e.BACKUP_KEEP ?? DEFAULT_BACKUP_KEEP,
    adminPassword: e.ADMIN_PASSWORD,
    replica: e.REPLICA_URL ?? null,
    s3: {
      endpoint: (e.REPLICA_ENDPOINT || e.AWS_ENDPOINT_URL_S3 || '').replace(/\/+$/, '') || undefined,
      region: e.REPLICA_REGION || e.AWS_REGION || DEFAULT_S3_REGION,
      accessKeyId: e.LITESTREAM_ACCESS_KEY_ID || e.AWS_ACCESS_KEY_ID || '',
      secretAccessKey: e.LITESTREAM_SECRET_ACCESS_KEY || e.AWS_SECRET_ACCESS_KEY || '',
    },
    outDir: e.BANTHUEK_OUT_DIR ?? 'dist',
    privacyContact: e.PRIVACY_CONTACT || null,
    accountDeletionGraceDays: e.ACCOUNT_DELETION_GRACE_DAYS ?? DEFAULT_DELETION_GRACE_DAYS,
  };
}

let frozen: Config | undefined;

/** The configuration: the frozen one in a server process, else the environment as it is now. */
export function getConfig(): Config {
  return frozen ?? parseConfig();
}

/**
 * Parses the environment once for a server process and keeps it. On a bad value prints the
 * Thai/English message and exits with status 1 (a stack trace would hide which variable is wrong).
 */
export function freezeConfig(): Config {
  try {
    frozen = parseConfig();
    return frozen;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
