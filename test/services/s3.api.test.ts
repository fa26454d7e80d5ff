import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { runObjectStoreContract } from '../../src/services/s3/contract.js';
import { createAwsS3, createLocalS3, s3Api } from '../../src/services/s3/index.js';
import type { LocalObjectStore } from '../../src/services/s3/index.js';
import { openDatabase } from '../../src/store/index.js';
import type { SqliteDatabase } from '../../src/store/index.js';
import { awsCliEnv, localSdkConfig } from '../support/aws-api.js';

/** S3's path-style REST protocol, driven by @aws-sdk/client-s3 and the AWS CLI against the embedded store. */

let home: string;
let db: SqliteDatabase;
let store: LocalObjectStore;
let server: RunningServer;
const client = () => new S3Client({ ...localSdkConfig(server.url), forcePathStyle: true });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-s3-api-'));
  db = openDatabase(join(home, 'modelmill.db'));
  store = createLocalS3({ db, home, scope: { region: 'us-east-1', accountId: '000000000000' } });
  server = await startServer({ modules: [s3Api(store)], port: 0 });
});

afterAll(async () => {
  await server?.close();
  db?.close();
  rmSync(home, { recursive: true, force: true });
});

// The whole port contract, through the AWS adapter, over HTTP, into the embedded store.
runObjectStoreContract('aws adapter over the HTTP API', async () => ({
  store: createAwsS3({
    clientConfig: { ...localSdkConfig(server.url), forcePathStyle: true },
  }),
}));

describe('S3 REST protocol', () => {
  it('serves the SDK: metadata headers, ranges, and S3 error shapes', async () => {
    await store.createBucket({ Bucket: 'api-sdk' });
    const s3 = client();
    await s3.send(
      new PutObjectCommand({
        Bucket: 'api-sdk',
        Key: 'dir/with space+plus.txt',
        Body: 'hello world',
        ContentType: 'text/plain',
        Metadata: { Run: '42' },
      }),
    );
    expect(readFileSync(store.localPath('api-sdk', 'dir/with space+plus.txt'), 'utf8')).toBe(
      'hello world',
    );
    const got = await s3.send(
      new GetObjectCommand({
        Bucket: 'api-sdk',
        Key: 'dir/with space+plus.txt',
        Range: 'bytes=6-',
      }),
    );
    expect(await got.Body?.transformToString()).toBe('world');
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      ContentRange: 'bytes 6-10/11',
      Metadata: { run: '42' },
    });
    const missing = await s3
      .send(new GetObjectCommand({ Bucket: 'api-sdk', Key: 'nope' }))
      .catch((e: unknown) => e);
    expect((missing as Error).name).toBe('NoSuchKey');
    expect((missing as Error).message).toContain('s3://api-sdk/nope');
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: 'api-sdk', Key: 'nope' }))
      .catch((e: unknown) => e);
    expect((head as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
    const unsafe = await s3
      .send(new PutObjectCommand({ Bucket: 'api-sdk', Key: 'a//b', Body: 'x' }))
      .catch((e: unknown) => e);
    expect((unsafe as Error).name).toBe('InvalidArgument');
    expect((unsafe as Error).message).toContain("empty folder ('//')");
    // The server resolves '..' in URLs before routing, so such a key never reaches a folder outside the bucket.
    const escape = await s3
      .send(new PutObjectCommand({ Bucket: 'api-sdk', Key: 'a/../../x', Body: 'x' }))
      .catch((e: unknown) => e);
    expect(escape).toBeInstanceOf(Error);
    expect((await store.listBuckets()).Buckets.map((b) => b.Name)).not.toContain('x');
  });

  it('works with the AWS CLI (s3 cp, ls, rm)', async () => {
    const run = promisify(execFile);
    const env = awsCliEnv();
    const available = await run('aws', ['--version'], { env }).then(
      () => true,
      () => false,
    );
    if (!available) {
      console.warn('aws CLI not installed: skipping the CLI check');
      return;
    }
    const aws = (...args: string[]) => run('aws', ['--endpoint-url', server.url, ...args], { env });
    const local = join(home, 'upload.csv');
    writeFileSync(local, 'a,b\n1,2\n');
    await store.createBucket({ Bucket: 'api-cli' });
    await aws('s3', 'cp', local, 's3://api-cli/in/data file.csv');
    expect(await store.headObject({ Bucket: 'api-cli', Key: 'in/data file.csv' })).toMatchObject({
      ContentLength: 8,
      ContentType: 'text/csv',
    });
    expect((await aws('s3', 'ls', 's3://api-cli/in/')).stdout).toContain('data file.csv');
    await aws('s3', 'rm', '--recursive', 's3://api-cli/in/');
    expect((await store.listObjectsV2({ Bucket: 'api-cli' })).KeyCount).toBe(0);
  });
});
