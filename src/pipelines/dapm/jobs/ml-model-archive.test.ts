import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { packArchive, unpackArchive } from './ml-model-archive.js';

describe('model.tar.gz', () => {
  it('packs files that the tar package extracts, and unpacks them again', async () => {
    const big = JSON.stringify({ values: Array.from({ length: 5000 }, (_, i) => i / 7) });
    const archive = packArchive([
      { name: 'model.json', data: big },
      { name: 'metadata.json', data: '{"algorithm":"rf"}' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'mm-archive-'));
    writeFileSync(join(dir, 'model.tar.gz'), archive);
    const listed: string[] = [];
    await tar.t({ file: join(dir, 'model.tar.gz'), onReadEntry: (e) => listed.push(e.path) });
    expect(listed).toEqual(['model.json', 'metadata.json']);
    await tar.x({ file: join(dir, 'model.tar.gz'), cwd: dir });
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe(big);
    const files = await unpackArchive(archive, 'test');
    expect(files.get('metadata.json')?.toString()).toBe('{"algorithm":"rf"}');
    expect(files.get('model.json')?.toString()).toBe(big);
  });

  it('reads archives the tar package wrote, and refuses what is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-archive-'));
    writeFileSync(join(dir, 'model.json'), '{}');
    await tar.c({ gzip: true, file: join(dir, 'm.tar.gz'), cwd: dir }, ['model.json']);
    const files = await unpackArchive(readFileSync(join(dir, 'm.tar.gz')), 'm.tar.gz');
    expect([...files.keys()]).toEqual(['model.json']);
    await expect(unpackArchive(Buffer.from('not an archive at all'), 's3://b/x')).rejects.toThrow(
      's3://b/x is not a readable tar archive',
    );
    expect(() => packArchive([{ name: 'x'.repeat(120), data: '' }])).toThrow(
      /too long for a plain tar header/,
    );
  });
});
