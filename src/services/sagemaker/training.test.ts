import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogGroup } from '../../runtime/index.js';
import { rejection } from '../common/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  trainingRequest,
} from '../../../test/services/sagemaker-fixture.js';

let f: SageMakerFixture;
beforeAll(async () => {
  f = await createSageMakerFixture();
  await putSampleData(f);
});
afterAll(async () => f?.close());

async function untar(uri: string): Promise<string> {
  const { bucket, key } = {
    bucket: uri.split('/')[2] as string,
    key: uri.split('/').slice(3).join('/'),
  };
  const dest = mkdtempSync(join(tmpdir(), 'mm-untar-'));
  await tar.extract({ file: f.s3.localPath(bucket, key), cwd: dest });
  return dest;
}

describe('training jobs with the built-in algorithms', () => {
  it('trains xgboost from a SageMaker image URI, packs model.tar.gz and reports metrics', async () => {
    const { TrainingJobArn } = await f.sagemaker.createTrainingJob(
      trainingRequest('xgb-1', {
        HyperParameters: { num_round: '20', max_depth: '3', objective: 'multi:softprob' },
      }),
    );
    expect(TrainingJobArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:training-job/xgb-1');
    const job = await f.sagemaker.waitForTrainingJob('xgb-1');
    expect(job.FailureReason).toBeUndefined();
    expect(job.TrainingJobStatus).toBe('Completed');
    expect(job.SecondaryStatus).toBe('Completed');
    expect(job.SecondaryStatusTransitions.map((t) => t.Status)).toEqual([
      'Starting',
      'Downloading',
      'Training',
      'Uploading',
      'Completed',
    ]);
    expect(job.ModelArtifacts.S3ModelArtifacts).toBe('s3://models/out/xgb-1/output/model.tar.gz');
    const folder = await untar(job.ModelArtifacts.S3ModelArtifacts);
    const doc = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
    expect(doc).toMatchObject({
      format: 'modelmill-model',
      algorithm: 'xgb',
      task: 'classification',
    });
    const accuracy = job.FinalMetricDataList.find((m) => m.MetricName === 'validation:accuracy');
    expect(accuracy?.Value).toBeGreaterThan(0.7);
    expect(job.FinalMetricDataList.map((m) => m.MetricName)).toContain('train:f1');
    expect(job.TrainingStartTime).toBeGreaterThanOrEqual(job.CreationTime);
    expect(job.TrainingEndTime).toBeGreaterThanOrEqual(job.TrainingStartTime ?? 0);
  });

  it("fails the job with compileHyperparameters' message for a value out of range", async () => {
    await f.sagemaker.createTrainingJob(
      trainingRequest('xgb-bad-hp', { HyperParameters: { eta: '7' } }),
    );
    const job = await f.sagemaker.waitForTrainingJob('xgb-bad-hp');
    expect(job.TrainingJobStatus).toBe('Failed');
    expect(job.FailureReason).toMatch(/^ClientError: .*learning_rate|eta/);
  });

  it('picks any src/ml algorithm with the algorithm hyperparameter', async () => {
    await f.sagemaker.createTrainingJob(
      trainingRequest('rf-by-hp', {
        AlgorithmSpecification: {
          TrainingImage: '1.dkr.ecr.us-east-1.amazonaws.com/modelmill-ml:1',
          TrainingInputMode: 'File',
        },
        HyperParameters: { algorithm: 'rf', n_estimators: '10' },
      }),
    );
    const job = await f.sagemaker.waitForTrainingJob('rf-by-hp');
    expect(job.TrainingJobStatus).toBe('Completed');
    const doc = JSON.parse(
      readFileSync(join(await untar(job.ModelArtifacts.S3ModelArtifacts), 'model.json'), 'utf8'),
    );
    expect(doc.algorithm).toBe('rf');
  });
});

describe('bring-your-own training', () => {
  const metrics = [{ Name: 'accuracy', Regex: 'accuracy: ([0-9\\.]+)' }];

  it('runs the sample train executable with the /opt/ml contract and parses metrics from its log', async () => {
    await f.sagemaker.createTrainingJob(
      trainingRequest('byom-1', {
        AlgorithmSpecification: {
          TrainingImage: images.byom,
          TrainingInputMode: 'File',
          MetricDefinitions: metrics,
        },
        HyperParameters: { kfold_splits: '3', distance: 'manhattan' },
      }),
    );
    const job = await f.sagemaker.waitForTrainingJob('byom-1');
    expect(job.FailureReason).toBeUndefined();
    expect(job.TrainingJobStatus).toBe('Completed');
    expect(job.FinalMetricDataList).toEqual([
      { MetricName: 'accuracy', Value: expect.any(Number), Timestamp: expect.any(Number) },
    ]);
    const stream = f.logs.streams(LogGroup.SageMakerTraining, 'byom-1/')[0];
    expect(stream?.stream).toMatch(/^byom-1\/algo-1-\d+$/);
    const model = JSON.parse(
      readFileSync(join(await untar(job.ModelArtifacts.S3ModelArtifacts), 'model.json'), 'utf8'),
    );
    expect(model).toMatchObject({
      format: 'byom-nearest-centroid',
      distance: 'manhattan',
      labels: ['0', '1', '2'],
    });
  });

  it('takes the failure file as FailureReason when train exits non-zero', async () => {
    await f.sagemaker.createTrainingJob(
      trainingRequest('byom-bad', {
        AlgorithmSpecification: { TrainingImage: images.byom, TrainingInputMode: 'File' },
        HyperParameters: { shrinkage: '3' },
      }),
    );
    const job = await f.sagemaker.waitForTrainingJob('byom-bad');
    expect(job.TrainingJobStatus).toBe('Failed');
    expect(job.FailureReason).toBe(
      'ClientError: hyperparameter shrinkage must be between 0 and 1, got 3.0',
    );
    expect(job.SecondaryStatus).toBe('Failed');
  });

  it('fails with ClientError when a channel prefix holds no objects', async () => {
    await f.sagemaker.createTrainingJob(
      trainingRequest('empty-channel', {
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: {
              S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/nothing-here/' },
            },
          },
        ],
      }),
    );
    const job = await f.sagemaker.waitForTrainingJob('empty-channel');
    expect(job.TrainingJobStatus).toBe('Failed');
    expect(job.FailureReason).toMatch(
      /^ClientError: No S3 objects found under S3 URL "s3:\/\/data\/nothing-here\/"/,
    );
  });

  it('stops a job at MaxRuntimeInSeconds (Stopped, MaxRuntimeExceeded) and still uploads the model', async () => {
    const folder = f.folderWith({
      train: '#!/bin/sh\necho partial > "$SM_MODEL_DIR/partial.txt"\nexec sleep 30\n',
    });
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/sleepy:1';
    await f.ecr.registerImage({ imageUri: uri, folder });
    await f.sagemaker.createTrainingJob(
      trainingRequest('sleepy', {
        AlgorithmSpecification: { TrainingImage: uri, TrainingInputMode: 'File' },
        StoppingCondition: { MaxRuntimeInSeconds: 1 },
      }),
    );
    const job = await f.sagemaker.waitForTrainingJob('sleepy');
    expect([job.TrainingJobStatus, job.SecondaryStatus]).toEqual(['Stopped', 'MaxRuntimeExceeded']);
    const { bucket, key } = { bucket: 'models', key: 'out/sleepy/output/model.tar.gz' };
    expect(existsSync(f.s3.localPath(bucket, key))).toBe(true);
  });

  it('stops a running job with StopTrainingJob', async () => {
    const folder = f.folderWith({ train: '#!/bin/sh\nexec sleep 30\n' });
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/sleepy-2:1';
    await f.ecr.registerImage({ imageUri: uri, folder });
    await f.sagemaker.createTrainingJob(
      trainingRequest('to-stop', {
        AlgorithmSpecification: { TrainingImage: uri, TrainingInputMode: 'File' },
      }),
    );
    for (
      let i = 0;
      i < 100 &&
      (await f.sagemaker.describeTrainingJob({ TrainingJobName: 'to-stop' })).SecondaryStatus !==
        'Training';
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await f.sagemaker.stopTrainingJob({ TrainingJobName: 'to-stop' })).toEqual({});
    const job = await f.sagemaker.waitForTrainingJob('to-stop');
    expect(job.FailureReason).toBeUndefined();
    expect(job.TrainingJobStatus).toBe('Stopped');
    expect(job.SecondaryStatusTransitions.map((t) => t.Status)).toContain('Stopping');
  });
});

