/**
 * The shapes of data quality: a parsed DQDL ruleset (rules, conditions,
 * operands), the result of evaluating it, and the small object-store port the
 * evaluator and the results writer need.
 */

/** A position in a DQDL document (1-based). */
export interface DqdlPosition {
  line: number;
  column: number;
}

/** Keywords DQDL accepts where a value goes in ColumnValues rules. */
export const DqdlKeyword = {
  NULL: 'NULL',
  EMPTY: 'EMPTY',
  WHITESPACES_ONLY: 'WHITESPACES_ONLY',
} as const;
/** A DQDL value keyword. */
export type DqdlKeyword = (typeof DqdlKeyword)[keyof typeof DqdlKeyword];

/** A value on the right of an operator. */
export type DqOperand =
  /** A number; `text` keeps it as written (for the rule's canonical text). */
  | { kind: 'number'; value: number; text: string }
  /** A quoted string; in an ordered comparison it must be a date `YYYY-MM-DD`. */
  | { kind: 'string'; value: string }
  | { kind: 'keyword'; value: DqdlKeyword }
  /** `now()`, or `(now() - 3 days)` / `(now() + 4 hours)`. */
  | { kind: 'now'; offset?: { sign: '+' | '-'; amount: number; unit: 'days' | 'hours' } };

/** Operators with one operand. */
export const ComparisonOperator = {
  EQ: '=',
  NE: '!=',
  GT: '>',
  GE: '>=',
  LT: '<',
  LE: '<=',
} as const;
/** `=`, `!=`, `>`, `>=`, `<` or `<=`. */
export type ComparisonOperator = (typeof ComparisonOperator)[keyof typeof ComparisonOperator];

/**
 * The expression a rule checks its value (or each row's value) against.
 * `between` excludes both bounds, as AWS Glue does.
 */
export type DqCondition =
  | { op: ComparisonOperator; operand: DqOperand }
  | { op: 'between' | 'not between'; low: DqOperand; high: DqOperand }
  | { op: 'in' | 'not in'; operands: DqOperand[] }
  | { op: 'matches' | 'not matches'; pattern: string };

/** One rule of a ruleset: a rule type with its parameters and expression. */
export interface DqLeafRule {
  kind: 'rule';
  /** The rule type, e.g. `Completeness`. */
  type: string;
  /** The quoted parameters in order (column names, or the SQL of CustomSql). */
  parameters: string[];
  condition?: DqCondition;
  /** `with threshold <condition>`: the share of rows that must pass. */
  threshold?: DqCondition;
  /** `where "<sql>"`: only rows matching this SQL filter are evaluated. */
  where?: string;
  position: DqdlPosition;
}

/** Rules joined by `and` / `or`, each in parentheses. */
export interface DqCompositeRule {
  kind: 'composite';
  operator: 'and' | 'or';
  rules: DqRule[];
  position: DqdlPosition;
}

/** A rule of a ruleset. */
export type DqRule = DqLeafRule | DqCompositeRule;

/** A parsed DQDL document. */
export interface DqRuleset {
  rules: DqRule[];
  /** The `Metadata = { ... }` section, when present. */
  metadata?: Record<string, string | string[]>;
  /** The `DataSources = { ... }` (or `Sources`) section, when present. */
  dataSources?: Record<string, string | string[]>;
}

/** Rule and overall outcomes, spelled as AWS Glue's results spell them. */
export const DqOutcome = { PASSED: 'Passed', FAILED: 'Failed' } as const;
/** `Passed` or `Failed`. */
export type DqOutcome = (typeof DqOutcome)[keyof typeof DqOutcome];

/** The result of one rule. */
export interface DqRuleResult {
  /** The rule's canonical DQDL text (`Completeness "x" > 0.95`). */
  rule: string;
  outcome: DqOutcome;
  /** Why it failed, in AWS's words (`Value: 0.9 does not meet the constraint requirement!`); absent when it passed. */
  failureReason?: string;
  /** Metric name → value, with AWS's names (`Column.x.Completeness`, `Dataset.*.RowCount`). */
  evaluatedMetrics: Record<string, number>;
  /** The value the rule was judged on (the first metric); null when there is none. */
  actualValue: number | null;
}

/** The results of one ruleset over one data source. */
export interface DqEvaluation {
  /** The source's name, as written to the `source` column of dqresults. */
  source: string;
  /** Where the data was read (`s3://...` or a local path). */
  data: string;
  /** Rows in the data. */
  rowCount: number;
  /** Columns of the data, in order (partition columns last). */
  columns: string[];
  results: DqRuleResult[];
  /** Failed when any rule failed. */
  overallStatus: DqOutcome;
  passed: number;
  failed: number;
}

/**
 * The object store as data quality needs it: real paths to read files with
 * DuckDB, and `putObject` to store result files. The embedded S3 service
 * (`LocalObjectStore`) is one.
 */
export interface DqObjectStore {
  /** The real path of an object or of a folder (need not exist). */
  localPath(bucket: string, key?: string): string;
  /** Stores an object; fails when the bucket does not exist. */
  putObject(input: {
    Bucket: string;
    Key: string;
    Body: Uint8Array;
    ContentType?: string;
  }): Promise<unknown>;
}

/** File formats a data source can have. */
export const DataFormat = { PARQUET: 'parquet', CSV: 'csv', JSON: 'json' } as const;
/** `parquet`, `csv` or `json` (newline-delimited). */
export type DataFormat = (typeof DataFormat)[keyof typeof DataFormat];
