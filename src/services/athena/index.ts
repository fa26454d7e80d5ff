/**
 * services/athena: Athena and the Glue Data Catalog. The embedded adapter
 * keeps the catalog (databases, tables, partitions, query executions) in
 * SQLite and runs queries on DuckDB, whose views read the object store's
 * files directly (Parquet, JSON lines, delimited text; Hive partitions as
 * registered in the catalog). Athena's Trino SQL runs with the common
 * differences translated; Hive DDL (CREATE EXTERNAL TABLE, MSCK REPAIR,
 * ALTER TABLE ADD PARTITION, ...), CTAS and INSERT INTO are handled here.
 * Also: the AWS SDK adapters, the Step Functions integrations, the
 * `AmazonAthena` / `AWSGlue` wire protocols, and a programmatic API
 * (`query`, `registerTable`, `registerPartition`, `writeRows`).
 */
export * from './types.js';
export type * from './catalog-types.js';
export { createLocalAthena } from './local.js';
export type { LocalAthena, LocalAthenaOptions, QueryOptions, QueryRows } from './local.js';
export { createLocalCatalog } from './catalog.js';
export type { LocalCatalog, LocalCatalogOptions } from './catalog.js';
export type { WorkGroupSettings } from './query-runner.js';
export type { WriteRowsOptions, WrittenRows } from './row-writer.js';
export type { DuckHostOptions } from './duck-host.js';
export { homeObjectFiles } from './table-files.js';
export { createAwsAthena, createAwsGlueCatalog } from './aws.js';
export type { AwsAthenaOptions, AwsGlueCatalogOptions } from './aws.js';
export {
  registerAthenaIntegrations,
  ATHENA_SDK_ACTIONS,
  GLUE_CATALOG_SDK_ACTIONS,
} from './integration.js';
export type { AthenaIntegrationOptions } from './integration.js';
export { athenaApi, glueCatalogApi, glueCatalogOperations } from './api.js';
export { parseHiveType, formatHiveType } from './hive-types.js';
export type { HiveType } from './hive-types.js';
