import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Modelmill } from '../../src/modelmill.js';
import { createModelmill } from '../../src/modelmill.js';
import { MERGE_DAY_PROGRAM } from '../../src/pipelines/streaming/programs.js';
import { mergeDay } from '../../src/pipelines/streaming/merge-day.js';

/**
 * Seed 003 end to end: records put into a Firehose stream land under today's
 * YYYY/MM/DD/HH/ prefix of the raw bucket; a Batch job running the built-in
 * merge program writes them, and nothing from another day, into one NDJSON
 * object YYYY/MM/DD/<output>.json of the curated bucket.
 */

let mm: Modelmill;
let home: string;
const image = '123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/merge:v1';

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'mm-stream-merge-'));
  mm = await createModelmill({ home, logLevel: 'silent' });
  await mm.start();
  for (const Bucket of ['raw', 'curated']) await mm.services.s3.createBucket({ Bucket });
  await mm.services.ecr.registerImage({ imageUri: image, program: MERGE_DAY_PROGRAM });
  const batch = mm.services.batch;
  await batch.createComputeEnvironment({
    computeEnvironmentName: 'ce',
    type: 'MANAGED',
    computeResources: { type: 'FARGATE', maxvCpus: 2, subnets: [], securityGroupIds: [] },
  });
  await batch.createJobQueue({
    jobQueueName: 'q',
    priority: 1,
    computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ce' }],
  });
  await batch.registerJobDefinition({
    jobDefinitionName: 'merge',
    type: 'container',
    containerProperties: {
      image,
      command: ['--source-bucket', 'raw', '--target-bucket', 'curated', '--output', 'Ref::output'],
      resourceRequirements: [
        { type: 'VCPU', value: '1' },
        { type: 'MEMORY', value: '512' },
      ],
    },
  });
});

afterAll(async () => {
  await mm.close();
  rmSync(home, { recursive: true, force: true });
});

describe('seed 003 merge job', () => {
  it('merges today’s Firehose objects into one NDJSON object through a Batch job', async () => {
    const firehose = mm.services.firehose;
    await firehose.createDeliveryStream({
      DeliveryStreamName: 'wifi',
      ExtendedS3DestinationConfiguration: {
        BucketARN: 'arn:aws:s3:::raw',
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'AppendDelimiterToRecord' }],
        },
      },
    });
    await new Promise((r) => setTimeout(r, 1000)); // CREATING for a second
    const utcDay = () => new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const dayOfPuts = utcDay();
    await firehose.putRecordBatch({
      DeliveryStreamName: 'wifi',
      Records: [{ Data: '{"n":1}' }, { Data: '{"n":2}' }],
    });
    await firehose.flush('wifi');
    await firehose.putRecord({ DeliveryStreamName: 'wifi', Record: { Data: '{"n":3}' } });
    await firehose.flush('wifi');
    await mm.services.s3.putObject({ Bucket: 'raw', Key: '2001/01/01/00/old', Body: '{"n":0}\n' });
    const { jobId } = await mm.services.batch.submitJob({
      jobName: 'merge-today',
      jobQueue: 'q',
      jobDefinition: 'merge',
      parameters: { output: 'wifi-day' },
    });
    let status = '';
    for (let i = 0; i < 300 && status !== 'SUCCEEDED' && status !== 'FAILED'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await mm.services.batch.describeJobs({ jobs: [jobId] })).jobs[0]?.status ?? '';
    }
    expect(status).toBe('SUCCEEDED');
    const today = utcDay();
    // Midnight (UTC) passed between the puts and the job: the job merged a day with none of them.
    if (today !== dayOfPuts) return;
    const merged = await mm.services.s3.getObject({
      Bucket: 'curated',
      Key: `${today}/wifi-day.json`,
    });
    const lines = Buffer.from(merged.Body).toString().split('\n');
    expect(lines.sort()).toEqual(['', '{"n":1}', '{"n":2}', '{"n":3}']);
  }, 30_000);

  it('reads gzipped objects, adds missing newlines, drops blank lines and refuses bad dates', async () => {
    const s3 = mm.services.s3;
    await s3.putObject({ Bucket: 'raw', Key: '2024/02/29/10/a', Body: '{"a":1}\n\n{"a":2}' });
    await s3.putObject({ Bucket: 'raw', Key: '2024/02/29/11/b.gz', Body: gzipSync('{"b":1}\n') });
    await s3.putObject({ Bucket: 'raw', Key: '2024/02/28/23/c', Body: '{"c":1}\n' });
    const report = await mergeDay(s3, {
      sourceBucket: 'raw',
      targetBucket: 'curated',
      output: 'leap',
      date: '2024-02-29',
    });
    expect(report).toEqual({ key: '2024/02/29/leap.json', objects: 2, records: 3, bytes: 24 });
    const merged = await s3.getObject({ Bucket: 'curated', Key: report.key });
    expect(Buffer.from(merged.Body).toString()).toBe('{"a":1}\n{"a":2}\n{"b":1}\n');
    await expect(
      mergeDay(s3, {
        sourceBucket: 'raw',
        targetBucket: 'curated',
        output: 'x',
        date: '2023-02-29',
      }),
    ).rejects.toMatchObject({ code: 'InvalidDate' });
  });
});
