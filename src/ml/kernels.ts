/**
 * Plain-JavaScript inner loops shared by the models, unrolled four ways: V8
 * does not unroll, and four independent sums keep the floating-point units
 * busy. The linear models' heavier loops are WebAssembly SIMD (simd/).
 */

/** `out[oo + j] += r · a[ao + j]` for `j < n`. */
export function addScaledAt(
  out: Float64Array,
  oo: number,
  a: Float64Array,
  ao: number,
  r: number,
  n: number,
): void {
  let j = 0;
  for (; j + 3 < n; j += 4) {
    out[oo + j] = (out[oo + j] as number) + r * (a[ao + j] as number);
    out[oo + j + 1] = (out[oo + j + 1] as number) + r * (a[ao + j + 1] as number);
    out[oo + j + 2] = (out[oo + j + 2] as number) + r * (a[ao + j + 2] as number);
    out[oo + j + 3] = (out[oo + j + 3] as number) + r * (a[ao + j + 3] as number);
  }
  for (; j < n; j++) out[oo + j] = (out[oo + j] as number) + r * (a[ao + j] as number);
}

/**
 * True when every value is finite. Sums first (NaN and ±Infinity survive a
 * sum; a sum that overflows falls back to checking each value), which is
 * branch-free and several times faster than testing every value.
 */
export function allFinite(values: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < values.length; k += 4) {
    s0 += values[k] as number;
    s1 += values[k + 1] as number;
    s2 += values[k + 2] as number;
    s3 += values[k + 3] as number;
  }
  for (; k < values.length; k++) s0 += values[k] as number;
  if (Number.isFinite(s0 + s1 + s2 + s3)) return true;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
