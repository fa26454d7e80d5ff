import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock, createLogger } from '../../core/index.js';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { expectCode } from './contract.js';
import { createLocalS3 } from './local.js';
import type { LocalObjectStore, S3ObjectEvent } from './types.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };
const md5 = (data: string) => createHash('md5').update(data).digest('hex');

let home: string;
let db: SqliteDatabase;
let s3: LocalObjectStore;
let events: S3ObjectEvent[];
const clock = createFakeClock(Date.UTC(2024, 4, 1, 12));

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-s3-'));
  db = openDatabase(join(home, 'modelmill.db'));
  events = [];
  s3 = createLocalS3({ db, home, scope, clock, onEvent: (e) => void events.push(e) });
  await s3.createBucket({ Bucket: 'data' });
});

afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

/** Every file under the objects folder, relative to it. */
function filesOnDisk(): string[] {
  return readdirSync(join(home, 'objects'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(join(home, 'objects').length + 1))
    .sort();
}

describe('keys that cannot be stored safely', () => {
  const refused: [string, string][] = [
    ['../escape', "'..' segment"],
    ['a/../../escape', "'..' segment"],
    ['a/./b', "'.' segment"],
    ['/etc/passwd', 'absolute path'],
    ['a//b', "empty folder ('//')"],
    ['nul\0byte', 'NUL'],
    ['a/.modelmill-tmp-1', 'modelmill reserves'],
    [`${'x'.repeat(256)}/y`, 'file names are at most 255 bytes'],
  ];
  it.each(refused)('refuses %j with InvalidArgument and writes nothing', async (key, why) => {
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: key, Body: 'x' }),
      'InvalidArgument',
      "bucket 'data'",
      why,
    );
    await expectCode(s3.getObject({ Bucket: 'data', Key: key }), 'InvalidArgument', why);
    expect(filesOnDisk()).toEqual([]);
    expect(existsSync(join(home, 'escape'))).toBe(false);
  });

  it('refuses keys over 1024 bytes with KeyTooLongError', async () => {
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'k/'.repeat(513), Body: 'x' }),
      'KeyTooLongError',
      '1026 bytes',
    );
  });

  it('refuses backslashes and colons where the platform treats them as separators', async () => {
    const windows = createLocalS3({ db, home, scope, platform: 'win32' });
    await expectCode(
      windows.putObject({ Bucket: 'data', Key: 'a\\..\\b', Body: 'x' }),
      'InvalidArgument',
      'Windows',
    );
    await s3.putObject({ Bucket: 'data', Key: 'a\\b', Body: 'x' });
    expect(filesOnDisk()).toEqual(['data/a\\b']);
  });

  it('refuses bucket names that are not valid (and so could escape the objects folder)', async () => {
    await expectCode(s3.createBucket({ Bucket: '..' }), 'InvalidBucketName', "'..'");
    await expectCode(s3.getObject({ Bucket: 'data/../..', Key: 'x' }), 'InvalidBucketName');
    await expectCode(s3.createBucket({ Bucket: 'ab' }), 'InvalidBucketName', '3 to 63');
    await expectCode(s3.createBucket({ Bucket: '192.168.1.1' }), 'InvalidBucketName', 'IP address');
  });
});

describe('keys that collide with folders', () => {
  it('refuses a key that is already a folder of other keys, keeping what is there', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a/b', Body: 'inner' });
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'a', Body: 'x' }),
      'InvalidArgument',
      "'a' is a folder holding other keys",
    );
    expect(filesOnDisk()).toEqual(['data/a/b']);
    expect((await s3.listObjectsV2({ Bucket: 'data' })).Contents.map((o) => o.Key)).toEqual([
      'a/b',
    ]);
  });

  it('refuses a key below an existing object, keeping the object', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a', Body: 'outer' });
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'a/b/c', Body: 'x' }),
      'InvalidArgument',
      "'a' is already an object",
    );
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'a/' }),
      'InvalidArgument',
      "'a' is already an object",
    );
    expect(Buffer.from((await s3.getObject({ Bucket: 'data', Key: 'a' })).Body).toString()).toBe(
      'outer',
    );
    expect(filesOnDisk()).toEqual(['data/a']);
  });

  it('keeps folder markers (and their folders) until they are deleted', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'm/' });
    await s3.putObject({ Bucket: 'data', Key: 'm/x/y', Body: '1' });
    await s3.deleteObject({ Bucket: 'data', Key: 'm/x/y' });
    expect(existsSync(join(home, 'objects/data/m/x'))).toBe(false);
    expect((await s3.listObjectsV2({ Bucket: 'data' })).Contents.map((o) => o.Key)).toEqual(['m/']);
    await s3.deleteObject({ Bucket: 'data', Key: 'm/' });
    expect(existsSync(join(home, 'objects/data/m'))).toBe(false);
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'm/', Body: 'not empty' }),
      'InvalidArgument',
      'folder marker',
    );
  });
});

