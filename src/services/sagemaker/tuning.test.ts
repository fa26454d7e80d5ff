import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { SageMakerFixture } from '../../../test/services/sagemaker-fixture.js';
import {
  createSageMakerFixture,
  images,
  putSampleData,
  trainingRequest,
} from '../../../test/services/sagemaker-fixture.js';
import type { CreateHyperParameterTuningJobInput } from './types.js';

let f: SageMakerFixture;
beforeAll(async () => {
  f = await createSageMakerFixture();
  await putSampleData(f);
});
afterAll(async () => f?.close());

function definition(fields: Record<string, unknown> = {}) {
  const { TrainingJobName: _name, ...rest } = trainingRequest('x');
  return {
    ...rest,
    StaticHyperParameters: { num_round: '10' },
    ...fields,
  } as CreateHyperParameterTuningJobInput['TrainingJobDefinition'];
}

function tuningRequest(
  name: string,
  config: Record<string, unknown>,
  fields: Record<string, unknown> = {},
): CreateHyperParameterTuningJobInput {
  return {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:accuracy' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 4, MaxParallelTrainingJobs: 2 },
      ParameterRanges: {
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '1', MaxValue: '6' }],
        ContinuousParameterRanges: [
          { Name: 'eta', MinValue: '0.05', MaxValue: '0.5', ScalingType: 'Logarithmic' },
        ],
      },
      RandomSeed: 7,
      ...config,
    },
    TrainingJobDefinition: definition(),
    ...fields,
  };
}

/**
 * Starts tuning job `name` over a database file, one child at a time, each
 * running the shell `train`; resolves once the first child runs, with the
 * fixture and a way to open the same database again (a restart).
 */
async function tuneOverFile(name: string, train: string, maxJobs: number) {
  const home = mkdtempSync(join(tmpdir(), `mm-tune-${name}-`));
  const file = join(home, 'mm.db');
  const fixture = await createSageMakerFixture({ file, home });
  await putSampleData(fixture);
  const folder = fixture.folderWith({ train: `#!/bin/sh\n${train}\n` });
  await fixture.ecr.registerImage({ imageUri: `${name}:1`, folder });
  await fixture.sagemaker.createHyperParameterTuningJob(
    tuningRequest(
      name,
      {
        Strategy: 'Random',
        HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'score' },
        ResourceLimits: { MaxNumberOfTrainingJobs: maxJobs, MaxParallelTrainingJobs: 1 },
      },
      {
        TrainingJobDefinition: definition({
          AlgorithmSpecification: {
            TrainingImage: `${name}:1`,
            MetricDefinitions: [{ Name: 'score', Regex: 'score: (\\S+)' }],
          },
        }),
      },
    ),
  );
  for (let i = 0; i < 100; i += 1) {
    const { TrainingJobStatusCounters } = await fixture.sagemaker.describeHyperParameterTuningJob({
      HyperParameterTuningJobName: name,
    });
    if (TrainingJobStatusCounters.InProgress === 1) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return { fixture, reopen: () => createSageMakerFixture({ file, home }) };
}

