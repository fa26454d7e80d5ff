import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../store/index.js';
import { openDatabase } from '../../store/index.js';
import { createLocalS3 } from './local.js';
import { createS3Paths } from './uri.js';

let home: string;
let db: SqliteDatabase;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'mm-s3-uri-'));
  db = openDatabase(':memory:');
});

afterEach(() => {
  db.close();
  rmSync(home, { recursive: true, force: true });
});

describe('createS3Paths', () => {
  it('reads, writes, lists and removes by s3:// URI', async () => {
    const store = createLocalS3({
      db,
      home,
      scope: { region: 'us-east-1', accountId: '000000000000' },
    });
    await store.createBucket({ Bucket: 'shared' });
    const paths = createS3Paths(store);
    await paths.write('s3://shared/debug/year=2024/summary.json', '{"ok":true}', {
      ContentType: 'application/json',
    });
    await paths.write('s3://shared/debug/year=2024/more.json', 'x');
    expect(await paths.readText('s3://shared/debug/year=2024/summary.json')).toBe('{"ok":true}');
    expect((await paths.list('s3://shared/debug/')).map((o) => o.Key)).toEqual([
      'debug/year=2024/more.json',
      'debug/year=2024/summary.json',
    ]);
    expect(await paths.exists('s3a://shared/debug/year=2024/more.json')).toBe(true);
    await paths.remove('s3://shared/debug/year=2024/more.json');
    expect(await paths.exists('s3://shared/debug/year=2024/more.json')).toBe(false);
    expect(readFileSync(paths.localPath('s3://shared/debug/year=2024/summary.json'), 'utf8')).toBe(
      '{"ok":true}',
    );
    expect(paths.localPath('s3://shared/debug/')).toBe(join(home, 'objects', 'shared', 'debug/'));
  });

  it('pages through long listings', async () => {
    const store = createLocalS3({
      db,
      home,
      scope: { region: 'us-east-1', accountId: '000000000000' },
    });
    await store.createBucket({ Bucket: 'many' });
    const paths = createS3Paths(store);
    for (let i = 0; i < 1203; i += 1)
      await paths.write(`s3://many/k/${String(i).padStart(5, '0')}`, '');
    const listed = await paths.list('s3://many/k/');
    expect(listed).toHaveLength(1203);
    expect(listed[1202]?.Key).toBe('k/01202');
  });

  it('says what is wrong with a bucket-only URI or a store without files', async () => {
    const store = createLocalS3({
      db,
      home,
      scope: { region: 'us-east-1', accountId: '000000000000' },
    });
    const paths = createS3Paths(store);
    await expect(paths.read('s3://bucket-only/')).rejects.toThrow(/names a bucket, not an object/);
    await expect(paths.read('https://x/y')).rejects.toThrow(/is not an S3 URI/);
    const remote = createS3Paths({ ...store, localPath: undefined });
    expect(() => remote.localPath('s3://a/b')).toThrow(/no local path/);
  });
});
