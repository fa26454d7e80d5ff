/**
 * Small dense linear algebra for the linear models: Cholesky solves and a
 * Jacobi eigen-decomposition for the rank-deficient case (the Gram matrices
 * themselves come from the SIMD kernels, simd/index.ts).
 * Symmetric `p × p` matrices are row-major Float64Arrays.
 */

/** Mean of `y`. */
export function mean(y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] as number;
  return y.length === 0 ? 0 : s / y.length;
}

/**
 * Solves `A w = b` for symmetric positive-definite `A` by Cholesky; returns
 * undefined when a pivot is not clearly positive (A singular or nearly so).
 */
export function choleskySolve(
  a: Float64Array,
  b: Float64Array,
  p: number,
): Float64Array | undefined {
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let j = 0; j < p; j++) maxDiag = Math.max(maxDiag, Math.abs(a[j * p + j] as number));
  const tiny = maxDiag * 1e-12 + Number.MIN_VALUE;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * p + k] as number) ** 2;
    if (!(d > tiny)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * p + k] as number) * (l[j * p + k] as number);
      l[i * p + j] = s / ljj;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * p + k] as number) * (z[k] as number);
    z[i] = s / (l[i * p + i] as number);
  }
  const w = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < p; k++) s -= (l[k * p + i] as number) * (w[k] as number);
    w[i] = s / (l[i * p + i] as number);
  }
  return w;
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major) of symmetric `a`, by cyclic Jacobi. */
export function symmetricEigen(
  a: Float64Array,
  p: number,
): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) off += (m[i * p + j] as number) ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) rotate(m, v, p, i, j);
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i] as number;
  return { values, vectors: v };
}

function rotate(m: Float64Array, v: Float64Array, p: number, i: number, j: number): void {
  const aij = m[i * p + j] as number;
  if (aij === 0) return;
  const aii = m[i * p + i] as number;
  const ajj = m[j * p + j] as number;
  const theta = (ajj - aii) / (2 * aij);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < p; k++) {
    const mki = m[k * p + i] as number;
    const mkj = m[k * p + j] as number;
    m[k * p + i] = c * mki - s * mkj;
    m[k * p + j] = s * mki + c * mkj;
  }
  for (let k = 0; k < p; k++) {
    const mik = m[i * p + k] as number;
    const mjk = m[j * p + k] as number;
    m[i * p + k] = c * mik - s * mjk;
    m[j * p + k] = s * mik + c * mjk;
  }
  for (let k = 0; k < p; k++) {
    const vki = v[k * p + i] as number;
    const vkj = v[k * p + j] as number;
    v[k * p + i] = c * vki - s * vkj;
    v[k * p + j] = s * vki + c * vkj;
  }
}

/**
 * The minimum-norm least-squares solution of `A w = b` for symmetric
 * positive-semidefinite `A` (the pseudo-inverse), as numpy's lstsq gives for
 * a rank-deficient design.
 */
export function pseudoInverseSolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, p);
  let maxValue = 0;
  for (let i = 0; i < p; i++) maxValue = Math.max(maxValue, Math.abs(values[i] as number));
  const cutoff = maxValue * p * 1e-12;
  const w = new Float64Array(p);
  for (let e = 0; e < p; e++) {
    const lambda = values[e] as number;
    if (lambda <= cutoff) continue;
    let proj = 0;
    for (let k = 0; k < p; k++) proj += (vectors[k * p + e] as number) * (b[k] as number);
    const scale = proj / lambda;
    for (let k = 0; k < p; k++) w[k] = (w[k] as number) + scale * (vectors[k * p + e] as number);
  }
  return w;
}