describe('training job requests', () => {
  it('refuses an image that is neither registered nor a built-in repository', async () => {
    const err = await rejection(
      f.sagemaker.createTrainingJob(
        trainingRequest('no-image', {
          AlgorithmSpecification: { TrainingImage: '1.dkr.ecr.us-east-1.amazonaws.com/nope:1' },
        }),
      ),
    );
    expect(err.code).toBe('ValidationException');
    expect(err.message).toMatch(
      /TrainingImage '1\.dkr\.ecr\.us-east-1\.amazonaws\.com\/nope:1' does not exist locally/,
    );
  });

  it('refuses a bring-your-own folder without a train executable, or gone', async () => {
    const folder = f.folderWith({ serve: '#!/bin/sh\n' });
    await f.ecr.registerImage({ imageUri: 'serve-only:1', folder });
    const err = await rejection(
      f.sagemaker.createTrainingJob(
        trainingRequest('serve-only', {
          AlgorithmSpecification: { TrainingImage: 'serve-only:1' },
        }),
      ),
    );
    expect(err).toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(
        /registered to the folder .* which holds no 'train' executable/,
      ),
    });
    rmSync(folder, { recursive: true });
    const gone = await rejection(
      f.sagemaker.createTrainingJob(
        trainingRequest('serve-only', {
          AlgorithmSpecification: { TrainingImage: 'serve-only:1' },
        }),
      ),
    );
    expect(gone.message).toMatch(/which does not exist; put the train executable there/);
  });

  it('refuses a duplicate name, non-string hyperparameters and a bad name', async () => {
    await f.sagemaker.createTrainingJob(trainingRequest('dup'));
    expect((await rejection(f.sagemaker.createTrainingJob(trainingRequest('dup')))).code).toBe(
      'ResourceInUse',
    );
    const hp = await rejection(
      f.sagemaker.createTrainingJob(trainingRequest('hp', { HyperParameters: { eta: 0.1 } })),
    );
    expect(hp.message).toMatch(
      /HyperParameters\.eta is 0\.1: hyperparameter values must be strings/,
    );
    expect((await rejection(f.sagemaker.createTrainingJob(trainingRequest('bad_name')))).code).toBe(
      'ValidationException',
    );
    await f.sagemaker.waitForTrainingJob('dup');
  });

  it('describes a missing job with ValidationException and lists jobs with filters', async () => {
    const missing = await rejection(f.sagemaker.describeTrainingJob({ TrainingJobName: 'ghost' }));
    expect(missing).toMatchObject({
      code: 'ValidationException',
      message: expect.stringMatching(/^Requested resource not found/),
    });
    const listed = await f.sagemaker.listTrainingJobs({
      NameContains: 'XGB',
      SortBy: 'Name',
      SortOrder: 'Descending',
    });
    expect(listed.TrainingJobSummaries.map((s) => s.TrainingJobName)).toEqual([
      'xgb-bad-hp',
      'xgb-1',
    ]);
    const failed = await f.sagemaker.listTrainingJobs({ StatusEquals: 'Failed', MaxResults: 1 });
    expect(failed.TrainingJobSummaries).toHaveLength(1);
    expect(failed.NextToken).toBe('1');
  });
});
