import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { AttributeValue, Item } from '../../../services/dynamodb/index.js';
import { marshall, unmarshallItem } from '../../../services/dynamodb/index.js';
import type { RunKey } from './ml-args.js';
import { runPath } from './ml-args.js';

/**
 * What the two final Glue jobs (evaluation, inference summary) share: the
 * run's meta item (read, update, dump), the run's state items and the
 * outputs of its succeeded partitions, and where a run's files go.
 */

/** The meta item's key. */
export const META_KEY = { metaKey: { S: 'fixedlookupkey' } } as const;

/** An unmarshalled item. */
export type Row = Record<string, any>;

/** `s3://<shared>/<area>/<run>/`. */
export function runArea(sharedBucket: string, area: string, run: RunKey): string {
  return `s3://${sharedBucket}/${area}/${runPath(run)}/`;
}

/** The meta item of run `stepJobId`; an error when it is missing or belongs to another run. */
export async function readRunMeta(
  clients: ServiceClients,
  table: string,
  stepJobId: string,
): Promise<Row> {
  const found = await clients.dynamodb.getItem({
    TableName: table,
    Key: META_KEY,
    ConsistentRead: true,
  });
  if (found.Item === undefined) {
    throw new ModelmillError(
      'ResourceNotFoundException',
      `${table} has no meta item (metaKey=fixedlookupkey): the gatekeeper writes it; run the orchestrator from the start`,
    );
  }
  const meta = unmarshallItem(found.Item) as Row;
  if (meta.step_job_id !== stepJobId) {
    throw new ModelmillError(
      'ConditionalCheckFailedException',
      `the meta item in ${table} belongs to run ${String(meta.step_job_id)}, not ${stepJobId}: another run started since; do not run two executions of one orchestrator at once`,
    );
  }
  return meta;
}

/** A stage's times, as `stage_times` keeps them. */
export interface StageTimes {
  name: string;
  start_time: string;
  end_time: string;
}

/**
 * Sets `fields` (and `stage_times.<stage>`) on the meta item while it
 * belongs to run `stepJobId`; `current` (the item as read) tells whether
 * `stage_times` exists yet.
 */
export async function updateRunMeta(
  clients: ServiceClients,
  table: string,
  current: Row,
  fields: Row,
  stage?: StageTimes,
): Promise<void> {
  const stepJobId = String(current.step_job_id);
  const names: Record<string, string> = { '#run': 'step_job_id' };
  const values: Record<string, AttributeValue> = { ':run': { S: stepJobId } };
  const clauses: string[] = [];
  Object.entries(fields).forEach(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = marshall(value, name);
    clauses.push(`#f${i} = :f${i}`);
  });
  if (stage !== undefined) {
    const times = { start_time: stage.start_time, end_time: stage.end_time };
    names['#stages'] = 'stage_times';
    if (current.stage_times !== null && typeof current.stage_times === 'object') {
      names['#stage'] = stage.name;
      values[':stage'] = marshall(times);
      clauses.push('#stages.#stage = :stage');
    } else {
      values[':stages'] = marshall({ [stage.name]: times });
      clauses.push('#stages = :stages');
    }
  }
  try {
    await clients.dynamodb.updateItem({
      TableName: table,
      Key: META_KEY,
      UpdateExpression: `SET ${clauses.join(', ')}`,
      ConditionExpression: '#run = :run',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  } catch (err) {
    if (err instanceof Error && err.name === 'ConditionalCheckFailedException') {
      await readRunMeta(clients, table, stepJobId);
    }
    throw err;
  }
}

/** Every state item of run `stepJobId` (all scan pages). */
export async function runStateItems(
  clients: ServiceClients,
  table: string,
  stepJobId: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  let start: Item | undefined;
  do {
    const page = await clients.dynamodb.scan({
      TableName: table,
      FilterExpression: 'step_job_id = :run',
      ExpressionAttributeValues: { ':run': { S: stepJobId } },
      ConsistentRead: true,
      ...(start === undefined ? {} : { ExclusiveStartKey: start }),
    });
    for (const item of page.Items ?? []) rows.push(unmarshallItem(item));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}

/** One algorithm's outputs of a succeeded partition. */
export interface PartitionOutput {
  pk: string;
  mapping: string;
  algorithm: string;
  /** The model (training) or the model used (inference). */
  model: string;
  /** `test_pred.parquet` (training) or `prediction.parquet` (inference). */
  predictions: string;
}

/** The outputs of the partitions whose Batch job SUCCEEDED, for every algorithm that succeeded there. */
export function succeededOutputs(items: readonly Row[]): PartitionOutput[] {
  const out: PartitionOutput[] = [];
  for (const item of items) {
    if (item.awsbatch_job_status_overall !== 'SUCCEEDED') continue;
    const ok = new Set(
      (Array.isArray(item.algo_execution_status) ? item.algo_execution_status : [])
        .filter((s: Row) => s.algorithm_execution_status === 'SUCCESS')
        .map((s: Row) => String(s.algorithm_name)),
    );
    const paths: Row[] = Array.isArray(item.algo_final_run_s3outputpaths)
      ? item.algo_final_run_s3outputpaths
      : [];
    for (const p of paths) {
      if (!ok.has(String(p.algorithm_name)) || typeof p.pred_or_eval_s3_output_path !== 'string')
        continue;
      out.push({
        pk: String(item.pk),
        mapping: String(item.mapping_id),
        algorithm: String(p.algorithm_name),
        model: String(p.model_s3_output_path ?? ''),
        predictions: p.pred_or_eval_s3_output_path,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.algorithm.localeCompare(b.algorithm) ||
      a.pk.localeCompare(b.pk) ||
      a.mapping.localeCompare(b.mapping),
  );
}

/** An event the final jobs put (Detail as an object; keys start with `--`). */
export interface DapmEvent {
  Source: string;
  DetailType: string;
  Detail: Record<string, string>;
  EventBusName: string;
}

/** Puts entries on a bus; an error naming the entries EventBridge refused. */
export async function putEventsOrFail(
  clients: ServiceClients,
  entries: readonly DapmEvent[],
): Promise<string[]> {
  const out = await clients.events.putEvents({
    Entries: entries.map((e) => ({ ...e, Detail: JSON.stringify(e.Detail) })),
  });
  if (out.FailedEntryCount > 0) {
    const failed = out.Entries.map((r, i) => ({ r, e: entries[i] }))
      .filter(({ r }) => r.ErrorCode !== undefined)
      .map(({ r, e }) => `${e?.Source}/${e?.DetailType}: ${r.ErrorCode} ${r.ErrorMessage ?? ''}`);
    throw new ModelmillError(
      'PutEventsFailed',
      `EventBridge refused ${out.FailedEntryCount} of ${entries.length} events: ${failed.join('; ')}`,
    );
  }
  return out.Entries.map((r) => r.EventId ?? '');
}

/** The Detail keys every DAPM event carries (`--year`, ..., `--usecase_name`). */
export function eventBase(
  run: RunKey,
  args: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    '--year': run.year,
    '--month': run.month,
    '--day': run.day,
    '--stepjobid': run.stepJobId,
    '--usecase_name': args.use_case_name ?? '',
    '--region': args.region ?? '',
    '--execution_id': args.execution_id ?? '',
  };
}
