import { randomBytes } from 'node:crypto';
import type {
  BatchService,
  JobDetail,
  ResourceRequirement,
} from '../../../services/batch/index.js';
import type { JobArgs } from './orchestration-args.js';
import { runLocations } from './orchestration-args.js';
import { chunks, mapLimit } from './orchestration-job.js';
import type { Row } from './orchestration-tables.js';

/**
 * The Batch side of the DAPM jobs: job names and container commands as the
 * contract spells them, DescribeJobs in chunks of 100, and the doubled
 * resources of a re-run.
 */

/** `<prefix>_<8 hex>_<pk>_<mapping>`, characters outside `[A-Za-z0-9_-]` as `-`, at most 128. */
export function batchJobName(prefix: string, pk: string, mapping: string): string {
  const hex = randomBytes(4).toString('hex');
  return `${prefix}_${hex}_${pk}_${mapping}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 128);
}

/** The container command of a partition's job (CONTRACT.md "Batch job arguments"). */
export function jobCommand(
  job: JobArgs,
  item: Row,
  options: { prevJobId: string; modelPaths?: unknown[] },
): string[] {
  const at = runLocations(job.sharedBucket, job.run);
  const algos = Array.isArray(item.algo_names) ? item.algo_names.map(String) : [];
  const command = [
    '--s3_pk_mappingid_data_input_path',
    String(item.s3_input_path),
    '--s3_training_prefix_output_path',
    at.training,
    '--s3_pred_or_eval_prefix_output_path',
    at.predOrEval,
    `--${job.short}_metatable_name`,
    job.tables.meta,
    `--${job.short}_statetable_name`,
    job.tables.state,
    '--prev_batch_job_id',
    options.prevJobId,
    '--pk_id',
    String(item.pk),
    '--mapping_id',
    String(item.mapping_id),
    '--algo_names',
    algos.join(','),
    '--region',
    job.region,
  ];
  if (job.ctx === 'inferencing') {
    command.push(
      '--s3_inference_prefix_output_path',
      at.inferenceOut,
      '--model_paths',
      JSON.stringify(options.modelPaths ?? []),
    );
  }
  return command;
}

/** Descriptions of `ids`, 100 per DescribeJobs call, a few calls at a time. */
export async function describeAll(
  batch: BatchService,
  ids: readonly string[],
): Promise<Map<string, JobDetail>> {
  const found = new Map<string, JobDetail>();
  await mapLimit(chunks([...new Set(ids)], 100), 4, async (chunk) => {
    const { jobs } = await batch.describeJobs({ jobs: chunk });
    for (const detail of jobs) found.set(detail.jobId, detail);
  });
  return found;
}

/** True for SUCCEEDED and FAILED. */
export function isFinished(status: string): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/**
 * The resources of a re-run: the first run's vCPU and memory, doubled
 * (from its resourceRequirements, or the legacy `vcpus` / `memory` fields).
 */
export function doubledResources(detail: JobDetail | undefined): ResourceRequirement[] {
  const container = detail?.container;
  const requirement = (type: 'VCPU' | 'MEMORY'): number | undefined => {
    const listed = container?.resourceRequirements?.find((r) => r.type === type)?.value;
    if (listed !== undefined) return Number(listed);
    return type === 'VCPU' ? container?.vcpus : container?.memory;
  };
  const vcpu = requirement('VCPU') ?? 1;
  const memory = requirement('MEMORY') ?? 2048;
  return [
    { type: 'VCPU', value: String(vcpu * 2) },
    { type: 'MEMORY', value: String(Math.round(memory * 2)) },
  ];
}

/** The log stream of a job's latest attempt, or '' when it has none yet. */
export function logStreamOf(detail: JobDetail | undefined): string {
  return detail?.container?.logStreamName ?? detail?.attempts.at(-1)?.container.logStreamName ?? '';
}
