import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogGroup } from '../../runtime/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  sampleData,
  trainingRequest,
} from '../../../test/services/sagemaker-fixture.js';

let f: SageMakerFixture;
beforeAll(async () => {
  f = await createSageMakerFixture();
  await putSampleData(f);
  await f.s3.createBucket({ Bucket: 'output' });
  await f.sagemaker.createTrainingJob(
    trainingRequest('byom-train', {
      AlgorithmSpecification: { TrainingImage: images.byom, TrainingInputMode: 'File' },
    }),
  );
  await f.sagemaker.createTrainingJob(
    trainingRequest('xgb-train', { HyperParameters: { num_round: '10' } }),
  );
  const byom = (await f.sagemaker.waitForTrainingJob('byom-train')).ModelArtifacts.S3ModelArtifacts;
  const xgb = (await f.sagemaker.waitForTrainingJob('xgb-train')).ModelArtifacts.S3ModelArtifacts;
  await f.sagemaker.createModel({
    ModelName: 'byom',
    PrimaryContainer: { Image: images.byom, ModelDataUrl: byom },
  });
  await f.sagemaker.createModel({
    ModelName: 'xgb',
    PrimaryContainer: { Image: images.xgboost, ModelDataUrl: xgb },
  });
});
afterAll(async () => f?.close());

const rows = sampleData('score.csv').split('\n').slice(0, 3).join('\n');

describe('batch transform', () => {
  it('scores CSV with the bring-your-own serve into <key>.out, MultiRecord, assembled by line', async () => {
    await f.sagemaker.createTransformJob({
      TransformJobName: 'byom-batch',
      ModelName: 'byom',
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/score/' } },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: {
        S3OutputPath: 's3://output/batch',
        AssembleWith: 'Line',
        Accept: 'text/csv',
      },
      BatchStrategy: 'MultiRecord',
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    });
    const job = await f.sagemaker.waitForTransformJob('byom-batch');
    expect(job.FailureReason).toBeUndefined();
    expect(job.TransformJobStatus).toBe('Completed');
    const out = (await f.read('s3://output/batch/score.csv.out')).trimEnd().split('\n');
    expect(out).toHaveLength(30);
    const right = out.filter((label, i) => Number(label) === i % 3).length;
    expect(right / 30).toBeGreaterThan(0.7);
  });

  it('fails naming the record the model refuses', async () => {
    await f.put('s3://data/bad/part-1.csv', `${rows}\n1,2,oops,4\n`);
    await f.sagemaker.createTransformJob({
      TransformJobName: 'bad-record',
      ModelName: 'xgb',
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/bad/' } },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: { S3OutputPath: 's3://output/bad' },
      BatchStrategy: 'MultiRecord',
    });
    const job = await f.sagemaker.waitForTransformJob('bad-record');
    expect(job.TransformJobStatus).toBe('Failed');
    expect(job.FailureReason).toMatch(
      /^ClientError: the model could not score record 4 of s3:\/\/data\/bad\/part-1\.csv \(HTTP 400: record 1, field 3: 'oops' is not a number\)/,
    );
    const streams = f.logs.streams(LogGroup.SageMakerTransform, 'bad-record/').map((s) => s.stream);
    expect(streams.some((s) => s.endsWith('/data-log'))).toBe(true);
  });
});

describe('transform inputs and outputs', () => {
  it('reads a ManifestFile, sends one record per request and answers JSON as Accept asks', async () => {
    await f.put('s3://data/manifest/a.csv', `${rows}\n`);
    await f.put('s3://data/manifest/nested/b.csv', `${rows}\n`);
    await f.put(
      's3://data/manifest.json',
      JSON.stringify([{ prefix: 's3://data/manifest/' }, 'a.csv', 'nested/b.csv']),
    );
    await f.sagemaker.createTransformJob({
      TransformJobName: 'manifest',
      ModelName: 'xgb',
      TransformInput: {
        DataSource: {
          S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://data/manifest.json' },
        },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: {
        S3OutputPath: 's3://output/manifest/',
        Accept: 'application/json',
        AssembleWith: 'Line',
      },
      BatchStrategy: 'SingleRecord',
    });
    const job = await f.sagemaker.waitForTransformJob('manifest');
    expect(job.FailureReason).toBeUndefined();
    expect(job).toMatchObject({
      TransformJobStatus: 'Completed',
      BatchStrategy: 'SingleRecord',
      MaxPayloadInMB: 6,
    });
    for (const key of ['a.csv.out', 'nested/b.csv.out']) {
      const lines = (await f.read(`s3://output/manifest/${key}`)).trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(JSON.parse(lines[0] ?? '').predictions).toHaveLength(1);
    }
  });

  it('refuses a missing model and split types it cannot serve', async () => {
    const request = {
      TransformJobName: 'refused',
      ModelName: 'ghost',
      TransformInput: {
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: 's3://data/score/' },
        },
      },
      TransformOutput: { S3OutputPath: 's3://output/x' },
    };
    await expect(f.sagemaker.createTransformJob(request)).rejects.toMatchObject({
      message: 'Could not find model "arn:aws:sagemaker:us-east-1:123456789012:model/ghost".',
    });
    await expect(
      f.sagemaker.createTransformJob({
        ...request,
        ModelName: 'xgb',
        TransformInput: { ...request.TransformInput, SplitType: 'RecordIO' },
      }),
    ).rejects.toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(/SplitType 'RecordIO' is not served locally/),
    });
    await expect(
      f.sagemaker.describeTransformJob({ TransformJobName: 'ghost' }),
    ).rejects.toMatchObject({ message: 'Could not find requested job with name ghost' });
  });
});
