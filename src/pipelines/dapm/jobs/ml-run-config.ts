import type { ServiceClients } from '../../../clients/index.js';
import { clientsFromEnv } from '../../../clients/index.js';
import { ModelmillError, parseS3Uri } from '../../../core/index.js';
import { unmarshallItem } from '../../../services/dynamodb/index.js';
import type { ModelSpec } from './ml-mapping.js';
import { compileModelSpec } from './ml-mapping.js';
import type { JobObjects } from './ml-objects.js';

/**
 * What a Batch job of a run shares with the other jobs of the same run on
 * its worker thread: the service clients (one set per endpoint, so HTTP
 * connections are reused) and the run's model settings (the mapping JSON
 * copy under the run's prefix does not change during a run).
 */

const clientCache = new Map<string, ServiceClients>();
const specCache = new Map<string, ModelSpec>();

/** Service clients for a job's environment, shared by later jobs with the same environment. */
export function jobClients(env: Record<string, string>): ServiceClients {
  const key = [
    env.AWS_ENDPOINT_URL,
    env.AWS_ENDPOINT_URL_SAGEMAKER,
    env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    env.MODELMILL_HOME,
    env.AWS_ACCESS_KEY_ID,
  ].join('|');
  let clients = clientCache.get(key);
  if (clients === undefined) {
    clients = clientsFromEnv(env);
    clientCache.set(key, clients);
  }
  return clients;
}

/** `s3://<shared>/training/<run>/` → `s3://<shared>/mapping_json/<run>/mapping_json.json`, or undefined. */
export function mappingCopyOf(trainingPrefix: string): string | undefined {
  const { bucket, key } = parseS3Uri(trainingPrefix);
  const match = /^training\/(.+?)\/?$/.exec(key);
  return match ? `s3://${bucket}/mapping_json/${match[1]}/mapping_json.json` : undefined;
}

/** Where the run's mapping JSON is looked for. */
export interface ModelSpecSource {
  /** The run's training prefix (its copy of the mapping JSON sits beside it). */
  trainingPrefix: string;
  /** The meta table, whose item names `mapping_json_S3_path` (used when there is no copy). */
  metaTable: string | undefined;
}

/** The run's model settings: its mapping JSON copy, else the meta item's `mapping_json_S3_path`. */
export async function loadModelSpec(
  clients: ServiceClients,
  objects: JobObjects,
  source: ModelSpecSource,
): Promise<ModelSpec> {
  const copy = mappingCopyOf(source.trainingPrefix);
  const cached = copy === undefined ? undefined : specCache.get(copy);
  if (cached !== undefined) return cached;
  let uri = copy;
  let text = copy === undefined ? undefined : await objects.readText(copy);
  if (text === undefined && source.metaTable !== undefined) {
    uri = await mappingPathOfMeta(clients, source.metaTable);
    text = uri === undefined ? undefined : await objects.readText(uri);
  }
  if (text === undefined || uri === undefined) {
    throw new ModelmillError(
      'InvalidMappingJson',
      `no mapping JSON for this run: neither ${copy ?? '(no run copy: the training prefix is not s3://<shared>/training/<run>/)'} nor the meta item's mapping_json_S3_path${source.metaTable ? ` in ${source.metaTable}` : ' (no --train_metatable_name)'} exists; the gatekeeper copies it under the run's prefix`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new ModelmillError(
      'InvalidMappingJson',
      `mapping JSON ${uri} is not JSON: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  const spec = compileModelSpec(document, uri);
  if (copy !== undefined) specCache.set(copy, spec);
  return spec;
}

async function mappingPathOfMeta(
  clients: ServiceClients,
  table: string,
): Promise<string | undefined> {
  const found = await clients.dynamodb.getItem({
    TableName: table,
    Key: { metaKey: { S: 'fixedlookupkey' } },
    ConsistentRead: true,
  });
  const path =
    found.Item === undefined ? undefined : unmarshallItem(found.Item).mapping_json_S3_path;
  return typeof path === 'string' && path !== '' ? path : undefined;
}
