/** Feature standardisation used inside fits (not a separate fitted step). */
import type { Matrix } from './matrix.js';
import { addScaledAt } from './kernels.js';
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
  for (let i = 0, o = 0; i < n; i++, o += p) addScaledAt(center, 0, data, o, 1, p);
  for (let j = 0; j < p; j++) center[j] = (center[j] as number) / Math.max(n, 1);
  // Centred values go to the output now; scaling them is the last pass.
  const scaled = createMatrix(n, p);
  const out = scaled.data;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++) {
      const d = (data[o + j] as number) - (center[j] as number);
      out[o + j] = d;
      scale[j] = (scale[j] as number) + d * d;
    }
  }
  const inverse = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt((scale[j] as number) / Math.max(n, 1));
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(center[j] as number)) ? sd : 1;
    inverse[j] = 1 / (scale[j] as number);
  }
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++) out[o + j] = (out[o + j] as number) * (inverse[j] as number);
  }
  return { scaled, center, scale };
}
