import type { FinetuneConfig, FinetuneModel } from './inputs.js';
import { MODEL_NAMESPACE } from './inputs.js';

/**
 * The fine-tune parent state machine (SYSTEMS.md §2, steps 1-4), in JSONata:
 * LoadConfig from SSM → register the data-prep task definition → run it
 * (`ecs:runTask.sync`) → deregister it → the `general` and (when its data
 * exists) `low_volume` model workflows in parallel → `finetune-complete`.
 */

/** The image-version parameters LoadConfig must find under `ssm_image_path`. */
export const IMAGE_PARAMETERS = ['version-data-prep', 'version-finetune', 'version-inference'];

/** The data-prep container's name in its task definition. */
export const DATA_PREP_CONTAINER = 'data-prep';

/** The LoadConfig states of both workflows: the versions by short name in `$versions`, and the names of missing ones in `$missing`. */
export function loadConfigState(c: FinetuneConfig, next: string, assign: Record<string, string>) {
  const path = c.ssm_image_path;
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:ssm:getParametersByPath',
    Arguments: { Path: path, Recursive: false },
    Assign: {
      ...assign,
      versions: `{% $merge([{}, $states.result.Parameters.{ $substringAfter(Name, '${path}'): Value }]) %}`,
    },
    Next: next,
  };
}

/** A Choice that fails with `ConfigMissing` naming the missing parameters and how to put them. */
export function checkConfigStates(c: FinetuneConfig, next: string) {
  const path = c.ssm_image_path;
  const missing = `$filter(${JSON.stringify(IMAGE_PARAMETERS)}, function($p) { $not($exists($lookup($versions, $p))) })`;
  return {
    CheckConfig: {
      Type: 'Choice',
      Choices: [{ Condition: `{% $count(${missing}) > 0 %}`, Next: 'ConfigMissing' }],
      Default: next,
    },
    ConfigMissing: {
      Type: 'Fail',
      Error: 'ConfigMissing',
      Cause: `{% 'SSM parameter(s) ' & $join(${missing}.('${path}' & $), ', ') & ' missing: put each image version (with its leading : or @sha256:), e.g. modelmill ssm put-parameter --name ${path}version-finetune --value :local, or apply the fine-tune module' %}`,
    },
  };
}

function dataPrepStates(c: FinetuneConfig) {
  const family = `${c.application_name}-data-prep`;
  const env = (name: string, value: string) => ({ Name: name, Value: value });
  return {
    RegisterTaskDefinition: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ecs:registerTaskDefinition',
      Arguments: {
        Family: family,
        RequiresCompatibilities: ['FARGATE'],
        NetworkMode: 'awsvpc',
        Cpu: '1024',
        Memory: '4096',
        ContainerDefinitions: [
          {
            Name: DATA_PREP_CONTAINER,
            Image: `{% '${c.repositories['data-prep']}' & $versions.'version-data-prep' %}`,
            Essential: true,
            Command: '{% [$batchId] %}',
            Environment: [
              env('DB_ARN', c.db_cluster_arn),
              env('DB_SECRET_ARN', c.db_secret_arn),
              env('LOG_LEVEL', c.log_level),
              env('LOW_VOLUME_FALLBACK_LABEL', String(c.low_volume_fallback_label)),
              env('TARGET_BUCKET', c.s3_bucket_name),
            ],
            LogConfiguration: {
              LogDriver: 'awslogs',
              Options: {
                'awslogs-group': `/ecs/${family}`,
                'awslogs-region': c.region,
                'awslogs-stream-prefix': DATA_PREP_CONTAINER,
              },
            },
          },
        ],
      },
      Assign: { taskDefinitionArn: '{% $states.result.TaskDefinition.TaskDefinitionArn %}' },
      Next: 'RunDataPrep',
    },
    RunDataPrep: {
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Arguments: {
        Cluster: c.ecs_cluster_name,
        TaskDefinition: '{% $taskDefinitionArn %}',
        LaunchType: 'FARGATE',
        NetworkConfiguration: {
          AwsvpcConfiguration: { Subnets: ['subnet-local'], AssignPublicIp: 'DISABLED' },
        },
      },
      Output: '{% $states.input %}',
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Assign: { failure: '{% $states.errorOutput %}' },
          Next: 'DeregisterAfterFailure',
        },
      ],
      Next: 'DeregisterTaskDefinition',
    },
    DeregisterTaskDefinition: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ecs:deregisterTaskDefinition',
      Arguments: { TaskDefinition: '{% $taskDefinitionArn %}' },
      Output: '{% $states.input %}',
      Next: 'FineTune',
    },
    DeregisterAfterFailure: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:ecs:deregisterTaskDefinition',
      Arguments: { TaskDefinition: '{% $taskDefinitionArn %}' },
      Next: 'DataPrepFailed',
    },
    DataPrepFailed: {
      Type: 'Fail',
      Error: 'DataPrepFailed',
      // The task description says only that the container exited; its log says why.
      Cause: `{% 'the data-prep task for BatchID ' & $batchId & ' failed (' & $failure.Error & '); its log says why: modelmill logs /ecs/${family} ${DATA_PREP_CONTAINER}/${DATA_PREP_CONTAINER}/' & $match($string($failure.Cause), /:task\\/[^\\/"]+\\/([^"\\/]+)/)[0].groups[0] %}`,
    },
  };
}

