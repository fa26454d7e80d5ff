/**
 * Limited-memory BFGS for smooth unconstrained minimisation (the solver of the
 * logistic models). Line search: backtracking with quadratic interpolation
 * under the Armijo condition; curvature pairs with `s·y <= 0` are skipped.
 */

/** Objective: returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Iteration limit. Default 100. */
  maxIter?: number;
  /** Stop when the largest absolute gradient entry is at most this. Default 1e-4. */
  gtol?: number;
  /** Stop when the relative decrease of f is at most this. Default 64 * 2^-52. */
  ftol?: number;
  /** Number of correction pairs kept. Default 10. */
  memory?: number;
}

/** The result of a minimisation. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** The correction pairs L-BFGS keeps (at most `size`). */
interface History {
  size: number;
  s: Float64Array[];
  y: Float64Array[];
  rho: number[];
}

/** Minimises `fg` from `x0` (not modified). */
export function minimizeLbfgs(
  fg: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const maxIter = options.maxIter ?? 100;
  const gtol = options.gtol ?? 1e-4;
  const ftol = options.ftol ?? 64 * 2 ** -52;
  const n = x0.length;
  const history: History = { size: options.memory ?? 10, s: [], y: [], rho: [] };
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const dir = new Float64Array(n);
  const alphas = new Float64Array(history.size);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  for (let iter = 0; iter < maxIter; iter++) {
    if (maxAbs(g) <= gtol) return { x, f, iterations: iter, converged: true };
    twoLoop(g, history, dir, alphas);
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      history.s.length = history.y.length = history.rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -(g[i] as number);
      slope = dot(g, dir);
    }
    const first = history.s.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    const fNew = lineSearch(fg, x, f, dir, slope, first, xNew, gNew);
    if (!(fNew <= f)) return { x, f, iterations: iter, converged: false };
    remember(history, x, xNew, g, gNew);
    const fOld = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) {
      return { x, f, iterations: iter + 1, converged: true };
    }
  }
  return { x, f, iterations: maxIter, converged: maxAbs(g) <= gtol };
}

/**
 * Backtracks from `step` along `dir` until the Armijo condition holds (at most
 * 50 tries), shrinking by quadratic interpolation kept within [0.1, 0.5] of
 * the last step. Leaves the point and its gradient in `xNew`, `gNew`; returns f there.
 */
function lineSearch(
  fg: Objective,
  x: Float64Array,
  f: number,
  dir: Float64Array,
  slope: number,
  step: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number {
  let fNew = Infinity;
  for (let ls = 0; ls < 50; ls++) {
    for (let i = 0; i < x.length; i++) xNew[i] = (x[i] as number) + step * (dir[i] as number);
    fNew = fg(xNew, gNew);
    if (fNew <= f + 1e-4 * step * slope) break;
    const interp = Number.isFinite(fNew)
      ? (-slope * step * step) / (2 * (fNew - f - slope * step))
      : step * 0.1;
    step = Math.min(Math.max(interp, step * 0.1), step * 0.5);
  }
  return fNew;
}

/** Stores the step and gradient change as a correction pair, unless curvature is not positive. */
function remember(
  history: History,
  x: Float64Array,
  xNew: Float64Array,
  g: Float64Array,
  gNew: Float64Array,
): void {
  const n = x.length;
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = (xNew[i] as number) - (x[i] as number);
    y[i] = (gNew[i] as number) - (g[i] as number);
  }
  const sy = dot(s, y);
  if (!(sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s)))) return;
  if (history.s.length === history.size) {
    history.s.shift();
    history.y.shift();
    history.rho.shift();
  }
  history.s.push(s);
  history.y.push(y);
  history.rho.push(1 / sy);
}

/** The L-BFGS two-loop recursion: writes `-H g` into `dir`. */
function twoLoop(g: Float64Array, history: History, dir: Float64Array, alphas: Float64Array): void {
  const { s: sList, y: yList, rho } = history;
  const n = g.length;
  for (let i = 0; i < n; i++) dir[i] = -(g[i] as number);
  const k = sList.length;
  for (let j = k - 1; j >= 0; j--) {
    const s = sList[j] as Float64Array;
    const y = yList[j] as Float64Array;
    const a = (rho[j] as number) * dot(s, dir);
    alphas[j] = a;
    for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) - a * (y[i] as number);
  }
  if (k > 0) {
    const s = sList[k - 1] as Float64Array;
    const y = yList[k - 1] as Float64Array;
    const gamma = dot(s, y) / dot(y, y);
    for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) * gamma;
  }
  for (let j = 0; j < k; j++) {
    const s = sList[j] as Float64Array;
    const y = yList[j] as Float64Array;
    const b = (rho[j] as number) * dot(y, dir);
    const a = alphas[j] as number;
    for (let i = 0; i < n; i++) dir[i] = (dir[i] as number) + (a - b) * (s[i] as number);
  }
}