describe('hyperparameter tuning jobs', () => {
  it('runs a Bayesian search of the built-in xgboost, at most 2 at a time, and names the best job', async () => {
    const { HyperParameterTuningJobArn } = await f.sagemaker.createHyperParameterTuningJob(
      tuningRequest('tune-xgb', {}),
    );
    expect(HyperParameterTuningJobArn).toBe(
      'arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/tune-xgb',
    );
    const job = await f.sagemaker.waitForHyperParameterTuningJob('tune-xgb');
    expect(job.FailureReason).toBeUndefined();
    expect(job.HyperParameterTuningJobStatus).toBe('Completed');
    expect(job.TrainingJobStatusCounters).toEqual({
      Completed: 4,
      InProgress: 0,
      RetryableError: 0,
      NonRetryableError: 0,
      Stopped: 0,
    });
    expect(job.ObjectiveStatusCounters).toEqual({ Succeeded: 4, Pending: 0, Failed: 0 });
    const { TrainingJobSummaries: children } =
      await f.sagemaker.listTrainingJobsForHyperParameterTuningJob({
        HyperParameterTuningJobName: 'tune-xgb',
        SortBy: 'FinalObjectiveMetricValue',
        SortOrder: 'Descending',
      });
    expect(children).toHaveLength(4);
    for (const child of children) {
      expect(child.TrainingJobName).toMatch(/^tune-xgb-00[1-4]-[0-9a-f]{8}$/);
      expect(Number(child.TunedHyperParameters.max_depth)).toBeGreaterThanOrEqual(1);
      expect(Number(child.TunedHyperParameters.eta)).toBeLessThanOrEqual(0.5);
    }
    const values = children.map((c) => c.FinalHyperParameterTuningJobObjectiveMetric?.Value ?? -1);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const tied = children.filter(
      (c) => c.FinalHyperParameterTuningJobObjectiveMetric?.Value === values[0],
    );
    expect(tied.map((c) => c.TrainingJobName)).toContain(job.BestTrainingJob?.TrainingJobName);
    expect(job.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric).toEqual({
      Type: 'Maximize',
      MetricName: 'validation:accuracy',
      Value: values[0],
    });
    const child = await f.sagemaker.describeTrainingJob({
      TrainingJobName: children[0]!.TrainingJobName,
    });
    expect(child.TuningJobArn).toBe(HyperParameterTuningJobArn);
    expect(child.HyperParameters).toMatchObject({
      num_round: '10',
      _tuning_objective_metric: 'validation:accuracy',
    });
  });

  it('runs every point of a Grid search over categorical ranges', async () => {
    await f.sagemaker.createHyperParameterTuningJob(
      tuningRequest('grid', {
        Strategy: 'Grid',
        ResourceLimits: { MaxParallelTrainingJobs: 3 },
        ParameterRanges: {
          CategoricalParameterRanges: [{ Name: 'max_depth', Values: ['1', '2', '3'] }],
        },
      }),
    );
    const job = await f.sagemaker.waitForHyperParameterTuningJob('grid');
    expect(job.HyperParameterTuningJobStatus).toBe('Completed');
    const { TrainingJobSummaries } = await f.sagemaker.listTrainingJobsForHyperParameterTuningJob({
      HyperParameterTuningJobName: 'grid',
      SortBy: 'Name',
      SortOrder: 'Ascending',
    });
    expect(TrainingJobSummaries.map((s) => s.TunedHyperParameters.max_depth)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('tunes the bring-your-own model with a metric parsed from its log', async () => {
    await f.sagemaker.createHyperParameterTuningJob(
      tuningRequest(
        'tune-byom',
        {
          Strategy: 'Random',
          HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'accuracy' },
          ResourceLimits: { MaxNumberOfTrainingJobs: 3, MaxParallelTrainingJobs: 3 },
          ParameterRanges: {
            ContinuousParameterRanges: [{ Name: 'shrinkage', MinValue: '0', MaxValue: '0.9' }],
            CategoricalParameterRanges: [{ Name: 'distance', Values: ['euclidean', 'manhattan'] }],
          },
        },
        {
          TrainingJobDefinition: definition({
            AlgorithmSpecification: {
              TrainingImage: images.byom,
              TrainingInputMode: 'File',
              MetricDefinitions: [{ Name: 'accuracy', Regex: '^accuracy: ([0-9\\.]+)' }],
            },
            StaticHyperParameters: { kfold_splits: '3' },
          }),
        },
      ),
    );
    const job = await f.sagemaker.waitForHyperParameterTuningJob('tune-byom');
    expect(job.HyperParameterTuningJobStatus).toBe('Completed');
    expect(job.ObjectiveStatusCounters.Succeeded).toBe(3);
    expect(job.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.Value).toBeGreaterThan(
      0.6,
    );
  });

  it('fails when no child reports the objective, naming the first failure', async () => {
    await f.sagemaker.createHyperParameterTuningJob(
      tuningRequest('all-fail', {
        Strategy: 'Random',
        ResourceLimits: { MaxNumberOfTrainingJobs: 2, MaxParallelTrainingJobs: 1 },
        ParameterRanges: {
          ContinuousParameterRanges: [{ Name: 'subsample', MinValue: '2', MaxValue: '3' }],
        },
      }),
    );
    const job = await f.sagemaker.waitForHyperParameterTuningJob('all-fail');
    expect(job.HyperParameterTuningJobStatus).toBe('Failed');
    expect(job.TrainingJobStatusCounters.NonRetryableError).toBe(2);
    expect(job.FailureReason).toMatch(
      /^All 2 training jobs failed or reported no value of the objective metric 'validation:accuracy'; the first failure: ClientError: .*subsample/,
    );
  });

  it('refuses requests SageMaker refuses', async () => {
    const unknownMetric = await rejection(
      f.sagemaker.createHyperParameterTuningJob(
        tuningRequest('bad-metric', {
          HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'auc' },
        }),
      ),
    );
    expect(unknownMetric.message).toMatch(/objective metric 'auc' is not defined/);
    const both = await rejection(
      f.sagemaker.createHyperParameterTuningJob(
        tuningRequest(
          'both',
          {},
          { TrainingJobDefinition: definition({ StaticHyperParameters: { max_depth: '3' } }) },
        ),
      ),
    );
    expect(both.message).toMatch(/'max_depth' is both static .* and tunable/);
    const long = await rejection(
      f.sagemaker.createHyperParameterTuningJob(
        tuningRequest('a-name-longer-than-thirty-two-chars', {}),
      ),
    );
    expect(long.code).toBe('ValidationException');
    const limits = await rejection(
      f.sagemaker.createHyperParameterTuningJob(
        tuningRequest('no-limit', { ResourceLimits: { MaxParallelTrainingJobs: 1 } }),
      ),
    );
    expect(limits.message).toMatch(/MaxNumberOfTrainingJobs must be a whole number/);
    const missing = await rejection(
      f.sagemaker.describeHyperParameterTuningJob({ HyperParameterTuningJobName: 'nope' }),
    );
    expect(missing.code).toBe('ResourceNotFound');
  });

  it('stops a tuning job and its training jobs', async () => {
    const folder = f.folderWith({ train: '#!/bin/sh\nexec sleep 30\n' });
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/slow-tune:1';
    await f.ecr.registerImage({ imageUri: uri, folder });
    await f.sagemaker.createHyperParameterTuningJob(
      tuningRequest(
        'to-stop',
        {
          Strategy: 'Random',
          HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
          ResourceLimits: { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 2 },
        },
        {
          TrainingJobDefinition: definition({
            AlgorithmSpecification: {
              TrainingImage: uri,
              MetricDefinitions: [{ Name: 'loss', Regex: 'loss=(\\S+)' }],
            },
          }),
        },
      ),
    );
    for (let i = 0; i < 100; i += 1) {
      const { TrainingJobStatusCounters } = await f.sagemaker.describeHyperParameterTuningJob({
        HyperParameterTuningJobName: 'to-stop',
      });
      if (TrainingJobStatusCounters.InProgress === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await f.sagemaker.stopHyperParameterTuningJob({ HyperParameterTuningJobName: 'to-stop' });
    const job = await f.sagemaker.waitForHyperParameterTuningJob('to-stop');
    expect(job.HyperParameterTuningJobStatus).toBe('Stopped');
    expect(job.TrainingJobStatusCounters).toMatchObject({ Stopped: 2, InProgress: 0 });
  });

  it('carries on after a restart over the same database: running children run again, the count holds', async () => {
    const started = await tuneOverFile('resumed', 'sleep 0.5\necho "score: 0.5"', 3);
    await started.fixture.close();
    const again = await started.reopen();
    try {
      const job = await again.sagemaker.waitForHyperParameterTuningJob('resumed');
      expect(job.HyperParameterTuningJobStatus).toBe('Completed');
      expect(job.TrainingJobStatusCounters).toMatchObject({ Completed: 3, InProgress: 0 });
      const { TrainingJobSummaries } =
        await again.sagemaker.listTrainingJobsForHyperParameterTuningJob({
          HyperParameterTuningJobName: 'resumed',
          SortBy: 'Name',
          SortOrder: 'Ascending',
        });
      expect(
        TrainingJobSummaries.map((t) => t.TrainingJobName.slice(0, 'resumed-00N'.length)),
      ).toEqual(['resumed-001', 'resumed-002', 'resumed-003']);
    } finally {
      await again.close();
    }
  });

  it('ends Stopped after a restart that found it Stopping, launching no more children', async () => {
    const started = await tuneOverFile('half-stopped', 'exec sleep 30', 4);
    await started.fixture.sagemaker.stopHyperParameterTuningJob({
      HyperParameterTuningJobName: 'half-stopped',
    });
    await started.fixture.close();
    const again = await started.reopen();
    try {
      const job = await again.sagemaker.waitForHyperParameterTuningJob('half-stopped');
      expect(job.HyperParameterTuningJobStatus).toBe('Stopped');
      expect(job.TrainingJobStatusCounters).toMatchObject({ Stopped: 1, InProgress: 0 });
      const { TrainingJobSummaries } =
        await again.sagemaker.listTrainingJobsForHyperParameterTuningJob({
          HyperParameterTuningJobName: 'half-stopped',
        });
      expect(TrainingJobSummaries.map((t) => t.TrainingJobStatus)).toEqual(['Stopped']);
    } finally {
      await again.close();
    }
  });
});
