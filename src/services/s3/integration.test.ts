import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatesError } from '../../asl/index.js';
import { createFakeClock, createSequentialIds } from '../../core/index.js';
import { IntegrationRegistry, parseTaskResource } from '../../engine/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { registerS3Integrations } from './integration.js';
import { createLocalS3 } from './local.js';
import type { LocalObjectStore } from './types.js';

let home: string;
let db: SqliteDatabase;
let s3: LocalObjectStore;
let registry: IntegrationRegistry;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-s3-sfn-'));
  db = openDatabase(':memory:');
  s3 = createLocalS3({
    db,
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
    clock: createFakeClock(Date.UTC(2024, 0, 2)),
  });
  registry = new IntegrationRegistry();
  registerS3Integrations(registry, s3, { ids: createSequentialIds() });
  await s3.createBucket({ Bucket: 'flow' });
});

afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** Runs a Task resource the way the engine would. */
async function task(action: string, parameters: unknown): Promise<any> {
  const resource = parseTaskResource(`arn:aws:states:::aws-sdk:s3:${action}`);
  const handler = registry.resolve(resource);
  return handler({ resource, parameters, context: {} as never });
}

async function failure(action: string, parameters: unknown): Promise<StatesError> {
  const err = await task(action, parameters).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StatesError);
  return err as StatesError;
}

describe('aws-sdk:s3 Task handlers', () => {
  it('puts and gets objects with the SDK integration fields, Body as text', async () => {
    const put = await task('putObject', {
      Bucket: 'flow',
      Key: 'in/data.json',
      Body: { rows: 3 },
      ContentType: 'application/json',
    });
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await task('getObject', { Bucket: 'flow', Key: 'in/data.json' });
    expect(got).toMatchObject({
      Body: '{"rows":3}',
      ContentType: 'application/json',
      ContentLength: 10,
      ETag: put.ETag,
      LastModified: '2024-01-02T00:00:00Z',
      Metadata: {},
    });
    expect(JSON.parse(JSON.stringify(got))).toEqual(got);
  });

  it('lists, heads, copies and deletes', async () => {
    await task('putObject', { Bucket: 'flow', Key: 'a/1.txt', Body: 'one' });
    await task('copyObject', { Bucket: 'flow', Key: 'b/1.txt', CopySource: 'flow/a/1.txt' });
    const listed = await task('listObjectsV2', { Bucket: 'flow', Delimiter: '/' });
    expect(listed.CommonPrefixes).toEqual([{ Prefix: 'a/' }, { Prefix: 'b/' }]);
    const all = await task('listObjectsV2', { Bucket: 'flow', Prefix: 'b/' });
    expect(all.Contents).toEqual([
      {
        Key: 'b/1.txt',
        LastModified: '2024-01-02T00:00:00Z',
        ETag: expect.any(String),
        Size: 3,
        StorageClass: 'STANDARD',
      },
    ]);
    expect((await task('headObject', { Bucket: 'flow', Key: 'b/1.txt' })).ContentLength).toBe(3);
    expect(await task('deleteObject', { Bucket: 'flow', Key: 'b/1.txt' })).toEqual({});
    expect((await task('listBuckets', {})).Buckets).toEqual([
      { Name: 'flow', CreationDate: '2024-01-02T00:00:00Z' },
    ]);
  });

  it('fails with S3.NoSuchKeyException and S3.NoSuchBucketException as Step Functions names them', async () => {
    const noKey = await failure('getObject', {
      Bucket: 'flow',
      Key: 'training/low-vol/train/data.json',
    });
    expect(noKey.error).toBe('S3.NoSuchKeyException');
    expect(noKey.causeText).toContain('s3://flow/training/low-vol/train/data.json');
    expect(noKey.causeText).toMatch(/\(Service: S3, Status Code: 404, Request ID: 00000000-/);
    const noBucket = await failure('listObjectsV2', { Bucket: 'nowhere' });
    expect(noBucket.error).toBe('S3.NoSuchBucketException');
    const badKey = await failure('putObject', { Bucket: 'flow', Key: '../up', Body: 'x' });
    expect(badKey.error).toBe('S3.InvalidArgumentException');
    expect(badKey.causeText).toContain('Status Code: 400');
  });

  it('serves only the actions it registers', () => {
    expect(registry.keys()).toContain('aws-sdk:s3:getObject');
    expect(() =>
      registry.resolve(parseTaskResource('arn:aws:states:::aws-sdk:s3:putBucketPolicy')),
    ).toThrow(/no local integration/);
  });
});
