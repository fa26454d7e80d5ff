import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerFirehose } from '../../src/cli/commands/firehose.js';
import { createModelmill } from '../../src/modelmill.js';

/** `modelmill firehose generate` over a temporary MODELMILL_HOME. */

let home: string;
const saved = { home: process.env.MODELMILL_HOME, scale: process.env.MODELMILL_TIME_SCALE };

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-cli-firehose-'));
  process.env.MODELMILL_HOME = home;
  // A new stream is CREATING for 1 s x the time scale: 10 ms here, not a real second.
  process.env.MODELMILL_TIME_SCALE = '0.01';
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
  for (const [name, value] of [
    ['MODELMILL_HOME', saved.home],
    ['MODELMILL_TIME_SCALE', saved.scale],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
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

/** `firehose generate --stream <stream> --template t.json` and any further flags. */
function generate(stream: string, ...flags: string[]) {
  return cli([
    'firehose',
    'generate',
    '--stream',
    stream,
    '--template',
    join(home, 't.json'),
    ...flags,
  ]);
}

describe('modelmill firehose generate', () => {
  it('puts the records and leaves one newline-delimited object in the bucket', async () => {
    await new Promise((r) => setTimeout(r, 20)); // the stream leaves CREATING after 10 ms
    const run = await generate('gen', '--rate', '50', '--count', '20');
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
    const bad = await generate('gen', '--rate', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rate must be a whole number of at least 1');
    await expect(generate('nope')).rejects.toMatchObject({ code: 'ResourceNotFoundException' });
  });
});
