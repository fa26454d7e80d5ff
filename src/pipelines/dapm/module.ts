import type { Modelmill } from '../../modelmill.js';
import { DQ_RESULTS_COLUMNS } from '../../quality/index.js';
import type { ApplyReport } from '../../resources/index.js';
import { nameFromArnOrName } from '../../core/index.js';
import { applyResources } from '../../resources/index.js';
import { approvalDefinition, approvalEventPattern } from './approval.js';
import type { DapmContext, DapmNames, UseCase } from './names.js';
import { dapmNames } from './names.js';
import { orchestratorDefinition } from './orchestrator.js';
import type { SampleDataOptions, SampleDataReport } from './sample-data.js';
import { writeSampleData } from './sample-data.js';

/**
 * The DAPM modules as resources, the way the estate's Terraform modules
 * declare them (SYSTEMS.md §1): per context the SSM parameters, the three
 * tables, the five Glue jobs, the images, the Batch compute environment,
 * queue and job definition, the buckets and the orchestrator; shared, the
 * `np-dapf-cb` bus with its monitoring rules, the notifier topic, the model
 * package group, the approval rule and the data-quality table.
 */

/** A raw resource spec, validated by its kind when applied. */
export type ResourceSpec = { kind: string } & Record<string, unknown>;

/** What the module is built from. */
export interface DapmModuleOptions extends UseCase {
  /** Inputs that name resources differently from the convention (a run's `--inputs`): they win. */
  inputs?: Partial<Record<DapmContext, Record<string, string>>>;
  /** Account id in image URIs and ARNs (any works locally). Default: 000000000000. */
  accountId?: string;
  /** The commit id: the tag of both images (the gatekeeper compares them). Default: `local`. */
  commitId?: string;
  /** Repository recorded with runs and model packages. */
  repository?: string;
  /** Where the notifier mails. Default: `mlops@<use case>.example`. */
  email?: string;
}

/** Both contexts' inputs as the estate's CI reads them from SSM (everything but the run date). */
export function defaultInputs(
  names: DapmNames,
  options: DapmModuleOptions,
): Record<DapmContext, Record<string, string>> {
  const region = options.region;
  const account = options.accountId ?? '000000000000';
  const topic = `arn:aws:sns:${region}:${account}:${names.topic}`;
  const common = {
    athena_pred_or_eval_table_name: 'evaluation',
    athenadb_name: 'default',
    aws_batch_job_name: names.batchJobName,
    batch_job_failure_threshold_percent: '0',
    dq_athena_db: names.dqDatabase,
    dq_table: names.dqTable,
    region,
    repository: options.repository ?? `local/${options.useCase}-dapm`,
    s3_bucket_name_analytics_etl: names.analyticsBucket,
    sns_topic_arn: topic,
    use_case_name: options.useCase,
  };
  const t = names.training;
  const i = names.inferencing;
  return {
    training: {
      ...common,
      athenadb_debug_table_name: 'debug',
      athenadb_evaluation_summary_table_name: 'model_eval_summary',
      athenadb_metadata_table_name: 'metatable',
      aws_batch_job_queue: t.jobQueue,
      mapping_json_S3_path: `s3://${t.internalBucket}/mapping_json/mapping_json.json`,
      model_package_group_name: names.modelPackageGroup,
      s3_bucket_name_internal: t.internalBucket,
      s3_bucket_name_shared: t.sharedBucket,
      ssm_training_complete_status: t.completeStatusParam,
      step_function_arn: `arn:aws:states:${region}:${account}:stateMachine:${t.stateMachine}`,
      train_inputtable_name: t.inputTable,
      train_metatable_name: t.metaTable,
      train_statetable_name: t.stateTable,
      training_event_bus_name: names.bus,
    },
    inferencing: {
      ...common,
      aws_batch_job_queue: i.jobQueue,
      inference_athenadb_debug_table_name: 'debug_inference',
      inference_athenadb_inference_table_name: 'inference',
      inference_athenadb_metadata_table_name: 'meta_inference',
      inference_athenadb_name: 'default',
      inference_inputtable_name: i.inputTable,
      inference_metatable_name: i.metaTable,
      inference_statetable_name: i.stateTable,
      inferencing_event_bus_name: names.bus,
      mapping_json_S3_path: `s3://${i.internalBucket}/mapping_json/mapping_json.json`,
      mapping_json_S3_inference_path: `s3://${i.internalBucket}/mapping_json/mapping_json.json`,
      s3_bucket_name_internal: i.internalBucket,
      s3_bucket_name_shared: i.sharedBucket,
      ssm_approved_model_prefix_path: 'approved_model_prefix_path',
      ssm_inferencing_complete_status: i.completeStatusParam,
      ssm_winning_algo_name: 'winner_algorithm',
      step_function_arn: `arn:aws:states:${region}:${account}:stateMachine:${i.stateMachine}`,
      training_athenadb_name: 'default',
      training_athenadb_metadata_table_name: 'metatable',
      training_athenadb_debug_table_name: 'debug',
      training_event_bus_name: names.bus,
    },
  };
}

