import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import type { CompiledResource } from '../../src/resources/index.js';
import { applyCompiled, loadResourceConfig, synthTemplate } from '../../src/resources/index.js';
import { feedStream } from '../../src/services/firehose/index.js';
import { repoRoot } from '../support/shared.js';

/**
 * `examples/streaming.json` (seed 003) end to end: applied to a temp home,
 * the WiFi sample template feeds its delivery stream, the buffer lands under
 * today's YYYY/MM/DD/HH/ of the raw bucket, and the merge job on its queue
 * writes the day's records as one NDJSON object to the curated bucket.
 */

const prefix = 'iamuser-dev-apsoutheast1';

function load(): CompiledResource[] {
  const config = loadResourceConfig(join(repoRoot, 'examples', 'streaming.json'));
  if (!config.ok) throw new Error(JSON.stringify(config.issues));
  return config.resources;
}

describe('examples/streaming.json', () => {
  let home: string;
  let mm: Modelmill;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'mm-streaming-example-'));
    mm = await createModelmill({ home, logLevel: 'silent' });
    await mm.start();
  });
  afterAll(async () => {
    await mm.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('ingests generated observations and merges the day into one NDJSON object', async () => {
    await applyCompiled(mm, load(), { stack: 'streaming' });
    const template = readFileSync(
      join(repoRoot, 'examples', 'firehose', 'wifi-observation.kdg'),
      'utf8',
    );
    const stream = `${prefix}-firehose`;
    const fed = await feedStream(
      mm.services.firehose,
      { stream, template, rate: 250, count: 250 },
      { random: Math.random, clock: mm.clock, ids: mm.ids },
    );
    expect(fed).toEqual({ sent: 250, failed: 0 });
    const [key] = await mm.services.firehose.flush(stream);
    const hour = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '/');
    expect(key?.startsWith(`${hour}/${stream}-1-`)).toBe(true);
    const { jobId } = await mm.services.batch.submitJob({
      jobName: 'merge',
      jobQueue: `${prefix}-queue`,
      jobDefinition: `${prefix}-merge`,
    });
    let status = '';
    for (let i = 0; i < 300 && status !== 'SUCCEEDED' && status !== 'FAILED'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await mm.services.batch.describeJobs({ jobs: [jobId] })).jobs[0]?.status ?? '';
    }
    expect(status).toBe('SUCCEEDED');
    const merged = await mm.services.s3.getObject({
      Bucket: `${prefix}-curated`,
      Key: `${hour.slice(0, 10)}/wifi-observations.json`,
    });
    const records = Buffer.from(merged.Body)
      .toString()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { apMac: string; observations: unknown[] });
    expect(records).toHaveLength(250);
    expect(records[0]?.apMac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  }, 30_000);

  it('synthesizes the stream with the buckets and the Batch resources', () => {
    const { template } = synthTemplate(load(), { stack: 'streaming' });
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map(
      (r) => r.Type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::S3::Bucket',
        'AWS::KinesisFirehose::DeliveryStream',
        'AWS::Batch::ComputeEnvironment',
        'AWS::Batch::JobQueue',
        'AWS::Batch::JobDefinition',
      ]),
    );
  });
});
