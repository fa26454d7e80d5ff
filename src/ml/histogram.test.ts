import { describe, expect, it } from 'vitest';
import { binData, computeBins } from './binning.js';
import { buildHistogram, findBestSplit, findSparseSplit, sortSmall } from './histogram.js';
import { createMatrix } from './matrix.js';
import { createRandom } from './random.js';

describe('split search', () => {
  const rng = createRandom(21);
  const n = 400;
  const x = createMatrix(n, 5);
  for (let k = 0; k < x.data.length; k++) x.data[k] = Math.round(rng.normal() * 50) / 10;
  const mapper = computeBins(x, 255, rng);
  const bins = binData(x, mapper);
  const g = Float64Array.from(
    { length: n },
    (_, i) => (x.data[i * 5 + 2] as number) * 0.7 - rng.next(),
  );
  const h = Float64Array.from({ length: n }, () => 0.1 + rng.next());
  const rules = { minSamplesLeaf: 5, minChildWeight: 0.5, lambda: 1, minSplitGain: 0 };
  const buffers = {
    bins,
    mapper,
    orderedG: new Float64Array(n),
    orderedH: new Float64Array(n),
    scratch: new Float64Array(256 * 3),
    touched: new Int32Array(256),
  };

  it.each([
    ['unit hessian', undefined],
    ['given hessians', h],
  ])('finds the same split with and without a histogram (%s)', (_name, hess) => {
    for (const rows of [
      Uint32Array.from({ length: n }, (_, i) => i),
      Uint32Array.from({ length: 60 }, (_, i) => i * 5),
    ]) {
      let sumG = 0;
      let sumH = 0;
      for (const i of rows) {
        sumG += g[i] as number;
        sumH += hess ? (hess[i] as number) : 1;
      }
      const totals = { sumG, sumH, count: rows.length };
      const hist = new Float64Array(3 * mapper.totalBins);
      buildHistogram(buffers, hist, rows, g, hess);
      const dense = findBestSplit(mapper, hist, totals, hess === undefined, rules);
      const sparse = findSparseSplit(buffers, rows, g, hess, totals, rules);
      expect(dense).toBeDefined();
      expect(sparse?.feature).toBe(dense?.feature);
      expect(sparse?.bin).toBe(dense?.bin);
      expect(sparse?.gain).toBeCloseTo(dense?.gain as number, 9);
      expect(sparse?.leftCount).toBe(dense?.leftCount);
      expect(buffers.scratch.every((v) => v === 0)).toBe(true);
    }
  });

  it('sorts short and long prefixes', () => {
    for (const len of [0, 1, 5, 24, 25, 100]) {
      const a = Int32Array.from({ length: 120 }, () => rng.int(256));
      const expected = Array.from(a.subarray(0, len)).sort((p, q) => p - q);
      sortSmall(a, len);
      expect(Array.from(a.subarray(0, len))).toEqual(expected);
    }
  });
});