/** The image URIs of a context: `[preprocessing, job]`, both tagged with the commit id. */
export function imageUris(
  names: DapmNames,
  ctx: DapmContext,
  options: DapmModuleOptions,
): [string, string] {
  const registry = `${options.accountId ?? '000000000000'}.dkr.ecr.${options.region}.amazonaws.com`;
  const tag = options.commitId ?? 'local';
  return [
    `${registry}/${names[ctx].preprocessingRepository}:${tag}`,
    `${registry}/${names[ctx].jobRepository}:${tag}`,
  ];
}

/** A context's resource names, taken from its inputs where they name one (so given inputs run as written). */
function namesFromInputs(names: DapmNames, ctx: DapmContext, inputs: Record<string, string>) {
  const n = names[ctx];
  const short = ctx === 'training' ? 'train' : 'inference';
  const pick = (key: string, fallback: string): string =>
    inputs[key] ? nameFromArnOrName(inputs[key]) : fallback;
  return {
    ...n,
    inputTable: pick(`${short}_inputtable_name`, n.inputTable),
    stateTable: pick(`${short}_statetable_name`, n.stateTable),
    metaTable: pick(`${short}_metatable_name`, n.metaTable),
    internalBucket: pick('s3_bucket_name_internal', n.internalBucket),
    sharedBucket: pick('s3_bucket_name_shared', n.sharedBucket),
    jobQueue: pick('aws_batch_job_queue', n.jobQueue),
    completeStatusParam: inputs[`ssm_${ctx}_complete_status`] ?? n.completeStatusParam,
    stateMachine: pick('step_function_arn', n.stateMachine),
  };
}

function contextResources(
  names: DapmNames,
  ctx: DapmContext,
  options: DapmModuleOptions,
  inputs: Record<string, string>,
): ResourceSpec[] {
  const n = namesFromInputs(names, ctx, inputs);
  const [preprocessingUri, jobUri] = imageUris(names, ctx, options);
  const account = options.accountId ?? '000000000000';
  const job = (name: string, program: string): ResourceSpec => ({
    kind: 'glueJob',
    name,
    script: `program:${program}`,
    maxConcurrentRuns: 1,
    timeout: 120,
  });
  const resources: ResourceSpec[] = [
    { kind: 'bucket', name: n.internalBucket },
    { kind: 'bucket', name: n.sharedBucket },
    { kind: 'parameter', name: n.ecrPreprocessingParam, value: preprocessingUri },
    { kind: 'parameter', name: n.ecrJobParam, value: jobUri },
    { kind: 'parameter', name: n.completeStatusParam, value: 'default', overwrite: false },
    {
      kind: 'parameter',
      name: n.liveJobDefinitionParam,
      value: `arn:aws:batch:${options.region}:${account}:job-definition/${n.jobDefinition}`,
    },
    { kind: 'parameter', name: n.stepFunctionInputsParam, value: JSON.stringify(inputs) },
    { kind: 'table', name: n.inputTable, hashKey: { name: 'pk_mappingid', type: 'S' } },
    { kind: 'table', name: n.stateTable, hashKey: { name: 'batchjob_id', type: 'S' } },
    { kind: 'table', name: n.metaTable, hashKey: { name: 'metaKey', type: 'S' } },
    { kind: 'image', uri: preprocessingUri, program: 'dapm-preprocessing' },
    { kind: 'image', uri: jobUri, program: ctx === 'training' ? 'dapm-train' : 'dapm-infer' },
    {
      kind: 'computeEnvironment',
      name: n.computeEnvironment,
      computeType: 'FARGATE',
      maxvCpus: 256,
    },
    {
      kind: 'jobQueue',
      name: n.jobQueue,
      priority: 1,
      computeEnvironments: [n.computeEnvironment],
    },
    {
      kind: 'jobDefinition',
      name: n.jobDefinition,
      image: jobUri,
      command: [],
      // Half a vCPU (a Fargate size): a training job waits on I/O half the time, so two share a core.
      vcpus: 0.5,
      memory: 1024,
      timeout: { attemptDurationSeconds: 3600 },
    },
    job(n.glueJobs.gatekeeper, 'dapm-gatekeeper'),
    job(n.glueJobs.submit, 'dapm-submit'),
    job(n.glueJobs.statusCheck, 'dapm-status-check'),
    job(n.glueJobs.evaluation, ctx === 'training' ? 'dapm-evaluation' : 'dapm-inference-summary'),
    job(n.glueJobs.cleanup, 'dapm-cleanup'),
    { kind: 'stateMachine', name: n.stateMachine, definition: orchestratorDefinition(ctx, names) },
  ];
  if (ctx === 'training') {
    resources.push(
      { kind: 'parameter', name: names.winnerAlgorithmParam, value: 'default', overwrite: false },
      {
        kind: 'parameter',
        name: names.approvedModelPrefixParam,
        value: 'default',
        overwrite: false,
      },
    );
  }
  return resources;
}