function startModel(c: FinetuneConfig, model: FinetuneModel) {
  const arn = `arn:aws:states:${c.region}:${c.account_id}:stateMachine:${c.sfn_names[model]}`;
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::states:startExecution.sync:2',
    Arguments: {
      StateMachineArn: arn,
      Input: { StatePayload: { BatchID: '{% $states.input.BatchID %}' } },
    },
    Output: `{% {"model": "${model}", "status": $states.result.Status, "output": $states.result.Output} %}`,
    End: true,
  };
}

function fineTuneState(c: FinetuneConfig) {
  const lowVolKey = `'training/${MODEL_NAMESPACE.low_volume}/' & $states.input.BatchID & '/train/data.json'`;
  return {
    Type: 'Parallel',
    Arguments: { BatchID: '{% $batchId %}' },
    Branches: [
      { StartAt: 'General', States: { General: startModel(c, 'general') } },
      {
        StartAt: 'CheckLowVolumeData',
        States: {
          CheckLowVolumeData: {
            Type: 'Task',
            Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
            Arguments: { Bucket: c.s3_bucket_name, Key: `{% ${lowVolKey} %}` },
            Output: '{% $states.input %}',
            Catch: [{ ErrorEquals: ['S3.NoSuchKeyException'], Next: 'SkipLowVolume' }],
            Next: 'LowVolume',
          },
          LowVolume: startModel(c, 'low_volume'),
          SkipLowVolume: {
            Type: 'Pass',
            Output: '{% {"model": "low_volume", "status": "SKIPPED"} %}',
            End: true,
          },
        },
      },
    ],
    Assign: { models: '{% $states.result %}' },
    Next: 'NotifyComplete',
  };
}

/** The parent state machine's definition. */
export function finetuneWorkflowDefinition(c: FinetuneConfig): Record<string, unknown> {
  return {
    Comment: `${c.application_name} fine-tune workflow: data prep, per-model fine-tuning, completion event`,
    QueryLanguage: 'JSONata',
    StartAt: 'LoadConfig',
    States: {
      LoadConfig: loadConfigState(c, 'CheckConfig', { batchId: '{% $states.input.BatchID %}' }),
      ...checkConfigStates(c, 'RegisterTaskDefinition'),
      ...dataPrepStates(c),
      FineTune: fineTuneState(c),
      NotifyComplete: {
        Type: 'Task',
        Resource: 'arn:aws:states:::events:putEvents',
        Arguments: {
          Entries: [
            {
              Source: c.application_name,
              DetailType: 'finetune-complete',
              Detail: { batch_id: '{% $batchId %}' },
              EventBusName: c.event_bus_name,
            },
          ],
        },
        Output: '{% {"BatchID": $batchId, "models": $models} %}',
        End: true,
      },
    },
  };
}
