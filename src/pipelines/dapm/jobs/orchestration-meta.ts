import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError, isModelmillError } from '../../../core/index.js';
import type { AttributeValue } from '../../../services/dynamodb/index.js';
import type { Row } from './orchestration-tables.js';
import { getRow, setExpression } from './orchestration-tables.js';

/**
 * The meta item (`metaKey` = `fixedlookupkey`): one per table, rewritten by
 * each run's gatekeeper. Later jobs read it and add counters and stage
 * times, only while it still belongs to their run (a condition on
 * `step_job_id`), so a late job never writes into a newer run's item.
 */

/** The meta item's key name and value. */
export const META_KEY = { name: 'metaKey', value: 'fixedlookupkey' } as const;

/** A stage's `{start_time, end_time}` (ISO strings). */
export interface StageTime {
  start_time: string;
  end_time?: string;
}

/** The meta item, or undefined when there is none. */
export async function readMeta(clients: ServiceClients, table: string): Promise<Row | undefined> {
  return getRow(clients.dynamodb, table, META_KEY.name, META_KEY.value);
}

/** The meta item of run `stepJobId`; an error when it is missing or belongs to another run. */
export async function readRunMeta(
  clients: ServiceClients,
  table: string,
  stepJobId: string,
): Promise<Row> {
  const meta = await readMeta(clients, table);
  if (!meta) {
    throw new ModelmillError(
      'ResourceNotFoundException',
      `${table} has no meta item (metaKey=fixedlookupkey): the gatekeeper writes it; run the orchestrator from the start`,
    );
  }
  if (meta.step_job_id !== stepJobId) {
    throw new ModelmillError(
      'ConditionalCheckFailedException',
      `the meta item in ${table} belongs to run ${String(meta.step_job_id)}, not ${stepJobId}: another run started since; do not run two executions of one orchestrator at once`,
    );
  }
  return meta;
}

/**
 * Sets `fields` and stage times on the meta item of run `stepJobId`.
 * Returns false when the item is gone or belongs to another run.
 */
export async function updateMeta(
  clients: ServiceClients,
  table: string,
  stepJobId: string,
  fields: Row,
  stages: Record<string, StageTime> = {},
): Promise<boolean> {
  const set = setExpression(fields);
  const names: Record<string, string> = { ...set.names, '#run': 'step_job_id' };
  const values: Record<string, AttributeValue> = { ...set.values, ':run': { S: stepJobId } };
  const clauses = [...set.clauses];
  Object.entries(stages).forEach(([stage, time], i) => {
    names['#stages'] = 'stage_times';
    names[`#s${i}`] = stage;
    values[`:s${i}`] = {
      M: {
        start_time: { S: time.start_time },
        ...(time.end_time === undefined ? {} : { end_time: { S: time.end_time } }),
      },
    };
    clauses.push(`#stages.#s${i} = :s${i}`);
  });
  if (clauses.length === 0) return true;
  try {
    await clients.dynamodb.updateItem({
      TableName: table,
      Key: { [META_KEY.name]: { S: META_KEY.value } },
      UpdateExpression: `SET ${clauses.join(', ')}`,
      ConditionExpression: '#run = :run',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
    return true;
  } catch (err) {
    if (isModelmillError(err, 'ConditionalCheckFailedException')) return false;
    throw err;
  }
}

/** Like updateMeta, but a missing or foreign meta item is an error. */
export async function updateRunMeta(
  clients: ServiceClients,
  table: string,
  stepJobId: string,
  fields: Row,
  stages: Record<string, StageTime> = {},
): Promise<void> {
  if (!(await updateMeta(clients, table, stepJobId, fields, stages))) {
    await readRunMeta(clients, table, stepJobId);
    throw new ModelmillError(
      'ConditionalCheckFailedException',
      `could not update the meta item of run ${stepJobId} in ${table}`,
    );
  }
}
