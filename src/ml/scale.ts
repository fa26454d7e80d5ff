/** Feature standardisation used inside fits (not a separate fitted step). */
import { addScaledAt } from './kernels.js';
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';

/**
 * Column means and standard deviations (population; a constant column gets
 * scale 1), the centre and scale that standardise `x`.
 */
export function columnStats(x: Matrix): { center: Float64Array; scale: Float64Array } {
  const { rows: n, cols: p, data } = x;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0, o = 0; i < n; i++, o += p) addScaledAt(center, 0, data, o, 1, p);
  for (let j = 0; j < p; j++) center[j] = (center[j] as number) / Math.max(n, 1);
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++) {
      const d = (data[o + j] as number) - (center[j] as number);
      scale[j] = (scale[j] as number) + d * d;
    }
  }
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt((scale[j] as number) / Math.max(n, 1));
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(center[j] as number)) ? sd : 1;
  }
  return { center, scale };
}

/** A copy of `x` with every column shifted by `center` and divided by `scale`. */
export function standardizeColumns(x: Matrix, center: Float64Array, scale: Float64Array): Matrix {
  const { rows: n, cols: p, data } = x;
  const inverse = scale.map((s) => 1 / s);
  const scaled = createMatrix(n, p);
  const out = scaled.data;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++)
      out[o + j] = ((data[o + j] as number) - (center[j] as number)) * (inverse[j] as number);
  }
  return scaled;
}
