import { StatesError } from '../../asl/index.js';
import type { IdGenerator } from '../../core/index.js';
import { isModelmillError, isPlainObject, randomIds } from '../../core/index.js';
import type { IntegrationRegistry, TaskContext, TaskHandler } from '../../engine/index.js';
import { awaitSyncJob, taskApiError } from '../common/index.js';
import type { DataCatalog } from './catalog-types.js';
import type { AthenaService, QueryExecution, StartQueryExecutionInput } from './types.js';

/**
 * Step Functions Task integrations: the optimised Athena ones
 * (`arn:aws:states:::athena:startQueryExecution[.sync]`, `getQueryExecution`,
 * `getQueryResults`, `stopQueryExecution`; API errors named `Athena.<Exception>`),
 * `.sync` waiting for the query and answering with GetQueryExecution's output
 * (a query that ends FAILED or CANCELLED fails the state with States.TaskFailed
 * and that output as the cause, as other `.sync` integrations do), and the AWS
 * SDK ones: `aws-sdk:athena:<action>` and the catalog's `aws-sdk:glue:<action>`
 * (errors `Glue.EntityNotFoundException`, ...). Timestamps are epoch milliseconds.
 */

const ATHENA_MODELED = new Set([
  'InvalidRequestException',
  'InternalServerException',
  'TooManyRequestsException',
  'ResourceNotFoundException',
  'MetadataException',
]);

const GLUE_MODELED = new Set([
  'EntityNotFoundException',
  'AlreadyExistsException',
  'InvalidInputException',
  'InternalServiceException',
  'OperationTimeoutException',
  'ResourceNumberLimitExceededException',
  'ConcurrentModificationException',
  'GlueEncryptionException',
]);

/** The actions served under `aws-sdk:athena:`. */
export const ATHENA_SDK_ACTIONS = [
  'startQueryExecution',
  'getQueryExecution',
  'batchGetQueryExecution',
  'getQueryResults',
  'stopQueryExecution',
  'listQueryExecutions',
] as const;

/** The actions served under `aws-sdk:glue:` (the Data Catalog; Glue jobs register their own). */
export const GLUE_CATALOG_SDK_ACTIONS = [
  'createDatabase',
  'getDatabase',
  'getDatabases',
  'deleteDatabase',
  'createTable',
  'updateTable',
  'getTable',
  'getTables',
  'deleteTable',
  'createPartition',
  'batchCreatePartition',
  'getPartition',
  'getPartitions',
  'deletePartition',
] as const;

/** Options of the integrations. */
export interface AthenaIntegrationOptions {
  /** Request ids in error causes. Default: random. */
  ids?: IdGenerator;
  /** Poll interval of `.sync` for adapters that cannot notify (AWS). Default 1000 ms. */
  pollMs?: number;
}

/** Dates as Step Functions outputs write them (epoch milliseconds), deeply. */
export function toTaskOutput(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(toTaskOutput);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    if (inner !== undefined) out[key] = toTaskOutput(inner);
  return out;
}

/** An Athena API failure as Step Functions names it. */
export function athenaError(err: unknown, requestId: string): StatesError {
  if (err instanceof StatesError) return err;
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'Athena',
    service: 'AmazonAthena',
    wording: 'optimised',
    name: (code) => (ATHENA_MODELED.has(code) ? code : 'AthenaException'),
  });
}

/** A Glue catalog failure of an `aws-sdk:glue:` task, as Step Functions names it. */
export function glueError(err: unknown, requestId: string): StatesError {
  if (!isModelmillError(err)) return new StatesError('States.TaskFailed', String(err));
  return taskApiError(err, requestId, {
    prefix: 'Glue',
    service: 'Glue',
    wording: 'sdk',
    name: (code) => (GLUE_MODELED.has(code) ? code : 'GlueException'),
  });
}

/** Registers the Athena integrations (and the Glue catalog's aws-sdk ones when `catalog` is given). */
export function registerAthenaIntegrations(
  registry: IntegrationRegistry,
  service: AthenaService,
  catalog?: DataCatalog,
  options: AthenaIntegrationOptions = {},
): void {
  const ids = options.ids ?? randomIds;
  const call = (target: object, action: string, parameters: unknown) =>
    (target as Record<string, (input: unknown) => Promise<unknown>>)[action]!.call(
      target,
      isPlainObject(parameters) ? parameters : {},
    );
  const wrap =
    (fn: TaskHandler, naming: (err: unknown, id: string) => StatesError): TaskHandler =>
    async (invocation) => {
      try {
        return toTaskOutput(await fn(invocation));
      } catch (err) {
        throw naming(err, ids.uuid());
      }
    };
  registry.register(
    'athena:startQueryExecution',
    wrap(async ({ parameters, resource, context }) => {
      if (resource.pattern === 'request-response')
        return call(service, 'startQueryExecution', parameters);
      return runToEnd(
        service,
        parameters as StartQueryExecutionInput,
        context,
        options.pollMs ?? 1000,
      );
    }, athenaError),
    ['request-response', 'sync'],
  );
  for (const action of ['getQueryExecution', 'getQueryResults', 'stopQueryExecution']) {
    registry.register(
      `athena:${action}`,
      wrap(({ parameters }) => call(service, action, parameters), athenaError),
    );
  }
  for (const action of ATHENA_SDK_ACTIONS) {
    registry.register(
      `aws-sdk:athena:${action}`,
      wrap(({ parameters }) => call(service, action, parameters), athenaError),
    );
  }
  if (!catalog) return;
  for (const action of GLUE_CATALOG_SDK_ACTIONS) {
    registry.register(
      `aws-sdk:glue:${action}`,
      wrap(({ parameters }) => call(catalog, action, parameters), glueError),
    );
  }
}

/** `.sync`: start (or re-attach after a restart), wait for the end, answer like GetQueryExecution. */
async function runToEnd(
  service: AthenaService,
  input: StartQueryExecutionInput,
  context: TaskContext,
  pollMs: number,
): Promise<unknown> {
  let id = (context.resumed as { QueryExecutionId?: string } | undefined)?.QueryExecutionId;
  if (id === undefined) {
    id = (
      await service.startQueryExecution(
        isPlainObject(input) ? input : ({} as StartQueryExecutionInput),
      )
    ).QueryExecutionId;
    await context.submitted({ QueryExecutionId: id });
  }
  const queryId = id;
  return awaitSyncJob<QueryExecution>(
    {
      wait: (signal) =>
        service.waitForQueryExecution
          ? service.waitForQueryExecution(queryId, signal)
          : poll(service, queryId, context, pollMs),
      stop: () => service.stopQueryExecution({ QueryExecutionId: queryId }),
      output: (execution) => toTaskOutput({ QueryExecution: execution }),
      failed: (execution) => execution.Status.State !== 'SUCCEEDED',
    },
    context,
  );
}

async function poll(
  service: AthenaService,
  id: string,
  context: TaskContext,
  pollMs: number,
): Promise<QueryExecution> {
  for (;;) {
    const { QueryExecution } = await service.getQueryExecution({ QueryExecutionId: id });
    if (!['QUEUED', 'RUNNING'].includes(QueryExecution.Status.State)) return QueryExecution;
    context.heartbeat();
    await context.clock.sleep(pollMs, context.signal);
  }
}
