import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  ListQueryExecutionsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { AthenaClientConfig } from '@aws-sdk/client-athena';
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import type { GlueClientConfig } from '@aws-sdk/client-glue';
import { ModelmillError } from '../../core/index.js';
import { createSdkSender } from '../common/index.js';
import type { SdkClient } from '../common/index.js';
import type { DataCatalog } from './catalog-types.js';
import type { AthenaService } from './types.js';

/**
 * The Athena and Glue Data Catalog ports over the AWS SDK v3, for running
 * against AWS (or any endpoint that speaks the protocols). Requests and
 * answers already have the ports' shapes; the SDK's `$metadata` is dropped
 * and SDK errors become the ModelmillErrors the embedded adapters throw.
 */

/** An Athena client to use, or the settings to build one. */
export interface AwsAthenaOptions {
  client?: AthenaClient;
  config?: AthenaClientConfig;
}

/** A Glue client to use, or the settings to build one. */
export interface AwsGlueCatalogOptions {
  client?: GlueClient;
  config?: GlueClientConfig;
}

/** An SDK failure as the ModelmillError the embedded adapter would throw. */
export function fromSdkError(err: unknown): unknown {
  if (!(err instanceof Error) || !('$metadata' in err)) return err;
  const fault = (err as { $fault?: string }).$fault === 'server' ? 'server' : 'client';
  return new ModelmillError(err.name, err.message, { cause: err, fault });
}

/** Drops the SDK's `$metadata`. */
function withoutMetadata<T>(output: T): T {
  if (typeof output !== 'object' || output === null) return output;
  const { $metadata: _metadata, ...rest } = output as Record<string, unknown>;
  return rest as T;
}

function sender(client: SdkClient) {
  return createSdkSender(client, { output: withoutMetadata, error: fromSdkError });
}

/** The Athena port over the AWS SDK (`.sync` waits by polling GetQueryExecution). */
export function createAwsAthena(options: AwsAthenaOptions = {}): AthenaService {
  const send = sender(options.client ?? new AthenaClient(options.config ?? {}));
  return {
    startQueryExecution: (input) => send(new StartQueryExecutionCommand(input)),
    getQueryExecution: (input) => send(new GetQueryExecutionCommand(input)),
    batchGetQueryExecution: (input) => send(new BatchGetQueryExecutionCommand(input)),
    getQueryResults: async (input) => {
      const output = await send<Record<string, unknown>>(new GetQueryResultsCommand(input));
      return { UpdateCount: 0, ...output } as never;
    },
    stopQueryExecution: async (input) => {
      await send(new StopQueryExecutionCommand(input));
      return {};
    },
    listQueryExecutions: (input = {}) => send(new ListQueryExecutionsCommand(input)),
  };
}

/** The Glue Data Catalog port over the AWS SDK. */
export function createAwsGlueCatalog(options: AwsGlueCatalogOptions = {}): DataCatalog {
  const send = sender(options.client ?? new GlueClient(options.config ?? {}));
  const empty = async (command: unknown) => {
    await send(command);
    return {};
  };
  return {
    createDatabase: (input) => empty(new CreateDatabaseCommand(input)),
    getDatabase: (input) => send(new GetDatabaseCommand(input)),
    getDatabases: (input = {}) => send(new GetDatabasesCommand(input)),
    deleteDatabase: (input) => empty(new DeleteDatabaseCommand(input)),
    createTable: (input) => empty(new CreateTableCommand(input)),
    updateTable: (input) => empty(new UpdateTableCommand(input)),
    getTable: (input) => send(new GetTableCommand(input)),
    getTables: (input) => send(new GetTablesCommand(input)),
    deleteTable: (input) => empty(new DeleteTableCommand(input)),
    createPartition: (input) => empty(new CreatePartitionCommand(input)),
    batchCreatePartition: async (input) => {
      const output = await send<{ Errors?: never[] }>(new BatchCreatePartitionCommand(input));
      return { Errors: output.Errors ?? [] };
    },
    getPartition: (input) => send(new GetPartitionCommand(input)),
    getPartitions: (input) => send(new GetPartitionsCommand(input)),
    deletePartition: (input) => empty(new DeletePartitionCommand(input)),
  };
}
