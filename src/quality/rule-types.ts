/**
 * The DQDL rule types modelmill evaluates, with what each takes: how many
 * quoted parameters, whether it needs an expression (and of which kind), and
 * whether `with threshold` applies. Also the DQDL rule types that exist in
 * AWS Glue but are not evaluated locally, so their error can say so.
 */

/** What a rule type's expression compares. */
export const ConditionKind = {
  /** No expression (`IsComplete "x"`). */
  NONE: 'none',
  /** A number the rule computes (`Completeness "x" > 0.95`). */
  NUMBER: 'number',
  /** Each row's value (`ColumnValues "x" in [...]`): numbers, strings, dates, keywords, regex. */
  VALUES: 'values',
  /** A number, or none for CustomSql's row-level form. */
  OPTIONAL_NUMBER: 'optional-number',
} as const;
/** A kind of expression. */
export type ConditionKind = (typeof ConditionKind)[keyof typeof ConditionKind];

/** What a rule type takes. */
export interface RuleTypeSpec {
  /** Names of the quoted parameters, in order. */
  parameters: string[];
  /** True when the last parameter may repeat (IsPrimaryKey "a" "b"). */
  variadic?: boolean;
  condition: ConditionKind;
  /** `with threshold` is allowed. */
  threshold?: boolean;
  /** An example, for error messages. */
  example: string;
}

/** The rule types evaluated locally. */
export const RULE_TYPES: Record<string, RuleTypeSpec> = {
  RowCount: { parameters: [], condition: 'number', example: 'RowCount > 1000' },
  ColumnCount: { parameters: [], condition: 'number', example: 'ColumnCount >= 8' },
  Completeness: {
    parameters: ['column'],
    condition: 'number',
    example: 'Completeness "col" > 0.95',
  },
  IsComplete: { parameters: ['column'], condition: 'none', example: 'IsComplete "col"' },
  Uniqueness: {
    parameters: ['column'],
    condition: 'number',
    example: 'Uniqueness "col" > 0.99',
  },
  IsUnique: { parameters: ['column'], condition: 'none', example: 'IsUnique "col"' },
  IsPrimaryKey: {
    parameters: ['column'],
    variadic: true,
    condition: 'none',
    example: 'IsPrimaryKey "part_name" "date"',
  },
  ColumnExists: { parameters: ['column'], condition: 'none', example: 'ColumnExists "col"' },
  ColumnValues: {
    parameters: ['column'],
    condition: 'values',
    threshold: true,
    example: 'ColumnValues "col" between 0 and 100',
  },
  ColumnLength: {
    parameters: ['column'],
    condition: 'number',
    example: 'ColumnLength "col" between 2 and 65',
  },
  DistinctValuesCount: {
    parameters: ['column'],
    condition: 'number',
    example: 'DistinctValuesCount "col" > 10',
  },
  UniqueValueRatio: {
    parameters: ['column'],
    condition: 'number',
    example: 'UniqueValueRatio "col" > 0.5',
  },
  Mean: { parameters: ['column'], condition: 'number', example: 'Mean "col" between 0 and 50' },
  Sum: { parameters: ['column'], condition: 'number', example: 'Sum "col" > 0' },
  StandardDeviation: {
    parameters: ['column'],
    condition: 'number',
    example: 'StandardDeviation "col" < 15',
  },
  Entropy: { parameters: ['column'], condition: 'number', example: 'Entropy "col" > 1' },
  ColumnCorrelation: {
    parameters: ['column', 'column'],
    condition: 'number',
    example: 'ColumnCorrelation "a" "b" > 0.8',
  },
  ColumnNamesMatchPattern: {
    parameters: ['pattern'],
    condition: 'none',
    example: 'ColumnNamesMatchPattern "[a-z_]+"',
  },
  CustomSql: {
    parameters: ['sql'],
    condition: 'optional-number',
    threshold: true,
    example: 'CustomSql "select count(*) from primary" > 0',
  },
};

/** DQDL rule types AWS Glue has that are not evaluated locally, with the reason. */
export const UNSUPPORTED_RULE_TYPES: Record<string, string> = {
  ColumnDataType: 'it depends on Spark type inference',
  DataFreshness: 'it is not implemented locally yet',
  DatasetMatch: 'it needs a reference data source',
  ReferentialIntegrity: 'it needs a reference data source',
  RowCountMatch: 'it needs a reference data source',
  SchemaMatch: 'it needs a reference data source',
  AggregateMatch: 'it needs a reference data source',
  DetectAnomalies: 'it needs the metrics of earlier runs',
  AllStatistics: 'it is an analyzer, not a rule',
};

/** The closest supported rule type to `name` (for "did you mean"), if any is close. */
export function closestRuleType(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of Object.keys(RULE_TYPES)) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
