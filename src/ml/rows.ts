/**
 * Features and labels from row objects, as the pipelines read Parquet
 * through DuckDB (`{column: value}` rows). Conversion: numbers as they are,
 * bigint to number, booleans to 1/0, numeric strings parsed, Dates to epoch
 * milliseconds. Missing values (null, undefined, empty string, NaN) become
 * NaN features, which the model fills with training means; a row with a
 * missing label is dropped and reported in `droppedRows`.
 */
import { ModelmillError } from '../core/index.js';
import type { Task } from './algorithms.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';

/** Options of {@link extractFeatures}. */
export interface ExtractOptions {
  /** Feature columns, in model order. */
  features: readonly string[];
  /** Label column; omit when scoring. */
  label?: string;
  /** With `classification`, non-numeric labels become class indices. Default: decided by the labels. */
  task?: Task;
  /** Class names to index string labels by (keeps train and test consistent); default: sorted distinct labels. */
  classNames?: readonly string[];
}

/** Extracted data. */
export interface ExtractedData {
  x: Matrix;
  /** Label values (class indices into `classNames` for string labels); undefined without `label`. */
  y: Float64Array | undefined;
  features: readonly string[];
  classNames: string[] | undefined;
  /** Positions (in the input) of rows dropped for a missing label. */
  droppedRows: number[];
  /** Positions (in the input) of the rows kept, in output order. */
  keptRows: Uint32Array;
}

const isMissing = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** The numeric value of one cell (NaN when missing); throws for text that is not a number. */
export function toNumber(value: unknown, row: number, column: string): number {
  if (isMissing(value)) return NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && Number.isFinite(Number(value))) return Number(value);
  throw new ModelmillError(
    'ValidationException',
    `Row ${row}, column "${column}": ${JSON.stringify(value)} is not a number; features must be numeric (encode categories upstream).`,
  );
}

/** Builds the feature matrix (and labels) from row objects. */
export function extractFeatures(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: ExtractOptions,
): ExtractedData {
  const { features, label } = options;
  if (label !== undefined && features.includes(label))
    throw new ModelmillError(
      'ValidationException',
      `Column "${label}" is both the label and a feature; remove it from the features.`,
    );
  const kept: number[] = [];
  const droppedRows: number[] = [];
  rows.forEach((row, i) =>
    (label !== undefined && isMissing(row[label]) ? droppedRows : kept).push(i),
  );
  const x = createMatrix(kept.length, features.length);
  kept.forEach((i, r) => {
    const row = rows[i] as Readonly<Record<string, unknown>>;
    features.forEach((name, j) => {
      x.data[r * features.length + j] = toNumber(row[name], i, name);
    });
  });
  const keptRows = Uint32Array.from(kept);
  if (label === undefined)
    return { x, y: undefined, features, classNames: undefined, droppedRows, keptRows };
  const values = kept.map((i) => (rows[i] as Readonly<Record<string, unknown>>)[label]);
  const { y, classNames } = encodeLabels(values, kept, label, options);
  return { x, y, features, classNames, droppedRows, keptRows };
}

function encodeLabels(
  values: unknown[],
  kept: number[],
  label: string,
  options: ExtractOptions,
): { y: Float64Array; classNames: string[] | undefined } {
  const numeric =
    options.classNames === undefined &&
    values.every((v) => typeof v !== 'string' || Number.isFinite(Number(v)));
  if (numeric)
    return {
      y: Float64Array.from(values, (v, r) => toNumber(v, kept[r] as number, label)),
      classNames: undefined,
    };
  if (options.task === 'regression') {
    const r = values.findIndex((v) => typeof v === 'string' && !Number.isFinite(Number(v)));
    throw new ModelmillError(
      'ValidationException',
      `Row ${kept[r]}, label "${label}": ${JSON.stringify(values[r])} is not a number, but the task is regression.`,
    );
  }
  const text = values.map((v) => (typeof v === 'string' ? v : String(v)));
  const classNames = options.classNames ? [...options.classNames] : [...new Set(text)].sort();
  const index = new Map(classNames.map((c, k) => [c, k]));
  const y = Float64Array.from(text, (t, r) => {
    const k = index.get(t);
    if (k === undefined)
      throw new ModelmillError(
        'ValidationException',
        `Row ${kept[r]}, label "${label}": "${t}" is not one of the classes ${classNames.join(', ')}.`,
      );
    return k;
  });
  return { y, classNames };
}
