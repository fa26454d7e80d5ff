import type { Clock } from '../../../core/index.js';
import { ModelmillError, systemClock } from '../../../core/index.js';
import type { Item, TableStore } from '../../../services/dynamodb/index.js';
import { marshall, unmarshallItem } from '../../../services/dynamodb/index.js';

/**
 * The Batch jobs' write to their state item (CONTRACT.md, "Tables"): the
 * per-algorithm statuses and output paths, conditional on the item's
 * `version` (optimistic locking: a concurrent writer makes us re-read and
 * try again). A job may finish before the submit job has written its item:
 * the update then creates it (as version 1), and the submit job's upsert
 * keeps what the job recorded.
 */

/** One algorithm's outcome, as `algo_execution_status` lists it. */
export interface AlgorithmStatus {
  algorithm_name: string;
  runid: string;
  algorithm_execution_status: 'SUCCESS' | 'FAILED';
  reason?: string;
}

/** One algorithm's outputs, as `algo_final_run_s3outputpaths` lists them. */
export interface AlgorithmOutputs {
  algorithm_name: string;
  model_s3_output_path: string;
  pred_or_eval_s3_output_path: string;
}

/** Where and what to record. */
export interface StateUpdate {
  table: string;
  /** `batchjob_id` of the item: the first run's job id. */
  batchJobId: string;
  statuses: AlgorithmStatus[];
  outputs: AlgorithmOutputs[];
}

/** How often to try when other writers keep winning. */
export interface StateWriteOptions {
  /** Attempts. Default 20. */
  maxAttempts?: number;
  /** Pause between attempts (ms, doubling). Default 20. */
  pauseMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * Records the statuses and outputs on the state item; returns the version
 * written. The first write expects version 1 (what the submit job writes);
 * when the item holds another version (or none), the refusal carries the
 * item (ReturnValuesOnConditionCheckFailure) and the next write expects
 * what it holds, so the usual case takes one request.
 */
export async function recordAlgorithmResults(
  dynamodb: TableStore,
  update: StateUpdate,
  options: StateWriteOptions = {},
): Promise<number> {
  const clock = options.clock ?? systemClock;
  const key = { batchjob_id: { S: update.batchJobId } };
  let expected: number | undefined = 1;
  let pause = options.pauseMs ?? 20;
  for (let attempt = 1; attempt <= (options.maxAttempts ?? 20); attempt++) {
    try {
      await dynamodb.updateItem({
        TableName: update.table,
        Key: key,
        UpdateExpression:
          'SET algo_execution_status = :s, algo_final_run_s3outputpaths = :p, version = :next',
        ConditionExpression:
          expected === undefined ? 'attribute_not_exists(version)' : 'version = :v',
        ExpressionAttributeValues: {
          ':s': marshall(update.statuses),
          ':p': marshall(update.outputs),
          ':next': { N: String((expected ?? 0) + 1) },
          ...(expected === undefined ? {} : { ':v': { N: String(expected) } }),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return (expected ?? 0) + 1;
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'ConditionalCheckFailedException') throw err;
      const next = await currentVersion(dynamodb, update.table, key, err);
      // Someone else wrote between our read and our write: back off before trying again.
      if (next === expected) {
        await clock.sleep(pause, options.signal);
        pause = Math.min(pause * 2, 1000);
      }
      expected = next;
    }
  }
  throw new ModelmillError(
    'ConditionalCheckFailedException',
    `state item batchjob_id='${update.batchJobId}' in ${update.table} kept changing (version conflicts on every attempt); another writer is updating it in a loop`,
  );
}

/** The item's version as the refusal reports it (read again when the refusal does not carry the item). */
async function currentVersion(
  dynamodb: TableStore,
  table: string,
  key: Item,
  refusal: Error,
): Promise<number | undefined> {
  const details = (refusal as { details?: { Item?: Item } }).details;
  const item =
    details?.Item ??
    (await dynamodb.getItem({ TableName: table, Key: key, ConsistentRead: true })).Item;
  const version = item === undefined ? undefined : unmarshallItem(item).version;
  return typeof version === 'number' ? version : undefined;
}
