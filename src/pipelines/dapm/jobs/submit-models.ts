import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { JobArgs, RunId } from './orchestration-args.js';
import { requireArg, runLocations, runPrefix } from './orchestration-args.js';
import { runFilter, runPartitionRows } from './orchestration-athena.js';
import { isDefaultMapping } from './orchestration-mapping.js';
import type { Row } from './orchestration-tables.js';
import { text } from './orchestration-tables.js';

/**
 * Where an inference partition's models are: the approved training run's
 * debug table (its state table dumped as NDJSON), read through Athena, one
 * row per succeeded partition and algorithm.
 */

/** A model an inference job loads. */
export interface ModelPath {
  algorithm_name: string;
  model_s3_output_path: string;
}

/** `pk|mapping` → algorithm → model path, for the training run of `meta`. */
export type TrainedModels = Map<string, Map<string, string>>;

/** Reads the trained models of the approved training run from `<training db>.<debug table>`. */
export async function trainedModels(
  clients: ServiceClients,
  job: JobArgs,
  meta: Row,
): Promise<TrainedModels> {
  const training = meta.training_run as Record<string, string> | undefined;
  const run: RunId = {
    year: training?.year ?? '',
    month: training?.month ?? '',
    day: training?.day ?? '',
    stepJobId: training?.stepjobid ?? '',
  };
  const database = requireArg(job.raw, 'training_athenadb_name');
  const name = requireArg(job.raw, 'training_athenadb_debug_table_name');
  const rows = await runPartitionRows(
    clients,
    (table) =>
      `SELECT pk, mapping_id, p.algorithm_name AS algorithm_name, p.model_s3_output_path AS model_s3_output_path
       FROM ${table} CROSS JOIN UNNEST(algo_final_run_s3outputpaths) AS t(p)
       WHERE ${runFilter(run)} AND awsbatch_job_status_overall = 'SUCCEEDED'`,
    { database, name },
    runLocations(job.sharedBucket, job.run).athenaResults,
  );
  const models: TrainedModels = new Map();
  for (const row of rows) {
    if (!row.algorithm_name || !row.model_s3_output_path) continue;
    const key = `${row.pk ?? ''}|${row.mapping_id ?? ''}`;
    const algos = models.get(key) ?? new Map<string, string>();
    algos.set(row.algorithm_name, row.model_s3_output_path);
    models.set(key, algos);
  }
  if (models.size === 0) {
    throw new ModelmillError(
      'ResourceNotFoundException',
      `the training run ${runPrefix(run)} has no succeeded partitions with models in ${database}.${name}; check the approved run's debug dump`,
    );
  }
  return models;
}

/**
 * The model paths of an inference item: its algorithms' models for its
 * primary key and the training mapping that covers it (`default` when
 * training did not split by mapping). Empty when none was trained.
 */
export function modelPathsFor(models: TrainedModels, meta: Row, item: Row): ModelPath[] {
  const trainingColumn = text(meta.training_mapping_column, 'default');
  const mapping = isDefaultMapping(trainingColumn) ? 'default' : String(item.mapping_id);
  const trained = models.get(`${String(item.pk)}|${mapping}`);
  if (!trained) return [];
  const wanted = Array.isArray(item.algo_names) ? item.algo_names.map(String) : [];
  return wanted.flatMap((algorithm) => {
    const path = trained.get(algorithm);
    return path === undefined ? [] : [{ algorithm_name: algorithm, model_s3_output_path: path }];
  });
}
