import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHarness } from './sagemaker-engine.js';
import { createWorkflowHarness } from './sagemaker-engine.js';
import { images, putSampleData, sampleData } from './sagemaker-fixture.js';

/**
 * The governed loop end to end on the embedded services: one state machine
 * trains three built-in algorithms and the bring-your-own model in parallel,
 * tunes one, and registers the best as PendingManualApproval; after approval
 * (UpdateModelPackage, whose event reaches the events port) a second one
 * finds the approved package, creates its model and batch-transforms a CSV
 * into the output store.
 */

let h: WorkflowHarness;
beforeAll(async () => {
  h = await createWorkflowHarness();
  await putSampleData(h.f);
  await h.f.s3.createBucket({ Bucket: 'output-store' });
  await h.f.sagemaker.createModelPackageGroup({ ModelPackageGroupName: 'uc-mpg' });
});
afterAll(async () => h?.close());

const channels = [
  {
    ChannelName: 'train',
    ContentType: 'text/csv',
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/train/' } },
  },
  {
    ChannelName: 'validation',
    ContentType: 'text/csv',
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/validation/' } },
  },
];
const common = {
  RoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
  InputDataConfig: channels,
  OutputDataConfig: { S3OutputPath: 's3://models/loop' },
  ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 10 },
  StoppingCondition: { MaxRuntimeInSeconds: 600 },
};

function train(
  name: string,
  image: string,
  hyperParameters: Record<string, string>,
  metric: string,
) {
  return {
    StartAt: `Train ${name}`,
    States: {
      [`Train ${name}`]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
        Parameters: {
          'TrainingJobName.$': `States.Format('${name}-{}', $.run)`,
          AlgorithmSpecification: {
            TrainingImage: image,
            TrainingInputMode: 'File',
            MetricDefinitions: [{ Name: 'accuracy', Regex: '^accuracy: ([0-9.]+)' }],
          },
          HyperParameters: hyperParameters,
          ...common,
        },
        ResultSelector: {
          'name.$': '$.TrainingJobName',
          'status.$': '$.TrainingJobStatus',
          'metric.$': `$.FinalMetricDataList[?(@.MetricName == '${metric}')].Value`,
        },
        End: true,
      },
    },
  };
}

const loop = {
  Comment:
    'Train three built-in algorithms and a bring-your-own model, tune one, register the best for approval',
  StartAt: 'Train all',
  States: {
    'Train all': {
      Type: 'Parallel',
      Branches: [
        train('xgb', images.xgboost, { num_round: '20', max_depth: '3' }, 'validation:accuracy'),
        train(
          'rf',
          '683313688378.dkr.ecr.us-east-1.amazonaws.com/random-forest:1',
          { n_estimators: '20' },
          'validation:accuracy',
        ),
        train(
          'll',
          '683313688378.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1',
          { predictor_type: 'multiclass_classifier' },
          'validation:accuracy',
        ),
        train('byom', images.byom, { kfold_splits: '3' }, 'accuracy'),
      ],
      ResultPath: '$.trained',
      Next: 'Tune xgb',
    },
    'Tune xgb': {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createHyperParameterTuningJob.sync',
      Parameters: {
        'HyperParameterTuningJobName.$': "States.Format('tune-{}', $.run)",
        HyperParameterTuningJobConfig: {
          Strategy: 'Bayesian',
          HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:accuracy' },
          ResourceLimits: { MaxNumberOfTrainingJobs: 4, MaxParallelTrainingJobs: 2 },
          ParameterRanges: {
            IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '1', MaxValue: '5' }],
            ContinuousParameterRanges: [
              { Name: 'eta', MinValue: '0.05', MaxValue: '0.5', ScalingType: 'Logarithmic' },
            ],
          },
        },
        TrainingJobDefinition: {
          AlgorithmSpecification: { TrainingImage: images.xgboost, TrainingInputMode: 'File' },
          StaticHyperParameters: { num_round: '15' },
          ...common,
        },
      },
      ResultSelector: {
        'best.$': '$.BestTrainingJob.TrainingJobName',
        'metric.$': '$.BestTrainingJob.FinalHyperParameterTuningJobObjectiveMetric.Value',
      },
      ResultPath: '$.tuned',
      Next: 'Describe best',
    },
    'Describe best': {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:describeTrainingJob',
      Parameters: { 'TrainingJobName.$': '$.tuned.best' },
      ResultSelector: {
        'image.$': '$.AlgorithmSpecification.TrainingImage',
        'model.$': '$.ModelArtifacts.S3ModelArtifacts',
      },
      ResultPath: '$.best',
      Next: 'Register',
    },
    Register: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:createModelPackage',
      Parameters: {
        ModelPackageGroupName: 'uc-mpg',
        ModelApprovalStatus: 'PendingManualApproval',
        CustomerMetadataProperties: {
          'winning_algo.$': '$.tuned.best',
          'winning_algo_metric.$': "States.Format('{}', $.tuned.metric)",
        },
        MetadataProperties: {
          CommitId: 'abc123',
          GeneratedBy: 'framework_evaluation',
          ProjectId: 'uc',
        },
        InferenceSpecification: {
          Containers: [{ 'Image.$': '$.best.image', 'ModelDataUrl.$': '$.best.model' }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      },
      ResultSelector: { 'arn.$': '$.ModelPackageArn' },
      ResultPath: '$.registered',
      End: true,
    },
  },
};