describe('files written by other tools', () => {
  it('lists and reads them, with an MD5 ETag and a content type from the extension', async () => {
    const folder = join(s3.localPath('data', 'year=2024/'));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'part-0.csv'), 'a,b\n1,2\n');
    const listed = await s3.listObjectsV2({ Bucket: 'data', Prefix: 'year=2024/' });
    expect(listed.Contents).toMatchObject([
      { Key: 'year=2024/part-0.csv', Size: 8, ETag: `"${md5('a,b\n1,2\n')}"` },
    ]);
    const got = await s3.getObject({ Bucket: 'data', Key: 'year=2024/part-0.csv' });
    expect(got).toMatchObject({ ContentType: 'text/csv', Metadata: {} });
    expect(Buffer.from(got.Body).toString()).toBe('a,b\n1,2\n');
  });

  it('forgets stored metadata once another tool rewrites the file', async () => {
    await s3.putObject({
      Bucket: 'data',
      Key: 'r.json',
      Body: '{}',
      ContentType: 'text/plain',
      Metadata: { a: '1' },
    });
    writeFileSync(s3.localPath('data', 'r.json'), '{"changed":true}');
    const head = await s3.headObject({ Bucket: 'data', Key: 'r.json' });
    expect(head).toMatchObject({
      ContentType: 'application/json',
      Metadata: {},
      ETag: `"${md5('{"changed":true}')}"`,
    });
  });

  it('shows a folder another tool created under objects/ as a bucket', async () => {
    mkdirSync(join(home, 'objects', 'tool-bucket', 'x'), { recursive: true });
    writeFileSync(join(home, 'objects', 'tool-bucket', 'x', 'f'), 'f');
    expect((await s3.listBuckets()).Buckets.map((b) => b.Name)).toEqual(['data', 'tool-bucket']);
    expect((await s3.getObject({ Bucket: 'tool-bucket', Key: 'x/f' })).ContentLength).toBe(1);
  });

  it('hides temporary files left by a crash, and deletes a bucket holding only those', async () => {
    writeFileSync(join(home, 'objects', 'data', '.modelmill-tmp-99-1'), 'half');
    expect((await s3.listObjectsV2({ Bucket: 'data' })).KeyCount).toBe(0);
    await s3.deleteBucket({ Bucket: 'data' });
    expect(existsSync(join(home, 'objects', 'data'))).toBe(false);
  });
});

describe('writes', () => {
  it('writes atomically: the file is whole and no temporary file stays', async () => {
    const big = Buffer.alloc(3 << 20, 7);
    await s3.putObject({ Bucket: 'data', Key: 'big.bin', Body: big });
    expect(readFileSync(s3.localPath('data', 'big.bin')).equals(big)).toBe(true);
    expect(filesOnDisk()).toEqual(['data/big.bin']);
  });

  it('flushes data and folder entries to the disk when asked to (fsync)', async () => {
    const durable = createLocalS3({ db, home, scope, fsync: true });
    await durable.putObject({ Bucket: 'data', Key: 'f/sync.bin', Body: 'kept' });
    await durable.copyObject({ Bucket: 'data', Key: 'f/copy.bin', CopySource: 'data/f/sync.bin' });
    expect(readFileSync(s3.localPath('data', 'f/copy.bin'), 'utf8')).toBe('kept');
    expect(filesOnDisk()).toEqual(['data/f/copy.bin', 'data/f/sync.bin']);
  });

  it('stamps LastModified from the clock', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'k', Body: 'x' });
    expect((await s3.headObject({ Bucket: 'data', Key: 'k' })).LastModified.toISOString()).toBe(
      '2024-05-01T12:00:00.000Z',
    );
  });

  it('refuses a wrong Content-MD5 and oversized metadata, writing nothing', async () => {
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'k', Body: 'x', ContentMD5: 'AAAA' }),
      'BadDigest',
      's3://data/k',
    );
    const Metadata = { big: 'v'.repeat(3000) };
    await expectCode(
      s3.putObject({ Bucket: 'data', Key: 'k', Body: 'x', Metadata }),
      'MetadataTooLarge',
      's3://data/k',
    );
    expect(filesOnDisk()).toEqual([]);
    const ContentMD5 = Buffer.from(md5('x'), 'hex').toString('base64');
    await expect(
      s3.putObject({ Bucket: 'data', Key: 'k', Body: 'x', ContentMD5 }),
    ).resolves.toBeDefined();
  });

  it('answers BucketAlreadyOwnedByYou for a second CreateBucket', async () => {
    await expectCode(s3.createBucket({ Bucket: 'data' }), 'BucketAlreadyOwnedByYou', "'data'");
  });

  it('refuses a range on an empty object, and ignores a malformed range', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'empty' });
    await expectCode(
      s3.getObject({ Bucket: 'data', Key: 'empty', Range: 'bytes=0-' }),
      'InvalidRange',
      's3://data/empty',
      '0 bytes',
    );
    await s3.putObject({ Bucket: 'data', Key: 'k', Body: 'abc' });
    const got = await s3.getObject({ Bucket: 'data', Key: 'k', Range: 'lines=1-2' });
    expect(Buffer.from(got.Body).toString()).toBe('abc');
    expect(got.ContentRange).toBeUndefined();
  });
});

