import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceClients } from '../../../clients/index.js';
import { filesUnder, publishFolder } from './orchestration-s3.js';

let home = '';
afterEach(() => rmSync(home, { recursive: true, force: true }));

function setup() {
  home = mkdtempSync(join(tmpdir(), 'mm-publish-'));
  const objects = join(home, 'objects');
  const clients = {
    localPath: (uri: string) => join(objects, ...uri.slice(5).split('/').filter(Boolean)),
  } as unknown as ServiceClients;
  const folder = (name: string, files: Record<string, string>) => {
    const root = join(home, name);
    for (const [file, body] of Object.entries(files)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), body);
    }
    return root;
  };
  return { clients, objects, folder };
}

describe('publishFolder on a local instance', () => {
  it('moves a folder to a prefix that holds nothing yet', async () => {
    const { clients, objects, folder } = setup();
    const out = folder('a', {
      'pk=1/mapping=x/part-0.parquet': 'one',
      'pk=2/part-0.parquet': 'two',
    });
    const keys = await publishFolder(clients, out, 's3://b/pre/run/');
    expect(keys.sort()).toEqual([
      'pre/run/pk=1/mapping=x/part-0.parquet',
      'pre/run/pk=2/part-0.parquet',
    ]);
    expect(readFileSync(join(objects, 'b/pre/run/pk=1/mapping=x/part-0.parquet'), 'utf8')).toBe(
      'one',
    );
    expect(readFileSync(join(objects, 'b/pre/run/pk=2/part-0.parquet'), 'utf8')).toBe('two');
  });

  it('adds files one by one beside the objects a prefix already holds', async () => {
    const { clients, objects, folder } = setup();
    await publishFolder(clients, folder('a', { 'pk=1/part-0.parquet': 'one' }), 's3://b/pre/');
    const second = folder('b', { 'pk=1/part-1.parquet': 'again', 'pk=3/part-0.parquet': 'three' });
    const keys = await publishFolder(clients, second, 's3://b/pre/');
    expect(keys.sort()).toEqual(['pre/pk=1/part-1.parquet', 'pre/pk=3/part-0.parquet']);
    expect(filesUnder(join(objects, 'b', 'pre')).sort()).toEqual([
      'pk=1/part-0.parquet',
      'pk=1/part-1.parquet',
      'pk=3/part-0.parquet',
    ]);
  });
});
