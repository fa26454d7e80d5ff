/**
 * Numeric CSV for training data. The SageMaker convention is the default:
 * no header, label in the first column. Empty fields are missing values
 * (NaN, filled by the model with training means); quoted fields are allowed.
 */
import { ModelmillError } from '../core/index.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Whether the first (kept) line names the columns; `auto`: when it holds a non-numeric field. Default `auto`. */
  header?: boolean | 'auto';
  /** Label column: index (negative counts from the end) or header name; `null` for none. Default 0. */
  label?: number | string | null;
  /** Field separator; `whitespace` splits on runs of blanks. Default `,`. */
  delimiter?: string;
  /** Lines to skip before anything else (e.g. a title line). Default 0. */
  skipLines?: number;
}

/** A parsed CSV. */
export interface CsvData {
  x: Matrix;
  /** Label values; for a non-numeric label column, indices into `classNames`. */
  y: Float64Array | undefined;
  /** Feature names (header names, else `f0`, `f1`, ... by feature position). */
  features: string[];
  labelName: string | undefined;
  /** Sorted distinct labels when the label column is not numeric. */
  classNames: string[] | undefined;
}

/** Splits one CSV line into fields, honouring double quotes (`""` inside quotes is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (delimiter === 'whitespace') return line.trim().split(/\s+/);
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (line.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const isNumeric = (s: string): boolean => s.trim() === '' || Number.isFinite(Number(s));

/** Parses numeric CSV text into a feature matrix and an optional label column. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvData {
  const delimiter = options.delimiter ?? ',';
  const skip = options.skipLines ?? 0;
  const lines = text
    .split(/\r?\n/)
    .slice(skip)
    .filter((l) => l.trim() !== '');
  const first = lines[0] === undefined ? [] : splitCsvLine(lines[0], delimiter);
  const header =
    options.header === 'auto' || options.header === undefined
      ? !first.every(isNumeric)
      : options.header;
  const names = header ? first.map((s) => s.trim()) : undefined;
  const cols = first.length;
  const labelIndex = resolveLabel(options.label === undefined ? 0 : options.label, names, cols);
  const layout = { delimiter, cols, labelIndex, names, firstLine: skip + (header ? 2 : 1) };
  const { x, rawLabels } = parseBody(header ? lines.slice(1) : lines, layout);
  const features = Array.from({ length: cols }, (_, j) => j)
    .filter((j) => j !== labelIndex)
    .map((j, k) => names?.[j] ?? `f${k}`);
  if (labelIndex === undefined)
    return { x, y: undefined, features, labelName: undefined, classNames: undefined };
  return {
    x,
    features,
    labelName: names?.[labelIndex] ?? `c${labelIndex}`,
    ...encodeLabels(rawLabels),
  };
}

interface Layout {
  delimiter: string;
  cols: number;
  labelIndex: number | undefined;
  names: string[] | undefined;
  /** The file line number of the first body line (for messages). */
  firstLine: number;
}

function parseBody(body: string[], layout: Layout): { x: Matrix; rawLabels: string[] } {
  const { cols, labelIndex, names } = layout;
  const featureCols = Array.from({ length: cols }, (_, j) => j).filter((j) => j !== labelIndex);
  const x = createMatrix(body.length, featureCols.length);
  const rawLabels: string[] = [];
  body.forEach((line, r) => {
    const fields = splitCsvLine(line, layout.delimiter);
    const lineNo = layout.firstLine + r;
    if (fields.length !== cols) {
      throw new ModelmillError(
        'ValidationException',
        `CSV line ${lineNo} has ${fields.length} fields but line 1 has ${cols}; every line needs the same columns.`,
      );
    }
    featureCols.forEach((j, k) => {
      const s = (fields[j] as string).trim();
      const v = s === '' ? NaN : Number(s);
      if (s !== '' && !Number.isFinite(v)) {
        const where = `CSV line ${lineNo}, column ${j + 1}${names ? ` ("${names[j]}")` : ''}`;
        throw new ModelmillError(
          'ValidationException',
          `${where}: "${s}" is not a number; features must be numeric (encode categories first).`,
        );
      }
      x.data[r * featureCols.length + k] = v;
    });
    if (labelIndex !== undefined) rawLabels.push((fields[labelIndex] as string).trim());
  });
  return { x, rawLabels };
}

/** Numeric labels as numbers; otherwise indices into the sorted distinct labels (empty: NaN). */
function encodeLabels(rawLabels: string[]): { y: Float64Array; classNames: string[] | undefined } {
  if (rawLabels.every((s) => s !== '' && Number.isFinite(Number(s)))) {
    return { y: Float64Array.from(rawLabels, Number), classNames: undefined };
  }
  const classNames = [...new Set(rawLabels.filter((s) => s !== ''))].sort();
  const index = new Map(classNames.map((c, k) => [c, k]));
  return { y: Float64Array.from(rawLabels, (s) => index.get(s) ?? NaN), classNames };
}

function resolveLabel(
  label: number | string | null,
  names: string[] | undefined,
  cols: number,
): number | undefined {
  if (label === null) return undefined;
  if (typeof label === 'string') {
    const j = names?.indexOf(label) ?? -1;
    if (j < 0)
      throw new ModelmillError(
        'ValidationException',
        `CSV label column "${label}" is not in the header${names ? ` (${names.join(', ')})` : ' (the file has none; give the label as a column index)'}.`,
      );
    return j;
  }
  const j = label < 0 ? cols + label : label;
  if (!Number.isInteger(j) || j < 0 || j >= cols)
    throw new ModelmillError(
      'ValidationException',
      `CSV label column ${label} is outside the ${cols} columns.`,
    );
  return j;
}
