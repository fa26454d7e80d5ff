import type { State, StateMachineDefinition } from '../../asl/index.js';
import type { DapmContext, DapmNames } from './names.js';
import { shortContext } from './names.js';

/**
 * The two DAPM orchestrators (`np-modelops-{ctx}-orchestrator`), in the
 * estate's shape (SYSTEMS.md §1, states 1–9): SSM reads, gatekeeper (Glue),
 * preprocessing (SageMaker processing), submit (Glue), a Wait / status-check
 * loop on an SSM flag, evaluation or inference summary (Glue), and cleanup,
 * which always runs; the run ends Failed when any step failed. Definitions
 * are plain JSONPath ASL, valid for AWS as they are.
 */

/** The input keys each context's orchestrator passes to its Glue jobs as `--key value`. */
export const INPUT_KEYS: Record<DapmContext, readonly string[]> = {
  training: [
    'athena_pred_or_eval_table_name',
    'athenadb_debug_table_name',
    'athenadb_evaluation_summary_table_name',
    'athenadb_metadata_table_name',
    'athenadb_name',
    'aws_batch_job_name',
    'aws_batch_job_queue',
    'dq_athena_db',
    'dq_table',
    'mapping_json_S3_path',
    'model_package_group_name',
    'region',
    'repository',
    's3_bucket_name_internal',
    's3_bucket_name_shared',
    's3_bucket_name_analytics_etl',
    'sns_topic_arn',
    'ssm_training_complete_status',
    'step_function_arn',
    'train_inputtable_name',
    'train_metatable_name',
    'train_statetable_name',
    'training_event_bus_name',
    'batch_job_failure_threshold_percent',
    'use_case_name',
    'year',
    'month',
    'day',
  ],
  inferencing: [
    'athena_pred_or_eval_table_name',
    'athenadb_name',
    'aws_batch_job_name',
    'aws_batch_job_queue',
    'dq_athena_db',
    'dq_table',
    'inference_athenadb_debug_table_name',
    'inference_athenadb_inference_table_name',
    'inference_athenadb_metadata_table_name',
    'inference_athenadb_name',
    'inference_inputtable_name',
    'inference_metatable_name',
    'inference_statetable_name',
    'inferencing_event_bus_name',
    'mapping_json_S3_path',
    'mapping_json_S3_inference_path',
    'region',
    'repository',
    's3_bucket_name_internal',
    's3_bucket_name_shared',
    's3_bucket_name_analytics_etl',
    'sns_topic_arn',
    'ssm_approved_model_prefix_path',
    'ssm_inferencing_complete_status',
    'ssm_winning_algo_name',
    'step_function_arn',
    'training_athenadb_name',
    'training_athenadb_metadata_table_name',
    'training_athenadb_debug_table_name',
    'training_event_bus_name',
    'batch_job_failure_threshold_percent',
    'use_case_name',
    'year',
    'month',
    'day',
  ],
};

/**
 * The Glue arguments of a job: each input as `--key`, plus the execution id
 * and (except for cleanup, which must run even when reading it failed) the
 * live job definition.
 */
function glueArguments(
  ctx: DapmContext,
  ssmPrefix: string,
  extra: Record<string, string> = {},
  withJobDefinition = true,
): Record<string, string> {
  const args: Record<string, string> = {};
  for (const key of INPUT_KEYS[ctx]) args[`--${key}.$`] = `$.${key}`;
  args['--execution_id.$'] = '$$.Execution.Id';
  args['--ssm_prefix'] = ssmPrefix;
  if (withJobDefinition) args['--job_definition_arn.$'] = '$.live.job_definition';
  return { ...args, ...extra };
}

const caught = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Mark Run Failed' };

function glueState(
  ctx: DapmContext,
  ssmPrefix: string,
  jobName: string,
  resultPath: string,
  next: string,
  extra?: Record<string, string>,
): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::glue:startJobRun.sync',
    Parameters: { JobName: jobName, Arguments: glueArguments(ctx, ssmPrefix, extra) },
    ResultSelector: { 'job_run_id.$': '$.Id', 'state.$': '$.JobRunState' },
    ResultPath: resultPath,
    Catch: [caught],
    Next: next,
  };
}

function ssmRead(
  name: string | { path: string },
  selector: Record<string, string>,
  resultPath: string,
  next: string,
  withCatch = true,
): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::aws-sdk:ssm:getParameter',
    Parameters: typeof name === 'string' ? { Name: name } : { 'Name.$': name.path },
    ResultSelector: selector,
    ResultPath: resultPath,
    ...(withCatch ? { Catch: [caught] } : {}),
    Next: next,
  };
}

