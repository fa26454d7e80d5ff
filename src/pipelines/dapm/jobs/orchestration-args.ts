import { ModelmillError } from '../../../core/index.js';
import { hiveValue } from './ml-args.js';
import type { DapmContext } from '../names.js';
import { shortContext } from '../names.js';

/**
 * What the orchestration jobs make of their arguments: the context they run
 * in, the run's identity (`year`, `month`, `day`, `step_job_id`) and the
 * names of the run's tables, buckets and flag, as CONTRACT.md defines them.
 */

/** The identity of one run: its date and its step job id. */
export interface RunId {
  /** Zero-padded, e.g. `2024`. */
  year: string;
  /** Zero-padded, e.g. `06`. */
  month: string;
  /** Zero-padded, e.g. `30`. */
  day: string;
  /** `<stateMachineName>-<executionName>`. */
  stepJobId: string;
}

/** A job's arguments, read: the context, the run, and the names it works on. */
export interface JobArgs {
  /** Every argument as given (without the leading `--`). */
  raw: Record<string, string>;
  ctx: DapmContext;
  short: 'train' | 'inference';
  executionId: string;
  run: RunId;
  tables: { input: string; state: string; meta: string };
  /** The `{ctx}_complete_status` parameter. */
  flagParam: string;
  sharedBucket: string;
  internalBucket: string;
  analyticsBucket: string;
  useCase: string;
  region: string;
}

/** A required argument; the error names it and says where it comes from. */
export function requireArg(args: Record<string, string>, key: string): string {
  const value = args[key];
  if (value === undefined || value === '') {
    throw new ModelmillError(
      'MissingArgument',
      `the job has no --${key} argument: the orchestrator passes every execution input as --key value, so add '${key}' to the execution input (or the ${key.startsWith('ssm_') ? 'SSM step-function inputs' : 'CI inputs'})`,
    );
  }
  return value;
}

/** The context of a job: `inferencing` when it got inference table names, else `training`. */
export function contextOf(args: Record<string, string>): DapmContext {
  if (args.inference_metatable_name !== undefined) return 'inferencing';
  if (args.train_metatable_name !== undefined) return 'training';
  throw new ModelmillError(
    'MissingArgument',
    'the job got neither --train_metatable_name nor --inference_metatable_name, so it cannot tell whether it runs for training or inferencing: pass the orchestrator inputs as --key value arguments',
  );
}

/** `<stateMachineName>-<executionName>` from an execution ARN. */
export function stepJobIdOf(executionId: string): string {
  const parts = executionId.split(':');
  const machine = parts.at(-2);
  const name = parts.at(-1);
  if (parts.length < 3 || !parts[0]?.startsWith('arn') || !machine || !name) {
    throw new ModelmillError(
      'InvalidArgument',
      `--execution_id '${executionId}' is not an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>); pass $$.Execution.Id`,
    );
  }
  return `${machine}-${name}`;
}

/**
 * The run's Hive prefix: `year=YYYY/month=MM/day=DD/stepjobid=<id>`, the id
 * escaped as Hive (and the model jobs) escape partition values.
 */
export function runPrefix(run: RunId): string {
  return `year=${run.year}/month=${run.month}/day=${run.day}/stepjobid=${hiveValue(run.stepJobId)}`;
}

/** A date part zero-padded to `width`, refusing anything that is not a number. */
function datePart(args: Record<string, string>, key: string, width: number): string {
  const value = requireArg(args, key);
  if (!/^\d{1,4}$/.test(value)) {
    throw new ModelmillError(
      'InvalidArgument',
      `--${key} '${value}' is not a number: CI passes the execution date as zero-padded strings ("2024", "06", "30")`,
    );
  }
  return value.padStart(width, '0');
}

/** The run of a job (its date from `year`, `month`, `day`; its id from `execution_id`). */
export function runOf(args: Record<string, string>): RunId {
  return {
    year: datePart(args, 'year', 4),
    month: datePart(args, 'month', 2),
    day: datePart(args, 'day', 2),
    stepJobId: stepJobIdOf(requireArg(args, 'execution_id')),
  };
}

/** The table argument names of a context. */
export function tableArgNames(ctx: DapmContext): { input: string; state: string; meta: string } {
  const p = ctx === 'training' ? 'train' : 'inference';
  return {
    input: `${p}_inputtable_name`,
    state: `${p}_statetable_name`,
    meta: `${p}_metatable_name`,
  };
}

/** Reads the arguments every Glue-run orchestration job gets (`INPUT_KEYS` plus `execution_id`). */
export function readJobArgs(args: Record<string, string>): JobArgs {
  const ctx = contextOf(args);
  const names = tableArgNames(ctx);
  const useCase = requireArg(args, 'use_case_name');
  const internalBucket = requireArg(args, 's3_bucket_name_internal');
  return {
    raw: args,
    ctx,
    short: shortContext(ctx),
    executionId: requireArg(args, 'execution_id'),
    run: runOf(args),
    tables: {
      input: requireArg(args, names.input),
      state: requireArg(args, names.state),
      meta: requireArg(args, names.meta),
    },
    flagParam: requireArg(args, `ssm_${ctx}_complete_status`),
    sharedBucket: requireArg(args, 's3_bucket_name_shared'),
    internalBucket,
    analyticsBucket: args.s3_bucket_name_analytics_etl ?? analyticsBucketFor(internalBucket),
    useCase,
    region: requireArg(args, 'region'),
  };
}

/**
 * The analytics bucket by convention when the input lacks it (the seeds'
 * inputs do): `<np>-analytics-etl` from the internal bucket `<np>-<ctx>-internal`.
 */
export function analyticsBucketFor(internalBucket: string): string {
  return `${internalBucket.replace(/-(training|inferencing)-internal$/, '')}-analytics-etl`;
}

/** The S3 prefixes of a run under the shared bucket, as URIs ending in `/`. */
export function runLocations(sharedBucket: string, run: RunId) {
  const at = (area: string) => `s3://${sharedBucket}/${area}/${runPrefix(run)}/`;
  return {
    mappingJson: `${at('mapping_json')}mapping_json.json`,
    preprocessing: at('preprocessing'),
    training: at('training'),
    predOrEval: at('pred_or_eval'),
    inferenceOut: at('inferenceout'),
    debug: `${at('debug')}step_job_overall_summary.json`,
    meta: `${at('meta')}meta_ddb_table.json`,
    evaluationSummary: at('model_eval_summary'),
    partitionChampions: at('partition_champions'),
    inferenceSummary: at('inference_summary'),
    athenaResults: `s3://${sharedBucket}/athena-query-results/`,
  };
}

/** The locations of a run, by name. */
export type RunLocations = ReturnType<typeof runLocations>;