describe('listing order and paths', () => {
  it('orders keys by UTF-8 bytes, as S3 does', async () => {
    const keys = ['u/\u{1F600}', 'u/\uFF21', 'u/Z', 'u/a'];
    for (const Key of keys) await s3.putObject({ Bucket: 'data', Key, Body: 'x' });
    const listed = (await s3.listObjectsV2({ Bucket: 'data' })).Contents.map((o) => o.Key);
    expect(listed).toEqual(['u/Z', 'u/a', 'u/\uFF21', 'u/\u{1F600}']);
  });

  it('gives local tools the real path of objects and prefixes', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'p/q.txt', Body: 'q' });
    expect(readFileSync(s3.localPath('data', 'p/q.txt'), 'utf8')).toBe('q');
    expect(s3.localPath('data')).toBe(join(home, 'objects', 'data'));
    expect(s3.localPath('data', 'p/')).toBe(join(home, 'objects', 'data', 'p/'));
    expect(() => s3.localPath('data', '../x')).toThrow(/'\.\.' segment/);
  });

  it('returns nothing for a prefix no stored key can have', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a/b', Body: 'x' });
    expect((await s3.listObjectsV2({ Bucket: 'data', Prefix: 'a/../' })).KeyCount).toBe(0);
    expect((await s3.listObjectsV2({ Bucket: 'data', Prefix: '../' })).KeyCount).toBe(0);
  });
});

describe('object events', () => {
  it('reports puts, copies and deletes with size, ETag and ordered sequencers', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'e/1', Body: 'one' });
    await s3.copyObject({ Bucket: 'data', Key: 'e/2', CopySource: 'data/e/1' });
    await s3.deleteObject({ Bucket: 'data', Key: 'e/1' });
    await s3.deleteObject({ Bucket: 'data', Key: 'e/never' });
    await s3.deleteObjects({
      Bucket: 'data',
      Delete: { Objects: [{ Key: 'e/2' }, { Key: 'e/none' }] },
    });
    expect(events.map((e) => [e.eventName, e.key, e.size, e.eTag])).toEqual([
      ['ObjectCreated:Put', 'e/1', 3, md5('one')],
      ['ObjectCreated:Copy', 'e/2', 3, md5('one')],
      ['ObjectRemoved:Delete', 'e/1', undefined, undefined],
      ['ObjectRemoved:Delete', 'e/2', undefined, undefined],
    ]);
    expect(events[0]).toMatchObject({
      bucket: 'data',
      region: 'ap-south-1',
      eventTime: '2024-05-01T12:00:00.000Z',
    });
    const sequencers = events.map((e) => e.sequencer);
    expect([...sequencers].sort()).toEqual(sequencers);
  });

  it('reports nothing for failed writes, and logs a failing hook without failing the write', async () => {
    const lines: string[] = [];
    const failing = createLocalS3({
      db,
      home,
      scope,
      logger: createLogger('warn', (line) => lines.push(line) > 0),
      onEvent: () => {
        throw new Error('hook down');
      },
    });
    await expect(
      failing.putObject({ Bucket: 'data', Key: 'ok', Body: 'x' }),
    ).resolves.toBeDefined();
    expect(lines.join('')).toContain('hook down');
    await expectCode(s3.putObject({ Bucket: 'data', Key: '../x', Body: 'x' }), 'InvalidArgument');
    expect(events).toEqual([]);
  });
});

describe('metadata rows shared by two processes on one home', () => {
  it('never serves a row for another version of the file', async () => {
    const other = createLocalS3({ db, home, scope });
    await s3.putObject({ Bucket: 'data', Key: 'shared.bin', Body: 'v1', Metadata: { v: '1' } });
    expect((await other.headObject({ Bucket: 'data', Key: 'shared.bin' })).Metadata).toEqual({
      v: '1',
    });
    await s3.copyObject({
      Bucket: 'data',
      Key: 'shared.bin',
      CopySource: 'data/shared.bin',
      MetadataDirective: 'REPLACE',
      Metadata: { v: '2' },
    });
    expect((await other.headObject({ Bucket: 'data', Key: 'shared.bin' })).Metadata).toEqual({
      v: '2',
    });
    // A plain put only caches what the file tells; the other process must not see v: '2' for it.
    await s3.putObject({ Bucket: 'data', Key: 'shared.bin', Body: 'v3' });
    const head = await other.headObject({ Bucket: 'data', Key: 'shared.bin' });
    expect(head).toMatchObject({
      Metadata: {},
      ETag: `"${md5('v3')}"`,
      ContentType: 'binary/octet-stream',
    });
  });

  it('commits lazily written rows at the end of the turn', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'lazy.bin', Body: 'x' });
    const count = () =>
      (
        db.prepare("SELECT COUNT(*) AS n FROM s3_objects WHERE key = 'lazy.bin'").get() as {
          n: number;
        }
      ).n;
    expect(count()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count()).toBe(1);
    await s3.putObject({ Bucket: 'data', Key: 'typed.bin', Body: 'x', ContentType: 'text/plain' });
    expect(db.prepare("SELECT content_type FROM s3_objects WHERE key = 'typed.bin'").get()).toEqual(
      { content_type: 'text/plain' },
    );
  });
});