/** The orchestrator definition of one context. */
export function orchestratorDefinition(ctx: DapmContext, names: DapmNames): StateMachineDefinition {
  const n = names[ctx];
  const short = shortContext(ctx);
  const finalJob = ctx === 'training' ? 'Evaluation' : 'Inference Summary';
  const flagPath =
    ctx === 'training' ? '$.ssm_training_complete_status' : '$.ssm_inferencing_complete_status';
  const metatable = ctx === 'training' ? '$.train_metatable_name' : '$.inference_metatable_name';
  const states: Record<string, State> = {
    'Read Live Job Definition': ssmRead(
      n.liveJobDefinitionParam,
      { 'job_definition.$': '$.Parameter.Value' },
      '$.live',
      'Gatekeeper',
    ),
    Gatekeeper: glueState(
      ctx,
      n.ssmPrefix,
      n.glueJobs.gatekeeper,
      '$.gatekeeper',
      'Read Preprocessing Image',
    ),
    'Read Preprocessing Image': ssmRead(
      n.ecrPreprocessingParam,
      { 'image_uri.$': '$.Parameter.Value' },
      '$.preprocessing_image',
      'Preprocessing',
    ),
    Preprocessing: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sagemaker:createProcessingJob.sync',
      Parameters: {
        'ProcessingJobName.$': `States.Format('${short}-pre-{}', $$.Execution.Name)`,
        RoleArn: `arn:aws:iam::000000000000:role/${names.np}-dapf-sagemaker`,
        AppSpecification: {
          'ImageUri.$': '$.preprocessing_image.image_uri',
          'ContainerArguments.$': `States.Array('--${short}_metatable_name', ${metatable}, '--region', $.region, '--execution_id', $$.Execution.Id)`,
        },
        ProcessingResources: {
          ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
        },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      },
      ResultSelector: { 'status.$': '$.ProcessingJobStatus', 'name.$': '$.ProcessingJobName' },
      ResultPath: '$.preprocessing',
      Catch: [caught],
      Next: 'Submit Batch Jobs',
    },
    'Submit Batch Jobs': glueState(
      ctx,
      n.ssmPrefix,
      n.glueJobs.submit,
      '$.submit',
      'Wait For Batch Jobs',
    ),
    'Wait For Batch Jobs': { Type: 'Wait', Seconds: 30, Next: 'Check Batch Job Status' },
    'Check Batch Job Status': glueState(
      ctx,
      n.ssmPrefix,
      n.glueJobs.statusCheck,
      '$.status_check',
      'Read Complete Flag',
    ),
    'Read Complete Flag': ssmRead(
      { path: flagPath },
      { 'value.$': '$.Parameter.Value' },
      '$.complete',
      'All Batch Jobs Done?',
    ),
    'All Batch Jobs Done?': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.complete.value', StringEquals: 'False', Next: 'Wait For Batch Jobs' },
      ],
      Default: finalJob,
    },
    [finalJob]: glueState(
      ctx,
      n.ssmPrefix,
      n.glueJobs.evaluation,
      '$.final_job',
      'Mark Run Succeeded',
    ),
    'Mark Run Succeeded': {
      Type: 'Pass',
      Result: { status: 'SUCCEEDED', error: '', cause: '' },
      ResultPath: '$.outcome',
      Next: 'Cleanup',
    },
    'Mark Run Failed': {
      Type: 'Pass',
      Parameters: {
        status: 'FAILED',
        'error.$': '$.failure.Error',
        'cause.$': 'States.JsonToString($.failure)',
      },
      ResultPath: '$.outcome',
      Next: 'Cleanup',
    },
    Cleanup: {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: {
        JobName: n.glueJobs.cleanup,
        Arguments: glueArguments(
          ctx,
          n.ssmPrefix,
          {
            '--run_status.$': '$.outcome.status',
            '--run_error.$': '$.outcome.error',
            '--run_cause.$': '$.outcome.cause',
          },
          false,
        ),
      },
      ResultSelector: { 'state.$': '$.JobRunState' },
      ResultPath: '$.cleanup',
      Catch: [
        { ErrorEquals: ['States.ALL'], ResultPath: '$.cleanup_failure', Next: 'Cleanup Failed' },
      ],
      Next: 'Run Succeeded?',
    },
    'Run Succeeded?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.outcome.status', StringEquals: 'SUCCEEDED', Next: 'Succeeded' }],
      Default: 'Run Failed',
    },
    Succeeded: { Type: 'Succeed' },
    'Run Failed': { Type: 'Fail', ErrorPath: '$.outcome.error', CausePath: '$.outcome.cause' },
    'Cleanup Failed': {
      Type: 'Fail',
      Error: 'DAPM.CleanupFailed',
      // Say how the run itself ended too: a failed cleanup must not hide the failure before it.
      CausePath:
        "States.Format('cleanup failed after the run ended {} ({}): {}', $.outcome.status, $.outcome.error, States.JsonToString($.cleanup_failure))",
    },
  };
  return {
    Comment: `DAPM ${ctx} orchestrator for ${names.np}: gatekeeper, preprocessing, one AWS Batch job per partition, ${ctx === 'training' ? 'evaluation and model registration' : 'inference summary'}, cleanup.`,
    StartAt: 'Read Live Job Definition',
    States: states,
  };
}
