import { describe, expect, it } from 'vitest';
import { binData, computeBins } from './binning.js';
import { createMatrix, matrixFromRows } from './matrix.js';
import { createRandom } from './random.js';

describe('binning', () => {
  it('gives each distinct value its own bin when there are few, with midpoint edges', () => {
    const x = matrixFromRows([[3], [1], [2], [1], [3]]);
    const mapper = computeBins(x, 255, createRandom(0));
    expect(Array.from(mapper.thresholds[0] as Float64Array)).toEqual([1.5, 2.5]);
    expect(mapper.nBins[0]).toBe(3);
    expect(Array.from(binData(x, mapper).bins)).toEqual([2, 0, 1, 0, 2]);
  });

  it('caps continuous features at maxBins quantile bins of similar size', () => {
    const rng = createRandom(2);
    const n = 60_000;
    const x = createMatrix(n, 2);
    for (let i = 0; i < n; i++) {
      x.data[2 * i] = rng.normal();
      x.data[2 * i + 1] = Math.exp(rng.normal() * 2);
    }
    const mapper = computeBins(x, 64, rng);
    const binned = binData(x, mapper);
    for (let f = 0; f < 2; f++) {
      expect(mapper.nBins[f]).toBe(64);
      const counts = new Array<number>(64).fill(0);
      for (let i = 0; i < n; i++) {
        const b = binned.bins[f * n + i] as number;
        counts[b] = (counts[b] as number) + 1;
      }
      // Edges come from a 50,000-row sample, so bins are near but not exactly n / 64.
      for (const c of counts) expect(Math.abs(c - n / 64)).toBeLessThan(0.25 * (n / 64));
    }
    expect(mapper.offsets[1]).toBe(64);
    expect(mapper.totalBins).toBe(128);
  });

  it('agrees with the raw threshold: bin <= b exactly when x <= thresholds[b]', () => {
    const rng = createRandom(5);
    const n = 3000;
    const x = createMatrix(n, 1);
    for (let i = 0; i < n; i++) x.data[i] = Math.round(rng.normal() * 1000) / 10;
    const mapper = computeBins(x, 32, rng);
    const binned = binData(x, mapper);
    const edges = mapper.thresholds[0] as Float64Array;
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < edges.length; b++) {
        if ((binned.bins[i] as number) <= b !== (x.data[i] as number) <= (edges[b] as number))
          mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('puts a constant feature in one bin', () => {
    const x = matrixFromRows([[4], [4], [4]]);
    const mapper = computeBins(x, 255, createRandom(0));
    expect(mapper.nBins[0]).toBe(1);
    expect(Array.from(binData(x, mapper).bins)).toEqual([0, 0, 0]);
  });
});