function sharedResources(
  base: DapmNames,
  options: DapmModuleOptions,
  inputs: Record<string, string>,
): ResourceSpec[] {
  const pick = (key: string, fallback: string): string =>
    inputs[key] ? nameFromArnOrName(inputs[key]) : fallback;
  const names: DapmNames = {
    ...base,
    bus: pick('training_event_bus_name', base.bus),
    topic: pick('sns_topic_arn', base.topic),
    modelPackageGroup: pick('model_package_group_name', base.modelPackageGroup),
    analyticsBucket: pick('s3_bucket_name_analytics_etl', base.analyticsBucket),
    dqDatabase: pick('dq_athena_db', base.dqDatabase),
    dqTable: pick('dq_table', base.dqTable),
  };
  const account = options.accountId ?? '000000000000';
  const monitoring = `arn:aws:logs:${options.region}:${account}:log-group:/aws/events/${names.np}-dapf-monitoring`;
  const monitor = (suffix: string, source: string, detailType: string): ResourceSpec => ({
    kind: 'rule',
    name: `${names.np}-dapf-${suffix}`,
    bus: names.bus,
    eventPattern: { source: [`${options.useCase}.${source}`], 'detail-type': [detailType] },
    targets: [{ id: 'monitoring-log', arn: monitoring }],
  });
  const approval = `${names.np}-dapf-model-approval`;
  return [
    { kind: 'bucket', name: names.analyticsBucket },
    { kind: 'eventBus', name: names.bus },
    monitor('model-monitoring', 'modelquality', 'model_monitoring_event'),
    monitor('data-quality', 'dataquality', 'data_quality_event'),
    monitor('feature-store', 'feature_store', 'feature_store_event'),
    { kind: 'topic', name: names.topic },
    {
      kind: 'subscription',
      topic: names.topic,
      protocol: 'email',
      endpoint: options.email ?? `mlops@${options.useCase}.example`,
    },
    {
      kind: 'modelPackageGroup',
      name: names.modelPackageGroup,
      description: `Models of the ${options.useCase} DAPM training pipeline`,
    },
    { kind: 'stateMachine', name: approval, definition: approvalDefinition(names) },
    {
      kind: 'rule',
      name: names.approvalRule,
      bus: 'default',
      eventPattern: approvalEventPattern(names),
      targets: [
        {
          id: 'record-approval',
          arn: `arn:aws:states:${options.region}:${account}:stateMachine:${approval}`,
        },
      ],
    },
    { kind: 'athenaDatabase', name: names.dqDatabase },
    {
      kind: 'athenaTable',
      database: names.dqDatabase,
      name: names.dqTable,
      columns: DQ_RESULTS_COLUMNS.map((c) => ({ name: c.Name, type: c.Type })),
      partitionKeys: [{ name: 'year' }, { name: 'month' }, { name: 'day' }],
      location: `s3://${names.analyticsBucket}/dq/${names.dqTable}/`,
      format: 'parquet',
    },
  ];
}

/** Every resource of the DAPM training and inference modules of one use case. */
export function dapmResources(options: DapmModuleOptions): {
  names: DapmNames;
  resources: ResourceSpec[];
} {
  const names = dapmNames(options);
  const defaults = defaultInputs(names, options);
  const inputs = {
    training: { ...defaults.training, ...options.inputs?.training },
    inferencing: { ...defaults.inferencing, ...options.inputs?.inferencing },
  };
  return {
    names,
    resources: [
      ...sharedResources(names, options, inputs.training),
      ...contextResources(names, 'training', options, inputs.training),
      ...contextResources(names, 'inferencing', options, inputs.inferencing),
    ],
  };
}

/** Applies the DAPM modules of a use case (stack `<np>-dapm`) and, when asked, writes the sample data. */
export async function applyDapmModule(
  mm: Modelmill,
  options: DapmModuleOptions & { sampleData?: boolean | SampleDataOptions; dryRun?: boolean },
): Promise<{ names: DapmNames; report: ApplyReport; sample?: SampleDataReport }> {
  const { names, resources } = dapmResources(options);
  const report = await applyResources(mm, resources, {
    stack: `${names.np}-dapm`,
    dryRun: options.dryRun ?? false,
  });
  if (!options.sampleData || options.dryRun) return { names, report };
  const sample = await writeSampleData(
    mm,
    names,
    options.useCase,
    options.sampleData === true ? {} : options.sampleData,
  );
  return { names, report, sample };
}
