/** The part of s3rver 3.7.1 (a fake S3 server, no types of its own) that tests/helpers/s3-server.ts uses. */
declare module 's3rver' {
  interface S3Object {
    key: string;
  }
  interface ListResult {
    objects: S3Object[];
    commonPrefixes: string[];
    isTruncated: boolean;
  }
  interface ListOptions {
    delimiter?: string;
    prefix?: string;
    maxKeys?: number;
    startAfter?: string;
  }
  export default class S3rver {
    constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; configureBuckets?: { name: string }[] });
    store: { listObjects(bucket: string, options: ListOptions): Promise<ListResult> };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
