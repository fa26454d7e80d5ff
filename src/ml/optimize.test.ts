import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './optimize.js';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = (x: Float64Array, g: Float64Array): number => {
      const a = x[0] as number;
      const b = x[1] as number;
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 500, gtol: 1e-8 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });

  it('solves a convex quadratic exactly and leaves x0 untouched', () => {
    // f = ½ xᵀAx − bᵀx with A = diag(1, 10, 100): minimum at x = b / diag.
    const diag = [1, 10, 100];
    const b = [1, 2, 3];
    const f = (x: Float64Array, g: Float64Array): number => {
      let v = 0;
      for (let i = 0; i < 3; i++) {
        g[i] = (diag[i] as number) * (x[i] as number) - (b[i] as number);
        v +=
          0.5 * (diag[i] as number) * (x[i] as number) ** 2 - (b[i] as number) * (x[i] as number);
      }
      return v;
    };
    const x0 = new Float64Array(3);
    const r = minimizeLbfgs(f, x0, { gtol: 1e-10 });
    expect(Array.from(x0)).toEqual([0, 0, 0]);
    r.x.forEach((v, i) => expect(v).toBeCloseTo((b[i] as number) / (diag[i] as number), 8));
  });

  it('reports non-convergence when the iteration limit is hit', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      g[0] = 4 * (x[0] as number) ** 3;
      return (x[0] as number) ** 4;
    };
    const r = minimizeLbfgs(f, Float64Array.of(10), { maxIter: 2, gtol: 1e-12 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(2);
  });
});
