import type { ApiModule, JsonHandler } from '../../server/index.js';
import { jsonOperation } from '../../server/index.js';
import type { DataCatalog } from './catalog-types.js';
import type { AthenaService } from './types.js';

/**
 * The wire protocols: Athena's JSON 1.1 (`X-Amz-Target: AmazonAthena.<Op>`)
 * and the Glue Data Catalog part of Glue's (`AWSGlue.<Op>`). The Glue
 * operations are a plain record so they can be merged with Glue's job
 * operations into one `AWSGlue` module. Timestamps go out as epoch seconds.
 */

function operationsOf<S>(service: S, names: Record<string, keyof S>): Record<string, JsonHandler> {
  const operations: Record<string, JsonHandler> = {};
  for (const [operation, method] of Object.entries(names)) {
    operations[operation] = jsonOperation((request) =>
      (service[method] as (request: unknown) => Promise<unknown>).call(service, request),
    );
  }
  return operations;
}

const ATHENA_OPERATIONS: Record<string, keyof AthenaService> = {
  StartQueryExecution: 'startQueryExecution',
  GetQueryExecution: 'getQueryExecution',
  BatchGetQueryExecution: 'batchGetQueryExecution',
  GetQueryResults: 'getQueryResults',
  StopQueryExecution: 'stopQueryExecution',
  ListQueryExecutions: 'listQueryExecutions',
};

const GLUE_CATALOG_OPERATIONS: Record<string, keyof DataCatalog> = {
  CreateDatabase: 'createDatabase',
  GetDatabase: 'getDatabase',
  GetDatabases: 'getDatabases',
  DeleteDatabase: 'deleteDatabase',
  CreateTable: 'createTable',
  UpdateTable: 'updateTable',
  GetTable: 'getTable',
  GetTables: 'getTables',
  DeleteTable: 'deleteTable',
  CreatePartition: 'createPartition',
  BatchCreatePartition: 'batchCreatePartition',
  GetPartition: 'getPartition',
  GetPartitions: 'getPartitions',
  DeletePartition: 'deletePartition',
};

/** The ApiModule of Athena for the HTTP server. */
export function athenaApi(service: AthenaService): ApiModule {
  return {
    signingName: 'athena',
    json: { targetPrefix: 'AmazonAthena', operations: operationsOf(service, ATHENA_OPERATIONS) },
  };
}

/** The Glue Data Catalog operations (`CreateTable`, `GetPartitions`, ...) as JSON handlers, to merge into the `AWSGlue` module. */
export function glueCatalogOperations(catalog: DataCatalog): Record<string, JsonHandler> {
  return operationsOf(catalog, GLUE_CATALOG_OPERATIONS);
}

/** An ApiModule serving only the Glue Data Catalog (until Glue jobs share the `AWSGlue` prefix). */
export function glueCatalogApi(catalog: DataCatalog): ApiModule {
  return {
    signingName: 'glue',
    json: { targetPrefix: 'AWSGlue', operations: glueCatalogOperations(catalog) },
  };
}
