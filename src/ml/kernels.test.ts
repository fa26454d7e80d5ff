import { describe, expect, it } from 'vitest';
import {
  addRowsScaled,
  addScaledAt,
  allFinite,
  dotAt,
  rowDots,
  rowDotsClasses,
} from './kernels.js';

describe('kernels', () => {
  it('computes dot products and scaled additions at offsets, for any length', () => {
    const a = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    const b = Float64Array.from({ length: 12 }, (_, i) => 2 * i);
    for (const n of [0, 1, 3, 4, 5, 7]) {
      let expected = 0;
      for (let j = 0; j < n; j++) expected += (a[2 + j] as number) * (b[1 + j] as number);
      expect(dotAt(a, 2, b, 1, n)).toBe(expected);
      const out = new Float64Array(10).fill(1);
      addScaledAt(out, 3, a, 2, 0.5, n);
      for (let j = 0; j < 10; j++)
        expect(out[j]).toBe(j >= 3 && j < 3 + n ? 1 + 0.5 * (a[2 + j - 3] as number) : 1);
    }
  });

  it('computes row scores and transposed sums over row ranges, for any shape', () => {
    for (const p of [1, 3, 4, 6, 9]) {
      const n = 11;
      const data = Float64Array.from({ length: n * p }, (_, k) => Math.sin(k + 1));
      const w = Float64Array.from({ length: p + 2 }, (_, j) => Math.cos(j));
      for (const [i0, i1] of [
        [0, n],
        [2, 9],
        [3, 4],
        [5, 5],
      ] as const) {
        const out = new Float64Array(3 * n).fill(-1);
        rowDots(data, p, i0, i1, w, 2, 0.5, out, 1, 3);
        const r = Float64Array.from({ length: 2 * n }, (_, k) => k - 3);
        const g = new Float64Array(p + 1).fill(2);
        addRowsScaled(data, p, i0, i1, r, 1, 2, g, 1);
        const expectedG = new Float64Array(p + 1).fill(2);
        for (let i = 0; i < n; i++) {
          const inRange = i >= i0 && i < i1;
          let s = 0.5;
          for (let j = 0; j < p; j++) s += (data[i * p + j] as number) * (w[2 + j] as number);
          expect(out[3 * i + 1]).toBeCloseTo(inRange ? s : -1, 12);
          expect(out[3 * i]).toBe(-1);
          if (!inRange) continue;
          for (let j = 0; j < p; j++)
            expectedG[1 + j] =
              (expectedG[1 + j] as number) + (r[1 + 2 * i] as number) * (data[i * p + j] as number);
        }
        for (let j = 0; j <= p; j++) expect(g[j]).toBeCloseTo(expectedG[j] as number, 12);
      }
    }
  });

  it('scores rows for several classes at once, for any number of rows and classes', () => {
    const p = 5;
    const n = 11;
    const data = Float64Array.from({ length: n * p }, (_, k) => Math.sin(k + 1));
    for (const k of [1, 2, 3, 4, 5]) {
      const w = Float64Array.from({ length: k * p }, (_, j) => Math.cos(j));
      const bias = Float64Array.from({ length: k }, (_, c) => c / 3);
      for (const [i0, i1] of [
        [0, n],
        [1, 10],
        [2, 5],
      ] as const) {
        const out = new Float64Array(n * k + 2).fill(-1);
        rowDotsClasses(data, p, i0, i1, w, k, bias, out, 2 - i0 * k);
        for (let i = i0; i < i1; i++) {
          for (let c = 0; c < k; c++) {
            let s = bias[c] as number;
            for (let j = 0; j < p; j++) s += (data[i * p + j] as number) * (w[c * p + j] as number);
            expect(out[2 + (i - i0) * k + c]).toBeCloseTo(s, 12);
          }
        }
        for (let q = 2 + (i1 - i0) * k; q < out.length; q++) expect(out[q]).toBe(-1);
        expect(out[0]).toBe(-1);
      }
    }
  });

  it('detects NaN and infinities, and huge but finite values are not mistaken', () => {
    expect(allFinite(Float64Array.of(1, 2, 3, 4, 5))).toBe(true);
    expect(allFinite(Float64Array.of(1, 2, NaN, 4, 5))).toBe(false);
    expect(allFinite(Float64Array.of(1, 2, 3, 4, -Infinity))).toBe(false);
    expect(allFinite(Float64Array.of(1e308, 1e308, 1e308, 1e308, 1e308))).toBe(true);
    expect(allFinite(new Float64Array(0))).toBe(true);
  });
});