const inference = {
  StartAt: 'Find approved',
  States: {
    'Find approved': {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:listModelPackages',
      Parameters: {
        ModelPackageGroupName: 'uc-mpg',
        ModelApprovalStatus: 'Approved',
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      },
      ResultSelector: { 'arn.$': '$.ModelPackageSummaryList[0].ModelPackageArn' },
      ResultPath: '$.approved',
      Next: 'Describe package',
    },
    'Describe package': {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:describeModelPackage',
      Parameters: { 'ModelPackageName.$': '$.approved.arn' },
      ResultSelector: { 'container.$': '$.InferenceSpecification.Containers[0]' },
      ResultPath: '$.package',
      Next: 'Create model',
    },
    'Create model': {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createModel',
      Parameters: {
        'ModelName.$': "States.Format('approved-{}', $.run)",
        ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
        PrimaryContainer: {
          'Image.$': '$.package.container.Image',
          'ModelDataUrl.$': '$.package.container.ModelDataUrl',
        },
      },
      ResultPath: null,
      Next: 'Batch transform',
    },
    'Batch transform': {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createTransformJob.sync',
      Parameters: {
        'TransformJobName.$': "States.Format('score-{}', $.run)",
        'ModelName.$': "States.Format('approved-{}', $.run)",
        TransformInput: {
          ContentType: 'text/csv',
          SplitType: 'Line',
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://data/score/' } },
        },
        TransformOutput: {
          S3OutputPath: 's3://output-store/batch-transform-output',
          AssembleWith: 'Line',
        },
        TransformResources: { InstanceCount: 1, InstanceType: 'ml.m5.large' },
        BatchStrategy: 'MultiRecord',
      },
      ResultSelector: {
        'status.$': '$.TransformJobStatus',
        'output.$': '$.TransformOutput.S3OutputPath',
      },
      End: true,
    },
  },
};

describe('train, tune, register, approve, batch-transform', () => {
  it('runs the loop and the inference with the approved model', async () => {
    const { final, output } = await h.run('loop', loop, { run: 'r1' });
    expect(final.error ?? '', final.cause).toBe('');
    expect(final.status).toBe('SUCCEEDED');
    expect(output.trained.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual(
      [
        ['xgb-r1', 'Completed'],
        ['rf-r1', 'Completed'],
        ['ll-r1', 'Completed'],
        ['byom-r1', 'Completed'],
      ],
    );
    for (const branch of output.trained) expect(branch.metric[0]).toBeGreaterThan(0.6);
    expect(output.tuned.best).toMatch(/^tune-r1-00[1-4]-[0-9a-f]{8}$/);
    const rf = await h.f.sagemaker.describeTrainingJob({ TrainingJobName: 'rf-r1' });
    expect(rf.AlgorithmSpecification.MetricDefinitions?.length).toBeGreaterThan(1);

    const pending = await h.f.sagemaker.describeModelPackage({
      ModelPackageName: output.registered.arn,
    });
    expect(pending).toMatchObject({
      ModelApprovalStatus: 'PendingManualApproval',
      CustomerMetadataProperties: { winning_algo: output.tuned.best },
    });
    const early = await h.run('inference', inference, { run: 'r0' });
    expect(early.final.status).toBe('FAILED');

    await h.f.sagemaker.updateModelPackage({
      ModelPackageArn: output.registered.arn,
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'reviewed',
    });
    const event = h.f.events.at(-1);
    expect(event).toMatchObject({
      Source: 'aws.sagemaker',
      DetailType: 'SageMaker Model Package State Change',
      Resources: [output.registered.arn],
    });
    expect(JSON.parse(event?.Detail ?? '{}')).toMatchObject({
      ModelPackageGroupName: 'uc-mpg',
      ModelPackageVersion: 1,
      ModelApprovalStatus: 'Approved',
    });

    const scored = await h.run('inference', inference, { run: 'r2' });
    expect(scored.final.error ?? '', scored.final.cause).toBe('');
    expect(scored.output).toEqual({
      status: 'Completed',
      output: 's3://output-store/batch-transform-output',
    });
    const labels = (await h.f.read('s3://output-store/batch-transform-output/score.csv.out'))
      .trimEnd()
      .split('\n');
    expect(labels).toHaveLength(sampleData('score.csv').trimEnd().split('\n').length);
    expect(
      labels.filter((label, i) => Number(label) === i % 3).length / labels.length,
    ).toBeGreaterThan(0.7);
  });
});
