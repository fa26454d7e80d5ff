/**
 * The DynamoDB port: the table and item operations modelmill's pipelines use,
 * with AWS's own request and response field names and the JSON wire form of
 * values (binary as base64 strings, timestamps as epoch seconds), so the HTTP
 * layer and the Step Functions integrations pass requests through unchanged.
 */

/** One DynamoDB value, in the JSON wire form (`B`/`BS` are base64 strings). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

/** The type descriptor of an AttributeValue. */
export const AttributeType = {
  S: 'S',
  N: 'N',
  B: 'B',
  BOOL: 'BOOL',
  NULL: 'NULL',
  M: 'M',
  L: 'L',
  SS: 'SS',
  NS: 'NS',
  BS: 'BS',
} as const;
/** A type descriptor. */
export type AttributeType = (typeof AttributeType)[keyof typeof AttributeType];

/** An item (or a key): attribute names to values. */
export type Item = Record<string, AttributeValue>;

/** The scalar types a key attribute may have. */
export type ScalarAttributeType = 'S' | 'N' | 'B';

/** One element of a table's key schema. */
export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** Declares the type of a key attribute. */
export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarAttributeType;
}

/** Provisioned capacity (accepted and echoed; not enforced locally). */
export interface ProvisionedThroughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

/** CreateTable request. */
export interface CreateTableInput {
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  /** `PROVISIONED` or `PAY_PER_REQUEST` (default PROVISIONED, as AWS). */
  BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST';
  ProvisionedThroughput?: ProvisionedThroughput;
  Tags?: { Key: string; Value: string }[];
  /** Accepted for compatibility; secondary indexes are refused locally. */
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
  [other: string]: unknown;
}

/** What DescribeTable (and Create/DeleteTable) report about a table. */
export interface TableDescription {
  TableName: string;
  TableArn: string;
  TableId: string;
  TableStatus: 'CREATING' | 'ACTIVE' | 'DELETING' | 'UPDATING';
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  /** Epoch seconds. */
  CreationDateTime: number;
  ItemCount: number;
  TableSizeBytes: number;
  BillingModeSummary?: { BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST' };
  ProvisionedThroughput: ProvisionedThroughput & { NumberOfDecreasesToday: number };
  DeletionProtectionEnabled?: boolean;
}

/** Which item attributes a write returns. */
export type ReturnValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/** The expression fields shared by the requests that take expressions. */
export interface ExpressionInput {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/** PutItem request. */
export interface PutItemInput extends ExpressionInput {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  /** NONE (default) or ALL_OLD. */
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: 'NONE' | 'ALL_OLD';
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** GetItem request. */
export interface GetItemInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** UpdateItem request. */
export interface UpdateItemInput extends ExpressionInput {
  TableName: string;
  Key: Item;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: 'NONE' | 'ALL_OLD';
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** DeleteItem request. */
export interface DeleteItemInput extends ExpressionInput {
  TableName: string;
  Key: Item;
  ConditionExpression?: string;
  /** NONE (default) or ALL_OLD. */
  ReturnValues?: ReturnValue;
  ReturnValuesOnConditionCheckFailure?: 'NONE' | 'ALL_OLD';
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** The output of PutItem, UpdateItem and DeleteItem. */
export interface WriteItemOutput {
  /** Present only when ReturnValues asked for attributes and there were some. */
  Attributes?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

/** Capacity consumed by a request, when ReturnConsumedCapacity asks for it. */
export interface ConsumedCapacity {
  TableName: string;
  CapacityUnits: number;
}

/** GetItem response. */
export interface GetItemOutput {
  /** Absent when no item has the key. */
  Item?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

/** What a Query or Scan returns: items, or only the count. */
export type Select =
  'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** Query request. */
export interface QueryInput extends ExpressionInput {
  TableName: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  /** Ascending sort-key order when true (default). */
  ScanIndexForward?: boolean;
  /** The most items to evaluate (before the filter), at least 1. */
  Limit?: number;
  ExclusiveStartKey?: Item;
  Select?: Select;
  ConsistentRead?: boolean;
  IndexName?: string;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** Scan request. */
export interface ScanInput extends ExpressionInput {
  TableName: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  Limit?: number;
  ExclusiveStartKey?: Item;
  Select?: Select;
  ConsistentRead?: boolean;
  /** Parallel scan: this worker's segment, 0-based. */
  Segment?: number;
  TotalSegments?: number;
  IndexName?: string;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** Query and Scan response. */
export interface QueryOutput {
  /** Absent when Select is COUNT. */
  Items?: Item[];
  /** Items returned (after the filter). */
  Count: number;
  /** Items evaluated (before the filter). */
  ScannedCount: number;
  /** Present when the page stopped early: pass it as ExclusiveStartKey. */
  LastEvaluatedKey?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

/** Scan response (the same shape as Query's). */
export type ScanOutput = QueryOutput;

/** One write of a BatchWriteItem. */
export interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
}

/** BatchWriteItem request: at most 25 writes over all tables. */
export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}

/** BatchWriteItem response (nothing is ever left unprocessed locally). */
export interface BatchWriteItemOutput {
  UnprocessedItems: Record<string, WriteRequest[]>;
  ConsumedCapacity?: ConsumedCapacity[];
}

/** The keys and options of one table in a BatchGetItem. */
export interface KeysAndAttributes {
  Keys: Item[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

/** BatchGetItem request: at most 100 keys over all tables. */
export interface BatchGetItemInput {
  RequestItems: Record<string, KeysAndAttributes>;
  ReturnConsumedCapacity?: 'INDEXES' | 'TOTAL' | 'NONE';
}

/** BatchGetItem response (nothing is ever left unprocessed locally). */
export interface BatchGetItemOutput {
  Responses: Record<string, Item[]>;
  UnprocessedKeys: Record<string, KeysAndAttributes>;
  ConsumedCapacity?: ConsumedCapacity[];
}

/** ListTables request. */
export interface ListTablesInput {
  /** Start after this table name (the previous page's LastEvaluatedTableName). */
  ExclusiveStartTableName?: string;
  /** 1..100, default 100. */
  Limit?: number;
}

/** ListTables response. */
export interface ListTablesOutput {
  TableNames: string[];
  /** Present when more tables follow. */
  LastEvaluatedTableName?: string;
}

/**
 * The DynamoDB port. Every method takes and returns AWS's shapes; failures are
 * ModelmillErrors whose `code` is AWS's exception name (`ResourceNotFoundException`,
 * `ValidationException`, `ConditionalCheckFailedException`, `ResourceInUseException`).
 */
export interface TableStore {
  createTable(input: CreateTableInput): Promise<{ TableDescription: TableDescription }>;
  describeTable(input: { TableName: string }): Promise<{ Table: TableDescription }>;
  listTables(input?: ListTablesInput): Promise<ListTablesOutput>;
  deleteTable(input: { TableName: string }): Promise<{ TableDescription: TableDescription }>;
  putItem(input: PutItemInput): Promise<WriteItemOutput>;
  getItem(input: GetItemInput): Promise<GetItemOutput>;
  updateItem(input: UpdateItemInput): Promise<WriteItemOutput>;
  deleteItem(input: DeleteItemInput): Promise<WriteItemOutput>;
  query(input: QueryInput): Promise<QueryOutput>;
  scan(input: ScanInput): Promise<ScanOutput>;
  batchWriteItem(input: BatchWriteItemInput): Promise<BatchWriteItemOutput>;
  batchGetItem(input: BatchGetItemInput): Promise<BatchGetItemOutput>;
}
