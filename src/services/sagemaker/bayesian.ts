import type { Random } from '../../ml/index.js';
import type { Point, SearchParam } from './search-space.js';
import { fromUnit, pointKey, randomPoint, toUnit } from './search-space.js';

/**
 * Bayesian search: a Gaussian process over the unit-scaled space (Matérn 5/2
 * kernel; categorical coordinates count as equal or different; the length
 * scale chosen by marginal likelihood from a few candidates), with expected
 * improvement picked over random candidates and perturbations of the best
 * point. Points still training are added at their predicted mean ("kriging
 * believer"), so parallel jobs spread out. Seeded: the same history gives the
 * same proposal.
 */

/** A finished trial: its point and objective value. */
export interface Observation {
  point: Point;
  value: number;
}

const LENGTH_SCALES = [0.1, 0.2, 0.35, 0.6, 1];
const NOISE = 1e-6;

function encode(params: readonly SearchParam[], point: Point): number[] {
  return params.map((p) => toUnit(p, point[p.name] ?? ''));
}

function kernel(params: readonly SearchParam[], a: number[], b: number[], scale: number): number {
  let r2 = 0;
  params.forEach((p, i) => {
    const d =
      p.kind === 'categorical' ? (a[i] === b[i] ? 0 : 1) : (a[i] as number) - (b[i] as number);
    r2 += (d / scale) ** 2;
  });
  const r = Math.sqrt(5 * r2);
  return (1 + r + (r * r) / 3) * Math.exp(-r);
}

/** Lower-triangular L with L·Lᵀ = A (A symmetric positive definite, row-major n×n). */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  return l;
}

function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[i * n + k] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

function solveUpper(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = b[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

interface Fit {
  scale: number;
  l: Float64Array;
  alpha: Float64Array;
  xs: number[][];
  logLikelihood: number;
}

function fit(params: readonly SearchParam[], xs: number[][], y: Float64Array, scale: number): Fit {
  const n = xs.length;
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1)
      k[i * n + j] =
        kernel(params, xs[i] as number[], xs[j] as number[], scale) + (i === j ? NOISE : 0);
  }
  const l = cholesky(k, n);
  const alpha = solveUpper(l, n, solveLower(l, n, y));
  let logDet = 0;
  for (let i = 0; i < n; i += 1) logDet += Math.log(l[i * n + i] as number);
  const fitTerm = y.reduce((s, v, i) => s + v * (alpha[i] as number), 0);
  return { scale, l, alpha, xs, logLikelihood: -0.5 * fitTerm - logDet };
}

function predict(
  params: readonly SearchParam[],
  model: Fit,
  x: number[],
): { mean: number; sd: number } {
  const n = model.xs.length;
  const ks = new Float64Array(n);
  for (let i = 0; i < n; i += 1) ks[i] = kernel(params, model.xs[i] as number[], x, model.scale);
  const mean = ks.reduce((s, v, i) => s + v * (model.alpha[i] as number), 0);
  const v = solveLower(model.l, n, ks);
  const variance = Math.max(1e-12, 1 - v.reduce((s, t) => s + t * t, 0));
  return { mean, sd: Math.sqrt(variance) };
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

function normalCdf(z: number): number {
  // Abramowitz–Stegun 7.1.26 on erf.
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

function expectedImprovement(mean: number, sd: number, best: number): number {
  const improvement = mean - best - 0.01;
  const z = improvement / sd;
  return improvement * normalCdf(z) + sd * normalPdf(z);
}

function candidates(params: readonly SearchParam[], best: Point, random: Random): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < 384; i += 1) out.push(randomPoint(params, random));
  for (let i = 0; i < 128; i += 1) {
    out.push(
      Object.fromEntries(
        params.map((p) => {
          const base = best[p.name] ?? fromUnit(p, 0.5);
          if (p.kind === 'categorical')
            return [p.name, random.next() < 0.2 ? fromUnit(p, random.next()) : base];
          return [p.name, fromUnit(p, toUnit(p, base) + random.normal() * 0.08)];
        }),
      ),
    );
  }
  return out;
}

/**
 * The next point to try, given finished observations (larger is better:
 * negate values of a metric to minimise) and points still running. Falls back
 * to a random point with fewer than two observations.
 */
export function proposeBayesian(
  params: readonly SearchParam[],
  observations: readonly Observation[],
  pending: readonly Point[],
  random: Random,
): Point {
  if (observations.length < 2 || params.length === 0) return randomPoint(params, random);
  const values = observations.map((o) => o.value);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) || 1;
  let xs = observations.map((o) => encode(params, o.point));
  let y = Float64Array.from(values, (v) => (v - mean) / sd);
  const models = LENGTH_SCALES.map((scale) => fit(params, xs, y, scale));
  let model = models.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  if (pending.length > 0) {
    const believed = pending.map((p) => predict(params, model, encode(params, p)).mean);
    xs = [...xs, ...pending.map((p) => encode(params, p))];
    y = Float64Array.from([...y, ...believed]);
    model = fit(params, xs, y, model.scale);
  }
  const bestIndex = values.indexOf(Math.max(...values));
  const best = (observations[bestIndex] as Observation).point;
  const bestScore = Math.max(...Array.from(y));
  const tried = new Set([...observations.map((o) => pointKey(o.point)), ...pending.map(pointKey)]);
  let choice: Point | undefined;
  let top = -Infinity;
  for (const candidate of candidates(params, best, random)) {
    if (tried.has(pointKey(candidate))) continue;
    const { mean: m, sd: s } = predict(params, model, encode(params, candidate));
    const score = expectedImprovement(m, s, bestScore);
    if (score > top) {
      top = score;
      choice = candidate;
    }
  }
  return choice ?? randomPoint(params, random);
}
