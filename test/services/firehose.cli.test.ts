import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerFirehose } from '../../src/cli/commands/firehose.js';
import { createModelmill } from '../../src/modelmill.js';

/** `modelmill firehose generate` over a temporary MODELMILL_HOME. */

let home: string;
const saved = process.env.MODELMILL_HOME;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-cli-firehose-'));
  process.env.MODELMILL_HOME = home;
  const mm = await createModelmill({ logLevel: 'silent' });
  await mm.services.s3.createBucket({ Bucket: 'raw' });
  await mm.services.firehose.createDeliveryStream({
    DeliveryStreamName: 'gen',
    ExtendedS3DestinationConfiguration: {
      BucketARN: 'arn:aws:s3:::raw',
      ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
    },
  });
  await mm.close();
  writeFileSync(
    join(home, 't.json'),
    '{"id":"{{random.uuid}}","v":{{random.number({"min":1,"max":3})}}}',
  );
});

afterAll(() => {
  process.env.MODELMILL_HOME = saved;
  rmSync(home, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let code = 0;
  const program = new Command('modelmill').exitOverride();
  registerFirehose(program, (c) => (code = c));
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code, stdout, stderr };
}

describe('modelmill firehose generate', () => {
  it('puts the records and leaves one newline-delimited object in the bucket', async () => {
    await new Promise((r) => setTimeout(r, 1000)); // the stream leaves CREATING after a second
    const run = await cli([
      'firehose',
      'generate',
      '--stream',
      'gen',
      '--template',
      join(home, 't.json'),
      '--rate',
      '50',
      '--count',
      '20',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^put 20 records into gen; wrote 1 object\(s\): \d{4}\/\d\d\/\d\d\/\d\d\/gen-1-/,
    );
    const mm = await createModelmill({ logLevel: 'silent' });
    try {
      const listed = await mm.services.s3.listObjectsV2({ Bucket: 'raw' });
      const key = listed.Contents?.[0]?.Key ?? '';
      const body = Buffer.from(
        (await mm.services.s3.getObject({ Bucket: 'raw', Key: key })).Body,
      ).toString();
      const records = body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { v: number });
      expect(records).toHaveLength(20);
      expect(records.every((r) => r.v >= 1 && r.v <= 3)).toBe(true);
    } finally {
      await mm.close();
    }
  });

  it('refuses a bad rate and an unknown stream', async () => {
    const bad = await cli([
      'firehose',
      'generate',
      '--stream',
      'gen',
      '--template',
      join(home, 't.json'),
      '--rate',
      '0',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rate must be a whole number of at least 1');
    const unknown = cli([
      'firehose',
      'generate',
      '--stream',
      'nope',
      '--template',
      join(home, 't.json'),
    ]);
    await expect(unknown).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });
});
