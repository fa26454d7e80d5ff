/**
 * The Glue Data Catalog port: databases, tables and partitions with Glue's
 * field names. Athena DDL (`CREATE EXTERNAL TABLE`, `MSCK REPAIR TABLE`, ...)
 * and these calls write the same catalog; queries read their tables from it.
 */

/** A column as Glue stores it. */
export interface Column {
  Name: string;
  /** Hive type: `string`, `bigint`, `array<struct<a:int>>`, ... */
  Type?: string;
  Comment?: string;
  Parameters?: Record<string, string>;
}

/** How rows are (de)serialised. */
export interface SerDeInfo {
  Name?: string;
  /** `org.openx.data.jsonserde.JsonSerDe`, `...ParquetHiveSerDe`, `...LazySimpleSerDe`, `...OpenCSVSerde`. */
  SerializationLibrary?: string;
  Parameters?: Record<string, string>;
}

/** Where and how a table's or partition's data is stored. */
export interface StorageDescriptor {
  Columns?: Column[];
  /** `s3://bucket/prefix/`. */
  Location?: string;
  InputFormat?: string;
  OutputFormat?: string;
  Compressed?: boolean;
  NumberOfBuckets?: number;
  SerdeInfo?: SerDeInfo;
  BucketColumns?: string[];
  SortColumns?: { Column: string; SortOrder: number }[];
  Parameters?: Record<string, string>;
  StoredAsSubDirectories?: boolean;
}

/** CreateDatabase's DatabaseInput. */
export interface DatabaseInput {
  Name: string;
  Description?: string;
  LocationUri?: string;
  Parameters?: Record<string, string>;
}

/** A database. */
export interface Database extends DatabaseInput {
  CreateTime: Date;
  CatalogId: string;
}

/** CreateTable's TableInput. */
export interface TableInput {
  Name: string;
  Description?: string;
  Owner?: string;
  Retention?: number;
  StorageDescriptor?: StorageDescriptor;
  PartitionKeys?: Column[];
  /** `EXTERNAL_TABLE` (default) or `VIRTUAL_VIEW`. */
  TableType?: string;
  Parameters?: Record<string, string>;
  ViewOriginalText?: string;
  ViewExpandedText?: string;
}

/** A table. */
export interface Table extends TableInput {
  DatabaseName: string;
  CreateTime: Date;
  UpdateTime: Date;
  PartitionKeys: Column[];
  CatalogId: string;
  IsRegisteredWithLakeFormation: boolean;
  VersionId: string;
}

/** A partition's input. */
export interface PartitionInput {
  /** One value per partition key, in key order. */
  Values: string[];
  /** Default: the table's, with Location `<table location>/k1=v1/k2=v2/`. */
  StorageDescriptor?: StorageDescriptor;
  Parameters?: Record<string, string>;
  LastAccessTime?: Date;
}

/** A partition. */
export interface Partition extends PartitionInput {
  DatabaseName: string;
  TableName: string;
  CreationTime: Date;
  StorageDescriptor: StorageDescriptor;
  CatalogId: string;
}

/** A failure of one partition in a batch. */
export interface PartitionError {
  PartitionValues: string[];
  ErrorDetail: { ErrorCode: string; ErrorMessage: string };
}

/** Paging of Get* lists. */
export interface Paging {
  NextToken?: string;
  /** 1 to 1000 (100 for GetDatabases). */
  MaxResults?: number;
}

/** The catalog operations modelmill serves; every adapter implements all of them. */
export interface DataCatalog {
  createDatabase(input: { DatabaseInput: DatabaseInput }): Promise<Record<string, never>>;
  getDatabase(input: { Name: string }): Promise<{ Database: Database }>;
  getDatabases(input?: Paging): Promise<{ DatabaseList: Database[]; NextToken?: string }>;
  /** Deletes the database with its tables and partitions (the data stays in S3). */
  deleteDatabase(input: { Name: string }): Promise<Record<string, never>>;
  createTable(input: {
    DatabaseName: string;
    TableInput: TableInput;
  }): Promise<Record<string, never>>;
  /** Replaces the table's definition; its partitions stay. */
  updateTable(input: {
    DatabaseName: string;
    TableInput: TableInput;
  }): Promise<Record<string, never>>;
  getTable(input: { DatabaseName: string; Name: string }): Promise<{ Table: Table }>;
  /** `Expression` filters names with a Hive-style pattern (`meta*`, `a|b`). */
  getTables(
    input: { DatabaseName: string; Expression?: string } & Paging,
  ): Promise<{ TableList: Table[]; NextToken?: string }>;
  deleteTable(input: { DatabaseName: string; Name: string }): Promise<Record<string, never>>;
  createPartition(input: {
    DatabaseName: string;
    TableName: string;
    PartitionInput: PartitionInput;
  }): Promise<Record<string, never>>;
  batchCreatePartition(input: {
    DatabaseName: string;
    TableName: string;
    PartitionInputList: PartitionInput[];
  }): Promise<{ Errors: PartitionError[] }>;
  getPartition(input: {
    DatabaseName: string;
    TableName: string;
    PartitionValues: string[];
  }): Promise<{ Partition: Partition }>;
  /** `Expression` filters with a SQL-like predicate over partition keys (`year = '2024' AND month >= '06'`). */
  getPartitions(
    input: { DatabaseName: string; TableName: string; Expression?: string } & Paging,
  ): Promise<{ Partitions: Partition[]; NextToken?: string }>;
  deletePartition(input: {
    DatabaseName: string;
    TableName: string;
    PartitionValues: string[];
  }): Promise<Record<string, never>>;
}
