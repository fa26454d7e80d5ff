/**
 * Synthetic data for the ml bench: seeded Gaussian features and a nonlinear
 * target (interactions, thresholds and noise), so trees and linear models
 * both have something to learn. Written as raw little-endian float64 files
 * that the scikit-learn side reads with numpy.fromfile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../../src/ml/index.js';
import { createMatrix, createRandom } from '../../src/ml/index.js';

/** A synthetic problem: features, a regression target and a binary label. */
export interface SyntheticData {
  x: Matrix;
  yRegression: Float64Array;
  yBinary: Float64Array;
}

/** `rows × cols` features with targets; the same seed gives the same data. */
export function makeSynthetic(rows: number, cols: number, seed = 7): SyntheticData {
  const rng = createRandom(seed);
  const x = createMatrix(rows, cols);
  const weights = Float64Array.from({ length: cols }, () => rng.normal());
  const yRegression = new Float64Array(rows);
  const yBinary = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let linear = 0;
    for (let j = 0; j < cols; j++) {
      const v = rng.normal();
      x.data[o + j] = v;
      linear += (weights[j] as number) * v;
    }
    const a = x.data[o] as number;
    const b = x.data[o + 1] as number;
    const c = x.data[o + 2] as number;
    const signal = linear + 2 * a * b + 3 * (c > 0.5 ? 1 : 0) + Math.sin(2 * a);
    yRegression[i] = signal + rng.normal();
    yBinary[i] = signal + rng.normal() > 0 ? 1 : 0;
  }
  return { x, yRegression, yBinary };
}

/** Writes the data as `x.f64`, `y_reg.f64`, `y_bin.f64` under `dir` and returns the paths. */
export function writeSynthetic(
  dir: string,
  data: SyntheticData,
): { x: string; yRegression: string; yBinary: string } {
  mkdirSync(dir, { recursive: true });
  const paths = {
    x: join(dir, 'x.f64'),
    yRegression: join(dir, 'y_reg.f64'),
    yBinary: join(dir, 'y_bin.f64'),
  };
  const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(paths.x, bytes(data.x.data));
  writeFileSync(paths.yRegression, bytes(data.yRegression));
  writeFileSync(paths.yBinary, bytes(data.yBinary));
  return paths;
}
