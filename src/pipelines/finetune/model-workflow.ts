import type { FinetuneConfig, FinetuneModel } from './inputs.js';
import { MODEL_NAMESPACE } from './inputs.js';
import { checkConfigStates, loadConfigState } from './workflow.js';

/**
 * The per-model fine-tune state machine (SYSTEMS.md §2 "Model workflow"), in
 * JSONata: LoadConfig → training job (`.sync`) with the fine-tune image →
 * model with the inference image → endpoint config → UpdateEndpoint, or
 * CreateEndpoint when there is no endpoint to update → poll DescribeEndpoint
 * until InService (or fail).
 */

/** The metrics the fine-tune container prints, as the training job's MetricDefinitions read them. */
export const FINETUNE_METRICS = [
  { Name: 'eval_loss', Regex: 'eval_loss: ([0-9.eE+-]+)' },
  { Name: 'eval_accuracy', Regex: 'eval_accuracy: ([0-9.eE+-]+)' },
  { Name: 'eval_f1', Regex: 'eval_f1: ([0-9.eE+-]+)' },
  { Name: 'train_loss', Regex: 'train_loss: ([0-9.eE+-]+)' },
];

/** The hyperparameters of the original workflow (all strings, as SageMaker takes them). */
export const FINETUNE_HYPERPARAMETERS = { epochs: '4', batch_size: '16', learning_rate: '2e-5' };

/** Seconds between two DescribeEndpoint polls. */
export const ENDPOINT_POLL_SECONDS = 30;

/** The endpoint a model is served from, and its training jobs' name prefix: `<app>-general`, `<app>-low-vol`. */
export function endpointName(c: FinetuneConfig, model: FinetuneModel): string {
  return `${c.application_name}-${model === 'general' ? 'general' : 'low-vol'}`;
}

function channel(c: FinetuneConfig, model: FinetuneModel, name: 'train' | 'test') {
  const prefix = `s3://${c.s3_bucket_name}/training/${MODEL_NAMESPACE[model]}/`;
  return {
    ChannelName: name,
    ContentType: 'application/jsonlines',
    DataSource: {
      S3DataSource: {
        S3DataType: 'S3Prefix',
        S3Uri: `{% '${prefix}' & $batchId & '/${name}/' %}`,
        S3DataDistributionType: 'FullyReplicated',
      },
    },
  };
}

function trainState(c: FinetuneConfig, model: FinetuneModel) {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync',
    Arguments: {
      TrainingJobName: '{% $jobName %}',
      AlgorithmSpecification: {
        TrainingImage: `{% '${c.repositories.finetune}' & $versions.'version-finetune' %}`,
        TrainingInputMode: 'File',
        MetricDefinitions: FINETUNE_METRICS,
      },
      RoleArn: c.role_arn,
      HyperParameters: FINETUNE_HYPERPARAMETERS,
      InputDataConfig: [channel(c, model, 'train'), channel(c, model, 'test')],
      OutputDataConfig: {
        S3OutputPath: `s3://${c.s3_bucket_name}/models/${MODEL_NAMESPACE[model]}/`,
      },
      ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    },
    Assign: {
      modelData: '{% $states.result.ModelArtifacts.S3ModelArtifacts %}',
      metrics: '{% $states.result.FinalMetricDataList %}',
    },
    Next: 'CreateModel',
  };
}

function deployStates(c: FinetuneConfig, model: FinetuneModel) {
  const endpoint = endpointName(c, model);
  return {
    CreateModel: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createModel',
      Arguments: {
        ModelName: '{% $jobName %}',
        ExecutionRoleArn: c.role_arn,
        PrimaryContainer: {
          Image: `{% '${c.repositories.inference}' & $versions.'version-inference' %}`,
          ModelDataUrl: '{% $modelData %}',
        },
      },
      Next: 'CreateEndpointConfig',
    },
    CreateEndpointConfig: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createEndpointConfig',
      Arguments: {
        EndpointConfigName: '{% $jobName %}',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: '{% $jobName %}',
            InitialInstanceCount: 1,
            InstanceType: 'ml.g5.xlarge',
          },
        ],
      },
      Next: 'UpdateEndpoint',
    },
    UpdateEndpoint: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:updateEndpoint',
      Arguments: { EndpointName: endpoint, EndpointConfigName: '{% $jobName %}' },
      Catch: [{ ErrorEquals: ['SageMaker.AmazonSageMakerException'], Next: 'CreateEndpoint' }],
      Next: 'WaitForEndpoint',
    },
    CreateEndpoint: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createEndpoint',
      Arguments: { EndpointName: endpoint, EndpointConfigName: '{% $jobName %}' },
      Next: 'WaitForEndpoint',
    },
    WaitForEndpoint: { Type: 'Wait', Seconds: ENDPOINT_POLL_SECONDS, Next: 'DescribeEndpoint' },
    DescribeEndpoint: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:sagemaker:describeEndpoint',
      Arguments: { EndpointName: endpoint },
      Assign: { endpointStatus: '{% $states.result.EndpointStatus %}' },
      Output: '{% $states.result %}',
      Next: 'CheckEndpoint',
    },
    CheckEndpoint: {
      Type: 'Choice',
      Choices: [
        { Condition: "{% $endpointStatus = 'InService' %}", Next: 'Deployed' },
        { Condition: "{% $endpointStatus = 'Failed' %}", Next: 'EndpointFailed' },
      ],
      Default: 'WaitForEndpoint',
    },
    EndpointFailed: {
      Type: 'Fail',
      Error: 'EndpointFailed',
      Cause: `{% 'endpoint ${endpoint} ended Failed: ' & $states.input.FailureReason %}`,
    },
    Deployed: {
      Type: 'Succeed',
      Output: `{% {"BatchID": $batchId, "TrainingJobName": $jobName, "EndpointName": "${endpoint}", "Metrics": $metrics} %}`,
    },
  };
}

/** The model workflow's definition for `model` (`general` or `low_volume`). */
export function modelWorkflowDefinition(
  c: FinetuneConfig,
  model: FinetuneModel,
): Record<string, unknown> {
  return {
    Comment: `${c.application_name} ${model} model: fine-tune, deploy to ${endpointName(c, model)}`,
    QueryLanguage: 'JSONata',
    StartAt: 'LoadConfig',
    States: {
      LoadConfig: loadConfigState(c, 'CheckConfig', {
        batchId: '{% $states.input.StatePayload.BatchID %}',
        jobName: `{% '${endpointName(c, model)}-' & $states.input.StatePayload.BatchID & '-' & $string($millis()) %}`,
      }),
      ...checkConfigStates(c, 'Train'),
      Train: trainState(c, model),
      ...deployStates(c, model),
    },
  };
}
