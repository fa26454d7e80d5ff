import { describe, expect, it } from 'vitest';
import { addScaledAt, allFinite } from './kernels.js';

describe('kernels', () => {
  it('adds scaled values at offsets, for any length', () => {
    const a = Float64Array.from({ length: 12 }, (_, i) => i + 1);
    for (const n of [0, 1, 3, 4, 5, 7]) {
      const out = new Float64Array(10).fill(1);
      addScaledAt(out, 3, a, 2, 0.5, n);
      for (let j = 0; j < 10; j++)
        expect(out[j]).toBe(j >= 3 && j < 3 + n ? 1 + 0.5 * (a[2 + j - 3] as number) : 1);
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
