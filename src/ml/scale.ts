/** Feature standardisation used inside fits (not a separate fitted step). */
import type { Matrix } from './matrix.js';
import { createMatrix } from './matrix.js';

/**
 * A copy of `x` with every column shifted to mean 0 and scaled to variance 1
 * (population variance; a constant column keeps scale 1), plus the centre and
 * scale used, so coefficients can be mapped back to the raw features.
 */
export function standardizeColumns(x: Matrix): {
  scaled: Matrix;
  center: Float64Array;
  scale: Float64Array;
} {
  const { rows: n, cols: p, data } = x;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0, o = 0; i < n; i++, o += p)
    for (let j = 0; j < p; j++) center[j] = (center[j] as number) + (data[o + j] as number);
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
  const scaled = createMatrix(n, p);
  const out = scaled.data;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++)
      out[o + j] = ((data[o + j] as number) - (center[j] as number)) / (scale[j] as number);
  }
  return { scaled, center, scale };
}
