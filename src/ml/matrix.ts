import { ModelmillError } from '../core/index.js';
import { allFinite } from './kernels.js';

/**
 * A dense row-major matrix of float64: element (i, j) is `data[i * cols + j]`.
 * Every algorithm in this folder takes its features as a Matrix.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A zero-filled `rows × cols` matrix, or one over `data` when given. */
export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ModelmillError(
      'ValidationException',
      `Matrix shape ${rows} x ${cols} is invalid: rows and cols must be non-negative integers.`,
    );
  }
  const buffer = data ?? new Float64Array(rows * cols);
  if (buffer.length !== rows * cols) {
    throw new ModelmillError(
      'ValidationException',
      `Matrix data has ${buffer.length} values but the shape ${rows} x ${cols} needs ${rows * cols}; pass data of length rows * cols.`,
    );
  }
  return { rows, cols, data: buffer };
}

/** A matrix from an array of equally long numeric rows (convenient in tests and small inputs). */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new ModelmillError(
        'ValidationException',
        `Row ${i} has ${row.length} values but row 0 has ${cols}; every row needs the same number of columns.`,
      );
    }
    m.data.set(row, i * cols);
  });
  return m;
}

/** The rows of `m` at `indices`, in that order, as a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = createMatrix(indices.length, m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return out;
}

/** The values of `v` at `indices`, as a new array. */
export function selectValues(v: Float64Array, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k] as number] as number;
  return out;
}

/** Column `j` of `m` as a new array. */
export function column(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0, o = j; i < m.rows; i++, o += m.cols) out[i] = m.data[o] as number;
  return out;
}

/** Throws a ValidationException naming `where` unless `m` has `n` rows and `y` has `n` values. */
export function assertSameLength(m: Matrix, y: ArrayLike<number>, where: string): void {
  if (m.rows !== y.length) {
    throw new ModelmillError(
      'ValidationException',
      `${where}: the feature matrix has ${m.rows} rows but the target has ${y.length} values; pass one target value per row.`,
    );
  }
  if (m.rows === 0) {
    throw new ModelmillError(
      'ValidationException',
      `${where}: the training data is empty; pass at least one row.`,
    );
  }
}

/** Throws a ValidationException naming `where` when `m` holds a NaN or infinite value. */
export function assertFinite(m: Matrix, where: string): void {
  const d = m.data;
  if (allFinite(d)) return;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      const row = Math.floor(k / m.cols);
      throw new ModelmillError(
        'ValidationException',
        `${where}: feature ${k - row * m.cols} of row ${row} is ${d[k]}; impute missing values first (extractFeatures and fitModel fill them with training means).`,
      );
    }
  }
}
