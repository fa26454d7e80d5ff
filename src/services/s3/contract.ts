import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './types.js';

/**
 * The contract every ObjectStore adapter keeps, as one Vitest suite. Run it
 * with the adapter under test: `runObjectStoreContract('local', async () => ({ store }))`.
 * Only behaviour S3 itself shows is asserted here; what is particular to the
 * embedded adapter (files, key rules) is tested beside it.
 */

/** An adapter under test and how to clean up after it. */
export interface ObjectStoreFixture {
  store: ObjectStore;
  cleanup?: () => Promise<void>;
}

/** Expects `promise` to reject with a ModelmillError of `code` whose message names `mentions`. */
export async function expectCode(
  promise: Promise<unknown>,
  code: string,
  ...mentions: string[]
): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(Error);
  expect((err as { code?: string }).code).toBe(code);
  for (const text of mentions) expect((err as Error).message).toContain(text);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Registers the ObjectStore contract suite for one adapter. */
export function runObjectStoreContract(
  name: string,
  makeFixture: () => Promise<ObjectStoreFixture>,
): void {
  describe(`ObjectStore contract: ${name}`, () => {
    const bucket = `mm-contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    let fixture: ObjectStoreFixture;
    let s3: ObjectStore;

    beforeAll(async () => {
      fixture = await makeFixture();
      s3 = fixture.store;
      await s3.createBucket({ Bucket: bucket });
    });

    afterAll(async () => {
      if (s3 === undefined) return;
      await emptyBucket(s3, bucket);
      await s3.deleteBucket({ Bucket: bucket }).catch(() => undefined);
      await fixture.cleanup?.();
    });

    bucketCases(() => s3, bucket);
    objectCases(() => s3, bucket);
    rangeCases(() => s3, bucket);
    copyAndDeleteCases(() => s3, bucket);
    listCases(() => s3, bucket);
  });
}

async function emptyBucket(s3: ObjectStore, bucket: string): Promise<void> {
  for (;;) {
    const page = await s3.listObjectsV2({ Bucket: bucket }).catch(() => undefined);
    if (page === undefined || page.Contents.length === 0) return;
    await s3.deleteObjects({
      Bucket: bucket,
      Delete: { Objects: page.Contents.map((o) => ({ Key: o.Key })) },
    });
  }
}

function bucketCases(get: () => ObjectStore, bucket: string): void {
  it('creates, finds and deletes buckets', async () => {
    const s3 = get();
    const other = `${bucket}-b`;
    await s3.createBucket({ Bucket: other });
    await expect(s3.headBucket({ Bucket: other })).resolves.toBeDefined();
    const { Buckets } = await s3.listBuckets();
    expect(Buckets.map((b) => b.Name)).toContain(other);
    expect(Buckets.find((b) => b.Name === other)?.CreationDate).toBeInstanceOf(Date);
    await s3.putObject({ Bucket: other, Key: 'x', Body: 'x' });
    await expectCode(s3.deleteBucket({ Bucket: other }), 'BucketNotEmpty', other);
    await s3.deleteObject({ Bucket: other, Key: 'x' });
    await s3.deleteBucket({ Bucket: other });
    await expectCode(s3.headBucket({ Bucket: other }), 'NoSuchBucket', other);
  });

  it('refuses invalid bucket names and answers NoSuchBucket for missing ones', async () => {
    const s3 = get();
    await expectCode(s3.createBucket({ Bucket: 'Bad_Name' }), 'InvalidBucketName', 'Bad_Name');
    await expectCode(
      s3.getObject({ Bucket: `${bucket}-missing`, Key: 'k' }),
      'NoSuchBucket',
      `${bucket}-missing`,
    );
    await expectCode(
      s3.putObject({ Bucket: `${bucket}-missing`, Key: 'k', Body: 'x' }),
      'NoSuchBucket',
    );
    await expectCode(s3.listObjectsV2({ Bucket: `${bucket}-missing` }), 'NoSuchBucket');
  });
}

function objectCases(get: () => ObjectStore, bucket: string): void {
  it('round-trips bytes, content type, user metadata and ETag', async () => {
    const s3 = get();
    const body = 'hello, modelmill\n';
    const put = await s3.putObject({
      Bucket: bucket,
      Key: 'obj/hello.txt',
      Body: body,
      ContentType: 'text/plain',
      Metadata: { Owner: 'team-a' },
    });
    expect(put.ETag).toBe(`"${md5(body)}"`);
    const got = await s3.getObject({ Bucket: bucket, Key: 'obj/hello.txt' });
    expect(Buffer.from(got.Body).toString('utf8')).toBe(body);
    expect(got).toMatchObject({
      ContentType: 'text/plain',
      ContentLength: body.length,
      ETag: put.ETag,
    });
    expect(got.Metadata).toEqual({ owner: 'team-a' });
    expect(got.LastModified).toBeInstanceOf(Date);
    const head = await s3.headObject({ Bucket: bucket, Key: 'obj/hello.txt' });
    expect(head).toMatchObject({
      ContentLength: body.length,
      ETag: put.ETag,
      ContentType: 'text/plain',
    });
  });

  it('stores binary bodies and overwrites in place', async () => {
    const s3 = get();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await s3.putObject({ Bucket: bucket, Key: 'obj/bin', Body: bytes });
    expect([...(await s3.getObject({ Bucket: bucket, Key: 'obj/bin' })).Body]).toEqual([...bytes]);
    await s3.putObject({ Bucket: bucket, Key: 'obj/bin', Body: 'v2' });
    const got = await s3.getObject({ Bucket: bucket, Key: 'obj/bin' });
    expect(Buffer.from(got.Body).toString()).toBe('v2');
    expect(got.Metadata).toEqual({});
  });

  it('answers NoSuchKey for a missing key, on get and head', async () => {
    const s3 = get();
    await expectCode(s3.getObject({ Bucket: bucket, Key: 'obj/none' }), 'NoSuchKey', 'obj/none');
    await expectCode(s3.headObject({ Bucket: bucket, Key: 'obj/none' }), 'NoSuchKey');
  });

  it('stores empty folder markers', async () => {
    const s3 = get();
    await s3.putObject({ Bucket: bucket, Key: 'markers/' });
    const head = await s3.headObject({ Bucket: bucket, Key: 'markers/' });
    expect(head.ContentLength).toBe(0);
    expect(head.ETag).toBe(`"${md5('')}"`);
    await s3.putObject({ Bucket: bucket, Key: 'markers/inside.txt', Body: 'x' });
    const listed = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'markers/' });
    expect(listed.Contents.map((o) => o.Key)).toEqual(['markers/', 'markers/inside.txt']);
    await s3.deleteObject({ Bucket: bucket, Key: 'markers/' });
    await expectCode(s3.headObject({ Bucket: bucket, Key: 'markers/' }), 'NoSuchKey');
    expect((await s3.getObject({ Bucket: bucket, Key: 'markers/inside.txt' })).ContentLength).toBe(
      1,
    );
  });
}

function rangeCases(get: () => ObjectStore, bucket: string): void {
  it('reads byte ranges and refuses unsatisfiable ones', async () => {
    const s3 = get();
    await s3.putObject({ Bucket: bucket, Key: 'range/digits', Body: '0123456789' });
    const read = async (Range: string) => {
      const got = await s3.getObject({ Bucket: bucket, Key: 'range/digits', Range });
      return [Buffer.from(got.Body).toString(), got.ContentRange, got.ContentLength];
    };
    expect(await read('bytes=0-3')).toEqual(['0123', 'bytes 0-3/10', 4]);
    expect(await read('bytes=7-')).toEqual(['789', 'bytes 7-9/10', 3]);
    expect(await read('bytes=-2')).toEqual(['89', 'bytes 8-9/10', 2]);
    expect(await read('bytes=8-100')).toEqual(['89', 'bytes 8-9/10', 2]);
    await expectCode(
      s3.getObject({ Bucket: bucket, Key: 'range/digits', Range: 'bytes=10-20' }),
      'InvalidRange',
    );
  });
}

function copyAndDeleteCases(get: () => ObjectStore, bucket: string): void {
  it('copies objects, keeping or replacing metadata', async () => {
    const s3 = get();
    await s3.putObject({
      Bucket: bucket,
      Key: 'copy/src',
      Body: 'payload',
      ContentType: 'text/csv',
      Metadata: { a: '1' },
    });
    const kept = await s3.copyObject({
      Bucket: bucket,
      Key: 'copy/kept',
      CopySource: `${bucket}/copy/src`,
    });
    expect(kept.CopyObjectResult.ETag).toBe(`"${md5('payload')}"`);
    const keptHead = await s3.headObject({ Bucket: bucket, Key: 'copy/kept' });
    expect(keptHead).toMatchObject({ ContentType: 'text/csv', Metadata: { a: '1' } });
    await s3.copyObject({
      Bucket: bucket,
      Key: 'copy/replaced',
      CopySource: `${bucket}/copy/src`,
      MetadataDirective: 'REPLACE',
      ContentType: 'application/json',
      Metadata: { b: '2' },
    });
    const replaced = await s3.getObject({ Bucket: bucket, Key: 'copy/replaced' });
    expect(replaced).toMatchObject({ ContentType: 'application/json', Metadata: { b: '2' } });
    expect(Buffer.from(replaced.Body).toString()).toBe('payload');
    await expectCode(
      s3.copyObject({ Bucket: bucket, Key: 'copy/src', CopySource: `${bucket}/copy/src` }),
      'InvalidRequest',
    );
    await expectCode(
      s3.copyObject({ Bucket: bucket, Key: 'copy/x', CopySource: `${bucket}/copy/none` }),
      'NoSuchKey',
    );
  });

  it('deletes one or many objects, missing keys included', async () => {
    const s3 = get();
    await s3.putObject({ Bucket: bucket, Key: 'del/a', Body: 'a' });
    await s3.putObject({ Bucket: bucket, Key: 'del/b', Body: 'b' });
    await s3.deleteObject({ Bucket: bucket, Key: 'del/a' });
    await s3.deleteObject({ Bucket: bucket, Key: 'del/a' });
    await expectCode(s3.getObject({ Bucket: bucket, Key: 'del/a' }), 'NoSuchKey');
    const result = await s3.deleteObjects({
      Bucket: bucket,
      Delete: { Objects: [{ Key: 'del/b' }, { Key: 'del/none' }] },
    });
    expect(result.Deleted.map((d) => d.Key).sort()).toEqual(['del/b', 'del/none']);
    expect(result.Errors).toEqual([]);
    expect((await s3.listObjectsV2({ Bucket: bucket, Prefix: 'del/' })).KeyCount).toBe(0);
  });
}

function listCases(get: () => ObjectStore, bucket: string): void {
  const keys = ['ls/a-c', 'ls/a/b', 'ls/a/c/d', 'ls/b', 'ls/c.txt', 'ls/d/e', 'ls/e'];

  it('lists in lexicographic order with prefix and delimiter', async () => {
    const s3 = get();
    for (const Key of [...keys].reverse()) await s3.putObject({ Bucket: bucket, Key, Body: Key });
    const all = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'ls/' });
    expect(all.Contents.map((o) => o.Key)).toEqual(keys);
    expect(all).toMatchObject({ KeyCount: 7, IsTruncated: false, Prefix: 'ls/' });
    expect(all.Contents[0]).toMatchObject({ Size: 6, ETag: `"${md5('ls/a-c')}"` });
    const folded = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'ls/', Delimiter: '/' });
    expect(folded.Contents.map((o) => o.Key)).toEqual(['ls/a-c', 'ls/b', 'ls/c.txt', 'ls/e']);
    expect(folded.CommonPrefixes.map((p) => p.Prefix)).toEqual(['ls/a/', 'ls/d/']);
    expect(folded.KeyCount).toBe(6);
    const partial = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'ls/a', Delimiter: '/' });
    expect(partial.Contents.map((o) => o.Key)).toEqual(['ls/a-c']);
    expect(partial.CommonPrefixes.map((p) => p.Prefix)).toEqual(['ls/a/']);
    const dash = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'ls/', Delimiter: '-' });
    expect(dash.CommonPrefixes.map((p) => p.Prefix)).toEqual(['ls/a-']);
  });

  it('pages with MaxKeys, continuation tokens and StartAfter', async () => {
    const s3 = get();
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.listObjectsV2({
        Bucket: bucket,
        Prefix: 'ls/',
        MaxKeys: 3,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      });
      expect(page.KeyCount).toBeLessThanOrEqual(3);
      seen.push(...page.Contents.map((o) => o.Key));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated) expect(page.NextContinuationToken).toBeTruthy();
    } while (token !== undefined);
    expect(seen).toEqual(keys);
    const after = await s3.listObjectsV2({ Bucket: bucket, Prefix: 'ls/', StartAfter: 'ls/a/b' });
    expect(after.Contents.map((o) => o.Key)).toEqual(keys.slice(2));
    const foldedPages: string[] = [];
    token = undefined;
    do {
      const page = await s3.listObjectsV2({
        Bucket: bucket,
        Prefix: 'ls/',
        Delimiter: '/',
        MaxKeys: 2,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      });
      foldedPages.push(
        ...page.Contents.map((o) => o.Key),
        ...page.CommonPrefixes.map((p) => p.Prefix),
      );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    expect(foldedPages.sort()).toEqual(['ls/a-c', 'ls/a/', 'ls/b', 'ls/c.txt', 'ls/d/', 'ls/e']);
  });
}
